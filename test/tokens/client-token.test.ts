import nock from 'nock';
import { createAppTester, type Bundle, type ZObject } from 'zapier-platform-core';
import app from '../../src';
import { apicbaseClient } from '../../src/vendors/apicbase/client';
import { shopifyClient } from '../../src/vendors/shopify/client';
import { fakeCache, type FakeCache } from '../fakes/zcache';
import { errorDetails } from '../helpers/zapier';

const appTester = createAppTester(app);
const SHOP = 'https://my-shop.myshopify.com';
const GRAPHQL = '/admin/api/2026-10/graphql.json';
const MINT = '/admin/oauth/access_token';
const SHOPIFY = {
  shopify_store_domain: 'my-shop.myshopify.com',
  shopify_client_id: 'client-1',
  shopify_client_secret: 'secret-1',
};
const EMPTY = {
  data: { inventoryPurchaseOrders: { edges: [] } },
  extensions: {
    cost: {
      requestedQueryCost: 2,
      actualQueryCost: 2,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1998, restoreRate: 100 },
    },
  },
};
const APICBASE = 'https://api.apicbase.com';
const APICBASE_AUTH = { apicbase_client_id: 'apic-id', apicbase_client_secret: 'apic-secret-value' };
const LIST = '/api/v2/integrations/suppliers/purchase_orders/';

/** The token endpoint answering each mint with the next token, counting them. */
function mints(origin: string, path: string, secret: string) {
  const minted: string[] = [];
  nock(origin)
    .post(path, (body: Record<string, string>) => body.client_secret === secret)
    .times(10)
    .optionally()
    .delay(30)
    .reply(() => {
      minted.push(`minted-${minted.length + 1}`);
      return [200, { access_token: minted.at(-1), expires_in: 86399 }];
    });
  return minted;
}

/** Shopify's GraphQL endpoint answering `token` with `status`, optionally doing something first. */
function graphqlWith(token: string, status: number, before: () => void = () => undefined) {
  return nock(SHOP, { reqheaders: { 'x-shopify-access-token': token } })
    .post(GRAPHQL)
    .reply(() => {
      before();
      return status === 200 ? [200, EMPTY] : [status, { errors: '[API] Invalid API key or access token' }];
    });
}

/** Runs `use` with Shopify clients over the real z (its z.request, middleware and errors) and `cache`. */
function withShopify<T>(
  cache: FakeCache,
  use: (client: () => ReturnType<typeof shopifyClient>) => Promise<T>,
  authData: Record<string, string> = SHOPIFY,
) {
  return appTester((z: ZObject) => use(() => shopifyClient({ ...z, cache } as unknown as ZObject, { authData })), {
    authData,
  } as Partial<Bundle>);
}

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (reason: unknown) => reason as Error,
  );
  const details = errorDetails(error);
  return {
    name: error.name,
    delay: details.delay,
    message: details.message.split('\nWhat happened:')[0] ?? '',
    text: JSON.stringify(details),
  };
}

/** The cache key the first mint wrote, read from the fake cache. */
const tokenKey = (cache: FakeCache) =>
  [...cache.entries.keys()].find((key) => key.startsWith('shopify-token:') && !key.endsWith(':minting')) ?? '';

describe('the connection test and the cached token', () => {
  beforeEach(() => {
    (appTester as unknown as { zcacheTestObj: object }).zcacheTestObj = {};
  });

  it('fails for a wrong client secret even while a token minted with the right one is cached', async () => {
    const minted = mints(SHOP, MINT, 'secret-1');
    graphqlWith('minted-1', 200);
    const test = (authData: Record<string, string>) =>
      appTester(app.authentication.test, { authData } as Partial<Bundle>);
    await expect(test(SHOPIFY)).resolves.toMatchObject({ groups: ['Shopify'] });
    nock(SHOP)
      .post(MINT, (body: Record<string, string>) => body.client_secret === 'wrong-secret')
      .reply(400, { error: 'invalid_client' });
    const error = await failure(test({ ...SHOPIFY, shopify_client_secret: 'wrong-secret' }));
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toMatch(
      /^Shopify refused the Shopify Client ID and Shopify Client Secret for my-shop\.myshopify\.com \(HTTP 400: invalid_client\)\./,
    );
    expect(error.text).not.toMatch(/wrong-secret|secret-1|minted-1/);
    expect(minted).toEqual(['minted-1']);
  });
});

describe('a token endpoint that is busy', () => {
  it.each([
    [429, { 'Retry-After': '17' }, 17],
    [503, {}, 10],
  ])(
    "answering HTTP %i is a ThrottledError with the delay it names (or Shopify's usual)",
    async (status, headers, delay) => {
      nock(SHOP).post(MINT).reply(status, 'Too many requests', headers);
      const error = await failure(withShopify(fakeCache(), (client) => client().testConnection()));
      expect(error).toMatchObject({ name: 'ThrottledError', delay });
      expect(error.message).toBe(
        `Shopify could not issue an access token just now (HTTP ${status}); Zapier will try again when it asks to be called back.`,
      );
    },
  );

  it('is a throttle for Apicbase too, with its Retry-After', async () => {
    nock(APICBASE).post('/oauth/token/').reply(429, '', { 'Retry-After': '42' });
    const error = await failure(
      appTester(
        (z: ZObject) =>
          apicbaseClient({ ...z, cache: fakeCache() } as unknown as ZObject, {
            authData: APICBASE_AUTH,
          }).testConnection(),
        {
          authData: APICBASE_AUTH,
        } as Partial<Bundle>,
      ),
    );
    expect(error).toMatchObject({ name: 'ThrottledError', delay: 42 });
  });
});

describe('a refused token', () => {
  it('is minted again once, however many runs are refused at once, and the new one is used', async () => {
    const cache = fakeCache();
    const minted = mints(SHOP, MINT, 'secret-1');
    graphqlWith('minted-1', 200);
    await withShopify(cache, (client) => client().testConnection());
    // Shopify no longer honours it: three runs are refused at once.
    for (let run = 0; run < 3; run += 1) graphqlWith('minted-1', 401);
    for (let run = 0; run < 3; run += 1) graphqlWith('minted-2', 200);
    const results = await withShopify(cache, (client) => Promise.all([0, 1, 2].map(() => client().testConnection())));
    expect(results).toHaveLength(3);
    expect(minted).toEqual(['minted-1', 'minted-2']);
    expect(cache.entries.get(tokenKey(cache))?.value).toBe('minted-2');
  });

  it('refused again once freshly minted is ExpiredAuthError for Shopify, whose credentials then no longer reach the store', async () => {
    const minted = mints(SHOP, MINT, 'secret-1');
    graphqlWith('minted-1', 401);
    graphqlWith('minted-2', 401);
    const cache = fakeCache();
    const error = await failure(withShopify(cache, (client) => client().testConnection()));
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toMatch(
      /^Shopify refused the Shopify Client ID and Shopify Client Secret for my-shop\.myshopify\.com \(HTTP 401 for a token it had just issued\)\./,
    );
    expect(error.text).not.toMatch(/secret-1|minted-/);
    expect(minted).toEqual(['minted-1', 'minted-2']);
    // Forgotten, so the next run mints afresh.
    expect(cache.entries.get(tokenKey(cache))).toBeUndefined();
  });

  it('refused again once freshly minted is not an expired connection for Apicbase, whose credentials were just accepted', async () => {
    const minted = mints(APICBASE, '/oauth/token/', 'apic-secret-value');
    nock(APICBASE)
      .get(LIST)
      .query(true)
      .times(2)
      .reply(401, { detail: 'Authentication credentials were not provided.' });
    const error = await failure(
      appTester(
        (z: ZObject) =>
          apicbaseClient({ ...z, cache: fakeCache() } as unknown as ZObject, { authData: APICBASE_AUTH }).listPage({
            page: 1,
            pageSize: 10,
          }),
        { authData: APICBASE_AUTH } as Partial<Bundle>,
      ),
    );
    expect(error.name).toBe('AppError');
    expect(error.message).toBe(
      "Apicbase issued a token but refused it for the purchase order list (HTTP 401). Ask Apicbase's integrations team to give these supplier API credentials the scope supplier.",
    );
    expect(minted).toEqual(['minted-1', 'minted-2']);
  });

  it('after another run cached a newer one is not an expired connection: the newer one is used, nothing minted', async () => {
    const cache = fakeCache();
    const minted = mints(SHOP, MINT, 'secret-1');
    graphqlWith('minted-1', 200);
    await withShopify(cache, (client) => client().testConnection());
    // Meanwhile another run was refused, minted "newer-by-another-run", and Shopify dropped ours.
    graphqlWith('minted-1', 401, () =>
      cache.entries.set(tokenKey(cache), { value: 'newer-by-another-run', expiresAt: null }),
    );
    graphqlWith('newer-by-another-run', 200);
    await expect(withShopify(cache, (client) => client().testConnection())).resolves.toEqual({
      domain: 'my-shop.myshopify.com',
    });
    expect(minted).toEqual(['minted-1']);
  });

  it('freshly minted, then replaced by another run before it was used, is not an expired connection either', async () => {
    const cache = fakeCache();
    const minted = mints(SHOP, MINT, 'secret-1');
    graphqlWith('minted-1', 401);
    graphqlWith('minted-2', 401, () =>
      cache.entries.set(tokenKey(cache), { value: 'newer-by-another-run', expiresAt: null }),
    );
    graphqlWith('newer-by-another-run', 200);
    await expect(withShopify(cache, (client) => client().testConnection())).resolves.toEqual({
      domain: 'my-shop.myshopify.com',
    });
    expect(minted).toEqual(['minted-1', 'minted-2']);
  });
});

describe('runs minting at once', () => {
  it('mint one token between them, and every run works with it', async () => {
    const cache = fakeCache();
    const minted = mints(SHOP, MINT, 'secret-1');
    nock(SHOP, { reqheaders: { 'x-shopify-access-token': 'minted-1' } })
      .post(GRAPHQL)
      .times(6)
      .reply(200, EMPTY);
    const results = await withShopify(cache, (client) =>
      Promise.all([0, 1, 2, 3, 4, 5].map(() => client().testConnection())),
    );
    expect(results).toHaveLength(6);
    expect(minted).toEqual(['minted-1']);
    // The lock is given back.
    expect([...cache.entries.keys()].filter((key) => key.endsWith(':minting'))).toEqual([]);
  });
});

describe('without z.cache (zapier invoke on a laptop)', () => {
  it('keeps the token in memory for the run and says so in the log', async () => {
    const minted = mints(SHOP, MINT, 'secret-1');
    nock(SHOP, { reqheaders: { 'x-shopify-access-token': 'minted-1' } })
      .post(GRAPHQL)
      .twice()
      .reply(200, EMPTY);
    const noRpc = () => Promise.reject(new Error('rpc is not available'));
    const logged: string[] = [];
    await appTester(
      async (z: ZObject) => {
        const local = {
          ...z,
          cache: { get: noRpc, set: noRpc, delete: noRpc },
          console: { log: (line: string) => logged.push(line) },
        } as unknown as ZObject;
        const client = shopifyClient(local, { authData: SHOPIFY });
        await client.testConnection();
        await client.testConnection();
      },
      { authData: SHOPIFY } as Partial<Bundle>,
    );
    expect(minted).toEqual(['minted-1']);
    expect(logged).toEqual(['z.cache is not available outside Zapier: this run keeps its access token in memory.']);
  });
});
