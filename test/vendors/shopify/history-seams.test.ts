/**
 * Seams between Shopify's Transfer, its paced polls and its minted tokens: a transfer and the
 * same store's Zaps share the bucket and z.cache.
 */
import { createAppTester, type Bundle } from 'zapier-platform-core';
import { FakeShopify, serveOverNock } from '../../fakes/shopify';
import app from '../../../src';
import type { PurchaseOrder } from '../../../src/record/purchase-order';
import { shopifyClock } from '../../../src/vendors/shopify/pacing';
import {
  pollNewPurchaseOrders,
  pollOrderedPurchaseOrders,
  pollUpdatedPurchaseOrders,
} from '../../../src/vendors/shopify/triggers';
import { CursorRpc, transfer, transferPage } from '../../helpers/transfer';
import { simulatedZap, zcache } from '../../fakes/zapier';
import { useShopifyTestClock } from '../../helpers/shopify-clock';

jest.setTimeout(120_000);

const appTester = createAppTester(app);
const ORIGIN = 'https://my-shop.myshopify.com';
const AUTH = {
  shopify_store_domain: 'my-shop.myshopify.com',
  shopify_client_id: 'fake-client-id',
  shopify_client_secret: 'fake-client-secret',
};
const method = (key: string) => `triggers.${key}.operation.perform`;
const bundle = (inputData: Record<string, unknown> = {}) => ({ authData: AUTH, inputData }) as Partial<Bundle>;
const ids = (records: PurchaseOrder[]) => records.map((record) => Number(record.purchase_order_id));

const clock = useShopifyTestClock(appTester);

function serve(fake: FakeShopify, before?: (uri: string) => [number, object] | undefined) {
  serveOverNock(fake, ORIGIN, { answerFirst: before });
}

describe('Shopify Transfer seams', () => {
  it('Ordered: old drafts ordered later and archived ordered ones are transferred once, a running Ordered Zap is left alone and keeps polling', async () => {
    const fake = new FakeShopify({ now: () => clock.now });
    for (let id = 1; id <= 40; id += 1) fake.create({ lines: Array.from({ length: 1 + (id % 5) }, () => ({})) });
    const zapBundle = (meta: object) =>
      ({
        ...bundle(),
        meta: { isLoadingSample: false, page: 0, limit: -1, zap: { id: 'zap-ordered' }, ...meta },
      }) as Partial<Bundle>;
    serve(fake);
    const zap = simulatedZap(appTester, pollOrderedPurchaseOrders, zapBundle);
    await zap.turnOn();
    clock.now += 60_000;
    fake.markOrdered(3);
    fake.markOrdered(7);
    fake.archive(7);
    fake.markOrdered(40);
    const before = JSON.stringify(Object.entries(zcache(appTester)).filter(([name]) => name.startsWith('poll:')));
    const key = 'shopify_purchase_order_ordered';
    const pages = await transfer<PurchaseOrder>({
      method: method(key),
      bundle: bundle(),
      rpc: new CursorRpc(),
      storeKey: 'ordered',
      zcache: zcache(appTester),
    });
    expect(ids(pages.flat())).toEqual([40, 7, 3]);
    expect(JSON.stringify(Object.entries(zcache(appTester)).filter(([name]) => name.startsWith('poll:')))).toBe(before);
    clock.now += 60_000;
    const fresh = await zap.poll();
    expect(ids(fresh).sort((a, b) => a - b)).toEqual([3, 7, 40]);
  });

  it('a continuation page of a filter that keeps nothing for longer than a page saves its progress', async () => {
    const fake = new FakeShopify({ now: () => clock.now });
    fake.create({ archivedAt: '2026-10-01T00:00:00Z' });
    for (let id = 2; id <= 400; id += 1) fake.create();
    fake.create({ archivedAt: '2026-10-01T00:00:00Z' });
    serve(fake);
    const rpc = new CursorRpc();
    const options = {
      method: method('shopify_updated_purchase_order'),
      bundle: bundle({ status: 'archived' }),
      rpc,
      storeKey: 'archived',
      zcache: {},
    };
    const got: PurchaseOrder[] = [];
    let throttles = 0;
    for (let page = 0, calls = 0; calls < 40; calls += 1) {
      try {
        const records = await transferPage<PurchaseOrder>(options, page);
        if (records.length === 0) break;
        got.push(...records);
        page += 1;
      } catch (error) {
        throttles += 1;
        expect((error as Error).name).toBe('ThrottledError');
        clock.now += 20_000;
      }
    }
    expect(ids(got)).toEqual([401, 1]);
    expect(throttles).toBeLessThan(10);
  });

  it('Status Archived on a store whose newest orders are open: page 0 walks past them and the transfer starts', async () => {
    const fake = new FakeShopify({ now: () => clock.now });
    for (let id = 1; id <= 300; id += 1)
      fake.create({
        ...(id <= 100 ? { archivedAt: '2026-10-01T00:00:00Z' } : {}),
        lines: Array.from({ length: 4 }, () => ({})),
      });
    serve(fake);
    const options = {
      method: method('shopify_new_purchase_order'),
      bundle: bundle({ status: 'archived' }),
      rpc: new CursorRpc(),
      storeKey: 'archived-0',
      zcache: {},
    };
    const got: PurchaseOrder[] = [];
    // Zapier asks a page again after a ThrottledError (the same page number).
    for (let page = 0, calls = 0; calls < 20; calls += 1) {
      try {
        const records = await transferPage<PurchaseOrder>(options, page);
        if (records.length === 0) break;
        got.push(...records);
        page += 1;
      } catch (error) {
        expect((error as Error).name).toBe('ThrottledError');
        clock.now += 30_000;
      }
    }
    expect(ids(got)).toEqual(Array.from({ length: 100 }, (_, index) => 100 - index));
    expect(got.every((record) => record.line_items.length === 4 && record.status === 'completed')).toBe(true);
  });

  it('Zaps of the store polling right after a transfer page emptied the bucket they remember full: none fails, each fires', async () => {
    const fake = new FakeShopify({ now: () => clock.now });
    for (let id = 1; id <= 400; id += 1) fake.create({ lines: Array.from({ length: 6 }, () => ({})) });
    serve(fake);
    const zapBundle = (zap: string) => (meta: object) =>
      ({
        ...bundle(),
        meta: { isLoadingSample: false, page: 0, limit: -1, zap: { id: zap }, ...meta },
      }) as Partial<Bundle>;
    const zaps = [
      simulatedZap(appTester, pollNewPurchaseOrders, zapBundle('zap-new')),
      simulatedZap(appTester, pollOrderedPurchaseOrders, zapBundle('zap-ordered')),
      simulatedZap(appTester, pollUpdatedPurchaseOrders, zapBundle('zap-updated')),
    ];
    for (const zap of zaps) await zap.turnOn();
    clock.now += 120_000;
    const made = fake.create({ status: 'ORDERED', lines: [{}] });
    const options = {
      method: method('shopify_updated_purchase_order'),
      bundle: bundle(),
      rpc: new CursorRpc(),
      storeKey: 'drain',
      zcache: zcache(appTester),
    };
    await transferPage<PurchaseOrder>(options, 0);
    expect(fake.currentlyAvailable()).toBeLessThan(500);
    const fired: number[][] = [];
    for (const zap of zaps) fired.push(ids(await zap.poll()));
    for (let poll = 0; poll < 5 && fired.some((list) => list.length === 0); poll += 1) {
      clock.now += 60_000;
      for (const [index, zap] of zaps.entries()) if (fired[index]!.length === 0) fired[index] = ids(await zap.poll());
    }
    expect(fired).toEqual([[Number(made.id)], [Number(made.id)], [Number(made.id)]]);
  });

  it('an order not yet sent that gains lines between pages is sent with all of them; one already sent is not sent again', async () => {
    const fake = new FakeShopify({ now: () => clock.now });
    for (let id = 1; id <= 300; id += 1) fake.create({ lines: Array.from({ length: 3 }, () => ({})) });
    serve(fake);
    const options = {
      method: method('shopify_new_purchase_order'),
      bundle: bundle(),
      rpc: new CursorRpc(),
      storeKey: 'grow',
      zcache: {},
    };
    const first = await transferPage<PurchaseOrder>(options, 0);
    const sent = Number(first.at(-1)!.purchase_order_id);
    const next = sent - 1;
    const grow = (id: number, count: number) => {
      const order = fake.orders.find((candidate) => candidate.id === id)!;
      for (let extra = 0; extra < count; extra += 1)
        order.lines.push({ ...order.lines[0]!, id: 1_000_000 + id * 100 + extra });
    };
    grow(next, 40);
    grow(sent, 5);
    const all = [...first];
    for (let page = 1; ; page += 1) {
      const records = await transferPage<PurchaseOrder>(options, page);
      if (records.length === 0) break;
      all.push(...records);
    }
    expect(ids(all)).toEqual(Array.from({ length: 300 }, (_, index) => 300 - index));
    expect(all.find((record) => Number(record.purchase_order_id) === next)!.line_items).toHaveLength(43);
    expect(all.find((record) => Number(record.purchase_order_id) === sent)!.line_items).toHaveLength(3);
  });

  it('the token endpoint answering 429 during a transfer page ends the page with what it has', async () => {
    const fake = new FakeShopify({ now: () => clock.now });
    for (let id = 1; id <= 600; id += 1) fake.create({ lines: Array.from({ length: 9 }, () => ({})) });
    let refuse = false;
    serve(fake, (uri) =>
      refuse && uri.endsWith('/access_token') ? [429, { errors: 'Too many requests' }] : undefined,
    );
    const rpc = new CursorRpc();
    const options = {
      method: method('shopify_new_purchase_order'),
      bundle: bundle(),
      rpc,
      storeKey: 'tokens',
      zcache: {},
    };
    const first = await transferPage<PurchaseOrder>(options, 0);
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(600);
    fake.revokeTokens();
    refuse = true;
    const error = await transferPage<PurchaseOrder>(options, 1).catch((reason: Error) => reason);
    expect((error as Error).name).toBe('ThrottledError');
    expect((error as Error).message).toContain('could not issue an access token just now (HTTP 429)');
    refuse = false;
    const rest: PurchaseOrder[] = [...first];
    for (let page = 1; ; page += 1) {
      const records = await transferPage<PurchaseOrder>(options, page);
      if (records.length === 0) break;
      rest.push(...records);
    }
    expect(ids(rest)).toEqual(Array.from({ length: 600 }, (_, index) => 600 - index));
  });

  it('a minted token refused mid-poll while the pacer waits: the Updated poll mints again and goes on', async () => {
    const fake = new FakeShopify({ now: () => clock.now });
    for (let id = 1; id <= 60; id += 1) fake.create({ lines: Array.from({ length: 8 }, () => ({})) });
    serve(fake);
    const zapBundle = (meta: object) =>
      ({
        ...bundle(),
        meta: { isLoadingSample: false, page: 0, limit: -1, zap: { id: 'zap-updated' }, ...meta },
      }) as Partial<Bundle>;
    const zap = simulatedZap(appTester, pollUpdatedPurchaseOrders, zapBundle);
    await zap.turnOn();
    for (let id = 1; id <= 60; id += 1) fake.changeLine(id, id * 8, { quantity: 99 });
    fake.spend(2000);
    const sleep = shopifyClock.sleep;
    shopifyClock.sleep = async (ms: number) => {
      fake.revokeTokens();
      await sleep(ms);
    };
    const fresh: PurchaseOrder[] = [];
    for (let poll = 0; poll < 10 && fresh.length < 60; poll += 1) {
      clock.now += 60_000;
      fresh.push(...(await zap.poll()));
    }
    expect(fresh).toHaveLength(60);
    expect(fake.mints).toBeGreaterThan(2);
  });
});
