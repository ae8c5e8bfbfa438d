import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { createAppTester, type Bundle } from 'zapier-platform-core';
import app from '../../../src';
import { TRIGGER_KEYS } from '../../../src/keys';
import { mapStockyPurchaseOrder } from '../../../src/vendors/stocky/mapper';
import { stockyListResponseSchema } from '../../../src/vendors/stocky/schema';
import {
  LOOKBACK_MS,
  makePollNewPurchaseOrders,
  makePollUpdatedPurchaseOrders,
  pollNewPurchaseOrders,
  pollUpdatedPurchaseOrders,
  stockyNewPurchaseOrder,
} from '../../../src/vendors/stocky/triggers';
import { STOCKY_AUTH, STOCKY_HEADERS, STOCKY_ORIGIN, fakeStocky } from '../../helpers/fake-stocky';
import { errorDetails, expectHalted } from '../../helpers/zapier';

const appTester = createAppTester(app);
const listText = readFileSync(join(__dirname, '../../../src/vendors/stocky/seed-list-response.json'), 'utf8');
const seedOrders = stockyListResponseSchema.parse(JSON.parse(listText)).purchase_orders;
const rawSeedOrder = (JSON.parse(listText) as { purchase_orders: Record<string, unknown>[] }).purchase_orders[0]!;

const bundle = (inputData: Record<string, unknown> = {}, meta: Partial<Bundle['meta']> = {}) =>
  ({
    authData: STOCKY_AUTH,
    inputData,
    meta: { isLoadingSample: false, page: 0, limit: -1, ...meta },
  }) as unknown as Partial<Bundle>;

function stockyList(query: Record<string, string> | true) {
  return nock(STOCKY_ORIGIN, { reqheaders: STOCKY_HEADERS }).get('/api/v2/purchase_orders.json').query(query);
}

/** n purchase orders, ids 1..n, created and updated one second apart (the highest id last). */
function updatedOrders(count: number, lastUpdate: number, firstId = 1) {
  return Array.from({ length: count }, (_, index) => {
    const at = new Date(lastUpdate - (count - index - 1) * 1000).toISOString();
    return { ...rawSeedOrder, id: firstId + index, number: 1000 + firstId + index, created_at: at, updated_at: at };
  });
}

describe('stocky_new_purchase_order', () => {
  it('asks for one full page, newest first, and returns the seed orders mapped', async () => {
    stockyList({ limit: '250' }).reply(200, listText);
    const records = await appTester(pollNewPurchaseOrders, bundle());
    expect(records).toEqual(seedOrders.map((order) => mapStockyPurchaseOrder(order, 'new')));
    expect(records.map((record) => record.id)).toEqual(['stocky:2', 'stocky:1']);
    expect(records[0]).toMatchObject({ number: '1001', supplier: { name: 'Brothers' }, currency: 'CAD' });
  });

  it('narrows by the chosen status', async () => {
    stockyList({ limit: '250', status: 'confirmed-unarchived' }).reply(200, listText);
    const records = await appTester(pollNewPurchaseOrders, bundle({ status: 'confirmed-unarchived' }));
    expect(records).toHaveLength(2);
  });

  it('refuses a status that is not one of Stocky\'s, before any request', async () => {
    const error = await appTester(pollNewPurchaseOrders, bundle({ status: 'open' })).catch((e: Error) => e);
    expect(errorDetails(error as Error).message).toMatch(/^Status must be one of draft, draft-archived, .* not "open"\. Pick it from the list\./);
  });

  it('pages back through a burst of new orders until a page reaches older ones: all 600 arrive, once', async () => {
    const now = Date.now();
    const old = updatedOrders(400, now - 3 * LOOKBACK_MS);
    const burst = updatedOrders(600, now - 60_000, 401);
    const stocky = fakeStocky([...old, ...burst]);
    const records = await appTester(pollNewPurchaseOrders, bundle());
    // Pages of 250: 1000-751 and 750-501 are all new; 500-251 reaches the old ones, so paging stops.
    expect(stocky.requests.map((query) => query.since_id)).toEqual([undefined, '751', '501']);
    expect(records).toHaveLength(750);
    expect(new Set(records.map((record) => record.id)).size).toBe(750);
    const newIds = new Set(burst.map((order) => `stocky:${order.id}`));
    expect([...newIds].every((id) => records.some((record) => record.id === id))).toBe(true);
    expect(records[0]?.id).toBe('stocky:1000');
  });

  it('asks once when the newest page already holds older orders', async () => {
    const now = Date.now();
    const stocky = fakeStocky([...updatedOrders(300, now - 3 * LOOKBACK_MS), ...updatedOrders(2, now, 301)]);
    const records = await appTester(pollNewPurchaseOrders, bundle());
    expect(stocky.requests).toHaveLength(1);
    expect(records.slice(0, 2).map((record) => record.id)).toEqual(['stocky:302', 'stocky:301']);
  });

  it('stops paging new orders when its time budget is spent', async () => {
    let clock = Date.now();
    const poll = makePollNewPurchaseOrders({ lookbackMs: LOOKBACK_MS, timeBudgetMs: 1000, now: () => (clock += 1100) });
    const stocky = fakeStocky(updatedOrders(600, Date.now() + 600_000));
    const records = await appTester(poll, bundle());
    expect(stocky.requests).toHaveLength(1);
    expect(records).toHaveLength(250);
  });

  it('makes a single small request while Zapier loads samples', async () => {
    stockyList({ limit: '3' }).reply(200, listText);
    const records = await appTester(pollNewPurchaseOrders, bundle({}, { isLoadingSample: true }));
    expect(records).toHaveLength(2);
  });

  it('offers a status dropdown, not free text', () => {
    const status = stockyNewPurchaseOrder.operation.inputFields[0];
    expect(app.triggers[TRIGGER_KEYS.stockyNew]).toBe(stockyNewPurchaseOrder);
    expect(status).toMatchObject({ key: 'status', required: false });
    expect(Object.keys((status as { choices: object }).choices)).toEqual([
      'draft', 'draft-archived', 'draft-unarchived', 'confirmed', 'confirmed-archived', 'confirmed-unarchived', 'archived', 'unarchived',
    ]);
  });

  it.each([
    [401, 'ExpiredAuthError', /^Stocky refused the connection's Stocky Store Name, Stocky API Key \(HTTP 401\)\. In Stocky, open Preferences > Stocky API/],
    [403, 'AppError', /^Stocky answered HTTP 403 to \/api\/v2\/purchase_orders\.json: the connected Stocky account is not allowed to do this\. Check in Stocky/],
    [500, 'ThrottledError', /^Stocky answered HTTP 500, a problem on its side; Zapier will try again shortly\./],
    [429, 'ThrottledError', /429/],
  ])('turns HTTP %i into a %s', async (status, name, pattern) => {
    stockyList({ limit: '250' }).reply(status, 'no', { 'Retry-After': '7' });
    const error = (await appTester(pollNewPurchaseOrders, bundle()).catch((e: Error) => e)) as Error;
    expect(error.name).toBe(name);
    expect(errorDetails(error).message).toMatch(pattern);
    if (name === 'ThrottledError') expect(errorDetails(error).delay).toBe(7);
  });

  it.each([
    ['a body that is not JSON', '<html>maintenance</html>', /^Stocky answered with data this integration cannot read: the body is not JSON/],
    ['a list that is not a list', '{"purchase_orders": {}}', /purchase_orders must be an array, not an object/],
    ['an order without an id', JSON.stringify({ purchase_orders: [{ ...rawSeedOrder, id: undefined }] }), /purchase_orders\[0\]\.id is missing/],
    ['an item with a fractional quantity', JSON.stringify({ purchase_orders: [{ ...rawSeedOrder, purchase_items: [{ id: 1, quantity: 2.5 }] }] }), /purchase_orders\[0\]\.purchase_items\[0\]\.quantity must be a whole number of 0 or more \(got 2\.5\)/],
  ])('halts on %s, naming the field', async (_name, body, pattern) => {
    stockyList({ limit: '250' }).reply(200, body);
    await expectHalted(appTester(pollNewPurchaseOrders, bundle()), pattern);
  });
});

describe('stocky_updated_purchase_order', () => {
  it('asks for every order updated in the last 24 hours, one full page at a time', async () => {
    const before = Date.now();
    let query: Record<string, string> = {};
    nock(STOCKY_ORIGIN, { reqheaders: STOCKY_HEADERS })
      .get('/api/v2/purchase_orders.json')
      .query((actual) => {
        query = actual as Record<string, string>;
        return true;
      })
      .reply(200, listText);
    const records = await appTester(pollUpdatedPurchaseOrders, bundle());
    const after = Date.now();
    expect(Object.keys(query).sort()).toEqual(['limit', 'updated_since']);
    expect(query.limit).toBe('250');
    const since = Date.parse(query.updated_since ?? '');
    expect(since).toBeGreaterThanOrEqual(before - LOOKBACK_MS);
    expect(since).toBeLessThanOrEqual(after - LOOKBACK_MS);
    expect(query.updated_since).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(records.map((record) => record.id)).toEqual([
      'stocky:2:2021-02-09T00:24:13.000Z',
      'stocky:1:2021-02-05T17:56:28.000Z',
    ]);
    expect(records[0]).toEqual(mapStockyPurchaseOrder(seedOrders[0]!, 'updated'));
  });

  it('returns a burst of 5,000 updates whole, once each, newest first, in 21 requests', async () => {
    const orders = updatedOrders(5000, Date.now() - 60_000);
    const stocky = fakeStocky(orders);
    const records = await appTester(pollUpdatedPurchaseOrders, bundle());
    expect(records).toHaveLength(5000);
    expect(new Set(records.map((record) => record.id)).size).toBe(5000);
    expect(records.map((record) => record.purchase_order_id)).toEqual(orders.map((order) => String(order.id)).reverse());
    // 20 full pages of 250, then one empty page to learn the window is exhausted.
    expect(stocky.requests).toHaveLength(21);
    expect(stocky.requests.map((query) => query.since_id)).toEqual([
      undefined,
      ...Array.from({ length: 20 }, (_, page) => String(5000 - 250 * (page + 1) + 1)),
    ]);
    expect(stocky.requests.every((query) => query.limit === '250')).toBe(true);
  });

  it('stops at the end of the window: older updates are not fetched', async () => {
    const now = Date.now();
    const orders = [
      ...updatedOrders(300, now - 60_000),
      { ...rawSeedOrder, id: 9999, updated_at: new Date(now - LOOKBACK_MS - 60_000).toISOString() },
    ];
    const stocky = fakeStocky(orders);
    const records = await appTester(pollUpdatedPurchaseOrders, bundle());
    expect(records).toHaveLength(300);
    expect(records.some((record) => record.purchase_order_id === '9999')).toBe(false);
    expect(stocky.requests).toHaveLength(2);
  });

  it('gives each version its own id, so the next poll triggers on a new change only', async () => {
    const now = Date.now();
    const first = updatedOrders(3, now - 60_000);
    fakeStocky(first);
    const poll1 = await appTester(pollUpdatedPurchaseOrders, bundle());
    nock.cleanAll();
    const second = first.map((order) =>
      order.id === 2 ? { ...order, updated_at: new Date(now - 1000).toISOString() } : order,
    );
    fakeStocky(second);
    const poll2 = await appTester(pollUpdatedPurchaseOrders, bundle());
    const seen = new Set(poll1.map((record) => record.id));
    expect(poll2.filter((record) => !seen.has(record.id)).map((record) => record.purchase_order_id)).toEqual(['2']);
    expect(poll2[0]?.purchase_order_id).toBe('2');
  });

  it('stops paging when its time budget is spent, keeping what it has', async () => {
    // Each look at the clock is 1.1 s later: the budget of 1 s is spent after the first page.
    let clock = Date.now();
    const poll = makePollUpdatedPurchaseOrders({ lookbackMs: LOOKBACK_MS, timeBudgetMs: 1000, now: () => (clock += 1100) });
    const stocky = fakeStocky(updatedOrders(1000, Date.now() - 60_000));
    const records = await appTester(poll, bundle());
    expect(stocky.requests).toHaveLength(1);
    expect(records).toHaveLength(250);
  });

  it('halts instead of looping when Stocky ignores since_id', async () => {
    const page = { purchase_orders: updatedOrders(250, Date.now() - 60_000) };
    stockyList(true).times(2).reply(200, page);
    await expectHalted(appTester(pollUpdatedPurchaseOrders, bundle()), /^Stocky ignored since_id=1 and sent the same purchase orders again/);
  });

  it('makes a single small request while Zapier loads samples', async () => {
    stockyList({ limit: '3', status: 'draft' }).reply(200, listText);
    const records = await appTester(pollUpdatedPurchaseOrders, bundle({ status: 'draft' }, { isLoadingSample: true }));
    expect(records.map((record) => record.id)).toEqual([
      'stocky:2:2021-02-09T00:24:13.000Z',
      'stocky:1:2021-02-05T17:56:28.000Z',
    ]);
  });
});
