import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildSchema, isObjectType, parse, validate, type GraphQLSchema } from 'graphql';
import { existsSync } from 'node:fs';
import { queryCost } from '../../fakes/shopify-cost';
import {
  CONNECTION_TEST_QUERY,
  FINGERPRINT_LINES_QUERY,
  FINGERPRINT_PAGE_QUERY,
  LINE_ITEMS_QUERY,
  MAX_FINGERPRINT_LINES,
  MAX_FOLLOW_UP_LINES,
  MAX_ORDER_LINES,
  MAX_QUERY_COST,
  NAME_PROBE_QUERY,
  NAME_SCAN_QUERY,
  PURCHASE_ORDER_PAGE_QUERY,
  PURCHASE_ORDER_QUERY,
  requestedCost,
} from '../../../src/vendors/shopify/queries';

/** Shopify's published 2026-10 schema, beside the repository (CI clones it with shared/ beside it). */
const REFERENCE = join(__dirname, '..', '..', '..', '..', 'shared', 'reference', 'shopify-admin-2026-10.graphql.gz');
const referenceAvailable = existsSync(REFERENCE);
if (!referenceAvailable) {
  console.warn(
    `Skipping the checks against Shopify's own schema: ${REFERENCE} is absent (clone shared/ beside the repository).`,
  );
}
const describeWithReference = referenceAvailable ? describe : describe.skip;

let reference: GraphQLSchema;
const subset = buildSchema(
  readFileSync(join(__dirname, '..', '..', '..', 'src', 'vendors', 'shopify', 'schema.graphql'), 'utf8'),
);
beforeAll(() => {
  if (referenceAvailable) reference = buildSchema(gunzipSync(readFileSync(REFERENCE)).toString('utf8'));
});

const problems = (schema: GraphQLSchema, source: string) =>
  validate(schema, parse(source)).map((error) => error.message);

const ID = 'gid://shopify/InventoryPurchaseOrder/1';

/** Every document the app sends, with sizes it sends and what requestedCost says they cost. */
const QUERIES: [string, string, Record<string, unknown>, number][] = [
  ['ConnectionTest', CONNECTION_TEST_QUERY, {}, requestedCost.connectionTest()],
  ['PurchaseOrderPage', PURCHASE_ORDER_PAGE_QUERY, { last: 10, lines: 10 }, requestedCost.purchaseOrderPage(10, 10)],
  [
    'PurchaseOrderPage (30 orders of 3 lines)',
    PURCHASE_ORDER_PAGE_QUERY,
    { last: 30, lines: 3 },
    requestedCost.purchaseOrderPage(30, 3),
  ],
  [
    'PurchaseOrder',
    PURCHASE_ORDER_QUERY,
    { id: ID, lines: MAX_ORDER_LINES },
    requestedCost.purchaseOrder(MAX_ORDER_LINES),
  ],
  [
    'PurchaseOrderLineItems',
    LINE_ITEMS_QUERY,
    { id: ID, lines: MAX_FOLLOW_UP_LINES },
    requestedCost.lineItems(MAX_FOLLOW_UP_LINES),
  ],
  ['PurchaseOrderNames', NAME_SCAN_QUERY, { last: 250 }, requestedCost.nameScan(250)],
  ['PurchaseOrderNamesAbove', NAME_PROBE_QUERY, { first: 250, query: 'id:>1' }, requestedCost.nameScan(250)],
  ['PurchaseOrderFingerprints', FINGERPRINT_PAGE_QUERY, { last: 15, lines: 20 }, requestedCost.fingerprintPage(15, 20)],
  [
    'PurchaseOrderFingerprintLines',
    FINGERPRINT_LINES_QUERY,
    { id: ID, lines: MAX_FINGERPRINT_LINES },
    requestedCost.fingerprintLines(MAX_FINGERPRINT_LINES),
  ],
];

describeWithReference("every query against Shopify's published 2026-10 schema", () => {
  it.each(QUERIES)('%s is valid', (_name, source) => {
    expect(problems(reference, source)).toEqual([]);
  });

  it.each(QUERIES)(
    '%s requests what requestedCost says, within the 1,000-point cap',
    (_name, source, variables, cost) => {
      expect(queryCost(reference, source, variables)).toBe(cost);
      expect(cost).toBeLessThanOrEqual(MAX_QUERY_COST);
    },
  );

  it('holds no line-item count on a purchase order, which is why lines are sized from what was last seen', () => {
    const fields = Object.keys(
      (reference.getType('InventoryPurchaseOrder') as { getFields: () => object }).getFields(),
    );
    expect(fields.filter((field) => /count/i.test(field))).toEqual([]);
    expect(problems(reference, `{ inventoryPurchaseOrder(id: "${ID}") { lineItemsCount { count } } }`)).toEqual([
      expect.stringContaining('Cannot query field "lineItemsCount"'),
    ]);
  });

  it.each(['updatedAt', 'createdAt', 'note', 'referenceName'])(
    'has no %s on a purchase order, so asking for it fails',
    (field) => {
      expect(problems(reference, `{ inventoryPurchaseOrder(id: "${ID}") { id ${field} } }`)).toEqual([
        expect.stringContaining(`Cannot query field "${field}" on type "InventoryPurchaseOrder".`),
      ]);
    },
  );

  it('lists USDC among its currencies, a code the app keeps as given', () => {
    expect(reference.getType('CurrencyCode')?.toString()).toBe('CurrencyCode');
    expect(
      (reference.getType('CurrencyCode') as unknown as { getValue: (name: string) => unknown }).getValue('USDC'),
    ).toBeDefined();
  });

  it('has every type and field of the subset schema.graphql (the fake falls back to it without ../shared)', () => {
    const missing: string[] = [];
    for (const type of Object.values(subset.getTypeMap())) {
      if (type.name.startsWith('__') || !isObjectType(type)) continue;
      const name = type.name === 'QueryRoot' ? 'QueryRoot' : type.name;
      const real = reference.getType(name);
      if (!real || !isObjectType(real)) {
        missing.push(name);
        continue;
      }
      for (const field of Object.keys(type.getFields()))
        if (!(field in real.getFields())) missing.push(`${name}.${field}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('the subset schema.graphql', () => {
  it.each(QUERIES)('accepts %s with the same cost', (_name, source, variables, cost) => {
    expect(problems(subset, source)).toEqual([]);
    expect(queryCost(subset, source, variables)).toBe(cost);
  });
});

describe('queryCost', () => {
  it('multiplies nested connections: 50 orders of 50 lines is far over the cap', () => {
    const source =
      '{ inventoryPurchaseOrders(first: 50) { edges { node { id lineItems(first: 50) { edges { node { id } } } } } } }';
    // 2 + 50 x (1 + 2 + 50 x 1)
    expect(queryCost(subset, source)).toBe(2652);
  });

  it('charges scalars nothing and objects one each', () => {
    expect(queryCost(subset, '{ inventoryPurchaseOrder(id: "x") { id name origin { supplierName } } }')).toBe(2);
  });

  it('refuses to cost a connection with neither first nor last', () => {
    expect(() => queryCost(subset, '{ inventoryPurchaseOrders { edges { cursor } } }')).toThrow(/needs first or last/);
  });
});
