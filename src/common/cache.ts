/**
 * Whether z.cache exists. Outside Zapier (`zapier invoke` on a laptop, the sandbox) core's RPC
 * client raises plain Errors that carry no type: their words are read here alone, once, and they
 * become a CacheUnavailableError that callers recognise by its class.
 */
import type { LockCache } from './lock';

export class CacheUnavailableError extends Error {
  override name = 'CacheUnavailableError';
}

/** The words of core 19's RPC client (create-rpc-client.js, create-cache.js) when there is no cache. */
const CORE_NO_CACHE = /No deploy key found|No token found - cannot call RPC|rpc is not available/;

/** Runs one z.cache call: core's "no cache here" becomes a CacheUnavailableError, anything else goes on as it is. */
export async function cacheCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Error && CORE_NO_CACHE.test(error.message)) throw new CacheUnavailableError(error.message);
    throw error;
  }
}

/** The same cache, whose every call fails with a CacheUnavailableError where there is none. */
export function typedCache(cache: LockCache): LockCache {
  return {
    get: (key) => cacheCall(() => cache.get(key)),
    set: (key, value, ttlSeconds, scope, nx) => cacheCall(() => cache.set(key, value, ttlSeconds, scope, nx)),
    delete: (key) => cacheCall(() => cache.delete(key)),
  };
}
