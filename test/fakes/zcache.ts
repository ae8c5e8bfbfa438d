/**
 * z.cache and z.cursor as Zapier keeps them, one store served three ways: in process for a unit
 * test (`fakeCache`, on a clock that moves only when told), over nock for core's handler in jest
 * (`CursorRpc`), and over loopback HTTP for the demo (`startCacheRpc`). Set-if-absent (nx) and
 * TTLs are honoured; core's own test double ignores both. The RPC is the one zapier-platform-core
 * already speaks (src/tools/create-rpc-client.js and create-cache.js): core POSTs `{id, storeKey,
 * method, params}` to `event.rpc_base` and reads `{id, result}` or `{id, error}` back.
 *   zcache_get    [key, scope]                 -> the stored JSON text, or null
 *   zcache_set    [key, value, ttl, scope, nx] -> true; with nx, false when the key is live
 *   zcache_delete [key, scope]                 -> whether a live key was deleted
 *   get_cursor    []                           -> the transfer's cursor for the call's storeKey, or null
 *   set_cursor    [cursor]                     -> null; keeps it for that storeKey (Zapier: about an hour)
 * One store per app, shared by all its Zaps; scope ['auth'] and ['user'] key by the one
 * connection and user. ttl is in seconds.
 */
import nock from 'nock';
import type { LockCache } from '../../src/common/lock';
import { listen } from './http';

/**
 * Core authenticates its RPC with `event.token` or else the ZAPIER_DEPLOY_KEY variable. A token
 * would also make core stream every log line to Zapier's log server, so the fakes set the
 * variable instead, to a value only they accept.
 */
const DEPLOY_KEY = 'fake-rpc-only';
const CONNECTION_ID = 'fake-connection';
const USER_ID = 'fake-user';

type Entry = { value: unknown; expiresAt: number | null };

/** The store: entries with their expiry on the clock given, and transfer cursors by store key. */
export class CacheStore {
  readonly entries = new Map<string, Entry>();
  readonly cursors = new Map<string, string>();

  constructor(private readonly now: () => number) {}

  live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt !== null && entry.expiresAt <= this.now()) this.entries.delete(key);
    return this.entries.get(key);
  }

  set(key: string, value: unknown, ttlSeconds: unknown, nx: unknown): boolean {
    if (nx === true && this.live(key) !== undefined) return false;
    this.entries.set(key, {
      value,
      expiresAt: typeof ttlSeconds === 'number' && ttlSeconds > 0 ? this.now() + ttlSeconds * 1000 : null,
    });
    return true;
  }

  delete(key: string): boolean {
    const existed = this.live(key) !== undefined;
    this.entries.delete(key);
    return existed;
  }
}

export type FakeCache = LockCache & {
  entries: Map<string, Entry>;
  advance: (ms: number) => void;
  /** Resolves once no live key starts with `prefix`: at once, or at the delete that frees it. */
  untilFree: (prefix: string) => Promise<void>;
};

/** z.cache in process, on a clock that starts at 0 and moves only by `advance`. */
export function fakeCache(): FakeCache {
  let now = 0;
  const store = new CacheStore(() => now);
  const waiting: (() => void)[] = [];
  const taken = (prefix: string) =>
    [...store.entries.keys()].some((key) => key.startsWith(prefix) && store.live(key) !== undefined);
  // Every call yields first, as an RPC would, so that concurrent runs interleave.
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    entries: store.entries,
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
      return structuredClone(store.live(key)?.value ?? null);
    },
    async set(key, value, ttlSeconds, _scope, nx) {
      await turn();
      return store.set(key, structuredClone(value), ttlSeconds, nx);
    },
    async delete(key) {
      await turn();
      const deleted = store.delete(key);
      for (const check of waiting.splice(0)) check();
      return deleted;
    },
  };
}

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

type RpcCall = { id?: unknown; storeKey?: unknown; method?: unknown; params?: unknown };

/** One RPC call answered from the store: `{id, result}` or `{id, error}`, always HTTP 200. */
function rpcAnswer(store: CacheStore, call: RpcCall): object {
  const params = Array.isArray(call.params) ? (call.params as unknown[]) : [];
  const result = (value: unknown) => ({ id: call.id, result: value });
  try {
    switch (call.method) {
      case 'zcache_get': {
        const value = store.live(scopedKey(params[0], params[1]))?.value;
        return result(typeof value === 'string' ? value : null);
      }
      case 'zcache_set': {
        const [key, value, ttl, scope, nx] = params;
        if (typeof value !== 'string') throw new Error('value must be JSON text');
        return result(store.set(scopedKey(key, scope), value, ttl, nx));
      }
      case 'zcache_delete':
        return result(store.delete(scopedKey(params[0], params[1])));
      case 'get_cursor':
      case 'set_cursor': {
        if (typeof call.storeKey !== 'string' || call.storeKey === '')
          throw new Error('A cursor needs the storeKey of a paginating operation.');
        if (call.method === 'get_cursor') return result(store.cursors.get(call.storeKey) ?? null);
        if (typeof params[0] !== 'string') throw new Error('cursor value must be a string');
        store.cursors.set(call.storeKey, params[0]);
        return result(null);
      }
      default:
        return { id: call.id, error: `The fake RPC does not serve ${String(call.method)}.` };
    }
  } catch (error) {
    return { id: call.id, error: (error as Error).message };
  }
}

/** z.cache and z.cursor over loopback HTTP, on the real clock; `url` is the event's rpc_base. */
export async function startCacheRpc(): Promise<{ url: string; store: CacheStore; close: () => Promise<void> }> {
  process.env.ZAPIER_DEPLOY_KEY = DEPLOY_KEY;
  const store = new CacheStore(Date.now);
  const server = await listen(0, (request, body) => {
    let call: RpcCall;
    try {
      call = JSON.parse(body) as RpcCall;
    } catch {
      return { status: 400, body: { error: 'The RPC body is not JSON.' } };
    }
    if (request.headers['x-deploy-key'] !== DEPLOY_KEY)
      return { status: 401, body: { id: call.id, error: 'Unknown deploy key.' } };
    return { status: 200, body: rpcAnswer(store, call) };
  });
  return { url: `${server.url}/platform/rpc/cli`, store, close: server.close };
}

const NOCK_RPC_BASE = 'https://rpc.fake.test/platform/rpc/cli';

/**
 * Zapier's RPC over nock, for core's handler in jest. Core 19.1.0's local stand-in
 * (`cursorTestObj`) cannot carry a cursor from one page to the next: it files `set_cursor`'s
 * value under the value itself and reads `get_cursor` from the key "undefined".
 */
export class CursorRpc {
  readonly store = new CacheStore(Date.now);
  readonly cursors = this.store.cursors;
  readonly calls: { method: string; storeKey: string; params: unknown[] }[] = [];
  readonly url = NOCK_RPC_BASE;

  constructor() {
    process.env.ZAPIER_DEPLOY_KEY = DEPLOY_KEY;
    const { origin, pathname } = new URL(NOCK_RPC_BASE);
    nock(origin)
      .persist()
      .post(pathname)
      .optionally()
      .reply((_uri, body) => {
        const call = (typeof body === 'string' ? JSON.parse(body) : body) as RpcCall & {
          storeKey: string;
          method: string;
          params: unknown[];
        };
        this.calls.push({ method: call.method, storeKey: call.storeKey, params: call.params });
        return [200, rpcAnswer(this.store, call)];
      });
  }
}
