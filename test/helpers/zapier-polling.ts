/**
 * Zapier's side of a polling trigger, as its docs describe it: the poll made when a Zap is
 * turned on (isPopulatingDedupe) fills a dedupe table without triggering; each later poll
 * triggers on ids not in the table. More than 100 new items in one poll trips flood protection,
 * which the user controls per Zap: not the app's to prevent, so it is only counted (`floods`).
 */
import type { Bundle, ZObject, createAppTester } from 'zapier-platform-core';

type Record = { id: string };
type Tester = ReturnType<typeof createAppTester>;

/** The app tester's stand-in for z.cache (core keeps it on the tester, untyped). */
export function zcache(tester: Tester): { [key: string]: unknown } {
  const holder = tester as unknown as { zcacheTestObj: { [key: string]: unknown } };
  return holder.zcacheTestObj;
}

/** Empties z.cache: no Zap has stored progress, or the cache was evicted. */
export function clearZcache(tester: Tester): void {
  (tester as unknown as { zcacheTestObj: object }).zcacheTestObj = {};
}

export const FLOOD_LIMIT = 100;

export function simulatedZap<R extends Record>(
  appTester: Tester,
  perform: (z: ZObject, bundle: Bundle) => Promise<R[]>,
  bundle: (meta: object) => Partial<Bundle>,
) {
  const seen = new Set<string>();
  const triggered: R[] = [];
  /** The number of new items of each poll that would trip Zapier's default flood protection. */
  const floods: number[] = [];
  return {
    seen,
    triggered,
    floods,
    async turnOn(): Promise<R[]> {
      const records = await appTester(perform, bundle({ isPopulatingDedupe: true }));
      for (const record of records) seen.add(record.id);
      return records;
    },
    /** One poll: the records that trigger the Zap. */
    async poll(): Promise<R[]> {
      const records = await appTester(perform, bundle({}));
      const fresh = records.filter((record) => !seen.has(record.id));
      if (fresh.length > FLOOD_LIMIT) floods.push(fresh.length);
      for (const record of fresh) seen.add(record.id);
      triggered.push(...fresh);
      return fresh;
    },
  };
}
