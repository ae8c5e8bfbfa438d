import nock from 'nock';
import { createAppTester, errors, type Bundle, type ZObject } from 'zapier-platform-core';
import app from '../../src';
import { apiVendorForUrl, baseUrl } from '../../src/surface/api-hosts';
import { vendorRequest } from '../../src/descriptor/api-host';
import { attachVendorCredentials } from '../../src/surface/middleware';
import { findPurchaseOrder } from '../../src/surface/find-purchase-order';
import { apicbaseClient } from '../../src/vendors/apicbase/client';
import { shopifyClient } from '../../src/vendors/shopify/client';
import { fakeCache } from '../fakes/zcache';
import { errorDetails } from '../helpers/zapier';

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
    expect(error.name).toBe('AppError');
    expect(errorDetails(error).message).toMatch(
      /^ZORT API Key contains a character that cannot be sent in a request \(a line break\)/,
    );
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
    expect(zort).toEqual({
      'store-name': undefined,
      authorization: undefined,
      storename: 'mystore',
      apikey: 'zort-key',
      apisecret: 'zort-secret',
    });
    expect(Object.values(other).every((value) => value === undefined)).toBe(true);
  });
});

/** The error a vendor request ends in, with its name and sentence. */
async function failureOf(url: string, options: { skipThrowForStatus?: boolean } = {}) {
  const error = await appTester(async (z: ZObject) => (await z.request({ url, ...options })).status, {
    authData: AUTH,
  } as Partial<Bundle>).then(
    (status) => {
      throw new Error(`expected a failure, got HTTP ${String(status)}`);
    },
    (reason: unknown) => reason as Error,
  );
  return { name: error.name, message: errorDetails(error).message };
}

describe('redirects', () => {
  it.each([['ZORT', 'https://open-api.zortout.com', '/v4/Webhook/GetWebhook']])(
    'does not take %s credentials to another host',
    async (name, origin, path) => {
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
    },
  );

  it('follows a redirect within the vendor API, credentials and all', async () => {
    nock('https://open-api.zortout.com')
      .get('/v4/Webhook/GetWebhook')
      .reply(301, '', { Location: '/v4/Webhook/GetWebhookV2' });
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
    const agent = request.agent as unknown as ((
      url: URL,
    ) => { options: { rejectUnauthorized?: boolean } } | undefined) & {
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
    [
      401,
      'ExpiredAuthError',
      /^ZORT refused the connection's Store Name, API Key and API Secret \(HTTP 401\)\. In ZORT, open Setting/,
    ],
    [
      403,
      'AppError',
      /^ZORT answered HTTP 403 to \/v4\/Webhook\/GetWebhook: the connected ZORT account is not allowed to do this\. Check in ZORT/,
    ],
    [
      404,
      'AppError',
      /^ZORT answered HTTP 404 to \/v4\/Webhook\/GetWebhook: there is nothing at that address\. ZORT may have moved or retired/,
    ],
    [
      405,
      'AppError',
      /^ZORT did not accept the request to \/v4\/Webhook\/GetWebhook \(HTTP 405\)\. If it keeps happening, contact ZORT support with this message\.$/,
    ],
    [422, 'AppError', /^ZORT did not accept the request to \/v4\/Webhook\/GetWebhook \(HTTP 422\)\./],
  ])('turns HTTP %i into a %s sentence, never the raw answer', async (status, name, pattern) => {
    nock('https://open-api.zortout.com').get('/v4/Webhook/GetWebhook').reply(status, { error: 'raw-vendor-detail' });
    const failure = await failureOf('https://open-api.zortout.com/v4/Webhook/GetWebhook');
    expect(failure.name).toBe(name);
    expect(failure.message).toMatch(pattern);
    expect(failure.message).not.toContain('raw-vendor-detail');
  });
});

describe('a credential a header cannot carry', () => {
  it.each([
    ['a zero-width space', 'shpat_abc\u200bdef', 'an invisible character (U+200B)'],
    ['a no-break space', 'shpat_abc\u00a0def', 'an invisible character (U+00A0)'],
    ['a line break', 'shpat_abc\ndef', 'a line break'],
    ['a non-Latin-1 letter', 'shpat_abc\u0416def', 'a character outside Latin-1 (U+0416)'],
  ])('is a sentence naming the field, never the value nor a TypeError: %s', async (_name, token, problem) => {
    const authData = { shopify_store_domain: 'my-shop.myshopify.com', shopify_access_token: token };
    const error = await appTester(app.authentication.test, { authData } as Partial<Bundle>).then(
      () => {
        throw new Error('expected a refusal');
      },
      (reason: unknown) => reason as Error,
    );
    expect(error.name).toBe('AppError');
    expect(errorDetails(error).message.split('\nWhat happened:')[0]).toBe(
      `Shopify Access Token contains a character that cannot be sent in a request (${problem}), so nothing was sent. Reconnect and paste it again, from plain text.`,
    );
    expect(JSON.stringify(errorDetails(error))).not.toContain('shpat_abc');
  });
});

describe('every vendor overridden onto one origin', () => {
  const ORIGIN = 'http://127.0.0.1:9999';
  const HEADERS = ['storename', 'apikey', 'apisecret', 'x-shopify-access-token', 'authorization'];
  const ALL = {
    zort_store_name: 'mystore',
    zort_api_key: 'zort-key',
    zort_api_secret: 'zort-secret',
    shopify_store_domain: 'my-shop.myshopify.com',
    apicbase_client_id: 'apic-id',
    apicbase_client_secret: 'apic-secret',
  };
  const ZORT_ONLY = { storename: 'mystore', apikey: 'zort-key', apisecret: 'zort-secret' };

  afterEach(() => {
    delete process.env.SHOPIFY_BASE_URL;
    delete process.env.APICBASE_BASE_URL;
  });

  /** Answers `method path` on the shared origin, keeping the credential headers it arrived with. */
  function seen(method: 'get' | 'post', path: string, body: object) {
    const headers: Record<string, string>[] = [];
    const scope = nock(ORIGIN);
    (method === 'get' ? scope.get(path) : scope.post(path)).query(true).reply(function () {
      headers.push(
        Object.fromEntries(
          HEADERS.flatMap((name) =>
            this.req.headers[name] === undefined ? [] : [[name, String(this.req.headers[name])]],
          ),
        ),
      );
      return [200, body];
    });
    return headers;
  }

  it.each([
    [
      'ZORT at the root, the others under it, a minted Shopify token',
      { zort: '', shopify: '/shopify', apicbase: '/apicbase' },
      { shopify_client_id: 'shop-id', shopify_client_secret: 'shop-secret' },
    ],
    [
      'all at the very same base URL, a pasted Shopify token',
      { zort: '/api', shopify: '/api', apicbase: '/api' },
      { shopify_access_token: 'shpat_pasted' },
    ],
  ])("sends each request its own vendor's credentials only: %s", async (_name, paths, shopifyAuth) => {
    process.env.ZORT_BASE_URL = `${ORIGIN}${paths.zort}`;
    process.env.SHOPIFY_BASE_URL = `${ORIGIN}${paths.shopify}`;
    process.env.APICBASE_BASE_URL = `${ORIGIN}${paths.apicbase}`;
    const authData = { ...ALL, ...shopifyAuth };
    const zort = seen('get', `${paths.zort}/Webhook/GetWebhook`, {});
    const minted = 'shopify_client_id' in shopifyAuth;
    const shopifyMint = minted
      ? seen('post', `${paths.shopify}/admin/oauth/access_token`, { access_token: 'shop-minted', expires_in: 86399 })
      : [];
    const shopify = seen('post', `${paths.shopify}/admin/api/2026-10/graphql.json`, {
      data: { inventoryPurchaseOrders: { edges: [] } },
    });
    const apicbaseMint = seen('post', `${paths.apicbase}/oauth/token/`, {
      access_token: 'apic-minted',
      expires_in: 604800,
    });
    const apicbase = seen('get', `${paths.apicbase}/api/v2/integrations/suppliers/purchase_orders/`, {
      count: 0,
      next: null,
      results: [],
    });
    await appTester(
      async (z: ZObject) => {
        const cached = { ...z, cache: fakeCache() } as unknown as ZObject;
        // As ZORT's client sends: a plain request, its vendor known by the URL alone.
        await z.request({ url: `${ORIGIN}${paths.zort}/Webhook/GetWebhook`, skipThrowForStatus: true });
        await shopifyClient(cached, { authData }).testConnection();
        await apicbaseClient(cached, { authData }).listPage({ page: 1, pageSize: 10 });
      },
      { authData } as Partial<Bundle>,
    );
    expect(zort).toEqual([ZORT_ONLY]);
    expect(shopifyMint).toEqual(minted ? [{}] : []);
    expect(shopify).toEqual([{ 'x-shopify-access-token': minted ? 'shop-minted' : 'shpat_pasted' }]);
    expect(apicbaseMint).toEqual([{}]);
    expect(apicbase).toEqual([{ authorization: 'Bearer apic-minted' }]);
  });

  it("never sends a vendor's token to a URL another vendor owns, and says so", async () => {
    process.env.SHOPIFY_BASE_URL = `${ORIGIN}/shopify`;
    process.env.APICBASE_BASE_URL = ORIGIN;
    const error = await appTester(
      (z: ZObject) =>
        z.request(
          vendorRequest('apicbase', { url: `${ORIGIN}/shopify/admin/api/2026-10/graphql.json` }, 'apic-minted'),
        ),
      { authData: ALL } as Partial<Bundle>,
    ).then(
      () => {
        throw new Error('expected a refusal');
      },
      (reason: unknown) => reason as Error,
    );
    expect(errorDetails(error).message.split('\nWhat happened:')[0]).toBe(
      "A request meant for Apicbase was addressed to http://127.0.0.1:9999/shopify/admin/api/2026-10/graphql.json, which is outside Apicbase's API (http://127.0.0.1:9999) or inside another vendor's longer base URL, so it was not sent. Check APICBASE_BASE_URL and the other base URLs if they are set.",
    );
    expect(errorDetails(error).message).not.toContain('apic-minted');
  });

  it('knows the real shop host of the connection, and no other shop', () => {
    const authData = { shopify_store_domain: 'My-Shop.myshopify.com' };
    expect(apiVendorForUrl('https://my-shop.myshopify.com/admin/api/2026-10/graphql.json', authData, 'shopify')).toBe(
      'shopify',
    );
    expect(
      apiVendorForUrl('https://other-shop.myshopify.com/admin/api/2026-10/graphql.json', authData, 'shopify'),
    ).toBeNull();
    expect(apiVendorForUrl('https://api.apicbase.com/oauth/token/', authData, 'apicbase')).toBe('apicbase');
    // A client that mints tokens names every request: an unnamed one is never given its credentials.
    expect(apiVendorForUrl('https://api.apicbase.com/oauth/token/', authData)).toBeNull();
  });
});

describe('a connection without the fields its vendor needs', () => {
  it.each([
    ['no field of the group', {}, 'Store Name, API Key and API Secret are'],
    ['part of the group', { zort_store_name: 'mystore', zort_api_key: ' ' }, 'API Key and API Secret are'],
  ])('sends nothing to ZORT with %s, and does not call the connection expired', async (_name, authData, empty) => {
    // nock allows no request here: one sent would fail as a network error, not this sentence.
    const error = await appTester((z: ZObject, bundle: Bundle) => findPurchaseOrder(z, bundle), {
      authData,
      inputData: { source: 'zort', purchase_order_id: '1234' },
    } as unknown as Partial<Bundle>).catch((caught: unknown) => caught);
    // A plain error: ExpiredAuthError would stop every Zap on the connection, whichever vendor it serves.
    expect((error as Error).name).toBe('AppError');
    expect(errorDetails(error as Error).message.split('\nWhat happened:')[0]).toBe(
      `ZORT needs the connection's Store Name, API Key and API Secret: ${empty} empty, so nothing was sent. Reconnect and fill them in.`,
    );
  });
});
