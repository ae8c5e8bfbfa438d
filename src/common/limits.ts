/**
 * Bounds far above any real purchase order, so that a hostile delivery (up to Zapier's 10 MB
 * webhook limit) ends quickly as a refusal naming the field, never as minutes of BigInt
 * arithmetic, a stack overflow or a record a hundred times the size of its body.
 * docs/decisions.md ("Bounds") gives the reasons for each figure.
 */

/** Digits of an amount before, and again after, the decimal point. */
export const MAX_AMOUNT_DIGITS = 30;
/** Digits of a quantity before, and again after, the point: 15, so its number is exact. */
export const MAX_QUANTITY_DIGITS = 15;
/** Levels of objects and arrays, the body itself counted as one. */
export const MAX_DEPTH = 64;
/** Items in any one array of a payload (line items above all), and fields in any one object. */
export const MAX_ITEMS = 10_000;
/** Characters of one text value, or of a free-form value copied into vendor_fields, as JSON. */
export const MAX_TEXT_CHARS = 10_000;
/** Characters of an id. */
export const MAX_ID_CHARS = 255;

type Node = { value: unknown; depth: number; key: string | number | null; parent: Node | null };

/** "products[0].unit_price", from a node's chain of keys; the first few keys where it runs deep. */
function pathOf(node: Node): string {
  const keys: (string | number)[] = [];
  for (let at: Node | null = node; at !== null; at = at.parent) if (at.key !== null) keys.push(at.key);
  keys.reverse();
  let text = '';
  for (const key of keys.slice(0, 4)) text += typeof key === 'number' ? `[${key}]` : `${text ? '.' : ''}${key}`;
  return `${text || 'the body'}${keys.length > 4 ? '…' : ''}`;
}

/**
 * The first place where a parsed payload is nested deeper than MAX_DEPTH or holds an array or
 * object of more than MAX_ITEMS items or fields, as a sentence fragment naming the field; null
 * when it stays within them.
 * Iterative, because the depth it guards against is what overflows a recursive walk.
 */
export function structureProblem(payload: unknown): string | null {
  if (payload === null || typeof payload !== 'object') return null;
  // Only objects and arrays are stacked: a payload's many plain values cost a type check each.
  const stack: Node[] = [{ value: payload, depth: 1, key: null, parent: null }];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const { value, depth } = node;
    if (depth > MAX_DEPTH) return `${pathOf(node)} is nested more than ${MAX_DEPTH} levels deep`;
    if (Array.isArray(value)) {
      if (value.length > MAX_ITEMS) {
        return `${pathOf(node)} has ${value.length.toLocaleString('en')} items, more than the ${MAX_ITEMS.toLocaleString('en')} a purchase order may have`;
      }
      for (let index = value.length - 1; index >= 0; index -= 1) {
        const child: unknown = value[index];
        if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1, key: index, parent: node });
      }
    } else {
      let fields = 0;
      for (const key in value as object) {
        fields += 1;
        if (fields > MAX_ITEMS) {
          return `${pathOf(node)} has more than ${MAX_ITEMS.toLocaleString('en')} fields, more than a purchase order needs`;
        }
        const child: unknown = (value as Record<string, unknown>)[key];
        if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1, key, parent: node });
      }
    }
  }
  return null;
}
