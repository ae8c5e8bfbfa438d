/** Zapier's Transfer of the app under test (test/fakes/zapier.ts), the cursor kept by a CursorRpc over nock. */
import app from '../../src';
import { createAppHandler, transferPage as page, transferPages, type TransferRequest } from '../fakes/zapier';
import type { CursorRpc } from '../fakes/zcache';

export { CursorRpc } from '../fakes/zcache';

const handler = createAppHandler(app);

/** A transfer of the app under test: the cursor in `rpc`, z.cache in `zcache` (shared with a Zap's polls to show it is left alone). */
export type TransferOptions = Pick<TransferRequest, 'method' | 'bundle' | 'storeKey'> & {
  rpc: CursorRpc;
  zcache?: Record<string, unknown>;
};

const request = (options: TransferOptions): TransferRequest => ({
  method: options.method,
  bundle: options.bundle,
  storeKey: options.storeKey,
  rpcBase: options.rpc.url,
  zcacheTestObj: options.zcache ?? {},
});

/** One page of a transfer, as Zapier calls it. */
export function transferPage<R>(options: TransferOptions, number: number): Promise<R[]> {
  return page<R>(handler, request(options), number);
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
  const pages = await transferPages<R>(handler, request(options), between, maxPages);
  return pages.map((each) => each.records);
}
