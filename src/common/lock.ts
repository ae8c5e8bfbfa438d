/**
 * A lock over Zapier's z.cache: set-if-absent with a TTL, so that runs changing one shared thing
 * (a vendor setting read and written whole) take turns. A holder that dies mid-way frees the
 * lock when the TTL runs out.
 */
import { randomBytes } from 'node:crypto';

/** The part of z.cache the lock uses (z.cache itself fits); tests pass a fake honouring nx and ttl. */
export type LockCache = {
  get(key: string): Promise<unknown>;
  /** set(key, value, ttl, scope, nx): no ttl keeps it, scope undefined is app-wide, nx sets only if absent. */
  set(key: string, value: unknown, ttlSeconds?: number, scope?: undefined, nx?: boolean): Promise<boolean | null>;
  delete(key: string): Promise<boolean>;
};

export type LockTiming = {
  /** Longer than any holder can run, so only a dead holder's lock expires. */
  ttlSeconds: number;
  /** How long to wait for another holder before giving up; bounded by the run's own limit. */
  waitMs: number;
  pollMs: number;
  sleep: (ms: number) => Promise<void>;
};

export type LockOutcome<T> = { acquired: true; value: T } | { acquired: false };

/** Runs `work` holding the lock `key`, or reports that the lock stayed taken for `waitMs`. */
export async function withLock<T>(
  cache: LockCache,
  key: string,
  timing: LockTiming,
  work: () => Promise<T>,
): Promise<LockOutcome<T>> {
  const token = randomBytes(16).toString('hex');
  for (let waited = 0; ; waited += timing.pollMs) {
    const set = await cache.set(key, token, timing.ttlSeconds, undefined, true);
    // A cache may ignore nx (core's test double does): only our own token read back makes it ours.
    if (set !== false && (await cache.get(key)) === token) break;
    if (waited >= timing.waitMs) return { acquired: false };
    await timing.sleep(timing.pollMs);
  }
  try {
    return { acquired: true, value: await work() };
  } finally {
    // Only our own token is deleted: past the TTL the lock may be another run's. A failed release
    // must not hide the work's outcome; the TTL frees the lock anyway.
    try {
      if ((await cache.get(key)) === token) await cache.delete(key);
    } catch {
      // freed by the TTL
    }
  }
}
