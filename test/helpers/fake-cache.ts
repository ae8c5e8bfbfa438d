/**
 * z.cache as Zapier runs it, for tests: set-if-absent (nx) and TTLs honoured, on a clock that
 * moves only when `advance` (or the lock's sleep, wired to it) says so. Core's own test double
 * ignores both.
 */
import type { LockCache } from '../../src/common/lock';

export type FakeCache = LockCache & {
  entries: Map<string, { value: unknown; expiresAt: number | null }>;
  advance: (ms: number) => void;
  /** Resolves once no live key starts with `prefix`: at once, or at the delete that frees it. */
  untilFree: (prefix: string) => Promise<void>;
};

export function fakeCache(): FakeCache {
  let now = 0;
  const entries = new Map<string, { value: unknown; expiresAt: number | null }>();
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt !== null && entry.expiresAt <= now) entries.delete(key);
    return entries.get(key);
  };
  const waiting: (() => void)[] = [];
  const taken = (prefix: string) =>
    [...entries.keys()].some((key) => key.startsWith(prefix) && live(key) !== undefined);
  // Every call yields first, as an RPC would, so that concurrent runs interleave.
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    entries,
    advance: (ms) => {
      now += ms;
    },
    untilFree: (prefix) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (taken(prefix)) waiting.push(check);
          else resolve();
        };
        check();
      }),
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
      const deleted = entries.delete(key);
      for (const check of waiting.splice(0)) check();
      return deleted;
    },
  };
}
