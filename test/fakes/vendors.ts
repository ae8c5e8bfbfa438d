/**
 * Every vendor fake on one loopback server, for the demo, the end-to-end tests and the bench: the
 * ZORT, Shopify and Apicbase supplier APIs over data they keep and can change.
 * ZORT lives under /zort/v4, the fake Shopify under /shopify (standing in for https://<shop>),
 * Apicbase at the root (/oauth/token/, /api/v2/...), as ZORT_BASE_URL, SHOPIFY_BASE_URL and
 * APICBASE_BASE_URL point the app there. Stocky's API is gone: the sandbox serves none.
 */
import { FakeApicbase } from './apicbase';
import { listen } from './http';
import { FakeShopify, shopifyHttpHandler } from './shopify';
import { ZortApi, type ZortCredentials } from './zort';

export type Credentials = ZortCredentials & {
  apicbase_webhook_secret: string;
  apicbase_client_id: string;
  apicbase_client_secret: string;
};

export type VendorSandbox = {
  url: string;
  zortBaseUrl: string;
  shopifyBaseUrl: string;
  apicbaseBaseUrl: string;
  zort: ZortApi;
  shopify: FakeShopify;
  /** Apicbase's supplier API, on the real clock: its tokens and rate limit count as Apicbase's do. */
  apicbase: FakeApicbase;
  /**
   * The fake Shopify's clock: it runs with the real one (so its bucket refills as Shopify's does,
   * and `zapier-platform invoke` against `--listen` is paced, never stuck), and a scenario moves
   * it on to play minutes between polls without waiting.
   */
  shopifyClock: { now: () => number; advance: (ms: number) => void };
  close: () => Promise<void>;
};

/** The Shopify app the sandbox store has installed: the connection's Client ID and Secret. */
export type ShopifyCredentials = {
  shopify_store_domain: string;
  shopify_client_id: string;
  shopify_client_secret: string;
};

/** `listOrder`: ZORT and Apicbase list oldest or newest first instead of an order of their own; `shopifyBucket`: another plan's. */
export type SandboxOptions = {
  listOrder?: 'oldest-first' | 'newest-first';
  shopifyBucket?: { maximumAvailable: number; restoreRate: number };
};

export async function startVendorSandbox(
  port: number,
  credentials: Credentials,
  shopifyCredentials?: ShopifyCredentials,
  options: SandboxOptions = {},
): Promise<VendorSandbox> {
  const zort = new ZortApi(credentials, options.listOrder ? { order: options.listOrder } : {});
  let shopifyAhead = 0;
  const shopify = new FakeShopify({
    clientId: shopifyCredentials?.shopify_client_id,
    clientSecret: shopifyCredentials?.shopify_client_secret,
    now: () => Date.now() + shopifyAhead,
    ...options.shopifyBucket,
  });
  const handleShopify = shopifyHttpHandler(shopify);
  const apicbase = new FakeApicbase({
    now: Date.now,
    clientId: credentials.apicbase_client_id,
    clientSecret: credentials.apicbase_client_secret,
    ...(options.listOrder ? { order: options.listOrder } : {}),
  });
  // Apicbase builds its `next` and `previous` links from the URL asked, port included.
  let origin = '';
  const server = await listen(port, (request, body, url) => {
    if (url.pathname.startsWith('/zort/v4/'))
      return zort.handle(request, body, url, url.pathname.slice('/zort/v4'.length));
    if (url.pathname.startsWith('/shopify/'))
      return handleShopify(request, body, new URL(url.pathname.slice('/shopify'.length) + url.search, url));
    if (url.pathname.startsWith('/oauth/') || url.pathname.startsWith('/api/')) {
      const authorization = request.headers.authorization;
      const [status, text, headers] = apicbase.answer(
        request.method ?? 'GET',
        `${origin}${url.pathname}${url.search}`,
        authorization,
        body,
      );
      return { status, body: text, headers };
    }
    return { status: 404, body: { error: 'The sandbox serves /zort/v4, /shopify, /oauth and /api.' } };
  });
  origin = server.url;
  return {
    url: server.url,
    zortBaseUrl: `${server.url}/zort/v4`,
    shopifyBaseUrl: `${server.url}/shopify`,
    apicbaseBaseUrl: server.url,
    zort,
    shopify,
    apicbase,
    shopifyClock: { now: () => Date.now() + shopifyAhead, advance: (ms) => (shopifyAhead += ms) },
    close: server.close,
  };
}
