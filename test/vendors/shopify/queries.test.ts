import { parse, validate } from 'graphql';
import { loadShopifySchema } from '../../../sandbox/shopify-fake';
import { queryCost } from '../../../sandbox/shopify-cost';
import {
  CONNECTION_TEST_QUERY,
  LINE_ITEMS_QUERY,
  LIST_LINE_ITEMS,
  LIST_PAGE_SIZE,
  NAME_PAGE_SIZE,
  NAME_SCAN_QUERY,
  ORDER_LINE_ITEMS,
  PURCHASE_ORDER_PAGE_QUERY,
  PURCHASE_ORDER_QUERY,
  QUERY_COSTS,
} from '../../../src/vendors/shopify/queries';

const schema = loadShopifySchema();

const problems = (source: string) => validate(schema, parse(source)).map((error) => error.message);

/** Each query with the largest variables the client sends. */
const QUERIES = {
  connectionTest: [CONNECTION_TEST_QUERY, {}],
  purchaseOrderPage: [PURCHASE_ORDER_PAGE_QUERY, { last: LIST_PAGE_SIZE, lines: LIST_LINE_ITEMS }],
  purchaseOrder: [PURCHASE_ORDER_QUERY, { id: 'gid://shopify/InventoryPurchaseOrder/1', lines: ORDER_LINE_ITEMS }],
  lineItems: [LINE_ITEMS_QUERY, { id: 'gid://shopify/InventoryPurchaseOrder/1', lines: ORDER_LINE_ITEMS }],
  nameScan: [NAME_SCAN_QUERY, { last: NAME_PAGE_SIZE }],
} as const;

describe.each(Object.entries(QUERIES))('the %s query', (name, [source, variables]) => {
  it('is valid against the 2026-10 schema', () => {
    expect(problems(source)).toEqual([]);
  });

  it('costs what QUERY_COSTS says, under Shopify\'s 1,000-point cap', () => {
    const cost = queryCost(schema, source, variables);
    expect(cost).toBe(QUERY_COSTS[name as keyof typeof QUERY_COSTS]);
    expect(cost).toBeLessThan(1000);
  });
});

describe('schema.graphql', () => {
  it.each(['updatedAt', 'createdAt', 'note', 'referenceName'])('has no %s on a purchase order, so asking for it fails', (field) => {
    expect(problems(`{ inventoryPurchaseOrder(id: "gid://shopify/InventoryPurchaseOrder/1") { id ${field} } }`)).toEqual([
      expect.stringContaining(`Cannot query field "${field}" on type "InventoryPurchaseOrder".`),
    ]);
  });

  it('knows only supplierName on the origin (the preview\'s supplier { name } is gone)', () => {
    expect(problems('{ inventoryPurchaseOrder(id: "gid://shopify/InventoryPurchaseOrder/1") { origin { supplier { name } } } }')).toEqual([
      expect.stringContaining('Cannot query field "supplier" on type "InventorySupplierSnapshot".'),
    ]);
  });
});

describe('queryCost', () => {
  it('multiplies nested connections: 50 orders of 50 lines is far over the cap', () => {
    const source = '{ inventoryPurchaseOrders(first: 50) { edges { node { id lineItems(first: 50) { edges { node { id } } } } } } }';
    // 2 + 50 x (1 + 2 + 50 x 1)
    expect(queryCost(schema, source)).toBe(2652);
  });

  it('charges scalars nothing and objects one each', () => {
    expect(queryCost(schema, '{ inventoryPurchaseOrder(id: "x") { id name origin { supplierName } } }')).toBe(2);
  });

  it('refuses to cost a connection with neither first nor last', () => {
    expect(() => queryCost(schema, '{ inventoryPurchaseOrders { edges { cursor } } }')).toThrow(/needs first or last/);
  });
});
