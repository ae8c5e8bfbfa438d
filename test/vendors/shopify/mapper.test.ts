import { createAppTester } from 'zapier-platform-core';
import app from '../../../src';
import { validatePayload } from '../../../src/common/validation';
import { purchaseOrderSchema } from '../../../src/record/purchase-order';
import fixture from '../../../src/vendors/shopify/fixture-purchase-orders.json';
import type { RecordOrigin } from '../../../src/record/origin';
import { mapShopifyPurchaseOrder } from '../../../src/vendors/shopify/mapper';
import { shopifySample } from '../../../src/vendors/shopify/samples';
import {
  parsePurchaseOrderNode,
  shopifyPurchaseOrderSchema,
  type ShopifyPurchaseOrder,
} from '../../../src/vendors/shopify/schema';
import { expectHalted } from '../../helpers/zapier';

const appTester = createAppTester(app);

type Raw = Record<string, unknown> & { lineItems: { edges: { node: Record<string, unknown> }[] } };
const rawOrders = (): Raw[] =>
  (JSON.parse(JSON.stringify(fixture)) as typeof fixture).data.inventoryPurchaseOrders.edges.map(
    ({ node }) => node as unknown as Raw,
  );
const [archivedRaw, orderedRaw, draftRaw] = rawOrders();
if (!archivedRaw || !orderedRaw || !draftRaw) throw new Error('the fixture holds three purchase orders');

const parse = (raw: unknown): ShopifyPurchaseOrder => shopifyPurchaseOrderSchema.parse(raw);

/** The version part of an "updated" record's id, decided by the one dedupe policy. */
const versionHash = (order: ShopifyPurchaseOrder) =>
  mapShopifyPurchaseOrder(order, { kind: 'updated' }).id.split(':')[2];

function map(raw: unknown, kind: Exclude<RecordOrigin['kind'], 'hook'> = 'new') {
  const record = mapShopifyPurchaseOrder(parse(raw), { kind });
  expect(purchaseOrderSchema.parse(record)).toEqual(record);
  return record;
}

describe('the fixture', () => {
  it('maps the ordered purchase order field for field, money exact', () => {
    expect(map(orderedRaw)).toEqual({
      id: 'shopify:1002',
      source: 'shopify',
      event: 'created',
      document_type: 'purchase_order',
      purchase_order_id: '1002',
      number: 'PO1002',
      status: 'ordered',
      vendor_status: 'ORDERED',
      payment_status: null,
      currency: 'USD',
      supplier: { id: null, name: 'Northwind Textiles', email: null, phone: null, customer_number: null },
      created_at: '2026-10-01T09:15:00Z',
      updated_at: null,
      ordered_at: '2026-10-02T10:00:00Z',
      completed_at: null,
      expected_on: null,
      notes: null,
      billing_address: null,
      shipping_address: {
        company: 'Main Warehouse',
        contact_name: null,
        phone: '+1 613-555-0142',
        line1: '150 Elgin Street',
        line2: '8th Floor',
        city: 'Ottawa',
        region: 'Ontario',
        postal_code: 'K2P 1L4',
        country: 'Canada',
        country_code: 'CA',
      },
      line_items: [
        {
          id: '5002',
          sku: 'TEE-WHT-S',
          supplier_sku: 'NW-TEE-WHT-S',
          title: 'Organic Cotton Tee',
          variant_title: 'White / S',
          quantity: 24,
          unit_cost: '6.25',
          total: '150.00',
          tax_rate: '13.0',
          product_id: '8001',
          variant_id: '39002',
          status: null,
          received_at: null,
        },
        {
          id: '5003',
          sku: 'TOTE-NAT',
          supplier_sku: 'NW-TOTE',
          title: 'Canvas Tote',
          variant_title: null,
          quantity: 15,
          unit_cost: '3.333',
          total: '49.995',
          tax_rate: '13.0',
          product_id: '8002',
          variant_id: '39003',
          status: null,
          received_at: null,
        },
      ],
      line_item_count: 2,
      total_quantity: 39,
      subtotal: '199.995',
      shipping: null,
      adjustments: null,
      total: '225.99435',
      vendor_fields: {
        gid: 'gid://shopify/InventoryPurchaseOrder/1002',
        destination_location_id: '71234567890',
        destination_province_code: 'ON',
        destination_snapshotted_at: '2026-10-01T09:15:00Z',
        line_items: [
          {
            id: '5002',
            gid: 'gid://shopify/InventoryPurchaseOrderLineItem/5002',
            total_cost: '169.50',
            inventory_item_id: '44002',
          },
          {
            id: '5003',
            gid: 'gid://shopify/InventoryPurchaseOrderLineItem/5003',
            total_cost: '56.49435',
            inventory_item_id: '44003',
          },
        ],
      },
    });
  });

  it("makes an archived purchase order completed, keeping Shopify's status word", () => {
    expect(map(archivedRaw)).toMatchObject({
      purchase_order_id: '1001',
      status: 'completed',
      vendor_status: 'ORDERED',
      ordered_at: '2026-09-22T08:30:00Z',
      completed_at: '2026-10-06T16:12:45Z',
      subtotal: '250.00',
      total: '282.50',
    });
  });

  it('keeps a draft a draft, and leaves the total unknown when a line has no totalCost', () => {
    expect(map(draftRaw)).toMatchObject({
      status: 'draft',
      vendor_status: 'DRAFT',
      ordered_at: null,
      subtotal: '100.80',
      total: null,
      supplier: { name: 'Cedar & Pine Goods' },
      shipping_address: { line2: null, phone: null },
      line_items: [{ id: '5004', supplier_sku: null, unit_cost: '8.40', total: '100.80', tax_rate: null }],
    });
  });

  it('computes a line total from the unit cost when Shopify leaves the subtotal out', () => {
    const raw = structuredClone(draftRaw);
    raw.lineItems.edges[0]!.node.subtotal = null;
    expect(map(raw).line_items[0]).toMatchObject({ unit_cost: '8.40', total: '100.80' });
  });

  it('is the sample, newest first', () => {
    expect(shopifySample('new')).toEqual(map(draftRaw));
    expect(shopifySample('ordered')).toEqual(map(orderedRaw, 'ordered'));
  });
});

describe('record ids', () => {
  it('new and search: one per purchase order', () => {
    expect(map(orderedRaw, 'new')).toMatchObject({ id: 'shopify:1002', event: 'created' });
    expect(map(orderedRaw, 'search')).toMatchObject({ id: 'shopify:1002', event: null });
  });

  it('ordered: once per purchase order, at its ordered time', () => {
    expect(map(orderedRaw, 'ordered')).toMatchObject({
      id: 'shopify:1002:ordered:2026-10-02T10:00:00Z',
      event: 'ordered',
    });
  });

  it('ordered: refuses a draft, which has no ordered time', () => {
    expect(() => map(draftRaw, 'ordered')).toThrow(
      'Shopify purchase order PO1003 is not ordered yet, so it makes no "ordered" record.',
    );
  });

  it('updated: one per version', () => {
    const order = parse(orderedRaw);
    expect(map(orderedRaw, 'updated')).toMatchObject({ id: `shopify:1002:${versionHash(order)}`, event: 'updated' });
    expect(versionHash(order)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('versionHash', () => {
  const hash = (change: (raw: Raw) => void) => {
    const raw = structuredClone(orderedRaw);
    change(raw);
    return versionHash(parse(raw));
  };
  const original = hash(() => undefined);
  const line = (raw: Raw, index = 0) => raw.lineItems.edges[index]!.node;

  it.each<[string, (raw: Raw) => void]>([
    [
      'the status',
      (raw) => {
        raw.status = 'DRAFT';
      },
    ],
    [
      'the ordered time',
      (raw) => {
        raw.orderedAt = '2026-10-03T10:00:00Z';
      },
    ],
    [
      'archiving',
      (raw) => {
        raw.archivedAt = '2026-10-20T10:00:00Z';
      },
    ],
    [
      'a quantity',
      (raw) => {
        line(raw).totalQuantity = 25;
      },
    ],
    [
      'a unit cost',
      (raw) => {
        line(raw).unitCost = { amount: '6.30', currencyCode: 'USD' };
      },
    ],
    [
      'a SKU',
      (raw) => {
        (line(raw).inventoryItem as Record<string, unknown>).sku = 'TEE-WHT-S2';
      },
    ],
    [
      'a supplier SKU',
      (raw) => {
        line(raw).supplierSku = 'NW-2';
      },
    ],
    [
      'a removed line',
      (raw) => {
        raw.lineItems.edges.pop();
      },
    ],
  ])('changes with %s', (_, change) => {
    expect(hash(change)).not.toBe(original);
  });

  it.each<[string, (raw: Raw) => void]>([
    [
      'lines read in another order',
      (raw) => {
        raw.lineItems.edges.reverse();
      },
    ],
    [
      'an amount written with other trailing zeros',
      (raw) => {
        line(raw).unitCost = { amount: '6.250', currencyCode: 'USD' };
      },
    ],
    [
      'a renamed product',
      (raw) => {
        line(raw).title = 'Tee';
      },
    ],
  ])('stays with %s', (_, change) => {
    expect(hash(change)).toBe(original);
  });

  it('refuses an order whose lines were not all read', () => {
    const raw = structuredClone(orderedRaw) as Raw & { lineItems: { pageInfo: Record<string, unknown> } };
    raw.lineItems.pageInfo = { hasNextPage: true, endCursor: 'abc' };
    expect(() => versionHash(parse(raw))).toThrow(/has more lines than were read/);
    expect(() => mapShopifyPurchaseOrder(parse(raw), { kind: 'new' })).toThrow(/has more lines than were read/);
  });
});

describe('hostile purchase orders', () => {
  it.each<[string, (raw: Raw) => void, RegExp]>([
    [
      'an id that is not a gid',
      (raw) => {
        raw.id = '1002';
      },
      /^id must be a Shopify id/,
    ],
    [
      'a gid without digits',
      (raw) => {
        raw.id = 'gid://shopify/InventoryPurchaseOrder/12a';
      },
      /^id must be a Shopify id/,
    ],
    [
      'a line gid with a path in it',
      (raw) => {
        line0(raw).id = 'gid://shopify/Line/1/../2';
      },
      /^lineItems\.edges\[0\]\.node\.id must be a Shopify id/,
    ],
    [
      'a status that is no word',
      (raw) => {
        raw.status = 'closed!';
      },
      /^status must be a status word such as DRAFT or ORDERED/,
    ],
    [
      'a currency that is no code',
      (raw) => {
        raw.currency = 'dollars';
      },
      /^currency must be a currency code such as "USD"/,
    ],
    [
      'a float amount',
      (raw) => {
        line0(raw).unitCost = { amount: 6.25, currencyCode: 'USD' };
      },
      /^lineItems\.edges\[0\]\.node\.unitCost\.amount/,
    ],
    [
      'an amount in exponent form',
      (raw) => {
        line0(raw).unitCost = { amount: '1e3', currencyCode: 'USD' };
      },
      /unitCost\.amount must be a decimal amount/,
    ],
    [
      'an amount in another currency',
      (raw) => {
        line0(raw).totalCost = { amount: '1.00', currencyCode: 'EUR' };
      },
      /totalCost\.currencyCode must be the purchase order's currency USD \(got "EUR"\)/,
    ],
    [
      'a fractional quantity',
      (raw) => {
        line0(raw).totalQuantity = 1.5;
      },
      /totalQuantity must be a whole number/,
    ],
    [
      'a negative quantity',
      (raw) => {
        line0(raw).totalQuantity = -1;
      },
      /totalQuantity must be 0 or more/,
    ],
    [
      'a date without a zone',
      (raw) => {
        raw.dateCreated = '2026-10-01T09:15:00';
      },
      /^dateCreated must be an ISO-8601 timestamp with a time zone/,
    ],
    [
      'an empty name',
      (raw) => {
        raw.name = ' ';
      },
      /^name must be the purchase order number/,
    ],
    [
      'a product id that is not a number',
      (raw) => {
        (
          (line0(raw).inventoryItem as Raw['lineItems']['edges'][number]['node']).variant as Record<string, unknown>
        ).legacyResourceId = '39x';
      },
      /variant\.legacyResourceId must be a whole number/,
    ],
    [
      'no lines connection',
      (raw) => {
        delete (raw as Partial<Raw>).lineItems;
      },
      /^lineItems is missing/,
    ],
  ])('%s is skipped by a list with a sentence naming the field', (_, change, pattern) => {
    const raw = structuredClone(orderedRaw);
    change(raw);
    const result = parsePurchaseOrderNode(raw);
    expect(result.order).toBeNull();
    expect(result.problem).toMatch(pattern);
  });

  it('halts a single answer, naming the field', async () => {
    const raw = structuredClone(orderedRaw);
    line0(raw).totalQuantity = 'many';
    await expectHalted(
      appTester((z) =>
        validatePayload(z, { source: 'shopify', name: 'Shopify', kind: 'response' }, shopifyPurchaseOrderSchema, raw),
      ),
      /^Shopify answered with data this integration cannot read: lineItems\.edges\[0\]\.node\.totalQuantity must be a number, not "many"\. No record was made from it\./,
    );
  });
});

function line0(raw: Raw) {
  return raw.lineItems.edges[0]!.node;
}
