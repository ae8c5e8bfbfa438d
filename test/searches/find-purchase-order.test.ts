import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { createAppTester, type Bundle } from 'zapier-platform-core';
import app from '../../src';
import { findPurchaseOrder } from '../../src/searches/find-purchase-order';
import { mapStockyPurchaseOrder } from '../../src/vendors/stocky/mapper';
import { stockyPurchaseOrderSchema } from '../../src/vendors/stocky/schema';
import { STOCKY_AUTH, STOCKY_HEADERS, STOCKY_ORIGIN } from '../helpers/fake-stocky';
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

  it.each(['abc', '0', '-1', '1.5', '1/../2', '12?x=1', '', '007', '1e3'])(
    'refuses the id %j before any request',
    async (id) => {
      const error = (await search({ source: 'stocky', purchase_order_id: id }).catch((e: Error) => e)) as Error;
      expect(errorDetails(error).message).toMatch(
        /^Purchase Order ID must be Stocky's numeric purchase order id, such as 1001, not .*Use the Purchase Order ID from a Stocky trigger/,
      );
    },
  );

  it('says the Stocky credentials were refused on a 401', async () => {
    stockyGet('/api/v2/purchase_orders/1.json').reply(401, '');
    const error = (await search({ source: 'stocky', purchase_order_id: '1' }).catch((e: Error) => e)) as Error;
    expect(error.name).toBe('ExpiredAuthError');
    expect(errorDetails(error).message).toMatch(/^Stocky refused the connection's Stocky Store Name, Stocky API Key \(HTTP 401\)/);
  });

  it('halts on an answer that is not a purchase order, naming the field', async () => {
    stockyGet('/api/v2/purchase_orders/1.json').reply(200, { id: 1 });
    await expectHalted(search({ source: 'stocky', purchase_order_id: '1' }), /updated_at is missing/);
  });

  it('refuses an unknown source', async () => {
    const error = (await search({ source: 'sap', purchase_order_id: '1' }).catch((e: Error) => e)) as Error;
    expect(errorDetails(error).message).toMatch(/^Source must be one of stocky, not "sap"\./);
  });

  it('is the app\'s find_purchase_order search', () => {
    expect(app.searches.find_purchase_order?.operation.perform).toBe(findPurchaseOrder);
  });
});
