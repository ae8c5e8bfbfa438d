/**
 * The vendor sandbox: one loopback server speaking the ZORT, Shopify and Apicbase supplier APIs
 * over data it keeps and can change, plus the senders that deliver webhooks the way ZORT does.
 * ZORT lives under /zort/v4, the fake Shopify under /shopify (standing in for https://<shop>),
 * Apicbase at the root (/oauth/token/, /api/v2/...), as ZORT_BASE_URL, SHOPIFY_BASE_URL and
 * APICBASE_BASE_URL point the app there. Stocky's API is gone: the sandbox serves none.
 */
import type http from 'node:http';
import { ApicbaseSupplierApi } from './apicbase-fake';
import { listen, post, type Reply } from './http';
import { FakeShopify, shopifyHttpHandler } from './shopify-fake';
import { ZortPurchaseOrderList } from './zort-list';

export type Credentials = {
  zort_store_name: string;
  zort_api_key: string;
  zort_api_secret: string;
  apicbase_webhook_secret: string;
  apicbase_client_id: string;
  apicbase_client_secret: string;
};

type ZortDocument = Record<string, unknown> & { id: number; number: string };

/** The longest artificial delay the fakes accept, so every answer still comes within the runner's limits. */
const MAX_DELAY_MS = 10_000;

const sleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.min(Math.max(ms, 0), MAX_DELAY_MS)));

/** Where ZORT sends each purchase event: the configuration field that holds its URL. */
export const ZORT_METHOD_FIELDS: Record<string, string> = {
  ADDPURCHASEORDER: 'addpurchaseurl',
  UPDATEPURCHASEORDER: 'updatepurchaseurl',
  UPDATEPURCHASEORDERPAYMENT: 'updatepurchasepaymenturl',
  ADDRETURNPURCHASEORDER: 'addreturnpurchaseurl',
  UPDATERETURNPURCHASEORDER: 'updatereturnpurchaseurl',
  UPDATERETURNPURCHASEORDERPAYMENT: 'updatereturnpurchasepaymenturl',
};

const ZORT_URL_FIELDS = [
  'addproducturl',
  'updateproducturl',
  'deleteproducturl',
  'updatequantityurl',
  'addorderurl',
  'updateorderurl',
  'updateordertrackingurl',
  'updateorderpaymenturl',
  'addpurchaseurl',
  'updatepurchaseurl',
  'updatepurchasepaymenturl',
  'addreturnorderurl',
  'updatereturnorderurl',
  'updatereturnorderpaymenturl',
  'addreturnpurchaseurl',
  'updatereturnpurchaseurl',
  'updatereturnpurchasepaymenturl',
  'addtransferurl',
  'updatetransferurl',
  'addcontacturl',
  'updatecontacturl',
  'deletecontacturl',
  'addwarehouseurl',
  'updatewarehouseurl',
  'deletewarehouseurl',
];

const header = (request: http.IncomingMessage, name: string) => {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
};

const blankConfig = (): Record<string, string> =>
  Object.fromEntries(['key1', 'key2', 'key3', ...ZORT_URL_FIELDS].map((field) => [field, '']));

/** ZORT's routes and their verbs: a known path with another verb is 405, an unknown one 404. */
const ZORT_ROUTES: Record<string, string> = {
  '/Webhook/GetWebhook': 'GET',
  '/Webhook/UpdateWebhook': 'POST',
  '/PurchaseOrder/GetPurchaseOrders': 'GET',
  '/PurchaseOrder/GetPurchaseOrderDetail': 'GET',
};

export class ZortApi {
  /** The store's webhook configuration; null until it is first saved ("Webhook not found"). */
  config: Record<string, string> | null = null;
  /** The purchase orders GetPurchaseOrders lists, in ZORT's own order, with when each was created and updated. */
  readonly purchaseOrders: ZortPurchaseOrderList;
  requests = 0;
  /** How long GetWebhook and UpdateWebhook take, so concurrent read-modify-writes interleave. */
  webhookDelayMs = 0;
  /** Where an error's resCode sits: public clients have seen both `res.resCode` and top level. */
  errorsAt: 'res' | 'top' = 'res';

  constructor(
    private readonly credentials: Credentials,
    listOptions: ConstructorParameters<typeof ZortPurchaseOrderList>[1] = {},
  ) {
    this.purchaseOrders = new ZortPurchaseOrderList(undefined, listOptions);
  }

  /** The configuration as the merchant saves it in ZORT's settings, every field not given blank. */
  saveConfig(fields: Record<string, string>): void {
    this.config = { ...blankConfig(), ...fields };
  }

  /** Back to a store that never set a webhook. */
  forgetConfig(): void {
    this.config = null;
  }

  /** ZORT answers errors with HTTP 200 and a resCode other than 200. */
  private error(code: string, description: string): Reply {
    const res = { resCode: code, resDesc: description };
    return { status: 200, body: this.errorsAt === 'res' ? { res } : res };
  }

  async handle(request: http.IncomingMessage, body: string, url: URL, path: string): Promise<Reply> {
    this.requests += 1;
    const verb = ZORT_ROUTES[path];
    if (!verb) return { status: 404, body: { message: 'Not found' } };
    if (request.method !== verb) return { status: 405, body: { message: 'Method not allowed' } };
    if (
      header(request, 'storename') !== this.credentials.zort_store_name ||
      header(request, 'apikey') !== this.credentials.zort_api_key ||
      header(request, 'apisecret') !== this.credentials.zort_api_secret
    ) {
      return this.error('100', 'Invalid API');
    }
    const ok = { resCode: '200', resDesc: '' };
    if (path === '/Webhook/GetWebhook') {
      // The answer is what the store held when the request arrived, however long it takes.
      const config = this.config;
      await sleep(this.webhookDelayMs);
      return config === null ? this.error('100', 'Webhook not found') : { status: 200, body: { ...config, res: ok } };
    }
    if (path === '/Webhook/UpdateWebhook') {
      let next: Record<string, unknown>;
      try {
        next = JSON.parse(body || '{}') as Record<string, unknown>;
      } catch {
        return this.error('100', 'Invalid JSON');
      }
      const missing = ['key1', 'key2', 'key3'].find((key) => typeof next[key] !== 'string' || next[key] === '');
      if (missing) return this.error('100', `${missing} is required`);
      // The whole configuration is replaced: a field left out is blank afterwards.
      this.config = Object.fromEntries(
        Object.keys(blankConfig()).map((field) => [field, typeof next[field] === 'string' ? next[field] : '']),
      );
      await sleep(this.webhookDelayMs);
      return { status: 200, body: { res: ok } };
    }
    if (path === '/PurchaseOrder/GetPurchaseOrders') {
      return {
        status: 200,
        body: this.purchaseOrders.answer(Object.fromEntries(url.searchParams), header(request, 'numberlist'), ok),
      };
    }
    const id = Number(url.searchParams.get('id'));
    const order = this.purchaseOrders.orders.find((listed) => listed.document.id === id)?.document;
    return order ? { status: 200, body: { ...order, res: ok } } : this.error('100', 'Purchase order not found');
  }

  /**
   * A purchase order created or changed in ZORT, and the webhook ZORT sends for it: to the URL
   * configured for the event, `?method=`, the keys in `Authorization: Basic {key1}` and
   * `key1`..`key3`, the document in the form field `payload`. Returns null when no URL is
   * configured for the event (ZORT then sends nothing, but the change is made all the same).
   * `options.key1` forges a delivery: it comes from elsewhere, so ZORT's own data is untouched.
   */
  async send(method: string, document: ZortDocument, options: { key1?: string } = {}): Promise<number | null> {
    const field = ZORT_METHOD_FIELDS[method];
    if (!field) throw new Error(`The sandbox does not send ${method}.`);
    // The API lists purchase orders, not returns.
    if (!method.includes('RETURN') && options.key1 === undefined) {
      if (this.purchaseOrders.has(document.id)) this.purchaseOrders.update(document.id, document, Date.now());
      else this.purchaseOrders.create(document, Date.now());
    }
    const target = this.config?.[field];
    if (!target) return null;
    const key1 = options.key1 ?? this.config?.key1 ?? '';
    return post(
      `${target}${target.includes('?') ? '&' : '?'}method=${method}`,
      `payload=${encodeURIComponent(JSON.stringify(document))}`,
      {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${key1}`,
        key1,
        key2: this.config?.key2 ?? '',
        key3: this.config?.key3 ?? '',
      },
    );
  }
}

export type VendorSandbox = {
  url: string;
  zortBaseUrl: string;
  shopifyBaseUrl: string;
  apicbaseBaseUrl: string;
  zort: ZortApi;
  shopify: FakeShopify;
  /** Apicbase's supplier API, on the real clock: its tokens and rate limit count as Apicbase's do. */
  apicbase: ApicbaseSupplierApi;
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
  const apicbase = new ApicbaseSupplierApi({
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
      const authorization = header(request, 'Authorization');
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
