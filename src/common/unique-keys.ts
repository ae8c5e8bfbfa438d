/**
 * Keys that must be unique across the registry's vendors (trigger keys, connection fields):
 * `Object.fromEntries` and Zapier's field list would let a second one silently win.
 */
export function assertUniqueKeys<Item extends { key: string }>(items: readonly Item[], what: string): readonly Item[] {
  const seen = new Set<string>();
  for (const { key } of items) {
    if (seen.has(key))
      throw new Error(`Two registered vendors declare the ${what} ${JSON.stringify(key)}: each must be unique.`);
    seen.add(key);
  }
  return items;
}
