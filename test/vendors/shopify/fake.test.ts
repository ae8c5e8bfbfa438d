import nock from 'nock';
import { createAppTester, type ZObject } from 'zapier-platform-core';
import { listen } from '../../fakes/http';
import { FakeShopify, serveOverNock, shopifyHttpHandler } from '../../fakes/shopify';
import app from '../../../src';
import { shopifyClient } from '../../../src/vendors/shopify/client';
import { mapShopifyPurchaseOrder } from '../../../src/vendors/shopify/mapper';
import type { ShopifyPurchaseOrder } from '../../../src/vendors/shopify/schema';

import {
  MAX_ORDER_LINES,
  NAME_SCAN_QUERY,
  PURCHASE_ORDER_PAGE_QUERY,
  requestedCost,
} from '../../../src/vendors/shopify/queries';
import { errorDetails } from '../../helpers/zapier';

/** The version part of an "updated" record's id, decided by the one dedupe policy. */
const versionHash = (order: ShopifyPurchaseOrder) =>
  mapShopifyPurchaseOrder(order, { kind: 'updated' }).id.split(':')[2];

const appTester = createAppTester(app);
const ORIGIN = 'https://my-shop.myshopify.com';
const AUTH = {
  shopify_store_domain: 'my-shop.myshopify.com',
  shopify_client_id: 'fake-client-id',
  shopify_client_secret: 'fake-client-secret',
};

/** A clock the tests move by hand. */
function clock(start = Date.parse('2026-11-02T09:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** A z.cache that keeps values for the test's life (the app tester's own one is per run). */
function memoryCache() {
  const values = new Map<string, unknown>();
  return {
    get: (key: string) => Promise.resolve(values.get(key) ?? null),
    set: (key: string, value: unknown) => Promise.resolve(Boolean(values.set(key, value))),
    delete: (key: string) => Promise.resolve(values.delete(key)),
  };
}

function serve(fake: FakeShopify) {
  serveOverNock(fake, ORIGIN);
}

function withClient<T>(
  cache: ReturnType<typeof memoryCache>,
  use: (client: ReturnType<typeof shopifyClient>) => Promise<T>,
) {
  return appTester((z: ZObject) => use(shopifyClient({ ...z, cache }, { authData: AUTH })), { authData: AUTH });
}

/** Sends a document straight to the fake with a freshly minted token. */
async function ask(fake: FakeShopify, query: string, variables: Record<string, unknown>) {
  const minted = await fake.handle({
    method: 'POST',
    path: '/admin/oauth/access_token',
    headers: {},
    body: 'grant_type=client_credentials&client_id=fake-client-id&client_secret=fake-client-secret',
  });
  const token = (minted.body as { access_token: string }).access_token;
  return fake.handle({
    method: 'POST',
    path: '/admin/api/2026-10/graphql.json',
    headers: { 'x-shopify-access-token': token },
    body: JSON.stringify({ query, variables }),
  });
}

type NamePage = {
  data: {
    inventoryPurchaseOrders: {
      edges: { cursor: string; node: { name: string } }[];
      pageInfo: { hasPreviousPage: boolean; startCursor: string | null };
    };
  };
};

describe('a fake Shopify with 5,000 purchase orders', () => {
  const fake = new FakeShopify({ maximumAvailable: 1_000_000, restoreRate: 1_000_000 });
  fake.seed(5000);

  it('walks back from the newest end with last/before, every order once, oldest first within a page', async () => {
    const names: string[] = [];
    let before: string | null = null;
    let pages = 0;
    for (;;) {
      const reply = await ask(fake, NAME_SCAN_QUERY, { last: 250, before });
      const { edges, pageInfo } = (reply.body as NamePage).data.inventoryPurchaseOrders;
      if (pages === 0) expect(edges.map((edge) => edge.node.name).slice(-2)).toEqual(['PO4999', 'PO5000']);
      names.unshift(...edges.map((edge) => edge.node.name));
      pages += 1;
      if (!pageInfo.hasPreviousPage) break;
      before = pageInfo.startCursor;
    }
    expect(pages).toBe(20);
    expect(names).toEqual(Array.from({ length: 5000 }, (_, index) => `PO${index + 1}`));
  });

  it('filters id:>=n, id:<n and status, and pages within the filter', async () => {
    fake.markOrdered(4990);
    fake.markOrdered(10);
    const reply = await ask(fake, PURCHASE_ORDER_PAGE_QUERY, {
      last: 10,
      query: 'id:>=5 id:<4995 status:ordered',
      lines: 10,
    });
    const { edges, pageInfo } = (reply.body as NamePage).data.inventoryPurchaseOrders;
    expect(edges.map((edge) => edge.node.name)).toEqual(['PO10', 'PO4990']);
    expect(pageInfo.hasPreviousPage).toBe(false);
  });

  it('serves the client: a page of the newest ten, then the ten before', async () => {
    serve(fake);
    const cache = memoryCache();
    const [newest, older] = await withClient(cache, async (client) => {
      const first = await client.listPage({ last: 10 });
      return [first, await client.listPage({ last: 10, before: first.startCursor })];
    });
    expect(newest.edges.map((edge) => edge.order?.name)).toEqual(
      Array.from({ length: 10 }, (_, index) => `PO${4991 + index}`),
    );
    expect(older.edges.map((edge) => edge.order?.name)).toEqual(
      Array.from({ length: 10 }, (_, index) => `PO${4981 + index}`),
    );
    expect(newest.cost).toMatchObject({ requestedQueryCost: requestedCost.purchaseOrderPage(10, 10) });
  });

  it('lets the client find an order by number among the newest 1,000, and say when it looked no further', async () => {
    serve(fake);
    const cache = memoryCache();
    const found = await withClient(cache, (client) => client.findByName('po4100'));
    expect(found).toMatchObject({
      order: { name: 'PO4100', id: 'gid://shopify/InventoryPurchaseOrder/4100' },
      scanned: 1000,
      complete: true,
    });
    const missing = await withClient(cache, (client) => client.findByName('PO12'));
    expect(missing).toEqual({ order: null, scanned: 1000, complete: false });
  });
});

describe("the fake's bucket and tokens", () => {
  it('charges the requested cost before a query and refunds down to the actual cost after; short, it answers THROTTLED', async () => {
    const time = clock();
    const fake = new FakeShopify({ now: time.now });
    fake.seed(20);
    const page = await ask(fake, PURCHASE_ORDER_PAGE_QUERY, { last: 10, lines: 10 });
    // 772 requested (10 orders of 10 lines); each order has 1 line, so 2 + 10 x 14 = 142 used.
    expect((page.body as { extensions: unknown }).extensions).toEqual({
      cost: {
        requestedQueryCost: 772,
        actualQueryCost: 142,
        throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1858, restoreRate: 100 },
      },
    });
    fake.spend(1800);
    const throttled = await ask(fake, PURCHASE_ORDER_PAGE_QUERY, { last: 10, lines: 10 });
    expect(throttled.body).toEqual({
      errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
      extensions: {
        cost: {
          requestedQueryCost: 772,
          actualQueryCost: null,
          throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 58, restoreRate: 100 },
        },
      },
    });
    // The bucket refills at 100 a second on the fake's clock.
    time.advance(7_140);
    expect((await ask(fake, PURCHASE_ORDER_PAGE_QUERY, { last: 10, lines: 10 })).body).toMatchObject({
      data: { inventoryPurchaseOrders: expect.any(Object) as unknown },
    });
    expect(fake.spent).toEqual([
      { requested: 772, actual: 142 },
      { requested: 772, actual: 142 },
    ]);
    expect(fake.throttled).toBe(1);
  });

  it('ignores the id filter when told to, as a store may, and warns in extensions.search', async () => {
    const fake = new FakeShopify({ ignoresIdFilter: true });
    fake.seed(3);
    const reply = await ask(fake, NAME_SCAN_QUERY, { last: 10, query: 'id:>2' });
    const body = reply.body as NamePage & { extensions: { search: unknown } };
    expect(body.data.inventoryPurchaseOrders.edges.map((edge) => edge.node.name)).toEqual(['PO1', 'PO2', 'PO3']);
    expect(body.extensions.search).toEqual([
      {
        path: ['inventoryPurchaseOrders'],
        query: 'id:>2',
        warnings: [{ field: 'id', message: 'Invalid search field for this query.' }],
      },
    ]);
  });

  it('refuses any single query over 1,000 points', async () => {
    const fake = new FakeShopify();
    const reply = await ask(fake, PURCHASE_ORDER_PAGE_QUERY, { last: 50, lines: 50 });
    expect(reply.body).toEqual({
      errors: [
        {
          message: 'Query cost is 17852, which exceeds the single query max cost limit (1000).',
          extensions: { code: 'MAX_COST_EXCEEDED', cost: 17852, maxCost: 1000 },
        },
      ],
      extensions: {
        cost: {
          requestedQueryCost: 17852,
          actualQueryCost: null,
          throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 2000, restoreRate: 100 },
        },
      },
    });
  });

  it('answers 401 to a token it never minted', async () => {
    const fake = new FakeShopify();
    const reply = await fake.handle({
      method: 'POST',
      path: '/admin/api/2026-10/graphql.json',
      headers: { 'X-Shopify-Access-Token': 'made-up' },
      body: '{}',
    });
    expect(reply.status).toBe(401);
  });

  it('mints once for many calls, and once more only when the token has expired', async () => {
    const time = clock();
    const fake = new FakeShopify({ now: time.now });
    fake.seed(3);
    serve(fake);
    const cache = memoryCache();
    for (let run = 0; run < 5; run += 1) await withClient(cache, (client) => client.testConnection());
    expect(fake.mints).toBe(1);
    time.advance(24 * 60 * 60 * 1000);
    await withClient(cache, (client) => client.testConnection());
    expect(fake.mints).toBe(2);
  });

  it('says the scope is missing when the app lacks it', async () => {
    const fake = new FakeShopify({ scopes: ['read_products'] });
    serve(fake);
    const error = (await withClient(memoryCache(), (client) => client.testConnection()).catch(
      (e: Error) => e,
    )) as Error;
    expect(errorDetails(error).message).toMatch(
      /^Shopify denied access to purchase orders: the app needs the scope read_inventory_purchase_orders/,
    );
  });
});

describe("a purchase order's life in the fake, read by the client and mapped", () => {
  it('completes an order of 250 lines over follow-up pages, and versions it as it changes', async () => {
    const time = clock();
    const fake = new FakeShopify({ now: time.now, maximumAvailable: 100_000 });
    const order = fake.create({
      supplierName: 'Northwind',
      lines: Array.from({ length: 250 }, (_, index) => ({
        sku: `SKU-${index}`,
        quantity: index + 1,
        unitCost: '0.10',
      })),
    });
    serve(fake);
    const cache = memoryCache();
    const read = async () => {
      const found = await withClient(cache, (client) => client.getById(String(order.id), 250));
      if (!found) throw new Error('the fake lost the order');
      return found;
    };

    const draft = await read();
    // Sized to the 250 lines expected: as many as one query may ask, then exactly the rest.
    expect(fake.charges).toEqual([
      requestedCost.purchaseOrder(MAX_ORDER_LINES),
      requestedCost.lineItems(250 - MAX_ORDER_LINES),
    ]);
    const record = mapShopifyPurchaseOrder(draft, { kind: 'new' });
    expect(record).toMatchObject({
      status: 'draft',
      line_item_count: 250,
      total_quantity: 31375,
      subtotal: '3137.50',
      total: '3137.50',
    });
    expect(record.line_items.map((line) => line.sku)).toEqual(
      Array.from({ length: 250 }, (_, index) => `SKU-${index}`),
    );

    const versions = [versionHash(draft)];
    time.advance(60_000);
    fake.markOrdered(order.id);
    const ordered = await read();
    expect(mapShopifyPurchaseOrder(ordered, { kind: 'ordered' }).id).toBe('shopify:1:ordered:2026-11-02T09:01:00.000Z');
    versions.push(versionHash(ordered));
    fake.changeLine(order.id, 7, { quantity: 70 });
    versions.push(versionHash(await read()));
    fake.archive(order.id);
    const archived = await read();
    versions.push(versionHash(archived));
    expect(mapShopifyPurchaseOrder(archived, { kind: 'updated' })).toMatchObject({
      status: 'completed',
      id: `shopify:1:${versions[3]}`,
    });
    expect(new Set(versions).size).toBe(4);
    // Reading it again without a change gives the same version.
    expect(versionHash(await read())).toBe(versions[3]);

    fake.remove(order.id);
    await expect(withClient(cache, (client) => client.getById(String(order.id)))).resolves.toBeNull();
  });
});

describe('the fake on a loopback server, as the sandbox runs it', () => {
  afterEach(() => {
    delete process.env.SHOPIFY_BASE_URL;
    nock.disableNetConnect();
  });

  it('serves the client through SHOPIFY_BASE_URL, whatever the shop', async () => {
    const fake = new FakeShopify();
    fake.seed(2);
    const server = await listen(0, shopifyHttpHandler(fake));
    nock.enableNetConnect(/^127\.0\.0\.1:\d+$/);
    process.env.SHOPIFY_BASE_URL = server.url;
    try {
      const page = await withClient(memoryCache(), (client) => client.listPage({ last: 10 }));
      expect(page.edges.map((edge) => edge.order?.name)).toEqual(['PO1', 'PO2']);
      expect(fake.mints).toBe(1);
    } finally {
      delete process.env.SHOPIFY_BASE_URL;
      nock.disableNetConnect();
      await server.close();
    }
  });
});
