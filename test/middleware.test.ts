import nock from 'nock';
import { createAppTester, errors, type Bundle, type ZObject } from 'zapier-platform-core';
import app from '../src';
import { apiVendorForUrl, baseUrl } from '../src/api-hosts';
import { attachVendorCredentials } from '../src/middleware';
import { errorDetails } from './helpers/zapier';

const appTester = createAppTester(app);
const AUTH = {
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
  delete process.env.ZORT_BASE_URL;
});

describe('beforeRequest', () => {
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
    ['a look-alike host', 'https://open-api.zortout.com.evil.test', '/v4/Webhook/GetWebhook'],
    ['ZORT host outside /v4', 'https://open-api.zortout.com', '/v3/Webhook/GetWebhook'],
    ['plain http to the ZORT host', 'http://open-api.zortout.com', '/v4/Webhook/GetWebhook'],
    ["retired Stocky's old host", 'https://stocky.shopifyapps.com', '/api/v2/purchase_orders.json'],
  ])('sends no credentials to %s', async (_name, origin, path) => {
    const seen = recordHeaders(origin, path);
    await get(`${origin}${path}`);
    expect(Object.values(seen).every((value) => value === undefined)).toBe(true);
  });

  it('follows the base-URL environment override, and stops sending to the default host', async () => {
    process.env.ZORT_BASE_URL = 'http://127.0.0.1:4011/zort/v4/';
    expect(baseUrl('zort')).toBe('http://127.0.0.1:4011/zort/v4');
    const zort = recordHeaders('http://127.0.0.1:4011', '/zort/v4/Webhook/GetWebhook');
    const real = recordHeaders('https://open-api.zortout.com', '/v4/Webhook/GetWebhook');
    await get('http://127.0.0.1:4011/zort/v4/Webhook/GetWebhook');
    await get('https://open-api.zortout.com/v4/Webhook/GetWebhook');
    expect(zort.apisecret).toBe('zort-secret');
    expect(real.apisecret).toBeUndefined();
  });

  it('refuses a base-URL override that is not an http(s) URL', () => {
    process.env.ZORT_BASE_URL = 'ftp://example.com';
    expect(() => baseUrl('zort')).toThrow('ZORT_BASE_URL must be an http(s) URL, not "ftp://example.com".');
    process.env.ZORT_BASE_URL = 'not a url';
    expect(() => baseUrl('zort')).toThrow('ZORT_BASE_URL must be an http(s) URL');
  });

  it('refuses a credential with a line break, naming the field, instead of a TypeError', async () => {
    const error = await get('https://open-api.zortout.com/v4/Webhook/GetWebhook', {
      ...AUTH,
      zort_api_key: 'key\r\nX-Injected: 1',
    }).then(
      () => {
        throw new Error('expected a refusal');
      },
      (reason: unknown) => reason as Error,
    );
    expect(error.name).toBe('ExpiredAuthError');
    expect(errorDetails(error).message).toMatch(/^ZORT API Key contains characters that cannot be sent/);
  });

  it('knows which vendor a URL belongs to', () => {
    // Stocky is retired: its old host is no vendor's any more.
    expect(apiVendorForUrl('https://stocky.shopifyapps.com/api/v2/x.json?limit=1')).toBeNull();
    expect(apiVendorForUrl('https://open-api.zortout.com/v4')).toBe('zort');
    expect(apiVendorForUrl('https://open-api.zortout.com/v40/x')).toBeNull();
    expect(apiVendorForUrl('not a url')).toBeNull();
  });
});

describe('afterResponse', () => {
  it('leaves other hosts and non-error answers alone', async () => {
    nock('https://example.com').get('/down').reply(503, 'down');
    nock('https://open-api.zortout.com').get('/v4/PurchaseOrder/GetPurchaseOrderDetail').reply(404, '{}');
    expect(await get('https://example.com/down')).toBe(503);
    expect(await get('https://open-api.zortout.com/v4/PurchaseOrder/GetPurchaseOrderDetail')).toBe(404);
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

describe('a base-URL override on a shared origin', () => {
  it('sends ZORT credentials only under its base path', async () => {
    process.env.ZORT_BASE_URL = 'http://127.0.0.1:4010/v4';
    expect(apiVendorForUrl('http://127.0.0.1:4010/v4/Webhook/GetWebhook')).toBe('zort');
    expect(apiVendorForUrl('http://127.0.0.1:4010/api/v2/purchase_orders.json')).toBeNull();
    const zort = recordHeaders('http://127.0.0.1:4010', '/v4/Webhook/GetWebhook');
    const other = recordHeaders('http://127.0.0.1:4010', '/api/v2/purchase_orders.json');
    await get('http://127.0.0.1:4010/v4/Webhook/GetWebhook');
    await get('http://127.0.0.1:4010/api/v2/purchase_orders.json');
    expect(zort).toEqual({ 'store-name': undefined, authorization: undefined, storename: 'mystore', apikey: 'zort-key', apisecret: 'zort-secret' });
    expect(Object.values(other).every((value) => value === undefined)).toBe(true);
  });
});

/** The error a vendor request ends in, with its name and sentence. */
async function failureOf(url: string, options: { skipThrowForStatus?: boolean } = {}) {
  const error = await appTester(
    async (z: ZObject) => (await z.request({ url, ...options })).status,
    { authData: AUTH } as Partial<Bundle>,
  ).then(
    (status) => {
      throw new Error(`expected a failure, got HTTP ${String(status)}`);
    },
    (reason: unknown) => reason as Error,
  );
  return { name: error.name, message: errorDetails(error).message };
}

describe('redirects', () => {
  it.each([
    ['ZORT', 'https://open-api.zortout.com', '/v4/Webhook/GetWebhook'],
  ])('does not take %s credentials to another host', async (name, origin, path) => {
    nock(origin).get(path).reply(302, '', { Location: 'https://collector.example/steal' });
    const seen: Record<string, unknown> = {};
    nock('https://collector.example')
      .get('/steal')
      .optionally()
      .reply(function () {
        for (const header of CREDENTIAL_HEADERS) seen[header] = this.req.headers[header];
        return [200, '{}'];
      });
    const failure = await failureOf(`${origin}${path}`);
    expect(failure.name).toBe('AppError');
    expect(failure.message).toBe(
      `${name} redirected this request to https://collector.example, outside its API, so it was not followed and the connection's ${name} credentials were not sent there. ` +
        `If ${name} has moved its API, contact ${name} support to confirm the new address.`,
    );
    expect(Object.values(seen).filter((value) => value !== undefined)).toEqual([]);
  });

  it('follows a redirect within the vendor API, credentials and all', async () => {
    nock('https://open-api.zortout.com').get('/v4/Webhook/GetWebhook').reply(301, '', { Location: '/v4/Webhook/GetWebhookV2' });
    const seen = recordHeaders('https://open-api.zortout.com', '/v4/Webhook/GetWebhookV2');
    expect(await get('https://open-api.zortout.com/v4/Webhook/GetWebhook')).toBe(200);
    expect(seen.apisecret).toBe('zort-secret');
  });

  it("keeps honouring Zapier's verifySSL switch on the agent that guards vendor requests", () => {
    const request = attachVendorCredentials(
      { url: 'https://open-api.zortout.com/v4/Webhook/GetWebhook' },
      { errors } as unknown as ZObject,
      { authData: AUTH } as unknown as Bundle,
    );
    const agent = request.agent as unknown as ((url: URL) => { options: { rejectUnauthorized?: boolean } } | undefined) & {
      options: { rejectUnauthorized?: boolean };
    };
    expect(agent(new URL('https://open-api.zortout.com/v4/x'))).toBeUndefined();
    // What core's disable-ssl-cert-check middleware does to an agent it finds.
    agent.options.rejectUnauthorized = false;
    expect(agent(new URL('https://open-api.zortout.com/v4/x'))?.options.rejectUnauthorized).toBe(false);
  });
});

describe('vendor 4xx answers', () => {
  it.each([
    [401, 'ExpiredAuthError', /^ZORT refused the connection's Store Name, API Key and API Secret \(HTTP 401\)\. In ZORT, open Setting/],
    [403, 'AppError', /^ZORT answered HTTP 403 to \/v4\/Webhook\/GetWebhook: the connected ZORT account is not allowed to do this\. Check in ZORT/],
    [404, 'AppError', /^ZORT answered HTTP 404 to \/v4\/Webhook\/GetWebhook: there is nothing at that address\. ZORT may have moved or retired/],
    [405, 'AppError', /^ZORT did not accept the request to \/v4\/Webhook\/GetWebhook \(HTTP 405\)\. If it keeps happening, contact ZORT support with this message\.$/],
    [422, 'AppError', /^ZORT did not accept the request to \/v4\/Webhook\/GetWebhook \(HTTP 422\)\./],
  ])('turns HTTP %i into a %s sentence, never the raw answer', async (status, name, pattern) => {
    nock('https://open-api.zortout.com').get('/v4/Webhook/GetWebhook').reply(status, { error: 'raw-vendor-detail' });
    const failure = await failureOf('https://open-api.zortout.com/v4/Webhook/GetWebhook');
    expect(failure.name).toBe(name);
    expect(failure.message).toMatch(pattern);
    expect(failure.message).not.toContain('raw-vendor-detail');
  });
});
