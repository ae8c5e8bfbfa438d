import nock from 'nock';
import { createAppTester, type ZObject } from 'zapier-platform-core';
import app from '../../../src';
import { tokenCacheSeconds } from '../../../src/tokens/client-token';
import {
  normaliseShopifyDomain,
  shopifyClient,
  type ClientOptions,
  throttleDelaySeconds,
} from '../../../src/vendors/shopify/client';
import fixture from '../../../src/vendors/shopify/fixture-purchase-orders.json';
import { createPacer, shopifyClock } from '../../../src/vendors/shopify/pacing';
import {
  CONNECTION_TEST_QUERY,
  LIST_LINE_ITEMS,
  PURCHASE_ORDER_PAGE_QUERY,
  PURCHASE_ORDER_QUERY,
} from '../../../src/vendors/shopify/queries';
import { errorDetails } from '../../helpers/zapier';

const appTester = createAppTester(app);
const ORIGIN = 'https://my-shop.myshopify.com';
const GRAPHQL = '/admin/api/2026-10/graphql.json';
const TOKEN_AUTH = { shopify_store_domain: 'my-shop.myshopify.com', shopify_access_token: 'shpat_direct' };
const CLIENT_AUTH = {
  shopify_store_domain: 'https://My-Shop.myshopify.com/admin',
  shopify_client_id: 'client-1',
  shopify_client_secret: 'secret-1',
};
const COST = {
  requestedQueryCost: 772,
  actualQueryCost: 26,
  throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1974, restoreRate: 100 },
};
const EMPTY_PAGE = {
  data: { inventoryPurchaseOrders: { edges: [], pageInfo: { hasPreviousPage: false, startCursor: null } } },
  extensions: { cost: COST },
};

/** A z.cache double that records what the client stores, with which TTL. */
function cacheDouble() {
  const values = new Map<string, unknown>();
  const calls: string[] = [];
  return {
    values,
    calls,
    cache: {
      get: (key: string, scope?: string[]) => {
        calls.push(`get ${key} ${String(scope)}`);
        return Promise.resolve(values.get(key) ?? null);
      },
      set: (key: string, value: unknown, ttl?: number, scope?: string[]) => {
        calls.push(`set ${key} ${String(value)} ${ttl} ${String(scope)}`);
        values.set(key, value);
        return Promise.resolve(true);
      },
      delete: (key: string, scope?: string[]) => {
        calls.push(`delete ${key} ${String(scope)}`);
        return Promise.resolve(values.delete(key));
      },
    },
  };
}

type Cache = ReturnType<typeof cacheDouble>['cache'];

/** Runs `use` with a client over the real z (its z.request, its errors) and a cache double. */
function withClient<T>(
  authData: Record<string, string>,
  cache: Cache,
  use: (client: ReturnType<typeof shopifyClient>) => Promise<T>,
  options: ClientOptions = {},
) {
  return appTester((z: ZObject) => use(shopifyClient({ ...z, cache }, { authData }, options)), { authData });
}

async function failure(promise: Promise<unknown>) {
  const error = (await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (reason: unknown) => reason,
  )) as Error;
  const details = errorDetails(error);
  // Plain-message errors come back with Zapier's "What happened" trace appended.
  return { name: error.name, ...details, message: details.message.split('\nWhat happened:')[0] };
}

function graphql(token: string) {
  return nock(ORIGIN, {
    reqheaders: { 'x-shopify-access-token': token, 'content-type': 'application/json', accept: 'application/json' },
  }).post(GRAPHQL);
}

function mint(answer: { token: string; expiresIn?: number }) {
  return nock(ORIGIN, { reqheaders: { 'content-type': 'application/x-www-form-urlencoded' } })
    .post('/admin/oauth/access_token', 'grant_type=client_credentials&client_id=client-1&client_secret=secret-1')
    .reply(200, {
      access_token: answer.token,
      scope: 'read_inventory_purchase_orders',
      expires_in: answer.expiresIn ?? 86399,
    });
}

describe('normaliseShopifyDomain', () => {
  it.each([
    ['my-shop.myshopify.com', 'my-shop.myshopify.com'],
    ['  MY-SHOP.myshopify.com ', 'my-shop.myshopify.com'],
    ['https://my-shop.myshopify.com/admin/purchase_orders?x=1', 'my-shop.myshopify.com'],
    ['http://My-Shop.MyShopify.com/', 'my-shop.myshopify.com'],
    ['https://admin.shopify.com/store/my-shop/purchase_orders', 'my-shop.myshopify.com'],
  ])('reads %j as %j', (pasted, domain) => {
    expect(normaliseShopifyDomain(pasted)).toBe(domain);
  });

  it.each([
    'my-shop',
    'shop.example.com',
    'my-shop.myshopify.com.evil.com',
    'evil.com/my-shop.myshopify.com',
    'user@my-shop.myshopify.com',
    '',
  ])('refuses %j', (pasted) => {
    expect(normaliseShopifyDomain(pasted)).toBeNull();
  });
});

describe('the requests sent', () => {
  it("posts the query as JSON to the shop's 2026-10 endpoint with the access token", async () => {
    const scope = graphql('shpat_direct').reply(200, (_uri, body) => {
      expect(body).toEqual({ query: CONNECTION_TEST_QUERY, variables: {} });
      return { data: { inventoryPurchaseOrders: { edges: [] } }, extensions: { cost: COST } };
    });
    const { cache } = cacheDouble();
    await expect(withClient(TOKEN_AUTH, cache, (client) => client.testConnection())).resolves.toEqual({
      domain: 'my-shop.myshopify.com',
    });
    expect(scope.isDone()).toBe(true);
  });

  it("asks for a page from the newest end with the filter as Shopify's search syntax", async () => {
    graphql('shpat_direct').reply(200, (_uri, body) => {
      expect(body).toEqual({
        query: PURCHASE_ORDER_PAGE_QUERY,
        variables: { last: 10, before: 'cursor-1', query: 'id:>=100 id:<200 status:ordered', lines: LIST_LINE_ITEMS },
      });
      return fixture;
    });
    const { cache } = cacheDouble();
    const page = await withClient(TOKEN_AUTH, cache, (client) =>
      client.listPage({ last: 10, before: 'cursor-1', query: { idAtLeast: '100', idBelow: '200', status: 'ORDERED' } }),
    );
    expect(page.edges.map((edge) => edge.order?.name)).toEqual(['PO1001', 'PO1002', 'PO1003']);
    expect(page).toMatchObject({ hasPreviousPage: false, startCursor: 'eyJsYXN0X2lkIjoxMDAxfQ==', cost: COST });
  });

  it('skips a malformed purchase order on a page, saying why, and keeps the rest', async () => {
    const answer = structuredClone(fixture) as {
      data: { inventoryPurchaseOrders: { edges: { node: Record<string, unknown> }[] } };
    };
    answer.data.inventoryPurchaseOrders.edges[1]!.node.status = 'lost!';
    graphql('shpat_direct').reply(200, answer);
    const { cache } = cacheDouble();
    const page = await withClient(TOKEN_AUTH, cache, (client) => client.listPage({ last: 3 }));
    expect(page.edges.map((edge) => [edge.order?.name ?? null, edge.problem])).toEqual([
      ['PO1001', null],
      [null, 'status must be a status word such as DRAFT or ORDERED (got "lost!")'],
      ['PO1003', null],
    ]);
  });

  it('refuses a page holding more purchase orders than were asked for, before reading any of them', async () => {
    const answer = structuredClone(fixture);
    graphql('shpat_direct').reply(200, answer);
    const { cache } = cacheDouble();
    const error = await failure(withClient(TOKEN_AUTH, cache, (client) => client.listPage({ last: 2 })));
    expect(error.name).toBe('HaltedError');
    expect(error.message).toBe(
      'Shopify answered with data this integration cannot read: a page holds 3 purchase orders where 2 were asked for. No record was made from it. If it happens again, contact Shopify support with this message.',
    );
  });

  it('asks for one purchase order by its gid with the lines last seen of it, and answers null when Shopify has none', async () => {
    graphql('shpat_direct').reply(200, (_uri, body) => {
      expect(body).toEqual({
        query: PURCHASE_ORDER_QUERY,
        variables: { id: 'gid://shopify/InventoryPurchaseOrder/1002', lines: 4 },
      });
      return { data: { inventoryPurchaseOrder: null }, extensions: { cost: COST } };
    });
    const { cache } = cacheDouble();
    await expect(withClient(TOKEN_AUTH, cache, (client) => client.getById(' 1002 ', 4))).resolves.toBeNull();
  });

  it.each(['12a', '1/../2', '0', '-1', '1e3', 'gid://shopify/InventoryPurchaseOrder/1', ''])(
    'refuses purchase order id %j before any request',
    async (id) => {
      const { cache } = cacheDouble();
      const error = await failure(withClient(TOKEN_AUTH, cache, (client) => client.getById(id)));
      expect(error.message).toBe(
        `A Shopify purchase order id is the number at the end of its address in Shopify admin (digits only), not ${JSON.stringify(id)}.`,
      );
    },
  );

  it('refuses a filter id that is not digits, before any request', async () => {
    const { cache } = cacheDouble();
    const error = await failure(
      withClient(TOKEN_AUTH, cache, (client) =>
        client.listPage({ last: 1, query: { idAtLeast: '1 OR status:draft' } }),
      ),
    );
    expect(error.message).toBe('A Shopify purchase order id must be digits only, not "1 OR status:draft".');
  });
});

describe('the connection fields', () => {
  it.each(['my-shop', 'https://shop.example.com', 'my-shop.myshopify.com.evil.com'])(
    'refuses Shopify Store Domain %j before any request',
    async (domain) => {
      const { cache } = cacheDouble();
      const error = await failure(
        withClient({ ...TOKEN_AUTH, shopify_store_domain: domain }, cache, (client) => client.testConnection()),
      );
      expect(error.message).toBe(
        `Shopify Store Domain must be your store's myshopify.com address, such as "my-shop.myshopify.com", not ${JSON.stringify(domain)}. Shopify admin shows it under Settings > Domains; reconnect with it.`,
      );
    },
  );

  it('names the missing half of the client credentials', async () => {
    const { cache } = cacheDouble();
    const error = await failure(
      withClient({ shopify_store_domain: 'my-shop.myshopify.com', shopify_client_id: 'client-1' }, cache, (client) =>
        client.testConnection(),
      ),
    );
    expect(error.message).toBe(
      'The Shopify connection needs Shopify Client Secret (or a Shopify Access Token instead). Reconnect and fill them in.',
    );
  });
});

describe('the client credentials token', () => {
  const KEY = /^shopify-token:[0-9a-f]{40}$/;
  // The token's own entry; the lock that makes runs take turns at minting has a key of its own.
  const onToken = (calls: string[], key: string) => calls.filter((call) => call.split(' ')[1] === key);

  it('is minted once, cached a little under its lifetime, and reused across calls and runs', async () => {
    mint({ token: 'minted-1' });
    graphql('minted-1').times(3).reply(200, EMPTY_PAGE);
    const { cache, calls, values } = cacheDouble();
    await withClient(CLIENT_AUTH, cache, async (client) => {
      await client.listPage({ last: 1 });
      await client.listPage({ last: 1 });
    });
    await withClient(CLIENT_AUTH, cache, (client) => client.listPage({ last: 1 }));
    const [key] = [...values.keys()];
    expect(key).toMatch(KEY);
    // Scoped to the connection ('auth'), never shared across the integration's users.
    expect(onToken(calls, key!)).toEqual([
      `get ${key} auth`,
      `get ${key} auth`,
      `set ${key} minted-1 82799 auth`,
      `get ${key} auth`,
      `get ${key} auth`,
    ]);
  });

  it('is keyed by shop and client id, never holding the secret in the key', async () => {
    mint({ token: 'minted-1' });
    graphql('minted-1').reply(200, EMPTY_PAGE);
    const { cache, values } = cacheDouble();
    await withClient(CLIENT_AUTH, cache, (client) => client.listPage({ last: 1 }));
    expect([...values.keys()].join()).not.toMatch(/secret-1|client-1/);
  });

  it('is minted once more when Shopify refuses the cached one, then reused', async () => {
    const { cache, calls, values } = cacheDouble();
    mint({ token: 'minted-1' });
    graphql('minted-1').reply(200, EMPTY_PAGE);
    await withClient(CLIENT_AUTH, cache, (client) => client.listPage({ last: 1 }));
    const [key] = [...values.keys()];
    values.set(key!, 'revoked');
    calls.length = 0;
    graphql('revoked').reply(401, {
      errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
    });
    mint({ token: 'minted-2' });
    graphql('minted-2').twice().reply(200, EMPTY_PAGE);
    await withClient(CLIENT_AUTH, cache, async (client) => {
      await client.listPage({ last: 1 });
      await client.listPage({ last: 1 });
    });
    // Refused: is a newer token cached? No: mint under the lock (which reads the cache once more), then reuse.
    expect(onToken(calls, key!)).toEqual([
      `get ${key} auth`,
      `get ${key} auth`,
      `get ${key} auth`,
      `set ${key} minted-2 82799 auth`,
      `get ${key} auth`,
    ]);
  });

  it('stops with ExpiredAuthError when even a fresh token is refused', async () => {
    mint({ token: 'minted-1' });
    graphql('minted-1').reply(401, {});
    mint({ token: 'minted-2' });
    graphql('minted-2').reply(401, {});
    const { cache } = cacheDouble();
    const error = await failure(withClient(CLIENT_AUTH, cache, (client) => client.listPage({ last: 1 })));
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toBe(
      'Shopify refused the Shopify Client ID and Shopify Client Secret for my-shop.myshopify.com (HTTP 401 for a token it had just issued). ' +
        'In the Dev Dashboard, open the app, copy its Client ID and Secret again, make sure it is installed on my-shop.myshopify.com with the scope read_inventory_purchase_orders, and reconnect.',
    );
    expect(error.message).not.toMatch(/secret-1|minted/);
  });

  it('says which fields to fix when the grant is refused, without the secret', async () => {
    nock(ORIGIN)
      .post('/admin/oauth/access_token')
      .reply(400, { error: 'invalid_client', error_description: 'Client authentication failed.' });
    const { cache } = cacheDouble();
    const error = await failure(withClient(CLIENT_AUTH, cache, (client) => client.testConnection()));
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toMatch(
      /^Shopify refused the Shopify Client ID and Shopify Client Secret for my-shop\.myshopify\.com \(HTTP 400: invalid_client\)\. In the Dev Dashboard/,
    );
    expect(error.message).not.toContain('secret-1');
  });

  it('trusts a token an hour less than a day, a minute less than ten, and a short-lived one for half its life', () => {
    expect(tokenCacheSeconds(86399)).toBe(82799);
    expect(tokenCacheSeconds(600)).toBe(540);
    expect(tokenCacheSeconds(100)).toBe(50);
    expect(tokenCacheSeconds(1)).toBe(1);
  });
});

describe("Shopify's refusals", () => {
  it('a direct access token refused is ExpiredAuthError naming the field', async () => {
    graphql('shpat_direct').reply(401, {});
    const { cache } = cacheDouble();
    const error = await failure(withClient(TOKEN_AUTH, cache, (client) => client.testConnection()));
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toMatch(
      /^Shopify refused the Shopify Access Token for my-shop\.myshopify\.com \(HTTP 401\)\./,
    );
    expect(error.message).not.toContain('shpat_direct');
  });

  describe('on a clock the test moves', () => {
    let now = 0;
    const real = { ...shopifyClock };
    beforeEach(() => {
      now = Date.parse('2026-11-02T09:00:00Z');
      shopifyClock.now = () => now;
      shopifyClock.sleep = (ms) => {
        now += ms;
        return Promise.resolve();
      };
    });
    afterEach(() => Object.assign(shopifyClock, real));
    const THROTTLED = {
      errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
      extensions: {
        cost: {
          requestedQueryCost: 772,
          actualQueryCost: null,
          throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 101, restoreRate: 100 },
        },
      },
    };

    it("THROTTLED in HTTP 200 is a pause: it waits until the bucket holds the query's cost, then asks again", async () => {
      graphql('shpat_direct').reply(200, THROTTLED);
      graphql('shpat_direct').reply(200, fixture);
      const { cache } = cacheDouble();
      const page = await withClient(TOKEN_AUTH, cache, (client) => client.listPage({ last: 10 }));
      expect(page.edges).toHaveLength(3);
      // (772 - 101) / 100 a second
      expect(now - Date.parse('2026-11-02T09:00:00Z')).toBe(6_710);
    });

    it("THROTTLED with no time left for the refill ends the poll's turn with a ThrottledError saying so", async () => {
      graphql('shpat_direct').reply(200, THROTTLED);
      const { cache } = cacheDouble();
      const pacer = createPacer({ deadline: now + 5_000 });
      const error = await failure(withClient(TOKEN_AUTH, cache, (client) => client.listPage({ last: 10 }), { pacer }));
      expect(error).toEqual({
        name: 'ThrottledError',
        message:
          "Shopify's query cost allowance for my-shop.myshopify.com is spent for now; Zapier will carry on where this stopped once it has refilled.",
        delay: 7,
      });
    });
  });

  it('HTTP 429 is throttled too, with the delay from the body or else Retry-After', async () => {
    graphql('shpat_direct').reply(429, 'Too Many Requests', { 'Retry-After': '4' });
    const { cache } = cacheDouble();
    const error = await failure(withClient(TOKEN_AUTH, cache, (client) => client.listPage({ last: 10 })));
    expect(error).toMatchObject({
      name: 'ThrottledError',
      message: expect.stringMatching(/^Shopify is throttling/) as unknown,
      delay: 4,
    });
  });

  it('computes the delay as Shopify refills: requested minus available, over the restore rate, rounded up', () => {
    const status = (currentlyAvailable: number, restoreRate = 100) => ({
      maximumAvailable: 2000,
      currentlyAvailable,
      restoreRate,
    });
    expect(throttleDelaySeconds({ requestedQueryCost: 772, throttleStatus: status(0) })).toBe(8);
    expect(throttleDelaySeconds({ requestedQueryCost: 772, throttleStatus: status(772) })).toBe(1);
    expect(throttleDelaySeconds({ requestedQueryCost: 707, throttleStatus: status(6, 200) })).toBe(4);
    expect(throttleDelaySeconds(undefined)).toBe(10);
  });

  it('ACCESS_DENIED names the scope to add, and forgets the cached token', async () => {
    mint({ token: 'minted-1' });
    graphql('minted-1').reply(200, {
      data: null,
      errors: [
        {
          message:
            'Access denied for inventoryPurchaseOrders field. Required access: `read_inventory_purchase_orders` access scope.',
          extensions: { code: 'ACCESS_DENIED' },
        },
      ],
    });
    const { cache, values } = cacheDouble();
    const error = await failure(withClient(CLIENT_AUTH, cache, (client) => client.testConnection()));
    expect(error.message).toBe(
      'Shopify denied access to purchase orders: the app needs the scope read_inventory_purchase_orders, and the staff member who installed it must be allowed to view purchase orders. ' +
        'In the Dev Dashboard, add the scope to the app, release the version and approve it on the store (for an Admin API access token: add the scope to the custom app), then try again.',
    );
    expect(values.size).toBe(0);
  });

  it('names the scope Shopify says is missing when it is not the purchase-order scope', async () => {
    graphql('shpat_direct').reply(200, {
      data: null,
      errors: [
        {
          message: 'Access denied for inventoryItem field. Required access: `read_products` access scope.',
          extensions: { code: 'ACCESS_DENIED' },
        },
      ],
    });
    const { cache } = cacheDouble();
    const error = await failure(withClient(TOKEN_AUTH, cache, (client) => client.testConnection()));
    expect(error.message).toMatch(/^Shopify denied access to purchase orders: the app needs the scope read_products, /);
  });

  it("an internal error on Shopify's side is throttled, so Zapier tries again", async () => {
    graphql('shpat_direct').reply(200, {
      errors: [
        {
          message: 'Internal error. Looks like something went wrong on our end.',
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ],
    });
    const { cache } = cacheDouble();
    const error = await failure(withClient(TOKEN_AUTH, cache, (client) => client.testConnection()));
    expect(error.name).toBe('ThrottledError');
    expect(error.message).toBe(
      'Shopify reported a problem on its side (INTERNAL_SERVER_ERROR); Zapier will try again shortly.',
    );
  });

  it("any other GraphQL error is a sentence with Shopify's words and the next step", async () => {
    graphql('shpat_direct').reply(200, {
      errors: [{ message: 'Field is deprecated and gone.', extensions: { code: 'UNDEFINED_FIELD' } }],
    });
    const { cache } = cacheDouble();
    const error = await failure(withClient(TOKEN_AUTH, cache, (client) => client.testConnection()));
    expect(error.message).toBe(
      'Shopify could not run the purchase order query: Field is deprecated and gone. (UNDEFINED_FIELD). If it happens again, contact support with this message.',
    );
  });

  it("a token endpoint that forbids (403) is a sentence, not a refused connection: other vendors' Zaps go on", async () => {
    nock(ORIGIN).post('/admin/oauth/access_token').reply(403, '<html>Access denied</html>');
    const { cache } = cacheDouble();
    const error = await failure(withClient(CLIENT_AUTH, cache, (client) => client.testConnection()));
    expect(error.name).toBe('AppError');
    expect(error.message).toMatch(
      /^Shopify would not issue a token for my-shop\.myshopify\.com \(HTTP 403\)\. Check in the Dev Dashboard/,
    );
  });

  it.each([
    [302, /^Shopify answered my-shop\.myshopify\.com with a redirect \(HTTP 302\), so no credentials were sent on\./],
    [402, /^Shopify says the store my-shop\.myshopify\.com is frozen for an unpaid bill \(HTTP 402\)\./],
    [
      404,
      /^Shopify found no store or no Admin API 2026-10 at my-shop\.myshopify\.com \(HTTP 404\)\. Check Shopify Store Domain/,
    ],
    [503, /^Shopify answered HTTP 503, a problem on its side; Zapier will try again shortly\./],
  ])('HTTP %i is a sentence saying what to do', async (status, pattern) => {
    graphql('shpat_direct').reply(status, '', { Location: 'https://elsewhere.example.com/' });
    const { cache } = cacheDouble();
    const error = await failure(withClient(TOKEN_AUTH, cache, (client) => client.testConnection()));
    expect(error.message).toMatch(pattern);
  });
});
