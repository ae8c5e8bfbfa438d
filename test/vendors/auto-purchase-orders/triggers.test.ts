import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppTester } from 'zapier-platform-core';
import app from '../../../src';
import { mapApoPurchaseOrder } from '../../../src/vendors/auto-purchase-orders/mapper';
import { apoPayloadSchema } from '../../../src/vendors/auto-purchase-orders/schema';
import { TRIGGER_KEYS } from '../../helpers/contract-keys';
import { appTrigger } from '../../helpers/triggers';
import { expectHalted, hookBundle } from '../../helpers/zapier';

const appTester = createAppTester(app);
const seedText = readFileSync(join(__dirname, '../../../src/vendors/auto-purchase-orders/seed-payload.json'), 'utf8');
const seed = JSON.parse(seedText) as Record<string, unknown>;
const firstProduct = (seed.products as Record<string, unknown>[])[0];
const apoTriggers = {
  created: appTrigger(TRIGGER_KEYS.apoCreated),
  updated: appTrigger(TRIGGER_KEYS.apoUpdated),
  completed: appTrigger(TRIGGER_KEYS.apoCompleted),
};

describe.each(['created', 'updated', 'completed'] as const)('the %s trigger', (event) => {
  const trigger = apoTriggers[event];

  it('turns the seed delivery into exactly the mapped record', async () => {
    const records = await appTester(trigger.operation.perform, hookBundle(seedText));
    const expected = mapApoPurchaseOrder(apoPayloadSchema.parse(seed), { kind: 'hook', event, rawBody: seedText });
    expect(records).toEqual([expected]);
    expect(records[0]).toMatchObject({
      id: `auto_purchase_orders:1:${event}:2025-02-23T09:17:40.288Z`,
      event,
      purchase_order_id: '1',
      total: '10450.00',
      status: event === 'completed' ? 'completed' : 'open',
    });
  });

  it('lists its own sample, which is the seed through the mapper', async () => {
    const records = await appTester(trigger.operation.performList, hookBundle(''));
    expect(records).toEqual([trigger.operation.sample]);
    expect(trigger.operation.sample).toEqual(
      mapApoPurchaseOrder(apoPayloadSchema.parse(seed), { kind: 'hook', event, rawBody: JSON.stringify(seed) }),
    );
  });
});

describe('hostile deliveries end in a HaltedError naming the problem', () => {
  const perform = (body: string) => appTester(apoTriggers.created.operation.perform, hookBundle(body));
  const withChanges = (changes: Record<string, unknown>) => JSON.stringify({ ...seed, ...changes });
  const withProduct = (changes: Record<string, unknown>) =>
    withChanges({ products: [{ ...firstProduct, ...changes }] });

  it.each([
    ['an empty body', '', /the body is empty/],
    ['a blank body', '  \n ', /the body is empty/],
    ['a body that is not JSON', '{"id": 1,', /the body is not JSON/],
    ['a JSON array', '[{"id": 1}]', /the body must be an object, not an array/],
    ['a JSON string', '"purchase order"', /the body must be an object, not "purchase order"/],
    ['JSON null', 'null', /the body must be an object, not null/],
    ['a missing id', JSON.stringify({ ...seed, id: undefined }), /id is missing/],
    ['a null id', withChanges({ id: null }), /id must be a whole number or non-empty text \(got null\)/],
    ['missing products', JSON.stringify({ ...seed, products: undefined }), /products is missing/],
    ['products that are not an array', withChanges({ products: { a: 1 } }), /products must be an array, not an object/],
    ['a quantity of -1', withProduct({ quantity: -1 }), /products\[0\]\.quantity must be 0 or more \(got -1\)/],
    [
      'a quantity of 1.5',
      withProduct({ quantity: 1.5 }),
      /products\[0\]\.quantity must be a whole number of 0 or more \(got 1\.5\)/,
    ],
    [
      'a quantity of "-1"',
      withProduct({ quantity: '-1' }),
      /products\[0\]\.quantity must be a whole number of 0 or more \(got "-1"\)/,
    ],
    [
      'a unit price of "abc"',
      withProduct({ unit_price: { pure: 'abc', currency_code: 'USD' } }),
      /products\[0\]\.unit_price\.pure must be a decimal amount such as "12\.50" \(got "abc"\)/,
    ],
    [
      'a created_at without a zone',
      withChanges({ created_at: '2025-02-23 09:17' }),
      /created_at must be an ISO-8601 timestamp with a time zone/,
    ],
    [
      'a currency that is not a code',
      withChanges({ currency: 'US Dollars' }),
      /currency must be a three-letter currency code/,
    ],
  ])('%s', async (_name, body, pattern) => {
    await expectHalted(perform(body), pattern);
  });

  it('says what to do next and that nothing was recorded', async () => {
    await expectHalted(
      perform('[]'),
      /^Refused this Auto Purchase Orders delivery: .*No record was made from it\. If Auto Purchase Orders really sent this, contact its support/,
    );
  });

  it('names several problems at once, and counts the rest', async () => {
    const body = withChanges({
      id: null,
      products: [1, 2, 3, 4].map(() => ({ ...firstProduct, quantity: -1 })),
    });
    await expectHalted(
      perform(body),
      /id must be .*; products\[0\]\.quantity .*; products\[1\]\.quantity .*; and 2 more problems/,
    );
  });
});

describe('deliveries that are odd but valid become correct records', () => {
  const perform = (body: string) => appTester(apoTriggers.created.operation.perform, hookBundle(body));

  it('takes a minimal purchase order: an id and its products, nothing else', async () => {
    const [record] = await perform(
      JSON.stringify({ id: 7, products: [{ quantity: 2, unit_price: { pure: '1.50' } }] }),
    );
    expect(record).toMatchObject({
      id: expect.stringMatching(/^auto_purchase_orders:7:created:[0-9a-f]{16}$/) as unknown,
      purchase_order_id: '7',
      number: null,
      currency: null,
      supplier: { name: null, email: null },
      billing_address: null,
      line_item_count: 1,
      total: '3.00',
      vendor_fields: { authorized_by: null, shopify_order_names: [] },
    });
  });

  it('reads a quantity of "3" as 3', async () => {
    const [record] = await perform(JSON.stringify({ ...seed, products: [{ ...firstProduct, quantity: '3' }] }));
    expect(record?.line_items[0]).toMatchObject({ quantity: 3, total: '3465.00' });
  });

  it('keeps a line whose unit price is null, with its cost unknown', async () => {
    const [record] = await perform(
      JSON.stringify({ ...seed, products: [{ ...firstProduct, unit_price: { pure: null } }] }),
    );
    expect(record).toMatchObject({ subtotal: null, total: null, line_item_count: 1 });
    expect(record?.line_items[0]).toMatchObject({ unit_cost: null, total: null, quantity: 3 });
  });

  it('handles a 10,000-line purchase order', async () => {
    const products = Array.from({ length: 10_000 }, (_, index) => ({ ...firstProduct, id: index }));
    const [record] = await perform(JSON.stringify({ ...seed, products }));
    expect(record).toMatchObject({
      line_item_count: 10_000,
      total_quantity: 30_000,
      subtotal: '34650000.00',
      total: '34650055.00',
    });
  });

  it('reads the parsed body when Zapier gives no raw content', async () => {
    const bundle = hookBundle(seedText);
    delete bundle.rawRequest;
    const records = await appTester(apoTriggers.updated.operation.perform, bundle);
    expect(records[0]).toMatchObject({
      id: 'auto_purchase_orders:1:updated:2025-02-23T09:17:40.288Z',
      total: '10450.00',
    });
  });
});
