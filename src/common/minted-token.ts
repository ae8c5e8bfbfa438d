/**
 * What a client that mints its own token (OAuth2 client credentials) needs: a request that keeps
 * statuses and redirects for the client to read, and a z.cache scoped to the connection.
 */
import type { ZObject } from 'zapier-platform-core';

/**
 * Statuses are read by the client, not thrown by Zapier (a 429 included, for the vendor's own
 * delay), and redirects are not followed, so neither a secret nor a token leaves the vendor's host.
 */
export const OWN_STATUS_REQUEST = { redirect: 'manual', skipThrowForStatus: true, throwForThrottlingEarly: false } as const;

export type ConnectionCache = {
  get: (key: string) => Promise<unknown>;
  set: (key: string, value: string, ttlSeconds: number) => Promise<unknown>;
  delete: (key: string) => Promise<unknown>;
};

/**
 * z.cache shares a value across every user of the integration unless scoped. A token is scoped
 * to the connection ('auth'): a client id is no secret, so a shared key would hand the token to
 * anyone who knows it. The typings omit get's and delete's scope argument, which the runtime
 * (zapier-platform-core 19) takes.
 */
export function connectionCache(z: ZObject): ConnectionCache {
  const cache = z.cache as unknown as {
    get: (key: string, scope: string[]) => Promise<unknown>;
    set: (key: string, value: string, ttl: number, scope: string[]) => Promise<unknown>;
    delete: (key: string, scope: string[]) => Promise<unknown>;
  };
  const scope = ['auth'];
  return {
    get: (key) => cache.get(key, scope),
    set: (key, value, ttlSeconds) => cache.set(key, value, ttlSeconds, scope),
    delete: (key) => cache.delete(key, scope),
  };
}
