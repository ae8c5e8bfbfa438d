/** ZORT's dates: its .NET "/Date(ms)/" form, and the store's own clock (schema, mapper and polling read them here). */

/** ZORT stores are in Thailand: its local dates are UTC+7. */
export const STORE_OFFSET_MS = 7 * 60 * 60 * 1000;

/** "/Date(1644944400000)/" -> "2022-02-16T00:00:00+07:00". */
export function zortDateToIso(value: string): string {
  const milliseconds = Number(/-?\d+/.exec(value)?.[0]);
  const local = new Date(milliseconds + STORE_OFFSET_MS).toISOString();
  return `${local.slice(0, 19)}+07:00`;
}
