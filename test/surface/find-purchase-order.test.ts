import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { createAppTester, type Bundle } from 'zapier-platform-core';
import app from '../../src';
import { findPurchaseOrder } from '../../src/surface/find-purchase-order';
import { ZORT_AUTH, ZORT_HEADERS, ZORT_ORIGIN } from '../fakes/zort';
import { errorDetails } from '../helpers/zapier';

const appTester = createAppTester(app);

describe('find_purchase_order', () => {
  it('offers the sources it serves, Stocky no longer among them', () => {
    const search = app.searches.find_purchase_order!;
    const [source] = search.operation.inputFields;
    expect(source).toMatchObject({ key: 'source', required: true, choices: { shopify: 'Shopify', zort: 'ZORT' } });
    expect(search.display.description).toBe('Finds a purchase order in Shopify or ZORT by its id or number.');
  });

  it('refuses an unknown source', async () => {
    const error = (await appTester(findPurchaseOrder, {
      authData: ZORT_AUTH,
      inputData: { source: 'sap', purchase_order_id: '1' },
    } as unknown as Partial<Bundle>).catch((e: Error) => e)) as Error;
    expect(errorDetails(error).message).toMatch(/^Source must be one of shopify, zort, not "sap"\./);
  });

  it("is the app's find_purchase_order search", () => {
    expect(app.searches.find_purchase_order?.operation.perform).toBe(findPurchaseOrder);
  });
});

describe('find_purchase_order in ZORT', () => {
  const orderText = readFileSync(join(__dirname, '../../src/vendors/zort/seed-purchase-order.json'), 'utf8');
  const order = JSON.parse(orderText) as Record<string, unknown>;
  const zortSearch = (inputData: Record<string, unknown>) =>
    appTester(findPurchaseOrder, { authData: ZORT_AUTH, inputData } as unknown as Partial<Bundle>);
  const zort = (reqheaders: Record<string, string> = ZORT_HEADERS) =>
    nock(ZORT_ORIGIN, { reqheaders, badheaders: ['Store-Name', 'Authorization'] });

  it('finds by id through GetPurchaseOrderDetail', async () => {
    zort().get('/v4/PurchaseOrder/GetPurchaseOrderDetail').query({ id: '1234' }).reply(200, orderText);
    const records = await zortSearch({ source: 'zort', purchase_order_id: '1234' });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      id: 'zort:1234',
      event: null,
      number: 'PO-0001',
      total: '150.00',
      payment_status: 'paid',
    });
  });

  it('finds by number through GetPurchaseOrders with the numberlist header', async () => {
    zort({ ...ZORT_HEADERS, numberlist: 'PO-0001' })
      .get('/v4/PurchaseOrder/GetPurchaseOrders')
      .query({ limit: '10', page: '1' })
      .reply(200, { res: { resCode: '200', resDesc: '' }, list: [order], count: 1 });
    const records = await zortSearch({ source: 'zort', number: ' PO-0001 ' });
    expect(records.map((record) => record.id)).toEqual(['zort:1234']);
  });

  it('finds nothing as an empty list', async () => {
    zort()
      .get('/v4/PurchaseOrder/GetPurchaseOrderDetail')
      .query({ id: '99' })
      .reply(200, { res: { resCode: '404', resDesc: 'Not found' } });
    zort().get('/v4/PurchaseOrder/GetPurchaseOrders').query(true).reply(200, { list: [], count: 0 });
    expect(await zortSearch({ source: 'zort', purchase_order_id: '99' })).toEqual([]);
    expect(await zortSearch({ source: 'zort', number: 'PO-9999' })).toEqual([]);
  });

  it.each([
    [
      { purchase_order_id: 'PO-0001' },
      /^Purchase Order ID must be ZORT's numeric purchase order id, such as 1234, not "PO-0001"\. To search by a number/,
    ],
    [{}, /^For ZORT, fill in Purchase Order ID or Purchase Order Number/],
    [{ number: 'PO-1,PO-2' }, /^Purchase Order Number must be one number without spaces or commas/],
    [{ number: 'PO-1\r\nX: y' }, /^Purchase Order Number must be one number without spaces or commas/],
  ])('refuses %j before any request', async (input, pattern) => {
    const error = (await zortSearch({ source: 'zort', ...input }).catch((e: Error) => e)) as Error;
    expect(errorDetails(error).message).toMatch(pattern);
  });
});
