import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapStockyPurchaseOrder } from '../../../src/vendors/stocky/mapper';
import { stockyListResponseSchema, stockyPurchaseOrderSchema } from '../../../src/vendors/stocky/schema';
import { purchaseOrderSchema } from '../../../src/record/purchase-order';
import { jsonTextInSeed, seedsAvailable } from '../../helpers/seeds';

const LIST_PATH = join(__dirname, '../../../src/vendors/stocky/seed-list-response.json');
const listText = readFileSync(LIST_PATH, 'utf8');
const list = stockyListResponseSchema.parse(JSON.parse(listText)).purchase_orders;
const [order2, order1] = list;
if (!order2 || !order1) throw new Error('the seed list holds two purchase orders');

function map(order: unknown, kind: 'new' | 'updated' | 'search' = 'new') {
  const record = mapStockyPurchaseOrder(stockyPurchaseOrderSchema.parse(order), { kind });
  expect(purchaseOrderSchema.parse(record)).toEqual(record);
  return record;
}

(seedsAvailable ? describe : describe.skip)('the seed', () => {
  it('is the list example of seed 001, byte for byte', () => {
    expect(listText.trim()).toBe(jsonTextInSeed('001_ee60f0b7e27d06f2.txt', 'HTTP/1.1 200 OK'));
  });
});

describe('contract section 4: Stocky purchase order 2', () => {
  it('comes out field for field from the list response', () => {
    const record = map(order2);
    expect(record).toEqual({
      id: 'stocky:2',
      source: 'stocky',
      event: 'created',
      document_type: 'purchase_order',
      purchase_order_id: '2',
      number: '1001',
      status: 'ordered',
      vendor_status: 'confirmed',
      payment_status: 'unpaid',
      currency: 'CAD',
      supplier: { id: '1', name: 'Brothers', email: null, phone: null, customer_number: null },
      created_at: '2021-02-09T00:23:25.000Z',
      updated_at: '2021-02-09T00:24:13.000Z',
      ordered_at: '2021-02-09T00:24:13.000Z',
      completed_at: null,
      expected_on: '2021-02-22',
      notes: null,
      billing_address: null,
      shipping_address: null,
      line_items: [
        {
          id: '4',
          sku: 'BrothersCatapreses01',
          supplier_sku: null,
          title: 'Catapreses Harlemites Constructivist Gothicks',
          variant_title: 'nonparalysis',
          quantity: 10,
          unit_cost: null,
          total: null,
          tax_rate: null,
          product_id: null,
          variant_id: null,
          status: 'not delivered',
          received_at: null,
        },
        {
          id: '5',
          sku: 'BrothersEcstasies01',
          supplier_sku: null,
          title: 'Ecstasies Sufis Cunas Hunky',
          variant_title: 'Default',
          quantity: 6,
          unit_cost: null,
          total: null,
          tax_rate: null,
          product_id: null,
          variant_id: null,
          status: 'not delivered',
          received_at: null,
        },
      ],
      line_item_count: 2,
      total_quantity: 16,
      subtotal: null,
      shipping: '19.00',
      adjustments: '199.00',
      total: null,
      vendor_fields: {
        sequential_id: '1001',
        invoice_number: null,
        invoice_date: '2021-02-10',
        generated_at: '2021-02-09T00:23:25.000Z',
        ship_on: '2021-02-24',
        payment_due_on: null,
        archived: false,
        paid: false,
        shopify_receive_location_id: '34915680278',
        shipping_local: '29.00',
        adjustments_local: '299.00',
        shipping_tax_type: '27',
        expected_on: null,
        // Per-line values with no column, aligned with line_items; all-null ones left out.
        line_item_fields: {
          retail_price: ['49.61', '290.63'],
          inventory_item_id: ['37791323160598', '37791200739350'],
          account_code: ['300', '300'],
          tax_type_id: ['427', null],
          accounting_tax_type: ['HST', null],
          updated_at: ['09/02/2021 00:23', '09/02/2021 00:23'],
        },
      },
    });
  });

  it('uses the id style of each operation', () => {
    expect(map(order2, 'updated')).toMatchObject({ id: 'stocky:2:2021-02-09T00:24:13.000Z', event: 'updated' });
    expect(map(order2, 'search')).toMatchObject({ id: 'stocky:2', event: null });
  });
});

describe('variants the seed does not show', () => {
  const item = (changes: Record<string, unknown>) => ({
    ...(JSON.parse(listText) as { purchase_orders: { purchase_items: object[] }[] }).purchase_orders[0]!
      .purchase_items[0],
    ...changes,
  });
  const base = (JSON.parse(listText) as { purchase_orders: Record<string, unknown>[] }).purchase_orders[0]!;

  it('totals known costs exactly and adds shipping and adjustments', () => {
    const record = map({
      ...base,
      purchase_items: [
        item({ cost_price: '10.10', quantity: 3 }),
        item({ id: 9, supplier_cost_price: '0.05', quantity: 7 }),
      ],
    });
    expect(record.line_items.map((line) => [line.unit_cost, line.total])).toEqual([
      ['10.10', '30.30'],
      ['0.05', '0.35'],
    ]);
    expect(record).toMatchObject({ subtotal: '30.65', total: '248.65' });
  });

  it('never takes the retail price as a cost', () => {
    const record = map({
      ...base,
      purchase_items: [item({ retail_price: '99.00', cost_price: null, supplier_cost_price: null })],
    });
    expect(record.line_items[0]?.unit_cost).toBeNull();
    expect(record.subtotal).toBeNull();
  });

  it.each([
    [{ ordered_at: null }, [null, null], 'draft', 'draft'],
    [{}, [null, null], 'ordered', 'confirmed'],
    [{}, ['22/02/2021', null], 'partially_received', 'confirmed'],
    [{ archived: true }, ['22/02/2021', '23/02/2021'], 'received', 'confirmed-archived'],
  ])('reads the status from confirmation and receipts (%j, %j)', (changes, receivedAt, status, vendorStatus) => {
    const record = map({
      ...base,
      ...changes,
      purchase_items: receivedAt.map((received, index) => item({ id: index + 1, received_at: received })),
    });
    expect(record).toMatchObject({ status, vendor_status: vendorStatus });
  });

  it('reads paid as 1 or true', () => {
    expect(map({ ...base, paid: 1 }).payment_status).toBe('paid');
    expect(map({ ...base, paid: true }).payment_status).toBe('paid');
    expect(map({ ...base, paid: null }).payment_status).toBeNull();
  });

  it('takes a minimal purchase order: id, updated_at and items, nothing else', () => {
    const record = map({ id: 9, updated_at: '2021-02-09T00:24:13.000Z', purchase_items: [] });
    expect(record).toMatchObject({
      id: 'stocky:9',
      number: null,
      status: 'draft',
      payment_status: null,
      total: '0.00',
    });
  });

  it.each(['invoice_date', 'ship_on', 'payment_due_on'])(
    "keeps %s in the merchant's date format as text instead of refusing the order",
    (field) => {
      const record = map({ ...base, [field]: '09/02/2021' });
      expect(record.vendor_fields[field]).toBe('09/02/2021');
    },
  );

  it("keeps an expected_on in the merchant's format in vendor_fields, leaving the ISO column empty", () => {
    const record = map({ ...base, expected_on: '22/02/2021' });
    expect(record.expected_on).toBeNull();
    expect(record.vendor_fields.expected_on).toBe('22/02/2021');
  });

  it('reads an ISO expected_on, date or timestamp, as before and keeps no text copy', () => {
    expect(map({ ...base, expected_on: '2021-02-22T00:00:00-05:00' })).toMatchObject({
      expected_on: '2021-02-22',
      vendor_fields: { expected_on: null },
    });
    expect(map({ ...base, expected_on: '2021-02-22' })).toMatchObject({
      expected_on: '2021-02-22',
      vendor_fields: { expected_on: null },
    });
  });

  it("keeps the supplier cost in vendor_fields only when it is not the line's unit cost", () => {
    const record = map({
      ...base,
      purchase_items: [
        item({ cost_price: '10.00', supplier_cost_price: '9.00' }),
        item({ id: 9, cost_price: null, supplier_cost_price: '8.00' }),
      ],
    });
    expect(record.line_items.map((line) => line.unit_cost)).toEqual(['10.00', '8.00']);
    expect(record.vendor_fields.line_item_fields).toMatchObject({ supplier_cost_price: ['9.00', null] });
  });

  it('carries no second copy of the lines: a 100-line order is its line items plus a small per-line extra', () => {
    const order = {
      ...base,
      purchase_items: Array.from({ length: 100 }, (_, index) => item({ id: index + 1, cost_price: '1.25' })),
    };
    const record = map(order);
    const recordBytes = Buffer.byteLength(JSON.stringify(record));
    const lineBytes = Buffer.byteLength(JSON.stringify(record.line_items));
    const vendorBytes = Buffer.byteLength(JSON.stringify(record.vendor_fields));
    expect(JSON.stringify(record.vendor_fields)).not.toMatch(/purchase_items|"line_items"|cost_price":\["1\.25/);
    // Before: vendor_fields.line_items repeated every line (id, costs, nulls), about as big as line_items.
    expect(vendorBytes).toBeLessThan(lineBytes / 3);
    expect(recordBytes).toBeLessThan(48_000);
  });

  it('keeps a number Stocky lets merchants override ("1000A")', () => {
    expect(map({ ...base, number: '1000A' }).number).toBe('1000A');
  });
});
