import nock from 'nock';
import { createAppTester, type Bundle, type ZObject } from 'zapier-platform-core';
import app from '../src';
import { apiVendorForUrl, baseUrl } from '../src/api-hosts';
import { errorDetails } from './helpers/zapier';

const appTester = createAppTester(app);
const AUTH = {
  stocky_store_name: 'my-shop.myshopify.com',
  stocky_api_key: 'stocky-key',
  zort_store_name: 'mystore',
  zort_api_key: 'zort-key',
  zort_api_secret: 'zort-secret',
  apicbase_webhook_secret: 'apic-secret',
};
const CREDENTIAL_HEADERS = ['store-name', 'authorization', 'storename', 'apikey', 'apisecret'];

const get = (url: string, authData: Record<string, string> = AUTH) =>
  appTester(
    async (z: ZObject) => {
      const response = await z.request({ url, skipThrowForStatus: true });
      return response.status;
    },
    { authData } as Partial<Bundle>,
  );

/** Records the credential headers a request arrived with. */
function recordHeaders(origin: string, path: string) {
  const seen: Record<string, string | undefined> = {};
  nock(origin)
    .get(path)
    .reply(function () {
      for (const name of CREDENTIAL_HEADERS) {
        const value = this.req.headers[name];
        seen[name] = Array.isArray(value) ? value.join(',') : value;
      }
      return [200, '{}'];
    });
  return seen;
}

afterEach(() => {
  delete process.env.STOCKY_BASE_URL;
  delete process.env.ZORT_BASE_URL;
});

describe('beforeRequest', () => {
  it('sends Stocky credentials to Stocky only', async () => {
    const seen = recordHeaders('https://stocky.shopifyapps.com', '/api/v2/suppliers.json');
    await get('https://stocky.shopifyapps.com/api/v2/suppliers.json');
    expect(seen).toEqual({
      'store-name': 'my-shop.myshopify.com',
      authorization: 'API KEY=stocky-key',
      storename: undefined,
      apikey: undefined,
      apisecret: undefined,
    });
  });

  it('sends ZORT credentials to ZORT only', async () => {
    const seen = recordHeaders('https://open-api.zortout.com', '/v4/Webhook/GetWebhook');
    await get('https://open-api.zortout.com/v4/Webhook/GetWebhook');
    expect(seen).toEqual({
      'store-name': undefined,
      authorization: undefined,
      storename: 'mystore',
      apikey: 'zort-key',
      apisecret: 'zort-secret',
    });
  });

  it.each([
    ['another host', 'https://example.com', '/api/v2/purchase_orders.json'],
    ['a look-alike host', 'https://stocky.shopifyapps.com.evil.test', '/api/v2/purchase_orders.json'],
    ['ZORT host outside /v4', 'https://open-api.zortout.com', '/v3/Webhook/GetWebhook'],
    ['plain http to the Stocky host', 'http://stocky.shopifyapps.com', '/api/v2/purchase_orders.json'],
  ])('sends no credentials to %s', async (_name, origin, path) => {
    const seen = recordHeaders(origin, path);
    await get(`${origin}${path}`);
    expect(Object.values(seen).every((value) => value === undefined)).toBe(true);
  });

  it('follows the base-URL environment overrides, and stops sending to the default hosts', async () => {
    process.env.STOCKY_BASE_URL = 'http://127.0.0.1:4010/';
    process.env.ZORT_BASE_URL = 'http://127.0.0.1:4011/zort/v4';
    expect(baseUrl('stocky')).toBe('http://127.0.0.1:4010');
    expect(baseUrl('zort')).toBe('http://127.0.0.1:4011/zort/v4');
    const stocky = recordHeaders('http://127.0.0.1:4010', '/api/v2/purchase_orders.json');
    const zort = recordHeaders('http://127.0.0.1:4011', '/zort/v4/Webhook/GetWebhook');
    const real = recordHeaders('https://stocky.shopifyapps.com', '/api/v2/purchase_orders.json');
    await get('http://127.0.0.1:4010/api/v2/purchase_orders.json');
    await get('http://127.0.0.1:4011/zort/v4/Webhook/GetWebhook');
    await get('https://stocky.shopifyapps.com/api/v2/purchase_orders.json');
    expect(stocky.authorization).toBe('API KEY=stocky-key');
    expect(zort.apisecret).toBe('zort-secret');
    expect(real.authorization).toBeUndefined();
  });

  it('refuses a base-URL override that is not an http(s) URL', () => {
    process.env.STOCKY_BASE_URL = 'ftp://example.com';
    expect(() => baseUrl('stocky')).toThrow('STOCKY_BASE_URL must be an http(s) URL, not "ftp://example.com".');
    process.env.STOCKY_BASE_URL = 'not a url';
    expect(() => baseUrl('stocky')).toThrow('STOCKY_BASE_URL must be an http(s) URL');
  });

  it('refuses a credential with a line break, naming the field, instead of a TypeError', async () => {
    const error = await get('https://stocky.shopifyapps.com/api/v2/suppliers.json', {
      ...AUTH,
      stocky_api_key: 'key\r\nX-Injected: 1',
    }).then(
      () => {
        throw new Error('expected a refusal');
      },
      (reason: unknown) => reason as Error,
    );
    expect(error.name).toBe('ExpiredAuthError');
    expect(errorDetails(error).message).toMatch(/^Stocky API Key contains characters that cannot be sent/);
  });

  it('knows which vendor a URL belongs to', () => {
    expect(apiVendorForUrl('https://stocky.shopifyapps.com/api/v2/x.json?limit=1')).toBe('stocky');
    expect(apiVendorForUrl('https://open-api.zortout.com/v4')).toBe('zort');
    expect(apiVendorForUrl('https://open-api.zortout.com/v40/x')).toBeNull();
    expect(apiVendorForUrl('not a url')).toBeNull();
  });
});

describe('afterResponse', () => {
  it('leaves other hosts and non-error answers alone', async () => {
    nock('https://example.com').get('/down').reply(503, 'down');
    nock('https://stocky.shopifyapps.com').get('/api/v2/purchase_orders/9.json').reply(404, '{}');
    expect(await get('https://example.com/down')).toBe(503);
    expect(await get('https://stocky.shopifyapps.com/api/v2/purchase_orders/9.json')).toBe(404);
  });

  it('reads an HTTP-date Retry-After as seconds from now', async () => {
    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    nock('https://open-api.zortout.com').get('/v4/Webhook/GetWebhook').reply(502, 'bad gateway', {
      'Retry-After': inTwoMinutes,
    });
    const error = await get('https://open-api.zortout.com/v4/Webhook/GetWebhook').then(
      () => {
        throw new Error('expected a throttle');
      },
      (reason: unknown) => reason as Error,
    );
    expect(error.name).toBe('ThrottledError');
    const { message, delay } = errorDetails(error);
    expect(message).toMatch(/^ZORT answered HTTP 502/);
    expect(delay).toBeGreaterThanOrEqual(115);
    expect(delay).toBeLessThanOrEqual(120);
  });
});
