/**
 * The vendor sandbox: one loopback server speaking the Stocky, ZORT and Apicbase supplier APIs
 * over data it keeps and can change, plus the senders that deliver webhooks the way ZORT does.
 * Stocky lives under /stocky, ZORT under /zort/v4, the fake Shopify under /shopify (standing in
 * for https://<shop>), Apicbase at the root (/oauth/token/, /api/v2/...), as STOCKY_BASE_URL,
 * ZORT_BASE_URL, SHOPIFY_BASE_URL and APICBASE_BASE_URL point the app there.
 */
import type http from 'node:http';
import { ApicbaseSupplierApi } from './apicbase-fake';
import { listen, post, type Reply } from './http';
import { FakeShopify, shopifyHttpHandler } from './shopify-fake';
import { ZortPurchaseOrderList } from './zort-list';

export type Credentials = {
  stocky_store_name: string;
  stocky_api_key: string;
  zort_store_name: string;
  zort_api_key: string;
  zort_api_secret: string;
  apicbase_webhook_secret: string;
  apicbase_client_id: string;
  apicbase_client_secret: string;
};

export type StockyOrder = Record<string, unknown> & {
  id: number;
  updated_at: string;
  ordered_at: string | null;
  archived: boolean;
};

type ZortDocument = Record<string, unknown> & { id: number; number: string };

/** Stocky's page cap is undocumented: 250 (Shopify's usual) unless a scenario sets another. */
export const STOCKY_MAX_LIMIT = 250;
/** The longest artificial delay the fakes accept, so every answer still comes within the runner's limits. */
const MAX_DELAY_MS = 10_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.min(Math.max(ms, 0), MAX_DELAY_MS)));

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
  'addproducturl', 'updateproducturl', 'deleteproducturl', 'updatequantityurl', 'addorderurl', 'updateorderurl',
  'updateordertrackingurl', 'updateorderpaymenturl', 'addpurchaseurl', 'updatepurchaseurl', 'updatepurchasepaymenturl',
  'addreturnorderurl', 'updatereturnorderurl', 'updatereturnorderpaymenturl', 'addreturnpurchaseurl',
  'updatereturnpurchaseurl', 'updatereturnpurchasepaymenturl', 'addtransferurl', 'updatetransferurl', 'addcontacturl',
  'updatecontacturl', 'deletecontacturl', 'addwarehouseurl', 'updatewarehouseurl', 'deletewarehouseurl',
];

const header = (request: http.IncomingMessage, name: string) => {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
};

function matchesStatus(order: StockyOrder, status: string | null): boolean {
  if (!status) return true;
  const confirmed = order.ordered_at !== null;
  const [state, archivedPart] = status.split('-');
  const archivedWord = state === 'archived' || state === 'unarchived' ? state : archivedPart;
  if (state === 'draft' && confirmed) return false;
  if (state === 'confirmed' && !confirmed) return false;
  if (archivedWord === 'archived' && !order.archived) return false;
  if (archivedWord === 'unarchived' && order.archived) return false;
  return true;
}

export class StockyApi {
  readonly orders = new Map<number, StockyOrder>();
  requests = 0;
  /** The most orders one list answer holds, whatever `limit` asks. */
  pageCap = STOCKY_MAX_LIMIT;
  /** How long each answer waits, to play a slow Stocky. */
  delayMs = 0;
  /** An order answered with an updated_at in the merchant's date format, as a malformed one among many. */
  malformedId: number | null = null;

  constructor(private readonly credentials: Credentials) {}

  upsert(order: StockyOrder): void {
    this.orders.set(order.id, order);
  }

  /** Changes an order the way a merchant would in Stocky: its updated_at moves to now. */
  update(id: number, changes: Partial<StockyOrder>, now = new Date()): void {
    const order = this.orders.get(id);
    if (!order) throw new Error(`The sandbox has no Stocky purchase order ${id}.`);
    this.orders.set(id, { ...order, ...changes, updated_at: now.toISOString() });
  }

  async handle(request: http.IncomingMessage, url: URL, path: string): Promise<Reply> {
    this.requests += 1;
    if (this.delayMs > 0) await sleep(this.delayMs);
    if (
      header(request, 'Store-Name') !== this.credentials.stocky_store_name ||
      header(request, 'Authorization') !== `API KEY=${this.credentials.stocky_api_key}`
    ) {
      return { status: 401, body: { error: 'Unauthorized' } };
    }
    if (request.method !== 'GET') return { status: 405, body: { error: 'Method not allowed' } };
    if (path === '/api/v2/purchase_orders.json') {
      return { status: 200, body: { purchase_orders: this.list(url.searchParams).map((order) => this.answer(order)) } };
    }
    const single = /^\/api\/v2\/purchase_orders\/(\d+)\.json$/.exec(path);
    if (single) {
      const order = this.orders.get(Number(single[1]));
      return order ? { status: 200, body: this.answer(order) } : { status: 404, body: { error: 'No purchase orders found' } };
    }
    return { status: 404, body: { error: 'Not found' } };
  }

  private answer(order: StockyOrder): StockyOrder {
    return order.id === this.malformedId ? { ...order, updated_at: '09/02/2021 00:23' } : order;
  }

  /** Newest id first; since_id for ids below it (paging), else offset; limit capped at the page cap. */
  private list(params: URLSearchParams): StockyOrder[] {
    const limit = Math.min(Number(params.get('limit') ?? 50) || 50, this.pageCap);
    const sinceId = params.get('since_id');
    const updatedSince = params.get('updated_since');
    const confirmedSince = params.get('confirmed_since');
    const matching = [...this.orders.values()]
      .filter((order) => sinceId === null || order.id < Number(sinceId))
      .filter((order) => updatedSince === null || Date.parse(order.updated_at) >= Date.parse(updatedSince))
      .filter((order) => confirmedSince === null || (order.ordered_at !== null && Date.parse(order.ordered_at) >= Date.parse(confirmedSince)))
      .filter((order) => matchesStatus(order, params.get('status')))
      .sort((a, b) => b.id - a.id);
    const offset = sinceId === null ? Number(params.get('offset') ?? 0) || 0 : 0;
    return matching.slice(offset, offset + limit);
  }
}

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
  readonly purchaseOrders = new ZortPurchaseOrderList();
  requests = 0;
  /** How long GetWebhook and UpdateWebhook take, so concurrent read-modify-writes interleave. */
  webhookDelayMs = 0;
  /** Where an error's resCode sits: public clients have seen both `res.resCode` and top level. */
  errorsAt: 'res' | 'top' = 'res';

  constructor(private readonly credentials: Credentials) {}

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
        Object.keys(blankConfig()).map((field) => [field, typeof next[field] === 'string' ? (next[field] as string) : '']),
      );
      await sleep(this.webhookDelayMs);
      return { status: 200, body: { res: ok } };
    }
    if (path === '/PurchaseOrder/GetPurchaseOrders') {
      return { status: 200, body: this.purchaseOrders.answer(Object.fromEntries(url.searchParams), header(request, 'numberlist'), ok) };
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
    return post(`${target}${target.includes('?') ? '&' : '?'}method=${method}`, `payload=${encodeURIComponent(JSON.stringify(document))}`, {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${key1}`,
      key1,
      key2: this.config?.key2 ?? '',
      key3: this.config?.key3 ?? '',
    });
  }
}

export type VendorSandbox = {
  url: string;
  stockyBaseUrl: string;
  zortBaseUrl: string;
  shopifyBaseUrl: string;
  apicbaseBaseUrl: string;
  stocky: StockyApi;
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
export type ShopifyCredentials = { shopify_store_domain: string; shopify_client_id: string; shopify_client_secret: string };

export async function startVendorSandbox(port: number, credentials: Credentials, shopifyCredentials?: ShopifyCredentials): Promise<VendorSandbox> {
  const stocky = new StockyApi(credentials);
  const zort = new ZortApi(credentials);
  let shopifyAhead = 0;
  const shopify = new FakeShopify({
    clientId: shopifyCredentials?.shopify_client_id,
    clientSecret: shopifyCredentials?.shopify_client_secret,
    now: () => Date.now() + shopifyAhead,
  });
  const handleShopify = shopifyHttpHandler(shopify);
  const apicbase = new ApicbaseSupplierApi({ now: Date.now, clientId: credentials.apicbase_client_id, clientSecret: credentials.apicbase_client_secret });
  // Apicbase builds its `next` and `previous` links from the URL asked, port included.
  let origin = '';
  const server = await listen(port, (request, body, url) => {
    if (url.pathname.startsWith('/stocky/')) return stocky.handle(request, url, url.pathname.slice('/stocky'.length));
    if (url.pathname.startsWith('/zort/v4/')) return zort.handle(request, body, url, url.pathname.slice('/zort/v4'.length));
    if (url.pathname.startsWith('/shopify/')) return handleShopify(request, body, new URL(url.pathname.slice('/shopify'.length) + url.search, url));
    if (url.pathname.startsWith('/oauth/') || url.pathname.startsWith('/api/')) {
      const authorization = header(request, 'Authorization');
      const [status, text, headers] = apicbase.answer(request.method ?? 'GET', `${origin}${url.pathname}${url.search}`, authorization, body);
      return { status, body: text, headers };
    }
    return { status: 404, body: { error: 'The sandbox serves /stocky, /zort/v4, /shopify, /oauth and /api.' } };
  });
  origin = server.url;
  return {
    url: server.url,
    stockyBaseUrl: `${server.url}/stocky`,
    zortBaseUrl: `${server.url}/zort/v4`,
    shopifyBaseUrl: `${server.url}/shopify`,
    apicbaseBaseUrl: server.url,
    stocky,
    zort,
    shopify,
    apicbase,
    shopifyClock: { now: () => Date.now() + shopifyAhead, advance: (ms) => (shopifyAhead += ms) },
    close: server.close,
  };
}
