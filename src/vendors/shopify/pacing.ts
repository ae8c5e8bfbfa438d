/**
 * Pacing inside Shopify's cost bucket (docs/shopify.md, "Pacing"). Shopify charges a query's
 * requested cost before it runs and refunds the rest after, refilling the bucket at its restore
 * rate: every answer says how full it is (`extensions.cost.throttleStatus`). Before each query
 * the pacer estimates the bucket from the last answer (kept for the run, and in the Zap's state
 * for the next poll) and waits for the query's cost when that wait fits the poll's deadline;
 * otherwise the poll's budget is spent and it stops, to resume next poll.
 */
import { z as zod } from 'zod';

/** The bucket as last seen, and when (epoch ms). JSON-encodable: it is kept in a Zap's state. */
export const bucketSchema = zod.object({
  maximumAvailable: zod.number().positive(),
  currentlyAvailable: zod.number().nonnegative(),
  restoreRate: zod.number().positive(),
  seenAt: zod.number().int().nonnegative(),
});

export type Bucket = zod.infer<typeof bucketSchema>;

/** The clock pacing waits on; tests replace both to run a poll's waits without waiting. */
export const shopifyClock = {
  now: (): number => Date.now(),
  sleep: (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A request is not started with less time than this before the deadline: it could not finish. */
export const MIN_REQUEST_MS = 1_000;
/** Without a deadline (the search, the connection test): Zapier's 30 s, less a margin. */
export const DEFAULT_BUDGET_MS = 25_000;

/** What the bucket holds at `now`, refilled since it was seen. */
export function estimatedAvailable(bucket: Bucket, now: number): number {
  const refilled = (Math.max(0, now - bucket.seenAt) / 1000) * bucket.restoreRate;
  return Math.min(bucket.maximumAvailable, bucket.currentlyAvailable + refilled);
}

/** Milliseconds until the bucket holds `cost`; 0 when it does now or nothing is known of it. */
export function waitFor(bucket: Bucket | null, cost: number, now: number): number {
  if (bucket === null) return 0;
  const short = cost - estimatedAvailable(bucket, now);
  return short <= 0 ? 0 : Math.ceil((short / bucket.restoreRate) * 1000);
}

export type Pacer = {
  readonly deadline: number;
  /** The bucket as last seen (null: never seen). */
  bucket(): Bucket | null;
  /** Waits until `cost` fits; false when the wait would not fit before the deadline. */
  reserve(cost: number): Promise<boolean>;
  /** What Shopify said the bucket held, on any answer. */
  observe(status: Omit<Bucket, 'seenAt'>): void;
  /** Milliseconds left before the deadline. */
  remaining(): number;
  /** Requested and actual points of every answered query, in order (for the bench and tests). */
  readonly spent: { requested: number; actual: number }[];
};

export function createPacer(options: { deadline?: number; bucket?: Bucket | null } = {}): Pacer {
  const deadline = options.deadline ?? shopifyClock.now() + DEFAULT_BUDGET_MS;
  let seen: Bucket | null = options.bucket ?? null;
  return {
    deadline,
    spent: [],
    bucket: () => seen,
    remaining: () => deadline - shopifyClock.now(),
    async reserve(cost) {
      const wait = waitFor(seen, cost, shopifyClock.now());
      if (shopifyClock.now() + wait + MIN_REQUEST_MS > deadline) return false;
      if (wait > 0) await shopifyClock.sleep(wait);
      return true;
    },
    observe(status) {
      seen = { ...status, seenAt: shopifyClock.now() };
    },
  };
}
