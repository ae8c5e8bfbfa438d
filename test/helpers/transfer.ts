/**
 * Zapier's Transfer as core runs it: each page goes through core's own handler
 * (`createAppHandler`) with the trigger's `storeKey`, and `z.cursor` reaches Zapier's RPC
 * (`get_cursor`, `set_cursor`, keyed by the store key) served here over nock. Core 19.1.0's
 * local stand-in (`cursorTestObj`) cannot carry a cursor from one page to the next: it files
 * `set_cursor`'s value under the value itself and reads `get_cursor` from the key "undefined"
 * (src/tools/create-rpc-client.js), so every page after the first would see no cursor.
 */
import nock from 'nock';
import type { Bundle } from 'zapier-platform-core';
import app from '../../src';

const RPC_ORIGIN = 'https://rpc.transfer.test';
const RPC_PATH = '/platform/rpc/cli';
const DEPLOY_KEY = 'transfer-test-deploy-key';

type Handler = (event: object) => Promise<{ results: unknown }>;
// Core exports its handler factory without a type.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createAppHandler } = require('zapier-platform-core') as { createAppHandler: (definition: object) => Handler };
const handler = createAppHandler(app);

/** Zapier's cursor store: one value per store key, kept between pages. */
export class CursorRpc {
  readonly cursors = new Map<string, string>();
  readonly calls: { method: string; storeKey: string; params: unknown[] }[] = [];

  constructor() {
    process.env.ZAPIER_DEPLOY_KEY = DEPLOY_KEY;
    nock(RPC_ORIGIN)
      .persist()
      .post(RPC_PATH)
      .optionally()
      .reply((_uri, body) => {
        const call = (typeof body === 'string' ? JSON.parse(body) : body) as {
          id: string;
          storeKey: string;
          method: string;
          params: unknown[];
        };
        this.calls.push({ method: call.method, storeKey: call.storeKey, params: call.params });
        if (call.method === 'get_cursor')
          return [200, { id: call.id, result: this.cursors.get(call.storeKey) ?? null }];
        if (call.method === 'set_cursor') {
          this.cursors.set(call.storeKey, String(call.params[0]));
          return [200, { id: call.id, result: null }];
        }
        return [200, { id: call.id, error: `unexpected RPC ${call.method}` }];
      });
  }
}

/** `method`: "triggers.<key>.operation.perform" (polling) or "...performList" (hooks). */
export type TransferOptions = {
  method: string;
  bundle: Partial<Bundle>;
  rpc: CursorRpc;
  storeKey: string;
  /** z.cache as core keeps it locally (shared with a Zap's polls to show it is left alone). */
  zcache?: Record<string, unknown>;
};

/** One page of a transfer, as Zapier calls it. */
export async function transferPage<R>(options: TransferOptions, page: number): Promise<R[]> {
  const bundle = {
    ...options.bundle,
    meta: { ...(options.bundle.meta ?? {}), isBulkRead: true, page, limit: -1, isLoadingSample: false },
  };
  const response = await handler({
    command: 'execute',
    method: options.method,
    bundle,
    storeKey: options.storeKey,
    rpc_base: `${RPC_ORIGIN}${RPC_PATH}`,
    zcacheTestObj: options.zcache ?? {},
  });
  return response.results as R[];
}

/**
 * A whole transfer: pages from 0 until the first empty one, `between(page)` run after each
 * non-empty page (to create purchase orders while it runs). Returns the pages.
 */
export async function transfer<R>(
  options: TransferOptions,
  between?: (page: number) => void | Promise<void>,
  maxPages = 200,
): Promise<R[][]> {
  const pages: R[][] = [];
  for (let page = 0; page < maxPages; page += 1) {
    const records = await transferPage<R>(options, page);
    if (records.length === 0) return pages;
    pages.push(records);
    await between?.(page);
  }
  throw new Error(`the transfer did not end within ${maxPages} pages`);
}
