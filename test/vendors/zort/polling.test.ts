import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppTester, type Bundle } from 'zapier-platform-core';
import app from '../../../src';
import { POLL_LIMITS } from '../../../src/polling/poller';
import { purchaseOrderSchema, type PurchaseOrder } from '../../../src/record/purchase-order';
import { zort } from '../../../src/vendors/zort';
import { makeZortPoll } from '../../../src/vendors/zort/polling';
import { appTrigger } from '../../helpers/triggers';
import { TRIGGER_KEYS } from '../../helpers/contract-keys';
import { FakeZortList, ZORT_AUTH, ZORT_HEADERS } from '../../fakes/zort';
import { errorDetails } from '../../helpers/zapier';
import { clearZcache, simulatedZap, zcache } from '../../fakes/zapier';

const appTester = createAppTester(app);
const seed = JSON.parse(
  readFileSync(join(__dirname, '../../../src/vendors/zort/seed-purchase-order.json'), 'utf8'),
) as Record<string, unknown>;

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

const ids = (records: PurchaseOrder[]) =>
  records.map((record) => record.purchase_order_id).sort((a, b) => Number(a) - Number(b));
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: Error) => error,
  );

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
    // 16:40:30 less the 2-minute margin is 16:38:30; "after 16:37" lists all of 16:38 under the strictest reading.
    // A first page shorter than asked could be ZORT's cap: one more request tells.
    expect(fake.requests).toEqual([
      { path: PATH, query: { limit: '500', page: '1', createdatetimeafter: '2026-11-24 16:37' }, headers: HEADERS },
      { path: PATH, query: { limit: '500', page: '2', createdatetimeafter: '2026-11-24 16:37' }, headers: HEADERS },
    ]);

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
        list: [
          {
            productid: 9,
            sku: 'RICE-5KG',
            name: 'Jasmine rice 5 kg',
            number: 2.5,
            pricepernumber: '120.10',
            discount: '5%',
            totalprice: '300.25',
          },
        ],
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
      { path: PATH, query: { limit: '500', page: '1', createdatetimeafter: '2026-11-24 16:37' }, headers: HEADERS },
      { path: PATH, query: { limit: '500', page: '2', createdatetimeafter: '2026-11-24 16:37' }, headers: HEADERS },
    ]);
    expect(records.map((record) => record.purchase_order_id)).toEqual(['6', '5']);
    expect(records.find((record) => record.id === 'zort:5')).toEqual({
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
    });
    for (const record of records) expect(purchaseOrderSchema.parse(record)).toEqual(record);

    // The floor moved to the last sweep's start (16:45:30) less the margin; nothing new: one request.
    time.advance(5 * MINUTE_MS);
    fake.requests.length = 0;
    expect(await zap.poll()).toEqual([]);
    expect(fake.requests).toEqual([
      { path: PATH, query: { limit: '500', page: '1', createdatetimeafter: '2026-11-24 16:42' }, headers: HEADERS },
    ]);
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
    expect(ids(zap.triggered)).toEqual(Array.from({ length: 250 }, (_, index) => String(2001 + index)));
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
      if (round < 3)
        for (let step = 0; step < 20; step += 1) fake.create(document(2000 + round * 20 + step), time.now());
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
    expect(ids(zap.triggered)).toEqual(Array.from({ length: 250 }, (_, index) => String(3001 + index)));
  });

  it('logs and skips one malformed purchase order among many', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const time = clock();
      const fake = new FakeZortList();
      const zap = simulatedZap(appTester, makeZortPoll('new', { now: time.now }), bundle('zap-malformed'));
      await zap.turnOn();
      time.advance(MINUTE_MS);
      for (let id = 11; id <= 15; id += 1)
        fake.create(document(id, id === 13 ? { list: [{ sku: 'X', number: -2 }] } : {}), time.now());
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
    expect(
      Object.keys(zcache(appTester))
        .filter((key) => key.startsWith('poll:v1:'))
        .sort(),
    ).toEqual([
      expect.stringMatching(/^poll:v1:zap-a:zort_new_purchase_order_polling:[0-9a-f]{16}$/),
      expect.stringMatching(/^poll:v1:zap-b:zort_new_purchase_order_polling:[0-9a-f]{16}$/),
    ]);
  });

  for (const listOrder of ['shuffled', 'oldest-first', 'newest-first'] as const) {
    it(`loads as samples the store's 10 newest purchase orders from the last hour's, on a store listing ${listOrder}`, async () => {
      const time = clock();
      const fake = new FakeZortList(9, { order: listOrder });
      oldOrders(fake, 1200);
      for (let id = 1201; id <= 1212; id += 1) fake.create(document(id), TURNED_ON - 50 * MINUTE_MS + id * 1000);
      const records = await appTester(
        makeZortPoll('new', { now: time.now }),
        bundle('zap-sample')({ isLoadingSample: true }),
      );
      // The whole list is more than a page: the last hour's (created after 15:39 store time) is one.
      expect(fake.requests).toEqual([
        { path: PATH, query: { limit: '500', page: '1' }, headers: HEADERS },
        { path: PATH, query: { limit: '500', page: '1', createdatetimeafter: '2026-11-24 15:39' }, headers: HEADERS },
      ]);
      expect(records.map((record) => record.id)).toEqual(
        Array.from({ length: 10 }, (_, index) => `zort:${1212 - index}`),
      );
      expect(records.every((record) => record.event === 'created')).toBe(true);
    });
  }

  it('reads a store that fits one page in one request, and widens the window until one holds a sample', async () => {
    const time = clock();
    const fake = new FakeZortList(1, { order: 'shuffled', listsTimes: true });
    oldOrders(fake, 150);
    const small = await appTester(
      makeZortPoll('new', { now: time.now }),
      bundle('zap-sample-small')({ isLoadingSample: true }),
    );
    expect(fake.requests.map((request) => request.query)).toEqual([{ limit: '500', page: '1' }]);
    expect(small.map((record) => record.purchase_order_id)).toEqual(
      Array.from({ length: 10 }, (_, index) => String(150 - index)),
    );
    // 600 more, 40 days old, and 4 two days old: the hour and the day hold none, the week 154 (the 150 are 3 days old).
    fake.requests.length = 0;
    for (let id = 151; id <= 750; id += 1) fake.create(document(id), TURNED_ON - 40 * DAY_MS);
    for (let id = 751; id <= 754; id += 1) fake.create(document(id), TURNED_ON - 2 * DAY_MS);
    fake.countAs = 'text';
    const wide = await appTester(
      makeZortPoll('new', { now: time.now }),
      bundle('zap-sample-wide')({ isLoadingSample: true }),
    );
    expect(fake.requests.map((request) => request.query.createdatetimeafter ?? null)).toEqual([
      null,
      '2026-11-24 15:39',
      '2026-11-23 16:39',
      '2026-11-17 16:39',
    ]);
    expect(wide.map((record) => record.purchase_order_id)).toEqual([
      '754',
      '753',
      '752',
      '751',
      '150',
      '149',
      '148',
      '147',
      '146',
      '145',
    ]);
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
      return (await updated.poll()).map((record) => ({
        id: record.id,
        event: record.event,
        status: record.status,
        payment: record.payment_status,
      }));
    };

    time.advance(MINUTE_MS);
    fake.update(7, { status: 'Waiting', paymentstatus: 'Pending' }, time.now());
    const waiting = await poll();
    expect(waiting).toEqual([
      {
        id: expect.stringMatching(/^zort:7:[0-9a-f]{16}$/) as unknown,
        event: 'updated',
        status: 'ordered',
        payment: 'unpaid',
      },
    ]);
    expect(fake.requests[0]).toEqual({
      path: PATH,
      query: { limit: '500', page: '1', updatedatetimeafter: '2026-11-24 16:37' },
      headers: HEADERS,
    });
    // Read again within the margin: the same version, so nothing triggers.
    expect(await poll()).toEqual([]);

    fake.update(7, { paymentstatus: 'Paid' }, time.now());
    const paid = await poll();
    expect(paid).toEqual([
      {
        id: expect.stringMatching(/^zort:7:[0-9a-f]{16}$/) as unknown,
        event: 'updated',
        status: 'ordered',
        payment: 'paid',
      },
    ]);
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
      /^ZORT refused the connection's Store Name, API Key and API Secret \(resCode 100: "Invalid API"\)\. In ZORT, open Setting > Integration > API Reference/,
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
    const polling = zort.triggers.filter((trigger) => trigger.kind === 'polling').map((trigger) => trigger.key);
    expect(polling).toEqual([TRIGGER_KEYS.zortNewPolling, TRIGGER_KEYS.zortUpdatedPolling]);
    for (const key of polling) expect(app.triggers[key]?.operation.type).toBe('polling');
  });

  it('are named by the REST hooks that read the same changes, saying when to choose them', () => {
    const hook = appTrigger;
    const help = (key: string) => hook(key).operation.inputFields[0]!.helpText;
    for (const [key, label] of [
      [TRIGGER_KEYS.zortCreated, 'New Purchase Order in ZORT (Polling)'],
      [TRIGGER_KEYS.zortUpdated, 'Updated Purchase Order in ZORT (Polling)'],
      [TRIGGER_KEYS.zortPaymentUpdated, 'Updated Purchase Order in ZORT (Polling)'],
    ] as const) {
      const advice = `For more than one Zap on this event, or a store whose webhooks another tool manages, pick ${label}: it checks every few minutes`;
      expect(help(key)).toContain(advice);
      expect(hook(key).display.description).toContain(advice);
      expect(hook(key).display.directions).toContain(advice);
    }
    expect(help(TRIGGER_KEYS.zortReturnCreated)).not.toContain('(Polling)');
  });
});

describe('newest first, whichever end ZORT lists its newest at', () => {
  const order = (records: PurchaseOrder[]) => records.map((record) => record.purchase_order_id);

  for (const listOrder of ['oldest-first', 'newest-first'] as const) {
    it(`New: the sample, the turn-on and a poll list the newest first on a store listing ${listOrder}`, async () => {
      const time = clock();
      const fake = new FakeZortList(3, { order: listOrder });
      oldOrders(fake, 30);
      // Three created within the margin before turn-on: the turn-on poll reads (and marks) them.
      for (const id of [31, 32, 33]) fake.create(document(id), TURNED_ON - 60_000 + id * 1000);

      const sample = await appTester(
        makeZortPoll('new', { now: time.now }),
        bundle('zap-order-sample')({ isLoadingSample: true }),
      );
      expect(order(sample)).toEqual(['33', '32', '31', '30', '29', '28', '27', '26', '25', '24']);

      const zap = simulatedZap(appTester, makeZortPoll('new', { now: time.now }), bundle(`zap-order-new-${listOrder}`));
      expect(order(await zap.turnOn())).toEqual(['33', '32', '31']);
      for (const id of [34, 35, 36]) {
        time.advance(MINUTE_MS);
        fake.create(document(id), time.now());
      }
      time.advance(5 * MINUTE_MS);
      expect(order(await zap.poll())).toEqual(['36', '35', '34']);
    });
  }

  it('Updated: by change time when ZORT lists it, ties by id; the sample, the turn-on and a poll', async () => {
    const time = clock();
    const fake = new FakeZortList(3, { order: 'oldest-first', listsTimes: true });
    oldOrders(fake, 12);
    // Changed within the margin before turn-on, the lower id last.
    fake.update(9, { status: 'Waiting' }, TURNED_ON - 50_000);
    fake.update(4, { status: 'Waiting' }, TURNED_ON - 40_000);

    const sample = await appTester(
      makeZortPoll('updated', { now: time.now }),
      bundle('zap-order-usample')({ isLoadingSample: true }),
    );
    expect(order(sample)).toEqual(['4', '9', '12', '11', '10', '8', '7', '6', '5', '3']);

    const zap = simulatedZap(appTester, makeZortPoll('updated', { now: time.now }), bundle('zap-order-updated'));
    expect(order(await zap.turnOn())).toEqual(['4', '9']);
    time.advance(MINUTE_MS);
    fake.update(2, { status: 'Shipping' }, time.now());
    fake.update(11, { status: 'Shipping' }, time.now());
    time.advance(MINUTE_MS);
    fake.update(1, { status: 'Shipping' }, time.now());
    time.advance(5 * MINUTE_MS);
    expect(order(await zap.poll())).toEqual(['1', '11', '2']);
  });

  it('Updated: by id when ZORT lists no change time', async () => {
    const time = clock();
    const fake = new FakeZortList(3, { order: 'oldest-first' });
    oldOrders(fake, 12);
    const zap = simulatedZap(appTester, makeZortPoll('updated', { now: time.now }), bundle('zap-order-updated-ids'));
    await zap.turnOn();
    time.advance(MINUTE_MS);
    for (const id of [2, 11, 7]) fake.update(id, { status: 'Shipping' }, time.now());
    time.advance(5 * MINUTE_MS);
    expect(order(await zap.poll())).toEqual(['11', '7', '2']);
  });
});

describe('turning a ZORT Zap on', () => {
  for (const kind of ['new', 'updated'] as const) {
    it(`${kind}: a purchase order stamped up to the margin before turn-on but listed after it fires once; one listed at turn-on never`, async () => {
      const time = clock();
      const fake = new FakeZortList(5, { order: 'oldest-first' });
      oldOrders(fake, 20);
      const stamp = (id: number, at: number) =>
        kind === 'new' ? fake.create(document(id), at) : fake.update(id, { status: 'Waiting' }, at);
      // Listed when the Zap is turned on: it existed before, so it never fires.
      stamp(kind === 'new' ? 21 : 5, TURNED_ON - 30_000);
      const zap = simulatedZap(appTester, makeZortPoll(kind, { now: time.now }), bundle(`zap-lag-${kind}`));
      await zap.turnOn();
      // Stamped 1 minute 50 seconds before turn-on (16:38:40 in the store), listed only now.
      stamp(kind === 'new' ? 22 : 6, TURNED_ON - 110_000);

      for (let round = 0; round < 3; round += 1) {
        time.advance(5 * MINUTE_MS);
        await zap.poll();
      }

      expect(zap.triggered.map((record) => record.purchase_order_id)).toEqual([kind === 'new' ? '22' : '6']);
    });
  }
});

describe("a burst of 5,000 purchase orders, through Zapier's dedupe", () => {
  const ZAPIER_POLL_BYTES = 20 * 1024 * 1024;
  const ZAPIER_PERFORM_MS = 30_000;
  /** A purchase order of 12 lines: the burst then outgrows one poll's byte budget. */
  const burstDocument = (id: number) =>
    document(id, {
      list: Array.from({ length: 12 }, (_, line) => ({
        productid: 9000 + line,
        sku: `SKU-${line}`,
        name: `Product ${line} of a purchase order in a burst`,
        number: 2,
        pricepernumber: '10.50',
        discount: null,
        totalprice: '21.00',
      })),
    });

  /** Polls every 5 minutes until `quiet` polls in a row bring nothing new; what each poll cost. */
  function drain(
    kind: 'new' | 'updated',
    fake: FakeZortList,
    time: ReturnType<typeof clock>,
    zapId: string,
    pageMs: (listed: number) => number,
  ) {
    const outputs: PurchaseOrder[][] = [];
    const perform = makeZortPoll(kind, { now: time.now });
    const zap = simulatedZap(
      appTester,
      async (z, b) => {
        const output = await perform(z, b);
        outputs.push(output);
        return output;
      },
      bundle(zapId),
    );
    fake.slowness = { clock: time, pageMs, deadline: null };
    const timed = async <T>(run: () => Promise<T>) => {
      fake.slowness!.deadline = time.now() + POLL_LIMITS.timeBudgetMs;
      const started = time.now();
      const result = await run();
      return { result, ms: time.now() - started };
    };
    return {
      zap,
      turnOn: () => timed(() => zap.turnOn()),
      async run() {
        const polls: { records: number; ms: number; bytes: number }[] = [];
        for (let quiet = 0; quiet < 2 && polls.length < 40; ) {
          time.advance(5 * MINUTE_MS);
          const { result, ms } = await timed(() => zap.poll());
          const output = outputs[outputs.length - 1]!;
          polls.push({ records: result.length, ms, bytes: Buffer.byteLength(JSON.stringify(output)) });
          quiet = result.length === 0 ? quiet + 1 : 0;
        }
        // The quiet polls that ended the drain are not part of it.
        return polls.slice(0, -2);
      },
    };
  }

  it('New: 5,000 created at once are delivered in as few polls as the byte budget allows, each once, none lost', async () => {
    const time = clock();
    const fake = new FakeZortList(11);
    oldOrders(fake, 1000);
    // A fast ZORT: half a second a page, and 1 ms per purchase order listed.
    const run = drain('new', fake, time, 'zap-burst-5000', (listed) => 500 + listed);
    await run.turnOn();
    time.advance(MINUTE_MS);
    const burst = Array.from({ length: 5000 }, (_, index) => 10_001 + index);
    for (const id of burst) fake.create(burstDocument(id), time.now());

    const polls = await run.run();

    const total = polls.reduce((sum, each) => sum + each.bytes, 0);
    console.log(`ZORT burst of 5,000 new: ${polls.length} polls; ${JSON.stringify(polls)}`);
    expect(polls.length).toBeLessThanOrEqual(10);
    expect(polls.length).toBeLessThanOrEqual(Math.ceil(total / POLL_LIMITS.maxBytes) + 1);
    expect(run.zap.triggered.map((record) => Number(record.purchase_order_id)).sort((a, b) => a - b)).toEqual(burst);
    for (const each of polls) {
      expect(each.bytes).toBeLessThan(ZAPIER_POLL_BYTES);
      expect(each.ms).toBeLessThan(ZAPIER_PERFORM_MS);
    }
  }, 120_000);

  it('Updated: 5,000 changes from a ZORT too slow to page through them in one poll arrive within 20 polls, each once', async () => {
    const time = clock();
    const fake = new FakeZortList(12);
    for (let id = 1; id <= 5000; id += 1) fake.create(burstDocument(id), TURNED_ON - 3 * DAY_MS);
    // A slow ZORT: 2 seconds a page and 16 ms per purchase order listed, 10 seconds a full page.
    const run = drain('updated', fake, time, 'zap-slow-5000', (listed) => 2000 + 16 * listed);
    await run.turnOn();
    time.advance(MINUTE_MS);
    for (let id = 1; id <= 5000; id += 1) fake.update(id, { status: 'Shipping' }, time.now());

    const polls = await run.run();

    console.log(`ZORT slow burst of 5,000 updated: ${polls.length} polls; ${JSON.stringify(polls)}`);
    expect(polls.length).toBeGreaterThan(1);
    expect(polls.length).toBeLessThanOrEqual(20);
    const changed = run.zap.triggered.map((record) => Number(record.purchase_order_id)).sort((a, b) => a - b);
    expect(changed).toEqual(Array.from({ length: 5000 }, (_, index) => index + 1));
    for (const each of polls) {
      expect(each.bytes).toBeLessThan(ZAPIER_POLL_BYTES);
      expect(each.ms).toBeLessThan(ZAPIER_PERFORM_MS);
    }
  }, 120_000);
});
