import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { createAppTester, type Bundle, type ZObject } from 'zapier-platform-core';
import app from '../../../src';
import { findPurchaseOrder } from '../../../src/surface/find-purchase-order';
import { getWebhookConfig, listPurchaseOrders } from '../../../src/vendors/zort/client';
import { ZORT_AUTH, ZORT_HEADERS, ZORT_ORIGIN } from '../../fakes/zort';
import { errorDetails } from '../../helpers/zapier';

const appTester = createAppTester(app);
const order = JSON.parse(
  readFileSync(join(__dirname, '../../../src/vendors/zort/seed-purchase-order.json'), 'utf8'),
) as object;
const zort = () => nock(ZORT_ORIGIN, { reqheaders: ZORT_HEADERS });
const list = () =>
  appTester((z: ZObject) => listPurchaseOrders(z, { limit: 10, page: 1 }), { authData: ZORT_AUTH } as Partial<Bundle>);
const search = (inputData: object) =>
  appTester(findPurchaseOrder, { authData: ZORT_AUTH, inputData } as unknown as Partial<Bundle>);
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: Error) => error,
  );

const REFUSED =
  /^ZORT refused the connection's Store Name, API Key and API Secret \(resCode 100: "Invalid API"\)\. In ZORT, open Setting > Integration > API Reference, copy the Store Name, API Key and API Secret again and reconnect this account\./;

describe('ZORT refusing the credentials (resCode 100 "Invalid API" in HTTP 200)', () => {
  it.each([
    ['in res', { res: { resCode: '100', resDesc: 'Invalid API' } }],
    ['at top level', { resCode: 100, resDesc: 'Invalid API' }],
  ])('is an ExpiredAuthError naming the fields and where to get them, %s', async (_where, answer) => {
    zort().get('/v4/PurchaseOrder/GetPurchaseOrders').query(true).reply(200, answer);
    const error = await rejection(list());
    expect(error.name).toBe('ExpiredAuthError');
    expect(errorDetails(error).message).toMatch(REFUSED);
    expect(error.message).not.toMatch(/zort-secret|zort-key/);
  });

  it('is an error from the search by id and by number, never "nothing found"', async () => {
    zort()
      .get('/v4/PurchaseOrder/GetPurchaseOrderDetail')
      .query({ id: '1234' })
      .reply(200, { res: { resCode: '100', resDesc: 'Invalid API' } });
    zort()
      .get('/v4/PurchaseOrder/GetPurchaseOrders')
      .query(true)
      .reply(200, { resCode: '100', resDesc: 'Invalid API' });
    for (const input of [{ purchase_order_id: '1234' }, { number: 'PO-0001' }]) {
      const error = await rejection(search({ source: 'zort', ...input }));
      expect(error.name).toBe('ExpiredAuthError');
      expect(errorDetails(error).message).toMatch(REFUSED);
    }
  });
});

describe('the daily request limit', () => {
  it('uses the data that comes with the warning, and logs the warning', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      zort()
        .get('/v4/PurchaseOrder/GetPurchaseOrders')
        .query(true)
        .reply(200, { res: { resCode: '100', resDesc: 'API Request Limits 50000/day' }, list: [order], count: 1 });
      expect((await list()).map((found) => found.id)).toEqual(['1234']);
      expect(log.mock.calls.flat().join('\n')).toMatch(
        /ZORT warned about its API request limit on PurchaseOrder\/GetPurchaseOrders \(resCode 100: "API Request Limits 50000\/day"\) but sent the data; it was used\./,
      );
    } finally {
      log.mockRestore();
    }
  });

  it('without data is throttled, saying what happens next', async () => {
    zort()
      .get('/v4/PurchaseOrder/GetPurchaseOrders')
      .query(true)
      .reply(200, { resCode: '100', resDesc: 'API Request Limits 50000/day' });
    const error = await rejection(list());
    expect(error.name).toBe('ThrottledError');
    expect(errorDetails(error)).toEqual({
      message: expect.stringMatching(
        /^ZORT refused PurchaseOrder\/GetPurchaseOrders: this store's daily API request limit is used up .*Zapier will try again later/,
      ) as unknown,
      delay: 3600,
    });
  });
});

describe('other ZORT answers are sentences, never JSON', () => {
  it.each([
    [
      200,
      { res: { resCode: '900', resDesc: 'Duplicate number' } },
      'AppError',
      /^ZORT refused PurchaseOrder\/GetPurchaseOrders \(resCode 900: "Duplicate number"\)\. If the description names something to fix in ZORT/,
    ],
    [
      200,
      { res: { resCode: '500', resDesc: 'Server error' } },
      'ThrottledError',
      /^ZORT reported a problem on its side on PurchaseOrder\/GetPurchaseOrders \(resCode 500: "Server error"\); Zapier will try again shortly\.$/,
    ],
    [
      400,
      '<html>Bad Request</html>',
      'AppError',
      /^ZORT answered HTTP 400 to PurchaseOrder\/GetPurchaseOrders\. If it keeps happening, contact ZORT support with this message\.$/,
    ],
    [
      405,
      { resCode: '405', resDesc: 'Method not allowed' },
      'AppError',
      /^ZORT answered HTTP 405 to PurchaseOrder\/GetPurchaseOrders \("Method not allowed"\)\./,
    ],
  ])('HTTP %s %j is a %s', async (status, answer, name, pattern) => {
    zort().get('/v4/PurchaseOrder/GetPurchaseOrders').query(true).reply(status, answer);
    const error = await rejection(list());
    expect(error.name).toBe(name);
    // Core appends "What happened" (the bundle, as JSON) to messages in tests: judge ours alone.
    const [message] = errorDetails(error).message.split('\nWhat happened');
    expect(message).toMatch(pattern);
    expect(message).not.toMatch(/[{}<]/);
  });
});

describe('ZORT answering HTTP 429', () => {
  it('is a ThrottledError that names ZORT and keeps its Retry-After, on a list and on the webhook settings', async () => {
    zort().get('/v4/PurchaseOrder/GetPurchaseOrders').query(true).reply(429, 'slow down', { 'Retry-After': '30' });
    zort().get('/v4/Webhook/GetWebhook').reply(429, { resDesc: 'Too many requests' });
    const listed = await rejection(list());
    const read = await rejection(appTester(getWebhookConfig, { authData: ZORT_AUTH } as Partial<Bundle>));
    expect([listed.name, read.name]).toEqual(['ThrottledError', 'ThrottledError']);
    expect(errorDetails(listed)).toEqual({
      message:
        'ZORT is limiting how often this app may call it (HTTP 429 to PurchaseOrder/GetPurchaseOrders); Zapier will try again shortly.',
      delay: 30,
    });
    expect(errorDetails(read).message).toBe(
      'ZORT is limiting how often this app may call it (HTTP 429 to Webhook/GetWebhook); Zapier will try again shortly.',
    );
  });
});

describe('a description that only starts like refused credentials', () => {
  it('is not read as refused credentials, which would stop every Zap on the connection', async () => {
    zort()
      .get('/v4/Webhook/GetWebhook')
      .reply(200, { res: { resCode: '100', resDesc: 'Invalid API Request Limits: 50000 per day' } });
    const error = (await appTester(getWebhookConfig, { authData: ZORT_AUTH } as Partial<Bundle>).catch(
      (e: Error) => e,
    )) as Error;
    expect(error.name).not.toBe('ExpiredAuthError');
  });
});

describe('a garbled answer', () => {
  it('is refused without quoting the text around the fault, where a webhook key may sit', async () => {
    zort().get('/v4/Webhook/GetWebhook').reply(200, '{"key1":SECRETKEY1,"key2":"k2"}');
    const error = (await appTester(getWebhookConfig, { authData: ZORT_AUTH } as Partial<Bundle>).catch(
      (e: Error) => e,
    )) as Error;
    expect(error.name).toBe('HaltedError');
    expect(error.message).toMatch(/^ZORT answered with data this integration cannot read: the body is not JSON/);
    expect(error.message).not.toContain('SECRETKEY1');
  });
});

describe('GetWebhook on a store that never set a webhook', () => {
  it.each([
    [200, { res: { resCode: '100', resDesc: 'Webhook not found' } }],
    [200, { resCode: '100', resDesc: 'Invalid Webhook' }],
    [400, { resCode: '100', resDesc: 'Webhook not found' }],
  ])('HTTP %s %j is an empty configuration', async (status, answer) => {
    zort().get('/v4/Webhook/GetWebhook').reply(status, answer);
    expect(await appTester(getWebhookConfig, { authData: ZORT_AUTH } as Partial<Bundle>)).toEqual({
      key1: null,
      key2: null,
      key3: null,
    });
  });
  // Read as empty, these would have a subscribe blank every other URL and renew the keys.
  it.each([
    [400, { resCode: '100', resDesc: 'Invalid webhook request' }],
    [200, { resCode: '500', resDesc: 'No webhook service available, try later' }],
    [200, { resCode: '500', resDesc: 'Webhook not found' }],
  ])('HTTP %s %j is an error, not an empty configuration', async (status, answer) => {
    zort().get('/v4/Webhook/GetWebhook').reply(status, answer);
    const error = (await appTester(getWebhookConfig, { authData: ZORT_AUTH } as Partial<Bundle>).catch(
      (e: Error) => e,
    )) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(['AppError', 'ThrottledError']).toContain(error.name);
  });
});
