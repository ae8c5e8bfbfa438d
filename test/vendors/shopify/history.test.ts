import nock from 'nock';
import { createAppTester, type Bundle } from 'zapier-platform-core';
import { FakeShopify, nockReply } from '../../../sandbox/shopify-fake';
import app from '../../../src';
import type { PurchaseOrder } from '../../../src/record/purchase-order';
import { pollNewPurchaseOrders } from '../../../src/vendors/shopify/triggers';
import { CursorRpc, transfer, transferPage } from '../../helpers/transfer';
import { errorDetails } from '../../helpers/zapier';
import { clearZcache, simulatedZap, zcache } from '../../helpers/zapier-polling';

const appTester = createAppTester(app);
const ORIGIN = 'https://my-shop.myshopify.com';
const AUTH = { shopify_store_domain: 'my-shop.myshopify.com', shopify_client_id: 'fake-client-id', shopify_client_secret: 'fake-client-secret' };
const method = (key: string) => `triggers.${key}.operation.perform`;
const bundle = (inputData: Record<string, unknown> = {}) => ({ authData: AUTH, inputData }) as Partial<Bundle>;

function clock(start = Date.parse('2026-11-02T09:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** Serves the fake over nock and keeps every GraphQL request's variables, in order. */
function serve(fake: FakeShopify): Record<string, unknown>[] {
  const sent: Record<string, unknown>[] = [];
  const reply = nockReply(fake);
  nock(ORIGIN)
    .persist()
    .post(() => true)
    .reply(function (uri, body) {
      if (uri.endsWith('/graphql.json')) sent.push((body as { variables: Record<string, unknown> }).variables);
      return reply.call(this, uri, body);
    });
  return sent;
}

/** Purchase orders 1..count, every fifth with 12 lines (more than a list page carries), every third ordered. */
function seed(fake: FakeShopify, count: number) {
  for (let id = 1; id <= count; id += 1) {
    fake.create({ ...(id % 3 === 0 ? { status: 'ORDERED' as const } : {}), lines: Array.from({ length: id % 5 === 0 ? 12 : 1 }, () => ({})) });
  }
}

const ids = (records: PurchaseOrder[]) => records.map((record) => Number(record.purchase_order_id));
const lines = (id: number) => (id % 5 === 0 ? 12 : 1);

beforeEach(() => {
  clearZcache(appTester);
});

describe('Shopify history for Transfer', () => {
  it.each([
    ['shopify_new_purchase_order', 'created', (id: number) => id <= 45],
    ['shopify_purchase_order_ordered', 'ordered', (id: number) => id <= 45 && id % 3 === 0],
    ['shopify_updated_purchase_order', 'updated', (id: number) => id <= 45],
  ] as const)('%s: the whole store once, newest first, lines complete, while orders are created between pages', async (key, event, kept) => {
    const time = clock();
    // A Standard store's bucket: 2,000 points, 100 a second.
    const fake = new FakeShopify({ now: time.now });
    seed(fake, 45);
    serve(fake);
    const pages = await transfer<PurchaseOrder>({ method: method(key), bundle: bundle(), rpc: new CursorRpc(), storeKey: key, zcache: {} }, () => {
      time.advance(30_000);
      fake.create({ status: 'ORDERED' });
      fake.create();
    });
    const all = pages.flat();
    const expected = Array.from({ length: 45 }, (_, index) => 45 - index).filter(kept);
    expect(ids(all)).toEqual(expected);
    expect(new Set(all.map((record) => record.id)).size).toBe(expected.length);
    expect(all.map((record) => record.line_items.length)).toEqual(expected.map(lines));
    expect(all.every((record) => record.event === event)).toBe(true);
    // The bucket is spent within a page: the store takes several.
    expect(pages.length).toBeGreaterThan(2);
    expect(fake.mints).toBe(1);
  }, 60_000);

  it('ends a page early when the bucket cannot pay for an order\'s lines, and the next page resumes at that order', async () => {
    const time = clock();
    const fake = new FakeShopify({ now: time.now });
    for (let id = 1; id <= 30; id += 1) fake.create({ lines: Array.from({ length: id === 25 || id === 23 ? 12 : 1 }, () => ({})) });
    const sent = serve(fake);
    const rpc = new CursorRpc();
    const options = { method: method('shopify_new_purchase_order'), bundle: bundle(), rpc, storeKey: 'throttled', zcache: {} };
    // 772 points for the list, 703 for order 25's lines: order 23's lines find 525 left and are throttled.
    const first = await transferPage<PurchaseOrder>(options, 0);
    expect(ids(first)).toEqual([30, 29, 28, 27, 26, 25, 24]);
    expect(sent.map((variables) => variables.last ?? 'lines')).toEqual([10, 'lines', 'lines']);
    time.advance(20_000);
    const second = await transferPage<PurchaseOrder>(options, 1);
    expect(ids(second).slice(0, 2)).toEqual([23, 22]);
    expect(second[0]!.line_items).toHaveLength(12);
    time.advance(20_000);
    const pages = [first, second];
    for (let page = 2; ; page += 1) {
      const records = await transferPage<PurchaseOrder>(options, page);
      if (records.length === 0) break;
      pages.push(records);
      time.advance(20_000);
    }
    expect(ids(pages.flat())).toEqual(Array.from({ length: 30 }, (_, index) => 30 - index));
  });

  it('leaves a running Zap alone: its next poll gets exactly what is new, as the same records a transfer gives', async () => {
    const time = clock();
    const fake = new FakeShopify({ now: time.now, maximumAvailable: 1_000_000, restoreRate: 1_000_000 });
    seed(fake, 30);
    serve(fake);
    const zapBundle = (meta: object) => ({ ...bundle(), meta: { isLoadingSample: false, page: 0, limit: -1, zap: { id: 'zap-running' }, ...meta } }) as Partial<Bundle>;
    const zap = simulatedZap(appTester, pollNewPurchaseOrders, zapBundle);
    await zap.turnOn();
    for (let made = 0; made < 3; made += 1) fake.create();
    const before = JSON.stringify(Object.entries(zcache(appTester)).filter(([name]) => name.startsWith('poll:')));
    const key = 'shopify_new_purchase_order';
    const pages = await transfer<PurchaseOrder>({ method: method(key), bundle: bundle(), rpc: new CursorRpc(), storeKey: 'running', zcache: zcache(appTester) });
    expect(pages.flat()).toHaveLength(33);
    expect(JSON.stringify(Object.entries(zcache(appTester)).filter(([name]) => name.startsWith('poll:')))).toBe(before);
    const fresh = await zap.poll();
    expect(ids(fresh)).toEqual([33, 32, 31]);
    expect(pages.flat().slice(0, 3)).toEqual(fresh);
  });

  it('stops with a sentence when the position it kept cannot be read', async () => {
    // No Shopify served: nothing may be asked of it.
    const rpc = new CursorRpc();
    rpc.cursors.set('broken', 'not json');
    const options = { method: method('shopify_new_purchase_order'), bundle: bundle(), rpc, storeKey: 'broken', zcache: {} };
    const error = (await transferPage(options, 3).catch((reason: Error) => reason)) as Error;
    expect(errorDetails(error).message).toBe(
      'This transfer of Shopify purchase orders lost its place (the position Zapier kept between pages could not be read), so it stopped rather than send purchase orders twice. Start the transfer again.',
    );
  });
});
