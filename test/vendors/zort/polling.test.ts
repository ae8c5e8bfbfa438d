import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppTester, type Bundle } from 'zapier-platform-core';
import app from '../../../src';
import { purchaseOrderSchema, type PurchaseOrder } from '../../../src/record/purchase-order';
import { makeZortPoll, zortPollingTriggers } from '../../../src/vendors/zort/polling';
import { zortTriggers } from '../../../src/vendors/zort/triggers';
import { TRIGGER_KEYS } from '../../helpers/contract-keys';
import { FakeZortList, ZORT_AUTH, ZORT_HEADERS } from '../../helpers/fake-zort';
import { errorDetails } from '../../helpers/zapier';
import { clearZcache, simulatedZap, zcache } from '../../helpers/zapier-polling';

const appTester = createAppTester(app);
const seed = JSON.parse(readFileSync(join(__dirname, '../../../src/vendors/zort/seed-purchase-order.json'), 'utf8')) as Record<string, unknown>;

const PATH = '/v4/PurchaseOrder/GetPurchaseOrders';
const HEADERS = { ...ZORT_HEADERS, numberlist: undefined };
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** 16:40:30 in the store (UTC+7). */
const TURNED_ON = Date.parse('2026-11-24T09:40:30Z');

/** A purchase order as GetPurchaseOrders lists it: the seed with its own id and number. */
const document = (id: number, fields: Record<string, unknown> = {}) => ({ ...seed, id, number: `PO-${id}`, ...fields });

function clock(start = TURNED_ON) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const bundle = (zapId: string) => (meta: object) =>
  ({
    authData: ZORT_AUTH,
    inputData: {},
    meta: { isLoadingSample: false, page: 0, limit: -1, zap: { id: zapId }, ...meta },
  }) as unknown as Partial<Bundle>;

const ids = (records: PurchaseOrder[]) => records.map((record) => record.purchase_order_id).sort((a, b) => Number(a) - Number(b));
const rejection = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a rejection'); }, (error: Error) => error);

/** Old purchase orders, created and last changed days before the Zap. */
function oldOrders(fake: FakeZortList, count: number, firstId = 1) {
  for (let offset = 0; offset < count; offset += 1) fake.create(document(firstId + offset), TURNED_ON - 3 * DAY_MS);
}

beforeEach(() => {
  clearZcache(appTester);
});

describe('zort_new_purchase_order_polling', () => {
  it('asks for what was created after a minute of store time, with a margin: the exact requests and record', async () => {
    const time = clock();
    const fake = new FakeZortList();
    oldOrders(fake, 3);
    // Created 20 seconds before the Zap was turned on: never reported.
    fake.create(document(4), TURNED_ON - 20_000);
    const zap = simulatedZap(appTester, makeZortPoll('new', { now: time.now }), bundle('zap-new'));

    expect(ids(await zap.turnOn())).toEqual(['4']);
    // 16:40:30 less the 2-minute margin, at minute resolution.
    expect(fake.requests).toEqual([{ path: PATH, query: { limit: '100', page: '1', createdatetimeafter: '2026-11-24 16:38' }, headers: HEADERS }]);

    // Created in the minute the Zap was turned on, after it: ZORT's "after 16:40" may leave it out.
    fake.create(document(6), TURNED_ON + 10_000);
    time.advance(MINUTE_MS);
    fake.create(
      document(5, {
        purchaseorderdate: '/Date(1763917200000)/',
        purchaseorderdateString: '2025-11-24',
        customerid: 77,
        customername: 'Siam Rice Co.',
        customerphone: '021234567',
        description: 'Deliver to the back door',
        vattype: 3,
        list: [{ productid: 9, sku: 'RICE-5KG', name: 'Jasmine rice 5 kg', number: 2.5, pricepernumber: '120.10', discount: '5%', totalprice: '300.25' }],
        amount: '300.25',
        paymentamount: 0,
        paymentstatus: 'Pending',
        status: 'Waiting',
      }),
      time.now(),
    );
    time.advance(4 * MINUTE_MS);
    fake.requests.length = 0;

    const records = await zap.poll();

    // A short page of 3 could be ZORT's cap (the longest page seen was 1): one more request tells.
    expect(fake.requests).toEqual([
      { path: PATH, query: { limit: '100', page: '1', createdatetimeafter: '2026-11-24 16:38' }, headers: HEADERS },
      { path: PATH, query: { limit: '100', page: '2', createdatetimeafter: '2026-11-24 16:38' }, headers: HEADERS },
    ]);
    expect(ids(records)).toEqual(['5', '6']);
    expect(records.find((record) => record.id === 'zort:5')).toEqual(
      {
        id: 'zort:5',
        source: 'zort',
        event: 'created',
        document_type: 'purchase_order',
        purchase_order_id: '5',
        number: 'PO-5',
        status: 'ordered',
        vendor_status: 'Waiting',
        payment_status: 'unpaid',
        currency: null,
        supplier: { id: '77', name: 'Siam Rice Co.', email: null, phone: '021234567', customer_number: null },
        created_at: null,
        updated_at: null,
        ordered_at: '2025-11-24T00:00:00+07:00',
        completed_at: null,
        expected_on: null,
        notes: 'Deliver to the back door',
        billing_address: null,
        shipping_address: null,
        line_items: [
          {
            id: null,
            sku: 'RICE-5KG',
            supplier_sku: null,
            title: 'Jasmine rice 5 kg',
            variant_title: null,
            quantity: 2.5,
            unit_cost: '120.10',
            total: '300.25',
            tax_rate: null,
            product_id: '9',
            variant_id: null,
            status: null,
            received_at: null,
          },
        ],
        line_item_count: 1,
        total_quantity: 2.5,
        subtotal: '300.25',
        shipping: null,
        adjustments: null,
        total: '300.25',
        vendor_fields: {
          document_date: '2025-11-24',
          supplier_tax_id: null,
          supplier_address: null,
          reference: null,
          reference_id: null,
          vat_type: '3',
          vat_amount: null,
          discount: null,
          payment_amount: '0.00',
          payment_status: 'Pending',
          line_discounts: ['5%'],
        },
      },
    );
    for (const record of records) expect(purchaseOrderSchema.parse(record)).toEqual(record);

    // The floor moved to the last sweep's start (16:45:30) less the margin; nothing new: one request.
    time.advance(5 * MINUTE_MS);
    fake.requests.length = 0;
    expect(await zap.poll()).toEqual([]);
    expect(fake.requests).toEqual([{ path: PATH, query: { limit: '100', page: '1', createdatetimeafter: '2026-11-24 16:43' }, headers: HEADERS }]);
  });

  it('never reports what existed before the Zap, and delivers a burst past 100 from a shuffled list in one poll, each once', async () => {
    const time = clock();
    const fake = new FakeZortList();
    oldOrders(fake, 1000);
    const zap = simulatedZap(appTester, makeZortPoll('new', { now: time.now }), bundle('zap-burst'));
    await zap.turnOn();
    time.advance(MINUTE_MS);
    for (let id = 2001; id <= 2250; id += 1) fake.create(document(id), time.now());

    const polls: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      time.advance(5 * MINUTE_MS);
      polls.push((await zap.poll()).length);
    }

    expect(polls).toEqual([250, 0, 0, 0, 0]);
    expect(ids(zap.triggered).map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 250 }, (_, index) => 2001 + index));
    // The burst really was scattered among the old purchase orders, not at the top of the list.
    expect(fake.orders.slice(0, 250).every((order) => Number(order.document.id) > 2000)).toBe(false);
    expect(fake.requests.every((request) => Number(request.query.limit) <= 500)).toBe(true);
  });

  it('reports purchase orders created mid-drain that shift the pages under it, each once', async () => {
    const time = clock();
    const fake = new FakeZortList(99);
    oldOrders(fake, 300);
    const zap = simulatedZap(appTester, makeZortPoll('new', { now: time.now }), bundle('zap-shift'));
    await zap.turnOn();
    time.advance(MINUTE_MS);
    for (let id = 1001; id <= 1150; id += 1) fake.create(document(id), time.now());
    for (let round = 0; round < 8; round += 1) {
      time.advance(5 * MINUTE_MS);
      // New purchase orders land anywhere in the list, moving later ones to later pages mid-sweep.
      if (round < 3) for (let step = 0; step < 20; step += 1) fake.create(document(2000 + round * 20 + step), time.now());
      await zap.poll();
    }

    const expected = [
      ...Array.from({ length: 150 }, (_, index) => String(1001 + index)),
      ...Array.from({ length: 60 }, (_, index) => String(2000 + index)),
    ];
    expect(ids(zap.triggered)).toEqual(expected);
  });

  it('pages on whatever size ZORT makes its pages: one that caps them at 40 still gives every purchase order once', async () => {
    const time = clock();
    const fake = new FakeZortList(7, { maxPageSize: 40 });
    oldOrders(fake, 200);
    const zap = simulatedZap(appTester, makeZortPoll('new', { now: time.now }), bundle('zap-capped'));
    await zap.turnOn();
    time.advance(MINUTE_MS);
    for (let id = 3001; id <= 3250; id += 1) fake.create(document(id), time.now());

    const polls: number[] = [];
    for (let round = 0; round < 4; round += 1) {
      time.advance(5 * MINUTE_MS);
      polls.push((await zap.poll()).length);
    }

    expect(polls).toEqual([250, 0, 0, 0]);
    expect(ids(zap.triggered).map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 250 }, (_, index) => 3001 + index));
  });

  it('logs and skips one malformed purchase order among many', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const time = clock();
      const fake = new FakeZortList();
      const zap = simulatedZap(appTester, makeZortPoll('new', { now: time.now }), bundle('zap-malformed'));
      await zap.turnOn();
      time.advance(MINUTE_MS);
      for (let id = 11; id <= 15; id += 1) fake.create(document(id, id === 13 ? { list: [{ sku: 'X', number: -2 }] } : {}), time.now());
      time.advance(5 * MINUTE_MS);

      expect(ids(await zap.poll())).toEqual(['11', '12', '14', '15']);
      expect(log.mock.calls.flat().join('\n')).toMatch(
        /Skipped ZORT purchase order 13: list\[0\]\.number must be 0 or more \(got -2\)\. The other purchase orders are delivered\./,
      );
    } finally {
      log.mockRestore();
    }
  });

  it('walks past a malformed purchase order that ends a page, or is alone in the window, instead of halting every poll', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const time = clock();
      const fake = new FakeZortList();
      const zap = simulatedZap(appTester, makeZortPoll('new', { now: time.now }), bundle('zap-malformed-alone'));
      await zap.turnOn();
      time.advance(MINUTE_MS);
      fake.create(document(21, { list: [{ sku: 'X', number: -2 }] }), time.now());
      time.advance(5 * MINUTE_MS);
      expect(await zap.poll()).toEqual([]);
      time.advance(MINUTE_MS);
      fake.create(document(22), time.now());
      time.advance(5 * MINUTE_MS);
      expect(ids(await zap.poll())).toEqual(['22']);
    } finally {
      log.mockRestore();
    }
  });

    it('keeps each Zap on one store to its own progress', async () => {
    const time = clock();
    const fake = new FakeZortList();
    oldOrders(fake, 5);
    const first = simulatedZap(appTester, makeZortPoll('new', { now: time.now }), bundle('zap-a'));
    const second = simulatedZap(appTester, makeZortPoll('new', { now: time.now }), bundle('zap-b'));
    await first.turnOn();
    time.advance(MINUTE_MS);
    fake.create(document(101), time.now());
    time.advance(10 * MINUTE_MS);
    await second.turnOn();
    time.advance(MINUTE_MS);
    fake.create(document(102), time.now());
    time.advance(5 * MINUTE_MS);

    expect(ids(await first.poll())).toEqual(['101', '102']);
    expect(ids(await second.poll())).toEqual(['102']);
    expect(Object.keys(zcache(appTester)).filter((key) => key.startsWith('poll:v1:')).sort()).toEqual([
      expect.stringMatching(/^poll:v1:zap-a:zort_new_purchase_order_polling:[0-9a-f]{16}$/),
      expect.stringMatching(/^poll:v1:zap-b:zort_new_purchase_order_polling:[0-9a-f]{16}$/),
    ]);
  });

  it('loads samples with one small request and no time filter', async () => {
    const fake = new FakeZortList();
    oldOrders(fake, 20);
    const records = await appTester(makeZortPoll('new'), bundle('zap-sample')({ isLoadingSample: true }));
    expect(fake.requests).toEqual([{ path: PATH, query: { limit: '10', page: '1' }, headers: HEADERS }]);
    expect(records).toHaveLength(10);
    expect(records.every((record) => record.event === 'created' && record.id === `zort:${record.purchase_order_id}`)).toBe(true);
  });
});

describe('zort_updated_purchase_order_polling', () => {
  it('reports each version once, keyed by a hash of what makes a version, old purchase orders included', async () => {
    const time = clock();
    const fake = new FakeZortList();
    oldOrders(fake, 50);
    const updated = simulatedZap(appTester, makeZortPoll('updated', { now: time.now }), bundle('zap-updated'));
    const created = simulatedZap(appTester, makeZortPoll('new', { now: time.now }), bundle('zap-created'));
    expect(await updated.turnOn()).toEqual([]);
    await created.turnOn();
    const poll = async () => {
      time.advance(5 * MINUTE_MS);
      fake.requests.length = 0;
      return (await updated.poll()).map((record) => ({ id: record.id, event: record.event, status: record.status, payment: record.payment_status }));
    };

    time.advance(MINUTE_MS);
    fake.update(7, { status: 'Waiting', paymentstatus: 'Pending' }, time.now());
    const waiting = await poll();
    expect(waiting).toEqual([{ id: expect.stringMatching(/^zort:7:[0-9a-f]{16}$/), event: 'updated', status: 'ordered', payment: 'unpaid' }]);
    expect(fake.requests[0]).toEqual({ path: PATH, query: { limit: '100', page: '1', updatedatetimeafter: '2026-11-24 16:38' }, headers: HEADERS });
    // Read again within the margin: the same version, so nothing triggers.
    expect(await poll()).toEqual([]);

    fake.update(7, { paymentstatus: 'Paid' }, time.now());
    const paid = await poll();
    expect(paid).toEqual([{ id: expect.stringMatching(/^zort:7:[0-9a-f]{16}$/), event: 'updated', status: 'ordered', payment: 'paid' }]);
    expect(paid[0]!.id).not.toBe(waiting[0]!.id);

    // A note is not a version: ZORT lists it as changed, the Zap does not trigger.
    fake.update(7, { description: 'Call before delivery' }, time.now());
    expect(await poll()).toEqual([]);

    // The old purchase order was changed, never created, after the Zap was turned on.
    time.advance(5 * MINUTE_MS);
    expect(await created.poll()).toEqual([]);
  });
});

describe("ZORT's answers in a poll", () => {
  it('"Invalid API" in HTTP 200 is an ExpiredAuthError naming the fields', async () => {
    const time = clock();
    const fake = new FakeZortList();
    const zap = simulatedZap(appTester, makeZortPoll('new', { now: time.now }), bundle('zap-refused'));
    await zap.turnOn();
    fake.error = { res: { resCode: '100', resDesc: 'Invalid API' } };
    time.advance(5 * MINUTE_MS);

    const error = await rejection(zap.poll());

    expect(error.name).toBe('ExpiredAuthError');
    expect(errorDetails(error).message).toMatch(
      /^ZORT refused the connection's ZORT Store Name, ZORT API Key, ZORT API Secret \(resCode 100: "Invalid API"\)\. In ZORT, open Setting > Integration > API Reference/,
    );
    expect(error.message).not.toMatch(/zort-secret|zort-key/);
  });

  it('a quota warning that comes with the data is logged and the data used', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const time = clock();
      const fake = new FakeZortList();
      const zap = simulatedZap(appTester, makeZortPoll('new', { now: time.now }), bundle('zap-quota'));
      await zap.turnOn();
      time.advance(MINUTE_MS);
      fake.create(document(31), time.now());
      fake.warning = { resCode: '100', resDesc: 'API Request Limits 50000/day' };
      time.advance(5 * MINUTE_MS);

      expect(ids(await zap.poll())).toEqual(['31']);
      expect(log.mock.calls.flat().join('\n')).toMatch(
        /ZORT warned about its API request limit on PurchaseOrder\/GetPurchaseOrders \(resCode 100: "API Request Limits 50000\/day"\) but sent the data; it was used\./,
      );
    } finally {
      log.mockRestore();
    }
  });
});

describe('the triggers in the app', () => {
  it('are registered under the contract keys', () => {
    expect(zortPollingTriggers.map((trigger) => trigger.key)).toEqual([TRIGGER_KEYS.zortNewPolling, TRIGGER_KEYS.zortUpdatedPolling]);
    for (const trigger of zortPollingTriggers) expect(app.triggers[trigger.key]).toBe(trigger);
  });

  it('are named by the REST hooks that read the same changes, saying when to choose them', () => {
    const hook = (key: string) => zortTriggers.find((trigger) => trigger.key === key)!;
    const help = (key: string) => hook(key).operation.inputFields[0]!.helpText;
    for (const [key, label] of [
      [TRIGGER_KEYS.zortCreated, 'New Purchase Order in ZORT Without Webhook'],
      [TRIGGER_KEYS.zortUpdated, 'Updated Purchase Order in ZORT Without Webhook'],
      [TRIGGER_KEYS.zortPaymentUpdated, 'Updated Purchase Order in ZORT Without Webhook'],
    ] as const) {
      const advice = `For more than one Zap on this event, or a store whose webhooks another tool manages, use ${label} instead`;
      expect(help(key)).toContain(advice);
      expect(hook(key).display.directions).toContain(advice);
    }
    expect(help(TRIGGER_KEYS.zortReturnCreated)).not.toContain('instead');
  });
});
