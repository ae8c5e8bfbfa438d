import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppTester, type Bundle } from 'zapier-platform-core';
import app from '../../../src';
import type { PurchaseOrder } from '../../../src/record/purchase-order';
import { mapZortDocument } from '../../../src/vendors/zort/mapper';
import { makeZortPoll } from '../../../src/vendors/zort/polling';
import { zortPurchaseOrderSchema, type ZortPurchaseOrder } from '../../../src/vendors/zort/schema';
import { FakeZortList, ZORT_AUTH } from '../../fakes/zort';
import { CursorRpc, transfer, transferPage } from '../../helpers/transfer';
import { simulatedZap, zcache } from '../../fakes/zapier';

const seed = JSON.parse(
  readFileSync(join(__dirname, '../../../src/vendors/zort/seed-purchase-order.json'), 'utf8'),
) as Record<string, unknown>;
const seedLines = seed.list as unknown[];
const AT = Date.parse('2026-11-24T09:40:30Z');

/** A purchase order as GetPurchaseOrders lists it: the seed with its own id, number and lines. */
const document = (id: number) => ({
  ...seed,
  id,
  number: `PO-${id}`,
  list: seedLines.slice(0, 1 + (id % seedLines.length)),
});

function store(count: number, options: ConstructorParameters<typeof FakeZortList>[1]) {
  const fake = new FakeZortList(7, options);
  for (let id = 1; id <= count; id += 1) fake.create(document(id), AT);
  return fake;
}

const bundle = { authData: ZORT_AUTH, inputData: {} } as Partial<Bundle>;
const POLLING_NEW = 'triggers.zort_new_purchase_order_polling.operation.perform';
const ids = (records: PurchaseOrder[]) => records.map((record) => Number(record.purchase_order_id));

/** Every purchase order once, newest first across the pages, each the trigger's own record. */
function expectWhole(pages: PurchaseOrder[][], count: number, record: (id: number) => PurchaseOrder) {
  const all = pages.flat();
  expect(all).toHaveLength(count);
  expect(ids(all)).toEqual(Array.from({ length: count }, (_, index) => count - index));
  for (const id of [1, 2, Math.ceil(count / 2), count]) expect(all[count - id]).toEqual(record(id));
  for (const one of all) expect(one.line_items).toHaveLength(1 + (Number(one.purchase_order_id) % seedLines.length));
}

describe('ZORT history for Transfer', () => {
  /** Each paging trigger, and the record its Zaps get for a listed purchase order. */
  const TRIGGERS = [
    [
      'triggers.zort_new_purchase_order_polling.operation.perform',
      (order: ZortPurchaseOrder) => mapZortDocument({ kind: 'purchase_order', document: order }, { kind: 'new' }),
    ],
    [
      'triggers.zort_updated_purchase_order_polling.operation.perform',
      (order: ZortPurchaseOrder) => mapZortDocument({ kind: 'purchase_order', document: order }, { kind: 'updated' }),
    ],
    ...(['created', 'updated', 'payment_updated'] as const).map(
      (event) =>
        [
          `triggers.zort_purchase_order_${event}.operation.performList`,
          (order: ZortPurchaseOrder) =>
            mapZortDocument(
              { kind: 'purchase_order', document: order },
              { kind: 'hook', event, rawBody: JSON.stringify(order) },
            ),
        ] as const,
    ),
  ] as const;

  it.each([
    ...TRIGGERS.map(([method, record]) => ['oldest-first', method, record] as const),
    ['newest-first', ...TRIGGERS[0]] as const,
  ])(
    'transfers a store listed %s through %s whole, newest first, while purchase orders are created between pages',
    async (listOrder, method, record) => {
      // ZORT capping pages at 40: 1,500 purchase orders take 38 requests, more than one page makes.
      const fake = store(1500, { order: listOrder, maxPageSize: 40 });
      const rpc = new CursorRpc();
      let next = 1501;
      const pages = await transfer<PurchaseOrder>(
        { method, bundle, rpc, storeKey: `zort-${listOrder}-${method}` },
        () => {
          for (let made = 0; made < 5; made += 1) fake.create(document(next++), AT + 60_000);
        },
      );
      expect(pages.length).toBeGreaterThan(1);
      expectWhole(pages, 1500, (id) => record(zortPurchaseOrderSchema.parse(document(id))));
      // The first request asks for ZORT's largest page; the rest for the page ZORT gave; never a time filter.
      expect(fake.requests.map((request) => request.query.limit)).toEqual([
        '500',
        ...fake.requests.slice(1).map(() => '40'),
      ]);
      expect(
        fake.requests.every(
          (request) =>
            request.query.createdatetimeafter === undefined && request.query.updatedatetimeafter === undefined,
        ),
      ).toBe(true);
    },
    60_000,
  );

  it('sends every purchase order of a store listed in no order once, while new ones land anywhere in the list between pages', async () => {
    // ZORT capping pages at 40 and a page of the transfer at 30 requests: 1,500 take more than one page.
    const fake = store(1500, { order: 'shuffled', maxPageSize: 40 });
    let next = 1501;
    const pages = await transfer<PurchaseOrder>(
      { method: POLLING_NEW, bundle, rpc: new CursorRpc(), storeKey: 'zort-shuffled' },
      () => {
        for (let made = 0; made < 5; made += 1) fake.create(document(next++), AT + 60_000);
      },
    );
    expect(pages.length).toBeGreaterThan(1);
    const old = ids(pages.flat()).filter((id) => id <= 1500);
    expect(old.sort((a, b) => a - b)).toEqual(Array.from({ length: 1500 }, (_, index) => index + 1));
  }, 60_000);

  it('brings 20,000 purchase orders in at most 20 pages', async () => {
    const fake = store(20_000, { order: 'oldest-first' });
    const pages = await transfer<PurchaseOrder>({
      method: POLLING_NEW,
      bundle,
      rpc: new CursorRpc(),
      storeKey: 'zort-20k',
    });
    expect(pages.length).toBeLessThanOrEqual(20);
    expect(new Set(pages.flat().map((record) => record.id)).size).toBe(20_000);
    // 40 pages of 500, and page 1 once more where the walk ends.
    expect(fake.requests.length).toBeLessThanOrEqual(42);
    // 20,000 records mapped and checked: a generous limit on a shared machine, not a speed target.
  }, 120_000);

  it('leaves a running Zap alone: its next poll gets exactly what is new', async () => {
    const appTester = createAppTester(app);
    let now = AT + 24 * 60 * 60_000;
    const fake = store(50, { order: 'oldest-first' });
    const zapBundle = (meta: object) =>
      ({
        ...bundle,
        meta: { isLoadingSample: false, page: 0, limit: -1, zap: { id: 'zap-running' }, ...meta },
      }) as Partial<Bundle>;
    const zap = simulatedZap(appTester, makeZortPoll('new', { now: () => now }), zapBundle);
    await zap.turnOn();
    now += 10 * 60_000;
    for (let id = 51; id <= 53; id += 1) fake.create(document(id), now);
    now += 5 * 60_000;
    const before = JSON.stringify(zcache(appTester));
    const pages = await transfer<PurchaseOrder>({
      method: TRIGGERS[0][0],
      bundle,
      rpc: new CursorRpc(),
      storeKey: 'zort-running',
      zcache: zcache(appTester),
    });
    expect(pages.flat()).toHaveLength(53);
    expect(JSON.stringify(zcache(appTester))).toBe(before);
    const fresh = await zap.poll();
    expect(ids(fresh).sort((a, b) => b - a)).toEqual([53, 52, 51]);
    expect(pages.flat().slice(0, 3)).toEqual(expect.arrayContaining(fresh));
  });

  it('ends at a missing cursor after page 0, and stops with a sentence at a cursor it cannot read', async () => {
    store(3, { order: 'oldest-first' });
    const rpc = new CursorRpc();
    const options = { method: POLLING_NEW, bundle, rpc, storeKey: 'zort-cursor' };
    expect(await transferPage(options, 1)).toEqual([]);
    rpc.cursors.set('zort-cursor', '{"v":1,"at":{"order":"sideways"}}');
    await expect(transferPage(options, 1)).rejects.toThrow(/lost its place .* Start the transfer again\./);
  });
});
