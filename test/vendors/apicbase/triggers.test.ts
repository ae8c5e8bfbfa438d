import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppTester } from 'zapier-platform-core';
import app from '../../../src';
import { purchaseOrderSchema } from '../../../src/record/purchase-order';
import { TRIGGER_KEYS } from '../../helpers/contract-keys';
import { appTrigger } from '../../helpers/triggers';
import { expectHalted, hookBundle } from '../../helpers/zapier';

const appTester = createAppTester(app);
const apicbaseNewPurchaseOrder = appTrigger(TRIGGER_KEYS.apicbaseNew);
const SECRET = 'apicbase-client-secret';
const sampleText = readFileSync(join(__dirname, '../../../src/vendors/apicbase/sample-order.json'), 'utf8');
const sample = JSON.parse(sampleText) as Record<string, unknown>;

/** Apicbase's own way: HMAC-SHA256 of json.dumps(data), computed by Python. */
function pythonSign(body: string, secret = SECRET): string {
  return execFileSync(
    'python3',
    [
      '-c',
      'import hashlib,hmac,json,sys; print(hmac.new(sys.argv[1].encode(), json.dumps(json.loads(sys.stdin.read())).encode(), hashlib.sha256).hexdigest())',
      secret,
    ],
    { input: body, encoding: 'utf8' },
  ).trim();
}

const compact = JSON.stringify(sample);
const signature = pythonSign(compact);
const perform = apicbaseNewPurchaseOrder.operation.perform;

const deliver = (body: string, headers: Record<string, string>, secret: string | null = SECRET) =>
  appTester(
    perform,
    hookBundle(body, { headers, authData: secret === null ? {} : { apicbase_webhook_secret: secret } }),
  );

/** What a careless message could leak: the HMAC the body should have had, raw or re-serialised. */
function expectedSignatures(body: string): string[] {
  const raw = createHmac('sha256', SECRET).update(body).digest('hex');
  try {
    JSON.parse(body);
    return [raw, pythonSign(body)];
  } catch {
    return [raw];
  }
}

describe('apicbase_new_purchase_order', () => {
  it('maps the schema example field for field', async () => {
    const records = await deliver(compact, { 'Http-X-Apic-Webhook-Signature': signature });
    expect(records).toHaveLength(1);
    const record = records[0]!;
    expect(purchaseOrderSchema.parse(record)).toEqual(record);
    expect(record).toEqual({
      id: expect.stringMatching(/^apicbase:b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d:created:[0-9a-f]{16}$/) as unknown,
      source: 'apicbase',
      event: 'created',
      document_type: 'purchase_order',
      purchase_order_id: 'b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      number: 'PO-2024-0042',
      status: 'ordered',
      vendor_status: 'ORDERED',
      payment_status: null,
      currency: null,
      supplier: { id: null, name: null, email: null, phone: null, customer_number: 'CUST-7781' },
      created_at: null,
      updated_at: null,
      ordered_at: '2024-03-05T09:30:00+01:00',
      completed_at: null,
      expected_on: '2024-03-07',
      notes: 'Deliver to the back door before 7am.',
      billing_address: null,
      shipping_address: null,
      line_items: [
        {
          id: null,
          sku: 'TOM-2550',
          supplier_sku: 'TOM-2550',
          title: 'San Marzano Tomatoes',
          variant_title: null,
          quantity: 4,
          unit_cost: '12.50',
          total: '50.00',
          tax_rate: null,
          product_id: null,
          variant_id: null,
          status: null,
          received_at: null,
        },
        {
          id: null,
          sku: 'OIL-5000',
          supplier_sku: 'OIL-5000',
          title: 'Extra Virgin Olive Oil 5L',
          variant_title: null,
          quantity: 2,
          unit_cost: '38.90',
          total: '77.80',
          tax_rate: null,
          product_id: null,
          variant_id: null,
          status: null,
          received_at: null,
        },
      ],
      line_item_count: 2,
      total_quantity: 6,
      subtotal: '127.80',
      shipping: null,
      adjustments: null,
      total: '127.80',
      vendor_fields: {
        owned_by: { username: 'chef.anna' },
        ordered_on: '2024-03-05T09:30:00+01:00',
        expected_delivery_date: '2024-03-07T06:00:00+01:00',
      },
    });
  });

  it('accepts the body as Python sent it, with the header in any case', async () => {
    const pythonBody = execFileSync(
      'python3',
      ['-c', 'import json,sys; print(json.dumps(json.loads(sys.stdin.read())), end="")'],
      {
        input: compact,
        encoding: 'utf8',
      },
    );
    const records = await deliver(pythonBody, { 'x-apic-webhook-signature': signature.toUpperCase() });
    expect(records[0]).toMatchObject({ number: 'PO-2024-0042', total: '127.80' });
  });

  it('takes the stated total even where the lines do not add up to it', async () => {
    const body = JSON.stringify({ ...sample, theoretical_price: '130.00' });
    const [record] = await deliver(body, { 'X-APIC-WEBHOOK-SIGNATURE': pythonSign(body) });
    expect(record).toMatchObject({ subtotal: '127.80', total: '130.00' });
  });

  it('keeps a timestamp without a zone as text, without guessing one', async () => {
    const body = JSON.stringify({ ...sample, ordered_on: '2024-03-05T09:30:00' });
    const [record] = await deliver(body, { 'X-APIC-WEBHOOK-SIGNATURE': pythonSign(body) });
    expect(record).toMatchObject({ ordered_at: null, vendor_fields: { ordered_on: '2024-03-05T09:30:00' } });
  });

  it.each([
    [
      'no secret in the connection',
      compact,
      { 'X-APIC-WEBHOOK-SIGNATURE': signature },
      null,
      /the connection has no Apicbase Webhook Secret/,
    ],
    ['no signature header', compact, {}, SECRET, /the X-APIC-WEBHOOK-SIGNATURE header is missing/],
    [
      'a signature by another secret',
      compact,
      { 'X-APIC-WEBHOOK-SIGNATURE': pythonSign(compact, 'other') },
      SECRET,
      /does not match the body signed with the connection's Apicbase Webhook Secret/,
    ],
    [
      'a changed body',
      compact.replace('PO-2024-0042', 'PO-2024-0043'),
      { 'X-APIC-WEBHOOK-SIGNATURE': signature },
      SECRET,
      /does not match/,
    ],
    [
      'a body that is not JSON',
      '{"id": 1',
      { 'X-APIC-WEBHOOK-SIGNATURE': signature },
      SECRET,
      /does not match, and the body is not JSON/,
    ],
  ])(
    'refuses a delivery with %s, never showing the secret or the expected signature',
    async (_name, body, headers, secret, pattern) => {
      const error = (await deliver(body, headers, secret).catch((e: Error) => e)) as Error;
      await expectHalted(Promise.reject(error), pattern);
      // Only our sentence: the test harness appends the delivery it ran ("What happened: ...").
      const ours = error.message.split('\nWhat happened:')[0] ?? '';
      expect(ours).not.toContain(SECRET);
      for (const expected of expectedSignatures(body)) {
        expect(ours.toLowerCase()).not.toContain(expected);
      }
      expect(error.message).toMatch(/^Refused this Apicbase delivery: .*No record was made from it\./);
    },
  );

  it('halts on a signed body of the wrong shape, naming the field', async () => {
    const body = JSON.stringify({ ...sample, packages: [{ quantity_ordered: -2 }] });
    await expectHalted(
      deliver(body, { 'X-APIC-WEBHOOK-SIGNATURE': pythonSign(body) }),
      /packages\[0\]\.quantity_ordered must be 0 or more \(got -2\)/,
    );
  });

  it('lists the sample, which is the example through the mapper', async () => {
    const records = await appTester(apicbaseNewPurchaseOrder.operation.performList, hookBundle(''));
    expect(records).toEqual([apicbaseNewPurchaseOrder.operation.sample]);
  });
});

describe('genuine orders of any size, signed by Python', () => {
  const packages = sample.packages as Record<string, unknown>[];
  const signedDelivery = (order: object) => {
    // Compact, with non-ASCII as it is: the signature matches only Python's re-serialisation.
    const body = JSON.stringify(order);
    return deliver(body, { 'X-APIC-WEBHOOK-SIGNATURE': pythonSign(body) });
  };

  it('reads 20,000 lines', async () => {
    const lines = Array.from({ length: 20_000 }, (_, index) => ({
      ...packages[index % 2],
      stock_item: { name: `Tomate n°${index} 🍅` },
      quantity_ordered: 1,
    }));
    const [record] = await signedDelivery({ ...sample, packages: lines });
    expect(record).toMatchObject({ line_item_count: 20_000, total_quantity: 20_000 });
    expect(record?.line_items[19_999]?.title).toBe('Tomate n°19999 🍅');
  });

  it('reads a note of 50,000 characters', async () => {
    const note = 'Livraison à l’arrière, sonnez deux fois. '.repeat(1_220).slice(0, 50_000);
    const [record] = await signedDelivery({ ...sample, order_remarks: note });
    expect(record?.notes).toBe(note);
  });

  it('reads an order nested 500 levels deep', async () => {
    let deep: unknown = 'bottom';
    for (let level = 0; level < 499; level += 1) deep = level % 2 ? [deep] : { level: deep };
    const [record] = await signedDelivery({ ...sample, integration_data: deep });
    expect(record).toMatchObject({ number: 'PO-2024-0042', total: '127.80' });
  });
});
