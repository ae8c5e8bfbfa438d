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

const [NONE, OPENING, CLOSING, QUOTE] = [0, 1, 2, 3];
/** What each ASCII character is to textNestsDeeperThan. */
const BRACKET_KINDS = new Uint8Array(0x80);
BRACKET_KINDS[0x5b] = BRACKET_KINDS[0x7b] = OPENING;
BRACKET_KINDS[0x5d] = BRACKET_KINDS[0x7d] = CLOSING;
BRACKET_KINDS[0x22] = QUOTE;

/**
 * Whether JSON text nests more than `limit` levels of objects and arrays, read in one pass without
 * parsing it (brackets inside texts do not count). V8's JSON.parse takes about a microsecond a
 * level, so text parsed a second time (a payload inside a body) is measured before it is parsed.
 */
export function textNestsDeeperThan(text: string, limit: number = MAX_NESTING): boolean {
  let depth = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    // One table look-up per character: most are none of the four kinds.
    const kind = code < 0x80 ? BRACKET_KINDS[code] : NONE;
    if (kind === NONE) continue;
    if (kind === QUOTE) {
      // A text: on to its closing quote, found by indexOf (native, several times faster than a
      // loop here): one that follows an odd run of backslashes is escaped, and the text goes on.
      for (index = text.indexOf('"', index + 1); index >= 0; index = text.indexOf('"', index + 1)) {
        let backslash = index - 1;
        while (text.charCodeAt(backslash) === 0x5c) backslash -= 1;
        if ((index - 1 - backslash) % 2 === 0) break;
      }
      if (index < 0) return false;
    } else if (kind === OPENING) {
      depth += 1;
      if (depth > limit) return true;
    } else {
      depth -= 1;
    }
  }
  return false;
}

/**
 * textNestsDeeperThan for JSON text held as UTF-8 bytes (a form field decoded to bytes): the
 * same count, as every byte of a character outside ASCII is neither a bracket nor a quote.
 */
export function utf8NestsDeeperThan(bytes: Uint8Array, limit: number = MAX_NESTING): boolean {
  let depth = 0;
  for (let index = 0; index < bytes.length; index += 1) {
    const code = bytes[index]!;
    if (code === 0x22) {
      // A text: on to its closing quote, an escaped character skipped.
      for (index += 1; index < bytes.length && bytes[index] !== 0x22; index += 1) {
        if (bytes[index] === 0x5c) index += 1;
      }
    } else if (code === 0x5b || code === 0x7b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}

/** Whether `value` nests more than `limit` levels of objects and arrays. */
export const nestsDeeperThan = (value: unknown, limit: number = MAX_NESTING): boolean =>
  fieldNestedDeeperThan(value, limit) !== null;

/** The sentence fragment naming a value nested past MAX_NESTING. */
export const nestingProblem = (field: string) =>
  `${field} is nested more than ${MAX_NESTING.toLocaleString('en')} levels deep, deeper than any purchase order`;
