/**
 * z.cache as Zapier runs it, for tests: set-if-absent (nx) and TTLs honoured, on a clock that
 * moves only when `advance` (or the lock's sleep, wired to it) says so. Core's own test double
 * ignores both.
 */
import type { LockCache } from '../../src/common/lock';

export type FakeCache = LockCache & {
  entries: Map<string, { value: unknown; expiresAt: number | null }>;
  advance: (ms: number) => void;
};

export function fakeCache(): FakeCache {
  let now = 0;
  const entries = new Map<string, { value: unknown; expiresAt: number | null }>();
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt !== null && entry.expiresAt <= now) entries.delete(key);
    return entries.get(key);
  };
  // Every call yields first, as an RPC would, so that concurrent runs interleave.
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    entries,
    advance: (ms) => {
      now += ms;
    },
    async get(key) {
      await turn();
      // A copy, as a value that went through JSON would be.
      return structuredClone(live(key)?.value ?? null);
    },
    async set(key, value, ttlSeconds, _scope, nx) {
      await turn();
      if (nx && live(key) !== undefined) return false;
      entries.set(key, { value: structuredClone(value), expiresAt: ttlSeconds ? now + ttlSeconds * 1000 : null });
      return true;
    },
    async delete(key) {
      await turn();
      return entries.delete(key);
    },
  };
}
