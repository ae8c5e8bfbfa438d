import type { Bundle } from 'zapier-platform-core';
import type { PurchaseOrder } from '../../../src/record/purchase-order';
import { mapApicbaseOrder } from '../../../src/vendors/apicbase/mapper';
import { apicbaseOrderSchema } from '../../../src/vendors/apicbase/schema';
import { FakeApicbase } from '../../fakes/apicbase';
import { CursorRpc, transfer } from '../../helpers/transfer';

const ORIGIN = 'https://api.apicbase.com';
const LIST_PATH = '/api/v2/integrations/suppliers/purchase_orders/';
const AUTH = { apicbase_client_id: 'apic-client-id', apicbase_client_secret: 'apic-client-secret-value' };
const METHOD = 'triggers.apicbase_new_purchase_order_polling.operation.perform';
const START = Date.parse('2026-11-24T09:00:00Z');

function setUp(count: number, listOrder: 'oldest-first' | 'newest-first', options: { bareArray?: boolean } = {}) {
  let now = START;
  const fake = new FakeApicbase({
    now: () => now,
    clientId: AUTH.apicbase_client_id,
    clientSecret: AUTH.apicbase_client_secret,
    order: listOrder,
    ...options,
  });
  fake.serve(ORIGIN);
  const place = () => {
    // A second apart, with lines of their own: the 5th order has 4 packages.
    now += 1000;
    const index = fake.orders.length + 1;
    const line = (fake.create().packages as unknown[])[0];
    fake.orders[fake.orders.length - 1]!.packages = Array.from({ length: 1 + (index % 5) }, () => line);
  };
  for (let index = 0; index < count; index += 1) place();
  // The rate limit is per minute: a transfer of many pages spans minutes.
  const nextMinute = () => {
    now += 60_000;
  };
  return { fake, place, nextMinute };
}

const bundle = { authData: AUTH, inputData: {} } as Partial<Bundle>;
const number = (record: PurchaseOrder) => Number(record.purchase_order_id.replace('po-', ''));

describe('Apicbase history for Transfer', () => {
  it.each(['oldest-first', 'newest-first'] as const)(
    'transfers a supplier whose list is %s whole, newest first, while customers order between pages',
    async (listOrder) => {
      const { fake, place, nextMinute } = setUp(1500, listOrder);
      const pages = await transfer<PurchaseOrder>(
        { method: METHOD, bundle, rpc: new CursorRpc(), storeKey: `apicbase-${listOrder}`, zcache: {} },
        () => {
          nextMinute();
          for (let made = 0; made < 3; made += 1) place();
        },
      );
      expect(pages.length).toBeGreaterThan(1);
      const all = pages.flat();
      expect(all.map(number)).toEqual(Array.from({ length: 1500 }, (_, index) => 1500 - index));
      for (const record of all) expect(record.line_items).toHaveLength(1 + (number(record) % 5));
      // The polling trigger's own record.
      const order = apicbaseOrderSchema.parse(fake.orders[499]);
      expect(all[1000]).toEqual(mapApicbaseOrder(order, { kind: 'new' }));
      // ORDERED orders, 200 a request, no time filter.
      const lists = fake.requests.filter((request) => request.path === LIST_PATH);
      expect(
        lists.every(
          (request) =>
            request.query.status === 'ORDERED' &&
            request.query.page_size === '200' &&
            request.query.ordered_on__gt === undefined,
        ),
      ).toBe(true);
    },
    60_000,
  );

  it('reads a newest-first list as newest first when orders on its first page share a time', async () => {
    let now = START;
    const fake = new FakeApicbase({
      now: () => now,
      clientId: AUTH.apicbase_client_id,
      clientSecret: AUTH.apicbase_client_secret,
      order: 'newest-first',
    });
    fake.serve(ORIGIN);
    // Every tenth order placed in the same second as the one before it: the list keeps them in the order placed.
    for (let index = 0; index < 600; index += 1) {
      if (index % 10 !== 0) now += 1000;
      fake.create();
    }
    const pages = await transfer<PurchaseOrder>(
      { method: METHOD, bundle, rpc: new CursorRpc(), storeKey: 'apicbase-ties', zcache: {} },
      () => {
        now += 60_000;
        for (let made = 0; made < 3; made += 1) fake.create();
      },
    );
    const all = pages.flat();
    expect(new Set(all.map(number))).toEqual(new Set(Array.from({ length: 600 }, (_, index) => index + 1)));
    // Newest first by the time ordered (orders of one second in either order), from the newest.
    const times = all.map((record) => Date.parse(String(record.ordered_at)));
    expect(times.every((time, index) => index === 0 || time <= (times[index - 1] as number))).toBe(true);
    expect(number(all[0] as PurchaseOrder)).toBe(600);
  });

  it('counts the pages at page 0 when the list says no length (a bare array), and still sends each order once', async () => {
    const { place, nextMinute } = setUp(450, 'oldest-first', { bareArray: true });
    const pages = await transfer<PurchaseOrder>(
      { method: METHOD, bundle, rpc: new CursorRpc(), storeKey: 'apicbase-bare', zcache: {} },
      () => {
        nextMinute();
        place();
      },
    );
    expect(pages.flat().map(number)).toEqual(Array.from({ length: 450 }, (_, index) => 450 - index));
  });

  it("finds the length of 1,500 orders listed without one (a bare array) within the client's 6 requests, and sends each once", async () => {
    const { fake, nextMinute } = setUp(1500, 'oldest-first', { bareArray: true });
    const pages = await transfer<PurchaseOrder>(
      { method: METHOD, bundle, rpc: new CursorRpc(), storeKey: 'apicbase-bare-1500', zcache: {} },
      nextMinute,
    );
    expect(pages.flat().map(number)).toEqual(Array.from({ length: 1500 }, (_, index) => 1500 - index));
    // Page 0: page 1, then pages 2, 4 (full) and 8 (the last, 100 orders): no page counted one by one.
    const lists = fake.requests.filter((request) => request.path === LIST_PATH);
    expect(lists.slice(0, 5).map((request) => request.query.page)).toEqual(['1', '2', '4', '8', '7']);
  }, 60_000);

  it("transfers 1,700 orders listed without a length (a bare array): page 0 may search for the length past a poll's 6 requests", async () => {
    const { fake, nextMinute } = setUp(1700, 'oldest-first', { bareArray: true });
    const options = { method: METHOD, bundle, rpc: new CursorRpc(), storeKey: 'apicbase-bare-1700', zcache: {} };
    const pages = await transfer<PurchaseOrder>(options, nextMinute);
    expect(pages.flat().map(number)).toEqual(Array.from({ length: 1700 }, (_, index) => 1700 - index));
    // Page 0 of a 9-page list: page 1, then 2, 4, 8 (full), 16, 12, 10 (past the end) and 9 (the last, 100 orders).
    const lists = fake.requests.filter((request) => request.path === LIST_PATH);
    expect(lists.slice(0, 8).map((request) => request.query.page)).toEqual(['1', '2', '4', '8', '16', '12', '10', '9']);
  }, 60_000);

  it('sends each order once while customers mark orders delivered (they leave the list) between pages', async () => {
    const { fake, nextMinute } = setUp(1500, 'oldest-first');
    let delivered = 0;
    const pages = await transfer<PurchaseOrder>(
      { method: METHOD, bundle, rpc: new CursorRpc(), storeKey: 'apicbase-delivered', zcache: {} },
      () => {
        nextMinute();
        // An old order, not yet sent, leaves the ORDERED list.
        delivered += 1;
        fake.deliver([`po-${delivered * 10}`]);
      },
    );
    expect(pages.length).toBeGreaterThan(1);
    const all = pages.flat().map(number);
    expect(all.length).toBe(new Set(all).size);
    // Every order still listed when the walk reached it: none missing but delivered ones.
    const missing = Array.from({ length: 1500 }, (_, index) => index + 1).filter((id) => !all.includes(id));
    expect(missing.every((id) => id % 10 === 0 && id <= delivered * 10)).toBe(true);
  });

  it('brings 3,000 orders in at most 10 pages', async () => {
    const { fake, nextMinute } = setUp(3000, 'oldest-first');
    const pages = await transfer<PurchaseOrder>(
      { method: METHOD, bundle, rpc: new CursorRpc(), storeKey: 'apicbase-3000', zcache: {} },
      nextMinute,
    );
    expect(pages.length).toBeLessThanOrEqual(10);
    expect(new Set(pages.flat().map((record) => record.id)).size).toBe(3000);
    // One token for the whole transfer.
    expect(fake.mints).toBe(1);
  }, 60_000);
});
