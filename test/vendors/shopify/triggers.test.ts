import { createAppTester, type Bundle } from 'zapier-platform-core';
import { FakeShopify, serveOverNock } from '../../fakes/shopify';
import app from '../../../src';
import { purchaseOrderSchema, type PurchaseOrder } from '../../../src/record/purchase-order';
import {
  pollNewPurchaseOrders,
  pollOrderedPurchaseOrders,
  pollUpdatedPurchaseOrders,
} from '../../../src/vendors/shopify/triggers';
import { shopifyClock } from '../../../src/vendors/shopify/pacing';
import { errorDetails } from '../../helpers/zapier';
import { clearZcache, simulatedZap } from '../../fakes/zapier';

const appTester = createAppTester(app);
const ORIGIN = 'https://my-shop.myshopify.com';
const AUTH = {
  shopify_store_domain: 'my-shop.myshopify.com',
  shopify_client_id: 'fake-client-id',
  shopify_client_secret: 'fake-client-secret',
};

type Sent = { query: string; variables: Record<string, unknown> };

/** Serves the fake over nock and keeps every GraphQL request's body, in order. */
function serve(fake: FakeShopify): Sent[] {
  const sent: Sent[] = [];
  serveOverNock(fake, ORIGIN, { onGraphql: (body) => sent.push(body as Sent) });
  return sent;
}

const bundle =
  (zapId: string, inputData: Record<string, unknown> = {}) =>
  (meta: object) =>
    ({
      authData: AUTH,
      inputData,
      meta: { isLoadingSample: false, page: 0, limit: -1, zap: { id: zapId }, ...meta },
    }) as unknown as Partial<Bundle>;

const numbers = (records: PurchaseOrder[]) => records.map((record) => record.number);
const shape = (records: PurchaseOrder[]) =>
  records.map((record) => ({ id: record.id, event: record.event, status: record.status }));
/**
 * A fake clock the fake's timestamps follow, so each change has its own time; the client's
 * pacing waits on it too, so a wait for the bucket moves it instead of waiting.
 */
function clock(start = Date.parse('2026-11-02T09:00:00Z')) {
  let now = start;
  shopifyClock.now = () => now;
  shopifyClock.sleep = (ms: number) => {
    now += ms;
    return Promise.resolve();
  };
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const realClock = { ...shopifyClock };
// The fake builds Shopify's whole schema once per file, a few seconds on a busy machine.
jest.setTimeout(60_000);

beforeEach(() => {
  clearZcache(appTester);
});
afterEach(() => Object.assign(shopifyClock, realClock));

describe('shopify_new_purchase_order', () => {
  it('reads only the ids above what the Zap has seen, from the floor up: the exact request and record', async () => {
    const time = clock();
    const fake = new FakeShopify({ now: time.now });
    fake.seed(3);
    const sent = serve(fake);
    const zap = simulatedZap(appTester, pollNewPurchaseOrders, bundle('zap-new'));
    await zap.turnOn();
    sent.length = 0;
    time.advance(60_000);
    fake.create({ name: 'PO-NEW', supplierName: 'Acme', lines: [{ sku: 'TEE-1', quantity: 4, unitCost: '2.50' }] });

    const records = await zap.poll();

    // A probe of the ids above the floor (1 point each), then exactly the one new purchase order in full.
    expect(sent.map(({ variables }) => variables)).toEqual([
      { first: 250, query: 'id:>3' },
      { last: 1, before: null, query: 'id:>3 id:<5', lines: 10 },
    ]);
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(purchaseOrderSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject({
      id: 'shopify:4',
      source: 'shopify',
      event: 'created',
      purchase_order_id: '4',
      number: 'PO-NEW',
      status: 'draft',
      vendor_status: 'DRAFT',
      currency: 'USD',
      supplier: { name: 'Acme' },
      created_at: '2026-11-02T09:01:00.000Z',
      updated_at: null,
      line_item_count: 1,
      total_quantity: 4,
      subtotal: '10.00',
      vendor_fields: { gid: 'gid://shopify/InventoryPurchaseOrder/4' },
    });
    expect(record?.line_items[0]).toMatchObject({ sku: 'TEE-1', quantity: 4, unit_cost: '2.50', total: '10.00' });
    // Nothing new: one request, nothing triggers.
    sent.length = 0;
    expect(await zap.poll()).toEqual([]);
    expect(sent).toHaveLength(1);
  });

  it('never reports purchase orders older than the Zap, and delivers a burst past 100 in one poll, each once', async () => {
    const fake = new FakeShopify({ maximumAvailable: 1_000_000, restoreRate: 1_000_000 });
    fake.seed(5000);
    serve(fake);
    const zap = simulatedZap(appTester, pollNewPurchaseOrders, bundle('zap-burst'));
    await zap.turnOn();
    expect(await zap.poll()).toEqual([]);
    fake.seed(250);
    const polls: number[] = [];
    for (let round = 0; round < 4; round += 1) polls.push((await zap.poll()).length);
    expect(polls).toEqual([250, 0, 0, 0]);
    const ids = zap.triggered.map((record) => Number(record.purchase_order_id)).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 250 }, (_, index) => 5001 + index));
  });

  it("keeps only the chosen status: Archived is read by Shopify's list and kept here", async () => {
    const fake = new FakeShopify();
    serve(fake);
    const zap = simulatedZap(appTester, pollNewPurchaseOrders, bundle('zap-archived', { status: 'archived' }));
    await zap.turnOn();
    const open = fake.create({ name: 'PO-OPEN' });
    const closed = fake.create({ name: 'PO-CLOSED' });
    fake.archive(closed.id);
    expect(open.id).toBeLessThan(closed.id);
    expect(numbers(await zap.poll())).toEqual(['PO-CLOSED']);
  });

  it('walks past pages where the status filter keeps nothing, and never reports what predates the Zap', async () => {
    const fake = new FakeShopify({ maximumAvailable: 1_000_000, restoreRate: 1_000_000 });
    for (let index = 0; index < 50; index += 1) fake.create({ archivedAt: '2026-10-01T00:00:00Z' });
    fake.seed(10);
    const sent = serve(fake);
    const zap = simulatedZap(appTester, pollNewPurchaseOrders, bundle('zap-archived-floor', { status: 'archived' }));
    await zap.turnOn();
    // The floor is the newest id, kept or not: the 50 archived ones below it never fire.
    expect(await zap.poll()).toEqual([]);
    const closed = fake.create({ name: 'PO-CLOSED' });
    fake.archive(closed.id);
    fake.seed(25);
    sent.length = 0;
    expect(numbers(await zap.poll())).toEqual(['PO-CLOSED']);
    // One probe, then the 26 new purchase orders in full, oldest first, 12 a query at 10 lines each.
    expect(sent.map(({ variables }) => variables.first ?? variables.last)).toEqual([250, 12, 12, 2]);
  });

  it('refuses a status that is not in the list, naming the input', async () => {
    const error = (await appTester(pollNewPurchaseOrders, bundle('zap-x', { status: 'closed' })({})).catch(
      (e: Error) => e,
    )) as Error;
    expect(errorDetails(error).message).toBe(
      'Status must be one of draft, ordered, archived, not "closed". Pick it from the list.',
    );
  });

  it('loads samples with one small request', async () => {
    const fake = new FakeShopify();
    fake.seed(30);
    const sent = serve(fake);
    const records = await appTester(pollNewPurchaseOrders, bundle('zap-sample')({ isLoadingSample: true }));
    expect(numbers(records)).toEqual(['PO30', 'PO29', 'PO28', 'PO27', 'PO26', 'PO25', 'PO24', 'PO23', 'PO22', 'PO21']);
    expect(sent.map(({ variables }) => variables.last)).toEqual([10]);
  });

  it('returns what it read when the bucket cannot pay for more within the poll, and the next poll resumes: each once', async () => {
    // A spent bucket refilling 50 points a second: a poll's 25 s cannot pay for all 45 purchase orders.
    const time = clock();
    const fake = new FakeShopify({ now: time.now, maximumAvailable: 1600, restoreRate: 50 });
    serve(fake);
    const zap = simulatedZap(appTester, pollNewPurchaseOrders, bundle('zap-throttle'));
    await zap.turnOn();
    time.advance(3_600_000);
    fake.seed(45);
    fake.spend(1600);
    const first = await zap.poll();
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(45);
    for (let round = 0; round < 5 && zap.triggered.length < 45; round += 1) {
      time.advance(3_600_000);
      await zap.poll();
    }
    const ids = zap.triggered.map((record) => Number(record.purchase_order_id)).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 45 }, (_, index) => index + 1));
  });

  it('treats a throttle before anything was read as a pause: nothing returned, and the next poll delivers', async () => {
    const time = clock();
    const fake = new FakeShopify({ now: time.now, maximumAvailable: 1000, restoreRate: 1 });
    serve(fake);
    const zap = simulatedZap(appTester, pollNewPurchaseOrders, bundle('zap-dry'));
    await zap.turnOn();
    fake.seed(5);
    // Spent by the app's other Zaps on the store: the probe waits for no 250 seconds.
    fake.spend(1000);
    expect(await zap.poll()).toEqual([]);
    time.advance(3_600_000);
    expect(numbers(await zap.poll())).toHaveLength(5);
  });

  it('mints one token and reuses it across polls', async () => {
    const fake = new FakeShopify({ maximumAvailable: 1_000_000, restoreRate: 1_000_000 });
    fake.seed(3);
    serve(fake);
    const zap = simulatedZap(appTester, pollNewPurchaseOrders, bundle('zap-token'));
    await zap.turnOn();
    await zap.poll();
    await zap.poll();
    expect(fake.mints).toBe(1);
  });
});

describe('shopify_purchase_order_ordered', () => {
  it('fires once for a new purchase order created as ordered, and once for an old draft deep in the list when it is ordered', async () => {
    const time = clock();
    const fake = new FakeShopify({ now: time.now, maximumAvailable: 1_000_000, restoreRate: 1_000_000 });
    const oldDraft = fake.create({ name: 'PO-OLD-DRAFT' });
    // 3,000 later purchase orders, ordered and closed: the draft is deep in the list.
    for (let index = 0; index < 3000; index += 1)
      fake.create({ status: 'ORDERED', archivedAt: '2026-10-01T00:00:00Z' });
    fake.create({ name: 'PO-ALREADY-ORDERED', status: 'ORDERED' });
    serve(fake);
    const zap = simulatedZap(appTester, pollOrderedPurchaseOrders, bundle('zap-ordered'));
    await zap.turnOn();
    expect(await zap.poll()).toEqual([]);

    time.advance(60_000);
    const arrived = fake.create({ name: 'PO-ARRIVED', status: 'ORDERED' });
    fake.markOrdered(oldDraft.id);
    const fired = await zap.poll();
    expect(shape(fired).sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: `shopify:${oldDraft.id}:ordered:2026-11-02T09:01:00.000Z`, event: 'ordered', status: 'ordered' },
      { id: `shopify:${arrived.id}:ordered:2026-11-02T09:01:00.000Z`, event: 'ordered', status: 'ordered' },
    ]);
    expect(await zap.poll()).toEqual([]);
    time.advance(60_000);
    fake.archive(oldDraft.id);
    expect(await zap.poll()).toEqual([]);
  });

  it('keeps what arrived when the draft check fails, and a draft that cannot be read never jams the trigger', async () => {
    const time = clock();
    const fake = new FakeShopify({ now: time.now, maximumAvailable: 1_000_000, restoreRate: 1_000_000 });
    const broken = fake.create({ name: 'PO-BROKEN' });
    serve(fake);
    const zap = simulatedZap(appTester, pollOrderedPurchaseOrders, bundle('zap-draft-failure'));
    await zap.turnOn();
    time.advance(60_000);
    fake.markOrdered(broken.id);
    // Shopify now answers this purchase order with a blank name: the record cannot be made.
    broken.name = '';
    const arrived = fake.create({ name: 'PO-ARRIVED', status: 'ORDERED' });
    expect(numbers(await zap.poll())).toEqual(['PO-ARRIVED']);
    expect(await zap.poll()).toEqual([]);
    expect(zap.triggered.map((record) => record.purchase_order_id)).toEqual([String(arrived.id)]);
  });

  it('delivers many drafts ordered and many arriving ordered at once in one poll, each once', async () => {
    const time = clock();
    const fake = new FakeShopify({ now: time.now, maximumAvailable: 1_000_000, restoreRate: 1_000_000 });
    const drafts = Array.from({ length: 20 }, () => fake.create());
    serve(fake);
    const zap = simulatedZap(appTester, pollOrderedPurchaseOrders, bundle('zap-ordered-flood'));
    await zap.turnOn();
    time.advance(60_000);
    for (const draft of drafts) fake.markOrdered(draft.id);
    for (let index = 0; index < 100; index += 1) fake.create({ status: 'ORDERED' });
    const sizes: number[] = [];
    for (let round = 0; round < 3; round += 1) sizes.push((await zap.poll()).length);
    expect(sizes).toEqual([120, 0, 0]);
    expect(new Set(zap.triggered.map((record) => record.id)).size).toBe(120);
  });

  it('fires for a draft created after the Zap and ordered later, and forgets a deleted draft', async () => {
    const time = clock();
    const fake = new FakeShopify({ now: time.now });
    serve(fake);
    const zap = simulatedZap(appTester, pollOrderedPurchaseOrders, bundle('zap-later'));
    await zap.turnOn();
    time.advance(60_000);
    const draft = fake.create({ name: 'PO-LATER' });
    const deleted = fake.create({ name: 'PO-GONE' });
    expect(await zap.poll()).toEqual([]);
    time.advance(60_000);
    fake.markOrdered(draft.id);
    fake.remove(deleted.id);
    expect(numbers(await zap.poll())).toEqual(['PO-LATER']);
    time.advance(60_000);
    expect(await zap.poll()).toEqual([]);
    time.advance(60_000);
    expect(await zap.poll()).toEqual([]);
  });
});

describe('shopify_updated_purchase_order', () => {
  it('fires once per version of a purchase order: drafted, ordered, a line changed, archived', async () => {
    const time = clock();
    const fake = new FakeShopify({ now: time.now, maximumAvailable: 1_000_000, restoreRate: 1_000_000 });
    fake.seed(40);
    serve(fake);
    const zap = simulatedZap(appTester, pollUpdatedPurchaseOrders, bundle('zap-updated'));
    await zap.turnOn();
    // The sweep meets the 30 older purchase orders beyond the first page: unchanged, none fires.
    for (let round = 0; round < 3; round += 1) expect(await zap.poll()).toEqual([]);

    const order = fake.create({
      name: 'PO-LIFE',
      lines: [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 2 },
      ],
    });
    const steps: string[][] = [];
    const step = async (change: () => void) => {
      time.advance(60_000);
      change();
      steps.push((await zap.poll()).map((record) => `${record.number}:${record.status}`));
    };
    await step(() => undefined);
    await step(() => fake.markOrdered(order.id));
    await step(() => fake.changeLine(order.id, order.lines[1]!.id, { quantity: 5 }));
    await step(() => fake.archive(order.id));
    await step(() => undefined);
    expect(steps).toEqual([['PO-LIFE:draft'], ['PO-LIFE:ordered'], ['PO-LIFE:ordered'], ['PO-LIFE:completed'], []]);
    expect(new Set(zap.triggered.map((record) => record.id)).size).toBe(4);
  });

  it('reports none of the older purchase orders, then finds a change to one within one sweep; each poll stays bounded', async () => {
    const fake = new FakeShopify({ maximumAvailable: 1_000_000, restoreRate: 1_000_000 });
    fake.seed(300);
    const sent = serve(fake);
    const zap = simulatedZap(appTester, pollUpdatedPurchaseOrders, bundle('zap-sweep'));
    await zap.turnOn();
    // The first sweep learns the purchase orders that predate the Zap: none fires.
    for (let round = 0; round < 2; round += 1) expect(await zap.poll()).toEqual([]);
    fake.changeLine(7, fake.orders[6]!.lines[0]!.id, { quantity: 9 });
    let polls = 0;
    let found: PurchaseOrder | undefined;
    while (!found && polls < 3) {
      sent.length = 0;
      found = (await zap.poll()).find((record) => record.purchase_order_id === '7' && record.total_quantity === 9);
      polls += 1;
      // The newest page, and at most a poll's 30 requests more.
      expect(sent.length).toBeLessThanOrEqual(31);
    }
    expect(found).toBeDefined();
    // 300 purchase orders, 300 a poll after the newest page: one sweep is 1 or 2 polls.
    expect(polls).toBeLessThanOrEqual(2);
    // About 130 requests through the app tester: more than jest's default 5 s on a busy machine.
  }, 30_000);
});

describe('shopify_purchase_order_ordered under throttling', () => {
  it('never fails for cost: a turn-on and polls on a spent bucket pause, and a draft ordered meanwhile fires once when it refills', async () => {
    const time = clock();
    const fake = new FakeShopify({ now: time.now, restoreRate: 1 });
    serve(fake);
    const draft = fake.create({ status: 'DRAFT' });
    fake.create({ status: 'ORDERED' });
    fake.spend(2000);
    const zap = simulatedZap(appTester, pollOrderedPurchaseOrders, bundle('ordered-throttled'));
    await expect(zap.turnOn()).resolves.toEqual([]);
    time.advance(3_600_000);
    await expect(zap.poll()).resolves.toEqual([]);
    fake.markOrdered(draft.id);
    fake.spend(2000);
    await expect(zap.poll()).resolves.toEqual([]);
    time.advance(3_600_000);
    expect((await zap.poll()).map((record) => record.purchase_order_id)).toEqual([String(draft.id)]);
    time.advance(3_600_000);
    expect(await zap.poll()).toEqual([]);
  });
});
