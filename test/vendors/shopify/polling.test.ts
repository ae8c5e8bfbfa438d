/**
 * The Shopify triggers on a Standard store (2,000 points, 100 a second, requested cost charged
 * first and refunded after, at most 1,000 a query), against the cost-charging fake on a clock
 * the test moves: the client's waits move it too, so a poll's pacing runs without waiting.
 */
import nock from 'nock';
import { createAppTester, type Bundle, type ZObject } from 'zapier-platform-core';
import { FUTURE_STATUS, FakeShopify, serveOverNock } from '../../fakes/shopify';
import app from '../../../src';
import type { PurchaseOrder } from '../../../src/record/purchase-order';
import { shopifyClient } from '../../../src/vendors/shopify/client';
import { findShopifyPurchaseOrder } from '../../../src/vendors/shopify/search';
import { createPacer } from '../../../src/vendors/shopify/pacing';
import { isPause } from '../../../src/vendors/shopify/polling';
import {
  pollNewPurchaseOrders,
  pollOrderedPurchaseOrders,
  pollUpdatedPurchaseOrders,
} from '../../../src/vendors/shopify/triggers';
import { simulatedZap, zcache } from '../../fakes/zapier';
import { useShopifyTestClock } from '../../helpers/shopify-clock';

// The fake builds Shopify's whole schema once per file, a few seconds on a busy machine.
jest.setTimeout(60_000);

const appTester = createAppTester(app);
const ORIGIN = 'https://my-shop.myshopify.com';
const AUTH = {
  shopify_store_domain: 'my-shop.myshopify.com',
  shopify_client_id: 'fake-client-id',
  shopify_client_secret: 'fake-client-secret',
};
const MINUTE = 60_000;

const clock = useShopifyTestClock(appTester);

type Sent = { query: string; variables: Record<string, unknown> };

function store(options: ConstructorParameters<typeof FakeShopify>[0] = {}) {
  const fake = new FakeShopify({ now: () => clock.now, ...options });
  const sent: Sent[] = [];
  serveOverNock(fake, ORIGIN, { onGraphql: (body) => sent.push(body as Sent) });
  return { fake, sent };
}

const bundle =
  (zapId: string, inputData: Record<string, unknown> = {}) =>
  (meta: object) =>
    ({
      authData: AUTH,
      inputData,
      meta: { isLoadingSample: false, page: 0, limit: -1, zap: { id: zapId }, ...meta },
    }) as unknown as Partial<Bundle>;

const zap = (
  perform: (z: ZObject, bundle: Bundle) => Promise<PurchaseOrder[]>,
  id: string,
  inputData: Record<string, unknown> = {},
) => simulatedZap(appTester, perform, bundle(id, inputData));

/** Lines 3 to 20, the same for the same purchase order. */
const linesFor = (index: number) =>
  Array.from({ length: 3 + ((index * 7) % 18) }, (_, line) => ({
    sku: `SKU-${index}-${line}`,
    quantity: 1 + line,
    unitCost: '2.50',
  }));

/** True while the trigger's stored sweep stopped part-way (it goes on next poll). */
function sweepUnderWay(triggerKey: string): boolean {
  const entry = Object.entries(zcache(appTester)).find(([key]) => key.includes(triggerKey) && !key.endsWith(':lock'));
  const stored =
    typeof entry?.[1] === 'string'
      ? (JSON.parse(entry[1]) as { extra: { sweep: unknown } })
      : (entry?.[1] as { extra: { sweep: unknown } });
  return stored.extra.sweep !== null;
}

const requestedSince = (fake: FakeShopify, from: number) =>
  fake.spent.slice(from).reduce((sum, { requested }) => sum + requested, 0);

describe('pacing inside the client', () => {
  it('waits for the refill a query needs before sending it, so Shopify never answers THROTTLED', async () => {
    const { fake } = store();
    fake.seed(30);
    // The last poll left the bucket at 100 points, as it saw it.
    fake.spend(1_900);
    const pacer = createPacer({
      deadline: clock.now + 25_000,
      bucket: { maximumAvailable: 2000, currentlyAvailable: 100, restoreRate: 100, seenAt: clock.now },
    });
    const started = clock.now;
    const page = await appTester(
      async (z: ZObject) => shopifyClient(z, { authData: AUTH }, { pacer }).listPage({ last: 10, lines: 10 }),
      { authData: AUTH },
    );
    expect(page.edges).toHaveLength(10);
    expect(fake.throttled).toBe(0);
    // 772 requested, 100 available: 6.72 s at 100 a second, waited before the query was sent.
    expect(clock.now - started).toBe(6_720);
    expect(fake.spent).toEqual([{ requested: 772, actual: 142 }]);
    expect(pacer.bucket()).toMatchObject({ maximumAvailable: 2000, restoreRate: 100, currentlyAvailable: 630 });
  });

  it('when Shopify answers THROTTLED, waits as its throttleStatus says and asks once more', async () => {
    const { fake } = store();
    fake.seed(3);
    fake.spend(2_000);
    const records = await appTester(
      async (z: ZObject) => shopifyClient(z, { authData: AUTH }).listPage({ last: 3, lines: 1 }),
      { authData: AUTH },
    );
    expect(records.edges).toHaveLength(3);
    expect(fake.throttled).toBe(1);
  });

  it('stops before a query whose wait does not fit the deadline: the budget is spent, nothing is sent', async () => {
    // No Shopify is served: a request sent would fail with another error.
    const pacer = createPacer({
      deadline: clock.now + 5_000,
      bucket: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100, seenAt: clock.now },
    });
    const error = await appTester(
      async (z: ZObject) => shopifyClient(z, { authData: AUTH }, { pacer }).listPage({ last: 10, lines: 10 }),
      { authData: AUTH },
    ).catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'ThrottledError' });
    expect(String((error as Error).message)).toContain(
      "Shopify's query cost allowance for my-shop.myshopify.com is spent for now",
    );
  });
});

describe('a stalled answer', () => {
  const stalled = (path: RegExp) =>
    nock(ORIGIN).post(path).delay(5_000).reply(200, { access_token: 'late', expires_in: 86_400 });

  it.each([
    ['the token', /access_token/],
    ['a list page', /graphql/],
  ])('ends %s at the deadline: every request carries the time left as its timeout, a pause', async (_name, path) => {
    if (path.source === 'graphql')
      nock(ORIGIN)
        .post(/access_token/)
        .reply(200, { access_token: 'fresh', expires_in: 86_400 });
    stalled(path);
    const pacer = createPacer({ deadline: clock.now + 1_500 });
    const started = Date.now();
    const error = await appTester(
      async (z: ZObject) => shopifyClient(z, { authData: AUTH }, { pacer }).listPage({ last: 1, lines: 1 }),
      { authData: AUTH },
    ).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(isPause(error)).toBe(true);
    nock.abortPendingRequests();
    nock.cleanAll();
  });
});

describe('shopify_new_purchase_order on a Standard store', () => {
  it('delivers 30 new purchase orders in one poll, newest first, after probing ids above the floor', async () => {
    const { fake, sent } = store();
    for (let index = 0; index < 50; index += 1) fake.create({ lines: linesFor(index) });
    const newZap = zap(pollNewPurchaseOrders, 'zap-new');
    await newZap.turnOn();
    clock.now += 5 * MINUTE;
    for (let index = 0; index < 30; index += 1) {
      fake.create({ lines: linesFor(index) });
      clock.now += 1000;
    }
    sent.length = 0;
    const records = await newZap.poll();
    expect(records.map((record) => record.purchase_order_id)).toEqual(
      Array.from({ length: 30 }, (_, index) => String(80 - index)),
    );
    expect(records.every((record) => record.line_item_count >= 3)).toBe(true);
    expect(sent[0]?.variables).toEqual({ first: 250, query: 'id:>50' });
    expect(fake.throttled).toBe(0);
  });

  it('delivers a burst of 5,000 new purchase orders a page above the floor at a time, each once, where a probe of the whole burst never fitted a poll', async () => {
    const { fake } = store();
    fake.seed(10);
    const newZap = zap(pollNewPurchaseOrders, 'zap-new-burst');
    await newZap.turnOn();
    fake.seed(5_000);
    // The bucket, not the app, sets the pace: about 4,500 points a poll at some 15 points an order.
    for (let polls = 0; polls < 30; polls += 1) {
      clock.now += 5 * MINUTE;
      const records = await newZap.poll();
      expect(records.length).toBeGreaterThan(0);
      if (newZap.triggered.length === 5_000) break;
    }
    const ids = newZap.triggered.map((record) => Number(record.purchase_order_id));
    expect(new Set(ids).size).toBe(5_000);
    expect(Math.min(...ids)).toBe(11);
    expect(fake.throttled).toBe(0);
  }, 120_000);

  it('takes a burst of 5,000 purchase orders arriving ordered or as drafts into the Ordered trigger, a page at a time', async () => {
    const { fake } = store();
    fake.seed(10);
    const orderedZap = zap(pollOrderedPurchaseOrders, 'zap-ordered-burst');
    await orderedZap.turnOn();
    fake.seed(4_990);
    for (let index = 0; index < 10; index += 1) fake.create({ status: 'ORDERED' });
    clock.now += 5 * MINUTE;
    for (let polls = 0; polls < 8 && orderedZap.triggered.length < 10; polls += 1) {
      await orderedZap.poll();
      clock.now += 5 * MINUTE;
    }
    expect(orderedZap.triggered.map((record) => record.purchase_order_id).sort()).toEqual(
      Array.from({ length: 10 }, (_, index) => String(5_001 + index)).sort(),
    );
  }, 120_000);

  it('falls back to paging from the newest end when Shopify ignores the id filter, each new one once', async () => {
    const { fake } = store({ ignoresIdFilter: true });
    fake.seed(40);
    const newZap = zap(pollNewPurchaseOrders, 'zap-ignored');
    await newZap.turnOn();
    clock.now += MINUTE;
    fake.seed(3);
    expect((await newZap.poll()).map((record) => record.id)).toEqual(['shopify:43', 'shopify:42', 'shopify:41']);
    clock.now += MINUTE;
    expect(await newZap.poll()).toEqual([]);
  });

  it('keeps a purchase order in USDC and one with a status 2026-10 does not list, with their vendor words', async () => {
    const { fake } = store();
    fake.seed(2);
    const newZap = zap(pollNewPurchaseOrders, 'zap-odd');
    await newZap.turnOn();
    fake.create({ currency: 'USDC', lines: [{ unitCost: '10.00', quantity: 2 }] });
    fake.create({ status: FUTURE_STATUS });
    clock.now += MINUTE;
    const records = await newZap.poll();
    expect(
      records.map(({ purchase_order_id, currency, status, vendor_status }) => ({
        purchase_order_id,
        currency,
        status,
        vendor_status,
      })),
    ).toEqual([
      { purchase_order_id: '4', currency: 'USD', status: 'open', vendor_status: FUTURE_STATUS },
      { purchase_order_id: '3', currency: 'USDC', status: 'draft', vendor_status: 'DRAFT' },
    ]);
    expect(records[1]?.total).toBe('20.00');
    const found = await appTester(
      async (z: ZObject) => [
        ...(await findShopifyPurchaseOrder(z, AUTH, { purchaseOrderId: '3', number: undefined })),
        ...(await findShopifyPurchaseOrder(z, AUTH, { purchaseOrderId: '4', number: undefined })),
      ],
      { authData: AUTH } as Partial<Bundle>,
    );
    expect(found.map((record) => [record.currency, record.status, record.vendor_status])).toEqual([
      ['USDC', 'draft', 'DRAFT'],
      ['USD', 'open', FUTURE_STATUS],
    ]);
  });
});

describe('shopify_updated_purchase_order on a Standard store', () => {
  it('sweeps 100 purchase orders of 3 to 20 lines within 10,000 requested points, firing only for the ones that changed', async () => {
    const { fake } = store();
    for (let index = 0; index < 100; index += 1) fake.create({ lines: linesFor(index) });
    const updatedZap = zap(pollUpdatedPurchaseOrders, 'zap-updated');
    await updatedZap.turnOn();
    // Whatever the turn-on left of its sweep is finished first: no change yet, nothing fires.
    for (let polls = 0; sweepUnderWay('shopify_updated_purchase_order'); polls += 1) {
      expect(polls).toBeLessThan(5);
      clock.now += 15 * MINUTE;
      expect(await updatedZap.poll()).toEqual([]);
    }
    fake.markOrdered(10);
    fake.changeLine(55, fake.orders[54]!.lines[2]!.id, { quantity: 99 });
    fake.archive(90);
    clock.now += 15 * MINUTE;
    const from = fake.spent.length;
    // The whole sweep, over as many polls as it takes (the pacer waits for the refills that fit a poll).
    const records = await updatedZap.poll();
    for (let polls = 1; sweepUnderWay('shopify_updated_purchase_order'); polls += 1) {
      expect(polls).toBeLessThan(3);
      clock.now += MINUTE;
      records.push(...(await updatedZap.poll()));
    }
    expect(records.map((record) => record.purchase_order_id).sort()).toEqual(['10', '55', '90']);
    expect(requestedSince(fake, from)).toBeLessThanOrEqual(10_000);
    clock.now += 15 * MINUTE;
    expect(await updatedZap.poll()).toEqual([]);
  });

  it('with a status filter, fires once for a purchase order that changes into the status and never for one that stays out', async () => {
    const { fake } = store();
    fake.seed(20);
    const updatedZap = zap(pollUpdatedPurchaseOrders, 'zap-updated-ordered', { status: 'ordered' });
    await updatedZap.turnOn();
    clock.now += MINUTE;
    expect(await updatedZap.poll()).toEqual([]);
    fake.markOrdered(7);
    fake.changeLine(8, fake.orders[7]!.lines[0]!.id, { quantity: 5 });
    clock.now += MINUTE;
    expect((await updatedZap.poll()).map((record) => [record.purchase_order_id, record.status])).toEqual([
      ['7', 'ordered'],
    ]);
    clock.now += MINUTE;
    expect(await updatedZap.poll()).toEqual([]);
  });
  it('turned on while Shopify fails before anything is read, fires for none of the purchase orders that existed then', async () => {
    nock(ORIGIN)
      .post(/graphql/)
      .reply(503, 'Service Unavailable');
    const { fake } = store();
    for (let index = 0; index < 5; index += 1)
      fake.create({ dateCreated: new Date(clock.now - (5 - index) * MINUTE).toISOString() });
    const updatedZap = zap(pollUpdatedPurchaseOrders, 'zap-updated-503');
    expect(await updatedZap.turnOn()).toEqual([]);
    clock.now += MINUTE;
    fake.create({});
    expect((await updatedZap.poll()).map((record) => record.purchase_order_id)).toEqual(['6']);
  });

  it('fires for a purchase order ordered after turn-on that the turn-on sweep, paused by other apps draining the bucket, had not reached', async () => {
    const { fake } = store();
    for (let index = 0; index < 100; index += 1) fake.create({ lines: linesFor(index) });
    const updatedZap = zap(pollUpdatedPurchaseOrders, 'zap-updated-drained');
    fake.spend(2_000);
    await updatedZap.turnOn();
    expect(sweepUnderWay('shopify_updated_purchase_order')).toBe(true);
    clock.now += MINUTE;
    // The oldest purchase order, the sweep's last, before the sweep reaches it.
    fake.markOrdered(1);
    const fired: string[] = [];
    for (let polls = 0; polls < 5; polls += 1) {
      fake.spend(2_000);
      fired.push(...(await updatedZap.poll()).map((record) => record.purchase_order_id));
      clock.now += 2 * MINUTE;
    }
    expect(fired).toEqual(['1']);
  });
});

describe('shopify_purchase_order_ordered on a Standard store', () => {
  it('fires once for each of five drafts ordered among 2,000 drafts, the oldest included', async () => {
    const { fake } = store();
    fake.seed(2000);
    for (let index = 0; index < 10; index += 1) fake.create({ status: 'ORDERED' });
    const orderedZap = zap(pollOrderedPurchaseOrders, 'zap-ordered');
    await orderedZap.turnOn();
    clock.now += 5 * MINUTE;
    expect(await orderedZap.poll()).toEqual([]);
    clock.now += 5 * MINUTE;
    const drafts = [3, 50, 400, 900, 1500];
    for (const [index, id] of drafts.entries()) fake.markOrdered(id, new Date(clock.now + index * 1000).toISOString());
    clock.now += 5 * MINUTE;
    const expected = drafts.map((id) => `shopify:${id}:ordered:${fake.orders[id - 1]!.orderedAt}`).reverse();
    expect((await orderedZap.poll()).map((record) => record.id)).toEqual(expected);
    clock.now += 5 * MINUTE;
    expect(await orderedZap.poll()).toEqual([]);
  });

  it('samples the most recently ordered purchase orders, an old draft ordered last among them, newest first', async () => {
    const { fake } = store();
    fake.seed(5);
    for (let index = 0; index < 15; index += 1)
      fake.create({ status: 'ORDERED', orderedAt: new Date(clock.now - (20 - index) * MINUTE).toISOString() });
    fake.markOrdered(2, new Date(clock.now).toISOString());
    const records = await appTester(pollOrderedPurchaseOrders, bundle('zap-ordered-sample')({ isLoadingSample: true }));
    expect(records.map((record) => record.purchase_order_id)).toEqual([
      '2',
      '20',
      '19',
      '18',
      '17',
      '16',
      '15',
      '14',
      '13',
      '12',
    ]);
  });

  it('fires for a draft ordered after turn-on before the turn-on scan, paused by other apps draining the bucket, reached it', async () => {
    const { fake } = store();
    fake.seed(3000);
    for (let index = 0; index < 5; index += 1)
      fake.create({ status: 'ORDERED', orderedAt: new Date(clock.now - MINUTE).toISOString() });
    const orderedZap = zap(pollOrderedPurchaseOrders, 'zap-ordered-drained');
    fake.spend(2_000);
    await orderedZap.turnOn();
    clock.now += MINUTE;
    // The oldest draft, the scan's last, before the scan reaches it.
    fake.markOrdered(1);
    const fired: string[] = [];
    for (let polls = 0; polls < 4; polls += 1) {
      fake.spend(2_000);
      fired.push(...(await orderedZap.poll()).map((record) => record.purchase_order_id));
      clock.now += 2 * MINUTE;
    }
    expect(fired).toEqual(['1']);
  });
});

describe('a walk resumed from a cursor Shopify refuses (a damaged state)', () => {
  /** Replaces the stored walk's cursor with one Shopify cannot read. */
  function damageCursor(triggerKey: string): void {
    const cache = zcache(appTester);
    const key = Object.keys(cache).find((each) => each.includes(triggerKey) && !each.endsWith(':lock'))!;
    const stored = JSON.parse(cache[key] as string) as {
      extra: { sweep?: { before: string } | null; scan?: { before: string } | null };
    };
    const walk = stored.extra.sweep ?? stored.extra.scan;
    expect(walk?.before).toEqual(expect.any(String));
    walk!.before = 'not-a-cursor';
    cache[key] = JSON.stringify(stored);
  }

  it('starts the Updated sweep again from the newest end instead of failing every poll', async () => {
    const { fake } = store();
    for (let index = 0; index < 100; index += 1) fake.create({ lines: linesFor(index) });
    const updatedZap = zap(pollUpdatedPurchaseOrders, 'zap-updated-cursor');
    fake.spend(2_000);
    await updatedZap.turnOn();
    damageCursor('shopify_updated_purchase_order');
    fake.markOrdered(100);
    clock.now += MINUTE;
    expect((await updatedZap.poll()).map((record) => record.purchase_order_id)).toEqual(['100']);
  });

  it('starts the Ordered draft scan again from the newest end instead of failing every poll', async () => {
    const { fake } = store();
    fake.seed(3000);
    const orderedZap = zap(pollOrderedPurchaseOrders, 'zap-ordered-cursor');
    fake.spend(2_000);
    await orderedZap.turnOn();
    damageCursor('shopify_purchase_order_ordered');
    clock.now += MINUTE;
    fake.markOrdered(2);
    const fired: string[] = [];
    for (let polls = 0; polls < 4; polls += 1) {
      fired.push(...(await orderedZap.poll()).map((record) => record.purchase_order_id));
      clock.now += 2 * MINUTE;
    }
    expect(fired).toEqual(['2']);
  });
});

describe('ten polls of each trigger on one store, 1 to 15 minutes apart, sharing the bucket', () => {
  it('never fails with ThrottledError, the turn-on included, and each change fires once', async () => {
    const { fake } = store();
    for (let index = 0; index < 300; index += 1) fake.create({ lines: linesFor(index) });
    fake.spend(2_000);
    const zaps = {
      new: zap(pollNewPurchaseOrders, 'zap-a'),
      ordered: zap(pollOrderedPurchaseOrders, 'zap-b'),
      updated: zap(pollUpdatedPurchaseOrders, 'zap-c'),
    };
    for (const each of Object.values(zaps)) await each.turnOn();
    const intervals = [1, 15, 4, 9, 2, 12, 7, 3, 15, 1];
    for (const [round, minutes] of intervals.entries()) {
      clock.now += minutes * MINUTE;
      fake.create({ lines: linesFor(round), status: round % 2 === 0 ? 'ORDERED' : 'DRAFT' });
      fake.markOrdered(1 + round * 20);
      for (const each of Object.values(zaps)) await each.poll();
    }
    expect(zaps.new.triggered).toHaveLength(10);
    const ordered = zaps.ordered.triggered.map((record) => record.purchase_order_id);
    expect(new Set(ordered).size).toBe(ordered.length);
    expect(ordered).toEqual(expect.arrayContaining(['1', '21', '301', '303']));
  }, 120_000);
});
