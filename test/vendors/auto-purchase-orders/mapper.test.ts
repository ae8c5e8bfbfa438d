import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapApoPurchaseOrder } from '../../../src/vendors/auto-purchase-orders/mapper';
import { apoPayloadSchema } from '../../../src/vendors/auto-purchase-orders/schema';
import { purchaseOrderSchema } from '../../../src/record/purchase-order';
import { jsonTextInSeed, seedsAvailable } from '../../helpers/seeds';

const FIXTURE_PATH = join(__dirname, '../../../src/vendors/auto-purchase-orders/seed-payload.json');
const seedText = readFileSync(FIXTURE_PATH, 'utf8');
const seed = JSON.parse(seedText) as Record<string, unknown>;

function map(payload: unknown, event: 'created' | 'updated' | 'completed' = 'created') {
  const record = mapApoPurchaseOrder(apoPayloadSchema.parse(payload), {
    kind: 'hook',
    event,
    rawBody: JSON.stringify(payload),
  });
  expect(purchaseOrderSchema.parse(record)).toEqual(record);
  return record;
}

(seedsAvailable ? it : it.skip)('keeps the fixture byte for byte as seed 000 publishes it', () => {
  expect(seedText.trim()).toBe(jsonTextInSeed('000_7ea4295dfc4dd72e.txt'));
});

describe('the worked example of contract section 4', () => {
  it.each(['created', 'updated', 'completed'] as const)('comes out field for field as %s', (event) => {
    const record = map(seed, event);
    expect(record).toMatchObject({
      id: `auto_purchase_orders:1:${event}:2025-02-23T09:17:40.288Z`,
      source: 'auto_purchase_orders',
      event,
      document_type: 'purchase_order',
      purchase_order_id: '1',
      number: '2',
      currency: 'USD',
      supplier: {
        id: null,
        name: 'Burberry California',
        email: 'd@magicbits.io',
        phone: null,
        customer_number: null,
      },
      created_at: '2025-02-23T09:17:40.288Z',
      updated_at: '2025-02-23T09:17:40.288Z',
      line_item_count: 3,
      total_quantity: 9,
      subtotal: '10395.00',
      shipping: '55.00',
      adjustments: null,
      total: '10450.00',
    });
    expect(record.shipping_address).toEqual({
      company: null,
      contact_name: null,
      phone: null,
      line1: 'Miami Street',
      line2: null,
      city: 'Hanahan',
      region: 'South Carolina',
      postal_code: '29410',
      country: 'United States',
      country_code: 'US',
    });
    expect(record.line_items.map((item) => [item.sku, item.quantity, item.unit_cost, item.total])).toEqual([
      ['80979681005-S', 3, '1155.00', '3465.00'],
      ['80979681005-M', 3, '1155.00', '3465.00'],
      ['80979681005-L', 3, '1155.00', '3465.00'],
    ]);
    expect(record.line_items[0]).toEqual({
      id: '1304297',
      sku: '80979681005-S',
      supplier_sku: '80979681005-S',
      title: 'Aran Wool Blend Polo Shirt',
      variant_title: 'Coal / S',
      quantity: 3,
      unit_cost: '1155.00',
      total: '3465.00',
      tax_rate: null,
      product_id: 'gid://shopify/Product/7207040974951',
      variant_id: 'gid://shopify/ProductVariant/41201003298919',
      status: null,
      received_at: null,
    });
    expect(record.vendor_fields).toEqual({
      date_created: '2025-02-23',
      authorized_by: null,
      supplier_comment: null,
      email_recipients: [{ email: 'd@magicbits.io', name: 'Dan' }],
      shopify_order_id: null,
      shopify_order_name: null,
      shopify_order_ids: [],
      shopify_order_names: [],
    });
  });

  it('is open until completed, and the complete topic sets completed_at', () => {
    expect(map(seed, 'created')).toMatchObject({ status: 'open', completed_at: null });
    expect(map(seed, 'updated')).toMatchObject({ status: 'open', completed_at: null });
    expect(map(seed, 'completed')).toMatchObject({
      status: 'completed',
      completed_at: '2025-02-23T09:17:40.288Z',
    });
    expect(map({ ...seed, completed_at: '2025-03-01T10:00:00Z' }, 'completed')).toMatchObject({
      status: 'completed',
      completed_at: '2025-03-01T10:00:00Z',
    });
  });
});

describe('variants the seed does not show', () => {
  const products = seed.products as Record<string, unknown>[];

  it('makes every total unknown when one unit price is unknown, never a guess', () => {
    const record = map({
      ...seed,
      products: [{ ...products[0], unit_price: { pure: null, currency_code: 'USD' } }, products[1]],
    });
    expect(record.line_items[0]).toMatchObject({ unit_cost: null, total: null });
    expect(record.line_items[1]).toMatchObject({ unit_cost: '1155.00', total: '3465.00' });
    expect(record).toMatchObject({ subtotal: null, total: null, shipping: '55.00' });
  });

  it('computes money exactly, without float error', () => {
    const record = map({
      ...seed,
      shipping_and_handling_price: { pure: '0.2', currency_code: 'USD' },
      products: [
        { ...products[0], quantity: 3, unit_price: { pure: '0.1', currency_code: 'USD' } },
        { ...products[1], quantity: 1, unit_price: { pure: '19.999', currency_code: 'USD' } },
      ],
    });
    expect(record.line_items.map((item) => item.total)).toEqual(['0.30', '19.999']);
    expect(record).toMatchObject({ subtotal: '20.299', shipping: '0.20', total: '20.499' });
  });

  it('takes "3" as the quantity 3 and a number price as its decimal', () => {
    const record = map({ ...seed, products: [{ ...products[0], quantity: '3', unit_price: { pure: 1155 } }] });
    expect(record.line_items[0]).toMatchObject({ quantity: 3, unit_cost: '1155.00', total: '3465.00' });
  });

  it('sums a 10,000-line purchase order exactly', () => {
    const lines = Array.from({ length: 10_000 }, (_, index) => ({
      ...products[0],
      id: index + 1,
      quantity: (index % 7) + 1,
      unit_price: { pure: '0.07', currency_code: 'USD' },
    }));
    const record = map({ ...seed, products: lines });
    const quantity = lines.reduce((sum, line) => sum + line.quantity, 0);
    const cents = quantity * 7;
    expect(record.line_item_count).toBe(10_000);
    expect(record.total_quantity).toBe(quantity);
    expect(record.subtotal).toBe(`${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);
    expect(record.total).toBe(`${Math.floor(cents / 100) + 55}.${String(cents % 100).padStart(2, '0')}`);
  });

  it('keeps unicode in every text field unchanged', () => {
    const text = 'Ünïcødé 供应商 🍣 ✓';
    const address = {
      company: text,
      contact_name: text,
      phone: text,
      address_line_1: text,
      address_line_2: text,
      city: text,
      region: text,
      postal_code: text,
      country: text,
      country_code: text,
    };
    const record = map({
      ...seed,
      po_number: text,
      comment: text,
      supplier: { company: text, comment: text, address, email_recipients: [{ email: text, name: text }] },
      billing_address: address,
      shipping_address: address,
      products: [
        {
          ...products[0],
          sku: text,
          supplier_ref: text,
          product_title: text,
          variant_title: text,
          product_id: text,
          variant_id: text,
        },
      ],
    });
    expect(record).toMatchObject({ number: text, notes: text, supplier: { name: text, email: text, phone: text } });
    expect(Object.values(record.billing_address ?? {})).toEqual(Array(10).fill(text));
    expect(Object.values(record.shipping_address ?? {})).toEqual(Array(10).fill(text));
    expect(record.line_items[0]).toMatchObject({
      sku: text,
      supplier_sku: text,
      title: text,
      variant_title: text,
      product_id: text,
      variant_id: text,
    });
  });

  it('falls back to the supplier currency and reads a dated expected_date as its date', () => {
    const record = map({
      ...seed,
      currency: null,
      expected_date: '2025-03-10T08:00:00-05:00',
      supplier: { ...(seed.supplier as object), currency_code: 'eur' },
    });
    expect(record).toMatchObject({ currency: 'EUR', expected_on: '2025-03-10' });
  });

  it('hashes the body into the id when the payload has no updated_at', () => {
    const payload = { ...seed, updated_at: null };
    const record = map(payload, 'updated');
    expect(record.id).toMatch(/^auto_purchase_orders:1:updated:[0-9a-f]{16}$/);
    expect(map(payload, 'updated').id).toBe(record.id);
    expect(map({ ...payload, comment: 'changed' }, 'updated').id).not.toBe(record.id);
  });
});
