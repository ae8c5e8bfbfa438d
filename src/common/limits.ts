/**
 * Bounds on values no purchase order can hold: a genuine delivery up to Zapier's 10 MB is never
 * refused for the length of a text, its number of lines or fields, or nesting its vendor's
 * serializer can produce. docs/decisions.md ("Bounds") gives the reason for each figure.
 */

/** Digits of an amount before, and again after, the decimal point. */
export const MAX_AMOUNT_DIGITS = 30;
/** Digits of a quantity before, and again after, the point: 15, so its number is exact. */
export const MAX_QUANTITY_DIGITS = 15;
/** Characters of an id. */
export const MAX_ID_CHARS = 255;
/**
 * Levels of nesting of a value handed to recursive code (JSON.stringify, Zapier's own
 * serialisation of a record): twice what Python's json.dumps can produce (about 1,000), half
 * what JSON.stringify survives (about 4,000). Only such values are measured.
 */
export const MAX_NESTING = 2_000;

/**
 * Where `value` nests more than `limit` levels of objects and arrays (the value itself counted as
 * one): the top-level field holding that nesting ("" for the value itself), or null when it stays
 * within the limit. Iterative, as the depth it guards against is what overflows a recursive walk.
 */
export function fieldNestedDeeperThan(value: unknown, limit: number = MAX_NESTING): string | null {
  if (value === null || typeof value !== 'object') return null;
  if (limit < 1) return '';
  const values: object[] = [];
  const depths: number[] = [];
  const fields: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (child === null || typeof child !== 'object') continue;
    values.push(child as object);
    depths.push(2);
    fields.push(Array.isArray(value) ? `[${key}]` : key);
  }
  for (let top = values.pop(); top !== undefined; top = values.pop()) {
    const depth = depths.pop()!;
    const field = fields.pop()!;
    if (depth > limit) return field;
    const children: unknown[] = Array.isArray(top) ? top : Object.values(top);
    for (const child of children) {
      if (child === null || typeof child !== 'object') continue;
      values.push(child);
      depths.push(depth + 1);
      fields.push(field);
    }
  }
  return null;
}

/** Whether `value` nests more than `limit` levels of objects and arrays. */
export const nestsDeeperThan = (value: unknown, limit: number = MAX_NESTING): boolean =>
  fieldNestedDeeperThan(value, limit) !== null;

/** The sentence fragment naming a value nested past MAX_NESTING. */
export const nestingProblem = (field: string) =>
  `${field} is nested more than ${MAX_NESTING.toLocaleString('en')} levels deep, deeper than any purchase order`;
