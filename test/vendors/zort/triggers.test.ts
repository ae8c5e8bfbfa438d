import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { createAppTester, type Bundle } from 'zapier-platform-core';
import app from '../../../src';
import { TRIGGER_KEYS } from '../../helpers/contract-keys';
import { purchaseOrderSchema } from '../../../src/record/purchase-order';
import { jsonTextInSeed, seedsAvailable } from '../../helpers/seeds';
import { BLANK_CONFIG, ZORT_AUTH, ZORT_HEADERS, ZORT_ORIGIN, fakeZort } from '../../fakes/zort';
import { appTrigger, type TriggerUnderTest } from '../../helpers/triggers';
import { expectHalted, hookBundle } from '../../helpers/zapier';

const appTester = createAppTester(app);
const SRC = join(__dirname, '../../../src/vendors/zort');
const orderText = readFileSync(join(SRC, 'seed-purchase-order.json'), 'utf8');
const returnText = readFileSync(join(SRC, 'seed-purchase-return.json'), 'utf8');
const order = JSON.parse(orderText) as Record<string, unknown>;
const KEY1 = 'zort-key-one';
const SUBSCRIPTION = { field: 'addpurchaseurl', url: 'https://hooks.zapier.com/x', key1: KEY1, replaced_url: null };

const byKey = appTrigger;
const created = byKey(TRIGGER_KEYS.zortCreated);

function deliver(
  trigger: TriggerUnderTest,
  body: string,
  options: { method?: string | null; headers?: Record<string, string>; contentType?: string } = {},
) {
  const method = options.method === undefined ? 'ADDPURCHASEORDER' : options.method;
  const bundle = hookBundle(body, {
    authData: ZORT_AUTH,
    querystring: method === null ? '' : `method=${method}`,
    headers: {
      'Http-Authorization': `Basic ${KEY1}`,
      'Http-Content-Type': options.contentType ?? 'application/json',
      ...options.headers,
    },
  });
  // Zapier types subscribeData as {id}, but it carries whatever subscribe returned.
  return appTester(trigger.operation.perform, { ...bundle, subscribeData: SUBSCRIPTION } as unknown as Partial<Bundle>);
}

const CONTRACT_EXAMPLE = {
  source: 'zort',
  event: 'created',
  document_type: 'purchase_order',
  purchase_order_id: '1234',
  number: 'PO-0001',
  status: 'received',
  vendor_status: 'Success',
  payment_status: 'paid',
  currency: null,
  supplier: { id: '123', name: 'Customer Name', email: null, phone: null, customer_number: null },
  ordered_at: '2022-02-16T00:00:00+07:00',
  line_item_count: 2,
  total_quantity: 2,
  subtotal: '150.00',
  total: '150.00',
};

(seedsAvailable ? describe : describe.skip)('the fixtures', () => {
  it('are the seed payloads byte for byte', () => {
    expect(orderText.trim()).toBe(jsonTextInSeed('003_c84d82e037f334dd.txt', 'ADDPURCHASEORDER\n\nPOST'));
    expect(returnText.trim()).toBe(jsonTextInSeed('003_c84d82e037f334dd.txt', 'ADDRETURNPURCHASEORDER\n\nPOST'));
  });
});

/** A multipart/form-data body: a field before the payload part, line breaks as given. */
const multipart = (boundary: string, newline: string, payload: string) =>
  [
    `--${boundary}`,
    'Content-Disposition: form-data; name="method"',
    '',
    'ADDPURCHASEORDER',
    `--${boundary}`,
    'Content-Disposition: form-data; name="payload"',
    'Content-Type: application/json; charset=utf-8',
    '',
    payload,
    `--${boundary}--`,
    '',
  ].join(newline);

describe('zort_purchase_order_created: contract section 4 from each accepted body encoding', () => {
  const form = `payload=${encodeURIComponent(orderText)}`;
  it.each([
    [
      'multipart/form-data with a payload part (CRLF)',
      multipart('----zort7MA4YWxk', '\r\n', orderText),
      'multipart/form-data; boundary=----zort7MA4YWxk',
    ],
    [
      'multipart/form-data with a payload part (LF, quoted boundary)',
      multipart('b:1 2', '\n', orderText),
      'multipart/form-data; charset=utf-8; boundary="b:1 2"',
    ],
    ['a form field payload', form, 'application/x-www-form-urlencoded'],
    ['a JSON body with payload as text', JSON.stringify({ payload: orderText }), 'application/json'],
    ['a JSON body with payload as an object', JSON.stringify({ payload: order }), 'application/json'],
    ['a bare JSON body', orderText, 'application/json'],
  ])('%s', async (_name, body, contentType) => {
    const records = await deliver(created, body, { contentType });
    expect(records).toHaveLength(1);
    const record = records[0]!;
    expect(purchaseOrderSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject(CONTRACT_EXAMPLE);
    expect(record.id).toMatch(/^zort:1234:created:[0-9a-f]{16}$/);
    expect(record.line_items.map((item) => [item.sku, item.quantity, item.unit_cost, item.total])).toEqual([
      ['P0001', 1, '100.00', '100.00'],
      ['P0002', 1, '50.00', '50.00'],
    ]);
    expect(record.line_items[0]).toMatchObject({ title: 'Product 1', product_id: '2345' });
    expect(record.vendor_fields).toMatchObject({
      document_date: '2022-02-16',
      vat_type: '1',
      payment_amount: '150.00',
    });
  });
});

describe('every ZORT trigger', () => {
  it.each([
    [TRIGGER_KEYS.zortUpdated, 'UPDATEPURCHASEORDER', 'updated', 'purchase_order', orderText, 'PO-0001'],
    [
      TRIGGER_KEYS.zortPaymentUpdated,
      'UPDATEPURCHASEORDERPAYMENT',
      'payment_updated',
      'purchase_order',
      orderText,
      'PO-0001',
    ],
    [TRIGGER_KEYS.zortReturnCreated, 'ADDRETURNPURCHASEORDER', 'created', 'purchase_return', returnText, 'DN-0001'],
    [TRIGGER_KEYS.zortReturnUpdated, 'UPDATERETURNPURCHASEORDER', 'updated', 'purchase_return', returnText, 'DN-0001'],
    [
      TRIGGER_KEYS.zortReturnPaymentUpdated,
      'UPDATERETURNPURCHASEORDERPAYMENT',
      'payment_updated',
      'purchase_return',
      returnText,
      'DN-0001',
    ],
  ])('%s takes %s as a %s %s', async (key, method, event, documentType, body, number) => {
    const [record] = await deliver(byKey(key), `payload=${encodeURIComponent(body)}`, { method });
    expect(record).toMatchObject({
      event,
      document_type: documentType,
      number,
      ordered_at: '2022-02-16T00:00:00+07:00',
      total: '150.00',
    });
  });

  it('maps a purchase return with its reference to the purchase order', async () => {
    const [record] = await deliver(byKey(TRIGGER_KEYS.zortReturnCreated), returnText, {
      method: 'ADDRETURNPURCHASEORDER',
    });
    expect(record).toMatchObject({
      supplier: { name: 'Contact Name' },
      vendor_fields: { reference: 'PO-0001', reference_id: '2345' },
    });
  });
});

describe('deliveries that are refused', () => {
  it.each([
    [
      'a wrong key',
      { headers: { 'Http-Authorization': 'Basic not-the-key' } },
      /the Authorization key matches neither the webhook key1 this Zap set in ZORT nor the store's current key1/,
    ],
    [
      'no key at all',
      { headers: { 'Http-Authorization': '' } },
      /the Authorization header \(Basic and the webhook key1\) is missing/,
    ],
    [
      'an unknown method',
      { method: 'ADDORDER' },
      /^Refused this ZORT delivery: it was sent for ZORT's "ADDORDER" webhook, and this Zap's trigger is New Purchase Order in ZORT \(ADDPURCHASEORDER\)\. No record was made from it\. In ZORT's webhook settings this Zap's address belongs in its own event's field only: turning the Zap off and on again puts it back there\./,
    ],
    [
      "another trigger's method",
      { method: 'UPDATEPURCHASEORDER' },
      /it was sent for ZORT's "UPDATEPURCHASEORDER" webhook \(Updated Purchase Order in ZORT\), and this Zap's trigger is New Purchase Order in ZORT \(ADDPURCHASEORDER\)\./,
    ],
    [
      'a method of 10,000 characters, cut short',
      { method: 'A'.repeat(10_000) },
      /it was sent for ZORT's "A{40}…" webhook, and this Zap's trigger is New Purchase Order in ZORT/,
    ],
    [
      'no method',
      { method: null },
      /its address has no method, so its event is unknown, and this Zap's trigger is New Purchase Order in ZORT \(ADDPURCHASEORDER\)\./,
    ],
  ])('%s', async (_name, options, pattern) => {
    // The store still holds this Zap's URL and key1: a key other than key1 is no key of its.
    fakeZort({ ...BLANK_CONFIG, key1: KEY1, key2: 'k2', key3: 'k3', addpurchaseurl: SUBSCRIPTION.url });
    await expectHalted(deliver(created, orderText, options), pattern);
  });

  it('a body that is not JSON', async () => {
    await expectHalted(deliver(created, 'payload={not json'), /the payload is not JSON/);
    await expectHalted(deliver(created, 'hello'), /the body is neither JSON nor a form with a payload field/);
  });

  it('a payload whose list is not an array', async () => {
    await expectHalted(
      deliver(created, JSON.stringify({ ...order, list: 'P0001' })),
      /Refused this ZORT delivery: list must be an array, not "P0001"/,
    );
  });

  it('a payload with a fractional quantity is fine, a negative one is not', async () => {
    const [record] = await deliver(
      created,
      JSON.stringify({ ...order, list: [{ sku: 'RICE', number: 2.5, pricepernumber: '40.00', totalprice: '100.00' }] }),
    );
    expect(record).toMatchObject({ total_quantity: 2.5, subtotal: '100.00' });
    await expectHalted(
      deliver(created, JSON.stringify({ ...order, list: [{ number: -1 }] })),
      /list\[0\]\.number must be 0 or more/,
    );
  });

  it('a date beyond any calendar', async () => {
    await expectHalted(
      deliver(created, JSON.stringify({ ...order, purchaseorderdate: '/Date(99999999999999999)/' })),
      /purchaseorderdate must be a date such as "\/Date\(1644944400000\)\/"/,
    );
  });

  it('takes a minimal payload: an id and its list, nothing else', async () => {
    const [record] = await deliver(created, JSON.stringify({ id: 5, list: [] }));
    expect(record).toMatchObject({
      purchase_order_id: '5',
      number: null,
      ordered_at: null,
      line_item_count: 0,
      subtotal: '0.00',
      total: '0.00',
    });
  });

  it('accepts the key1 header, and a base64 key, as ZORT may send either', async () => {
    const headers = { 'Http-Authorization': '', 'Http-Key1': KEY1 };
    expect(await deliver(created, orderText, { headers })).toHaveLength(1);
    const base64 = Buffer.from(KEY1).toString('base64');
    expect(await deliver(created, orderText, { headers: { 'Http-Authorization': `Basic ${base64}` } })).toHaveLength(1);
  });
});

describe('performList', () => {
  it('shows the newest purchase orders from the API, mapped', async () => {
    nock(ZORT_ORIGIN, { reqheaders: ZORT_HEADERS })
      .get('/v4/PurchaseOrder/GetPurchaseOrders')
      .query({ limit: '10', page: '1' })
      .reply(200, {
        res: { resCode: '200', resDesc: '' },
        list: [order, { ...order, id: 1300, number: 'PO-0002' }],
        count: 2,
      });
    const records = await appTester(created.operation.performList, { authData: ZORT_AUTH } as Partial<Bundle>);
    expect(records.map((record) => [record.purchase_order_id, record.number, record.event])).toEqual([
      ['1300', 'PO-0002', 'created'],
      ['1234', 'PO-0001', 'created'],
    ]);
  });

  it('leaves out one malformed purchase order and shows the rest', async () => {
    nock(ZORT_ORIGIN)
      .get('/v4/PurchaseOrder/GetPurchaseOrders')
      .query(true)
      .reply(200, { res: { resCode: '200' }, list: [order, { ...order, id: 99, list: 'oops' }], count: 2 });
    const records = await appTester(created.operation.performList, { authData: ZORT_AUTH } as Partial<Bundle>);
    expect(records.map((record) => record.purchase_order_id)).toEqual(['1234']);
  });

  it('shows the seed sample when the store has none', async () => {
    nock(ZORT_ORIGIN).get('/v4/PurchaseOrder/GetPurchaseOrders').query(true).reply(200, { list: [], count: 0 });
    const records = await appTester(created.operation.performList, { authData: ZORT_AUTH } as Partial<Bundle>);
    expect(records).toEqual([created.operation.sample]);
  });
});
