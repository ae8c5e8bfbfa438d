import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { createAppTester, type Bundle } from 'zapier-platform-core';
import app from '../../src';
import { findPurchaseOrder } from '../../src/searches/find-purchase-order';
import { mapStockyPurchaseOrder } from '../../src/vendors/stocky/mapper';
import { stockyPurchaseOrderSchema } from '../../src/vendors/stocky/schema';
import { STOCKY_AUTH, STOCKY_HEADERS, STOCKY_ORIGIN } from '../helpers/fake-stocky';
import { ZORT_AUTH, ZORT_HEADERS, ZORT_ORIGIN } from '../helpers/fake-zort';
import { errorDetails, expectHalted } from '../helpers/zapier';

const appTester = createAppTester(app);
const singleText = readFileSync(join(__dirname, '../vendors/stocky/fixtures/purchase-order-1.json'), 'utf8');

const search = (inputData: Record<string, unknown>) =>
  appTester(findPurchaseOrder, { authData: STOCKY_AUTH, inputData } as unknown as Partial<Bundle>);

const stockyGet = (path: string) =>
  nock(STOCKY_ORIGIN, { reqheaders: STOCKY_HEADERS, badheaders: ['storename', 'apikey', 'apisecret'] }).get(path);

describe('find_purchase_order in Stocky', () => {
  it('gets the purchase order by id and returns it as the shared record', async () => {
    stockyGet('/api/v2/purchase_orders/1.json').reply(200, singleText);
    const records = await search({ source: 'stocky', purchase_order_id: '1' });
    expect(records).toEqual([
      mapStockyPurchaseOrder(stockyPurchaseOrderSchema.parse(JSON.parse(singleText)), 'search'),
    ]);
    expect(records[0]).toMatchObject({ id: 'stocky:1', event: null, number: '1000', supplier: { name: 'Acme' } });
  });

  it('keeps an id beyond 2^53 exact in the path', async () => {
    stockyGet('/api/v2/purchase_orders/99999999999999999.json').reply(404, '');
    expect(await search({ source: 'stocky', purchase_order_id: '99999999999999999' })).toEqual([]);
  });

  it('trims a pasted id', async () => {
    stockyGet('/api/v2/purchase_orders/808950810.json').reply(200, singleText);
    expect(await search({ source: 'stocky', purchase_order_id: ' 808950810 ' })).toHaveLength(1);
  });

  it('finds nothing as an empty list', async () => {
    stockyGet('/api/v2/purchase_orders/7.json').reply(404, { error: 'No purchase orders found' });
    expect(await search({ source: 'stocky', purchase_order_id: '7' })).toEqual([]);
  });

  it.each(['abc', '0', '-1', '1.5', '1/../2', '12?x=1', '007', '1e3'])(
    'refuses the id %j before any request',
    async (id) => {
      const error = (await search({ source: 'stocky', purchase_order_id: id }).catch((e: Error) => e)) as Error;
      expect(errorDetails(error).message).toMatch(
        /^Purchase Order ID must be Stocky's numeric purchase order id, such as 1001, not .*Stocky's API was switched off by Shopify on 2026-08-31, though: to find a purchase order kept in Shopify, set Source to Shopify\.$/,
      );
    },
  );

  it('says Stocky is switched off on a 401, without expiring the connection (reconnecting cannot help)', async () => {
    stockyGet('/api/v2/purchase_orders/1.json').reply(401, '');
    const error = (await search({ source: 'stocky', purchase_order_id: '1' }).catch((e: Error) => e)) as Error;
    expect(error.name).toBe('AppError');
    expect(errorDetails(error).message).toMatch(/^Stocky's API was switched off by Shopify on 2026-08-31/);
  });

  it('halts on an answer that is not a purchase order, naming the field', async () => {
    stockyGet('/api/v2/purchase_orders/1.json').reply(200, { id: 1 });
    await expectHalted(search({ source: 'stocky', purchase_order_id: '1' }), /updated_at is missing/);
  });

  it('refuses an unknown source', async () => {
    const error = (await search({ source: 'sap', purchase_order_id: '1' }).catch((e: Error) => e)) as Error;
    expect(errorDetails(error).message).toMatch(/^Source must be one of shopify, stocky, zort, not "sap"\./);
  });

  it('needs an id for Stocky', async () => {
    const error = (await search({ source: 'stocky', purchase_order_id: ' ' }).catch((e: Error) => e)) as Error;
    expect(errorDetails(error).message).toBe('For Stocky, Purchase Order ID is required: map it from an earlier step or type it in.');
  });

  it('is the app\'s find_purchase_order search', () => {
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
    expect(records[0]).toMatchObject({ id: 'zort:1234', event: null, number: 'PO-0001', total: '150.00', payment_status: 'paid' });
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
    zort().get('/v4/PurchaseOrder/GetPurchaseOrderDetail').query({ id: '99' }).reply(200, { res: { resCode: '404', resDesc: 'Not found' } });
    zort().get('/v4/PurchaseOrder/GetPurchaseOrders').query(true).reply(200, { list: [], count: 0 });
    expect(await zortSearch({ source: 'zort', purchase_order_id: '99' })).toEqual([]);
    expect(await zortSearch({ source: 'zort', number: 'PO-9999' })).toEqual([]);
  });

  it.each([
    [{ purchase_order_id: 'PO-0001' }, /^Purchase Order ID must be ZORT's numeric purchase order id, such as 1234, not "PO-0001"\. To search by a number/],
    [{}, /^For ZORT, fill in Purchase Order ID or Purchase Order Number/],
    [{ number: 'PO-1,PO-2' }, /^Purchase Order Number must be one number without spaces or commas/],
    [{ number: 'PO-1\r\nX: y' }, /^Purchase Order Number must be one number without spaces or commas/],
  ])('refuses %j before any request', async (input, pattern) => {
    const error = (await zortSearch({ source: 'zort', ...input }).catch((e: Error) => e)) as Error;
    expect(errorDetails(error).message).toMatch(pattern);
  });
});
