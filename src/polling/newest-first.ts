/**
 * Zapier's polling rule, one policy: every poll's records newest first (the editor's sample is the
 * first ones, and the turn-on and every poll follow the same order). A source names each record's
 * recency key; ties, and records without a time, go by id, descending.
 */

/** When a record happened (ISO-8601 with a zone, or epoch ms), or null where the source keeps no time. */
export type RecencyKey = string | number | null;

/** The instant a key names, whatever its offset: "10:00+07:00" is before "04:00Z". Null: no time. */
export function instantOf(key: RecencyKey): number | null {
  if (key === null) return null;
  const ms = typeof key === 'number' ? key : Date.parse(key);
  return Number.isFinite(ms) ? ms : null;
}

const DIGITS = /(\d+)/;

/**
 * Ascending, numbers within ids compared as numbers of any length ("shopify:99" before
 * "shopify:100", and ids past 2^53 exactly), the rest as text.
 */
export function compareIds(a: string, b: string): number {
  const left = a.split(DIGITS);
  const right = b.split(DIGITS);
  for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
    const x = left[index] ?? '';
    const y = right[index] ?? '';
    if (x === y) continue;
    // split() puts the captured digit runs at odd positions.
    if (index % 2 === 1) {
      const xs = x.replace(/^0+(?=\d)/, '');
      const ys = y.replace(/^0+(?=\d)/, '');
      if (xs.length !== ys.length) return xs.length - ys.length;
      if (xs !== ys) return xs < ys ? -1 : 1;
      continue;
    }
    return x < y ? -1 : 1;
  }
  return left.length - right.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** A new array, newest first by `recency`, ties and records without a time by id, descending. */
export function newestFirst<R extends { id: string }>(records: readonly R[], recency: (record: R) => RecencyKey): R[] {
  const keyed = records.map((record) => ({ record, at: instantOf(recency(record)) }));
  keyed.sort((a, b) => {
    if (a.at !== b.at) {
      // A record without a time counts as older than any with one.
      if (a.at === null) return 1;
      if (b.at === null) return -1;
      return b.at - a.at;
    }
    return compareIds(b.record.id, a.record.id);
  });
  return keyed.map(({ record }) => record);
}
