/**
 * A recorded Stocky for nock: serves GET /api/v2/purchase_orders.json over a data set, with the
 * documented filters and paging (newest id first, since_id for lower ids, limit per page), and
 * the undocumented parts a real server may have: a page cap whatever `limit` asks (100 by
 * default), and answers that take time on an injected clock.
 */
import nock from 'nock';

export const STOCKY_ORIGIN = 'https://stocky.shopifyapps.com';
export const STOCKY_HEADERS = {
  'Store-Name': 'my-shop.myshopify.com',
  Authorization: 'API KEY=stocky-key',
};
export const STOCKY_AUTH = { stocky_store_name: 'my-shop.myshopify.com', stocky_api_key: 'stocky-key' };

type Order = { id: number; updated_at: string; ordered_at?: unknown; archived?: unknown };

/** A clock tests move by hand: the poller reads it through its `now` option. */
export type FakeClock = { now: number };

export type FakeStockyOptions = {
  /** The most orders a page holds, whatever limit was asked. */
  maxLimit?: number;
  /** Each answer moves this clock on by `latencyMs`. */
  clock?: FakeClock;
  latencyMs?: number;
};

export function fakeStocky<T extends Order>(orders: T[], options: FakeStockyOptions = {}) {
  const { maxLimit = 100, clock, latencyMs = 0 } = options;
  const requests: Record<string, string>[] = [];
  const scope = nock(STOCKY_ORIGIN, { reqheaders: STOCKY_HEADERS })
    .persist()
    .get('/api/v2/purchase_orders.json')
    .query(true)
    .reply((uri) => {
      const query = Object.fromEntries(new URL(uri, STOCKY_ORIGIN).searchParams);
      requests.push(query);
      if (clock) clock.now += latencyMs;
      const limit = Math.min(Number(query.limit ?? 50), maxLimit);
      const since = query.updated_since ? Date.parse(query.updated_since) : -Infinity;
      const sinceId = query.since_id ? Number(query.since_id) : Infinity;
      const page = orders
        .filter((order) => Date.parse(order.updated_at) >= since && order.id < sinceId)
        .filter((order) => matchesStatus(order, query.status))
        .sort((a, b) => b.id - a.id)
        .slice(0, limit);
      return [200, { purchase_orders: page }];
    });
  return { requests, scope };
}

function matchesStatus(order: Order, status: string | undefined): boolean {
  if (!status) return true;
  const [state, archived] = status.includes('-') ? status.split('-') : [status, undefined];
  const confirmed = order.ordered_at !== null && order.ordered_at !== undefined;
  const stateOk =
    state === 'draft' ? !confirmed : state === 'confirmed' ? confirmed : true;
  const archivedFlag = state === 'archived' ? 'archived' : state === 'unarchived' ? 'unarchived' : archived;
  const archivedOk =
    archivedFlag === 'archived' ? order.archived === true : archivedFlag === 'unarchived' ? order.archived !== true : true;
  return stateOk && archivedOk;
}
