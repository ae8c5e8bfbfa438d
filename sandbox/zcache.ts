/**
 * z.cache as Zapier serves it, over the RPC that zapier-platform-core already speaks
 * (src/tools/create-rpc-client.js and create-cache.js): core POSTs `{id, storeKey, method,
 * params}` to `event.rpc_base` and reads `{id, result}` or `{id, error}` back.
 *   zcache_get    [key, scope]                 -> the stored JSON text, or null
 *   zcache_set    [key, value, ttl, scope, nx] -> true; with nx, false when the key is live
 *   zcache_delete [key, scope]                 -> whether a live key was deleted
 *   get_cursor    []                           -> the transfer's cursor for the call's storeKey, or null
 *   set_cursor    [cursor]                     -> null; keeps it for that storeKey (Zapier: about an hour)
 * One store per runner, i.e. per app, shared by all its Zaps; scope ['auth'] and ['user'] key
 * by the runner's one connection and user. ttl is in seconds.
 */
import { listen } from './http';

/**
 * Core authenticates its RPC with `event.token` or else the ZAPIER_DEPLOY_KEY variable. A token
 * would also make core stream every log line to Zapier's log server, so the sandbox sets the
 * variable instead, to a value only this loopback server accepts.
 */
const SANDBOX_DEPLOY_KEY = 'sandbox-loopback-only';
const CONNECTION_ID = 'sandbox-connection';
const USER_ID = 'sandbox-user';

type Entry = { value: string; expiresAt: number | null };

function scopedKey(key: unknown, scope: unknown): string {
  if (typeof key !== 'string') throw new Error('key must be a string');
  const parts = Array.isArray(scope) ? scope : [];
  const prefix = [
    parts.includes('auth') ? `auth:${CONNECTION_ID}` : '',
    parts.includes('user') ? `user:${USER_ID}` : '',
  ]
    .filter(Boolean)
    .join('/');
  return prefix ? `${prefix}/${key}` : key;
}

export async function startCacheRpc(): Promise<{ url: string; close: () => Promise<void> }> {
  process.env.ZAPIER_DEPLOY_KEY = SANDBOX_DEPLOY_KEY;
  const store = new Map<string, Entry>();
  const live = (key: string): Entry | null => {
    const entry = store.get(key);
    if (entry && entry.expiresAt !== null && entry.expiresAt <= Date.now()) store.delete(key);
    return store.get(key) ?? null;
  };
  const cursors = new Map<string, string>();
  const server = await listen(0, (request, body) => {
    let call: { id?: unknown; storeKey?: unknown; method?: unknown; params?: unknown };
    try {
      call = JSON.parse(body) as typeof call;
    } catch {
      return { status: 400, body: { error: 'The RPC body is not JSON.' } };
    }
    if (request.headers['x-deploy-key'] !== SANDBOX_DEPLOY_KEY)
      return { status: 401, body: { id: call.id, error: 'Unknown deploy key.' } };
    const params = Array.isArray(call.params) ? (call.params as unknown[]) : [];
    try {
      if (call.method === 'zcache_get')
        return { status: 200, body: { id: call.id, result: live(scopedKey(params[0], params[1]))?.value ?? null } };
      if (call.method === 'zcache_set') {
        const [key, value, ttl, scope, nx] = params;
        const name = scopedKey(key, scope);
        if (typeof value !== 'string') throw new Error('value must be JSON text');
        if (nx === true && live(name)) return { status: 200, body: { id: call.id, result: false } };
        store.set(name, { value, expiresAt: typeof ttl === 'number' ? Date.now() + ttl * 1000 : null });
        return { status: 200, body: { id: call.id, result: true } };
      }
      if (call.method === 'zcache_delete') {
        const name = scopedKey(params[0], params[1]);
        const existed = live(name) !== null;
        store.delete(name);
        return { status: 200, body: { id: call.id, result: existed } };
      }
      if (call.method === 'get_cursor' || call.method === 'set_cursor') {
        if (typeof call.storeKey !== 'string' || call.storeKey === '')
          throw new Error('A cursor needs the storeKey of a paginating operation.');
        if (call.method === 'get_cursor')
          return { status: 200, body: { id: call.id, result: cursors.get(call.storeKey) ?? null } };
        if (typeof params[0] !== 'string') throw new Error('cursor value must be a string');
        cursors.set(call.storeKey, params[0]);
        return { status: 200, body: { id: call.id, result: null } };
      }
      return { status: 200, body: { id: call.id, error: `The sandbox RPC does not serve ${String(call.method)}.` } };
    } catch (error) {
      return { status: 200, body: { id: call.id, error: (error as Error).message } };
    }
  });
  return { url: `${server.url}/platform/rpc/cli`, close: server.close };
}
