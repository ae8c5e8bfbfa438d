/**
 * The vendor sandbox: one loopback server speaking the Stocky and ZORT APIs over data it keeps
 * and can change, plus the senders that deliver webhooks the way ZORT does. Stocky lives under
 * /stocky, ZORT under /zort/v4, as STOCKY_BASE_URL and ZORT_BASE_URL point the app there.
 */
import type http from 'node:http';
import { listen, post, type Reply } from './http';

export type Credentials = {
  stocky_store_name: string;
  stocky_api_key: string;
  zort_store_name: string;
  zort_api_key: string;
  zort_api_secret: string;
  apicbase_webhook_secret: string;
};

export type StockyOrder = Record<string, unknown> & {
  id: number;
  updated_at: string;
  ordered_at: string | null;
  archived: boolean;
};

type ZortDocument = Record<string, unknown> & { id: number; number: string };

export const STOCKY_MAX_LIMIT = 250;
const ZORT_MAX_LIMIT = 500;

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

  handle(request: http.IncomingMessage, url: URL, path: string): Reply {
    this.requests += 1;
    if (
      header(request, 'Store-Name') !== this.credentials.stocky_store_name ||
      header(request, 'Authorization') !== `API KEY=${this.credentials.stocky_api_key}`
    ) {
      return { status: 401, body: { error: 'Unauthorized' } };
    }
    if (request.method !== 'GET') return { status: 405, body: { error: 'Method not allowed' } };
    if (path === '/api/v2/purchase_orders.json') return { status: 200, body: { purchase_orders: this.list(url.searchParams) } };
    const single = /^\/api\/v2\/purchase_orders\/(\d+)\.json$/.exec(path);
    if (single) {
      const order = this.orders.get(Number(single[1]));
      return order ? { status: 200, body: order } : { status: 404, body: { error: 'No purchase orders found' } };
    }
    return { status: 404, body: { error: 'Not found' } };
  }

  /** Newest id first; since_id for ids below it (paging), else offset; limit capped at 250. */
  private list(params: URLSearchParams): StockyOrder[] {
    const limit = Math.min(Number(params.get('limit') ?? 50) || 50, STOCKY_MAX_LIMIT);
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

export class ZortApi {
  config: Record<string, string> = Object.fromEntries(
    ['key1', 'key2', 'key3', ...ZORT_URL_FIELDS].map((field) => [field, '']),
  );
  readonly purchaseOrders = new Map<number, ZortDocument>();
  requests = 0;

  constructor(private readonly credentials: Credentials) {}

  handle(request: http.IncomingMessage, body: string, url: URL, path: string): Reply {
    this.requests += 1;
    if (
      header(request, 'storename') !== this.credentials.zort_store_name ||
      header(request, 'apikey') !== this.credentials.zort_api_key ||
      header(request, 'apisecret') !== this.credentials.zort_api_secret
    ) {
      return { status: 401, body: { res: { resCode: '401', resDesc: 'Unauthorized' } } };
    }
    const ok = { resCode: '200', resDesc: '' };
    if (path === '/Webhook/GetWebhook' && request.method === 'GET') return { status: 200, body: { ...this.config, res: ok } };
    if (path === '/Webhook/UpdateWebhook' && request.method === 'POST') {
      const next = JSON.parse(body || '{}') as Record<string, string>;
      for (const key of ['key1', 'key2', 'key3']) {
        if (!next[key]) return { status: 200, body: { res: { resCode: '400', resDesc: `${key} is required` } } };
      }
      this.config = Object.fromEntries(Object.entries(next).map(([key, value]) => [key, value ?? '']));
      return { status: 200, body: { res: ok } };
    }
    if (path === '/PurchaseOrder/GetPurchaseOrders' && request.method === 'GET') {
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 20) || 20, ZORT_MAX_LIMIT);
      const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
      const numbers = header(request, 'numberlist')?.split(',').map((value) => value.trim());
      const matching = [...this.purchaseOrders.values()]
        .filter((order) => !numbers || numbers.includes(order.number))
        .sort((a, b) => b.id - a.id);
      return { status: 200, body: { res: ok, list: matching.slice((page - 1) * limit, page * limit), count: matching.length } };
    }
    if (path === '/PurchaseOrder/GetPurchaseOrderDetail' && request.method === 'GET') {
      const order = this.purchaseOrders.get(Number(url.searchParams.get('id')));
      return { status: 200, body: order ? { ...order, res: ok } : { res: { resCode: '404', resDesc: 'Purchase order not found' } } };
    }
    return { status: 404, body: { res: { resCode: '404', resDesc: 'Not found' } } };
  }

  /**
   * Sends a webhook as ZORT does: to the URL configured for the event, `?method=`, the keys in
   * `Authorization: Basic {key1}` and `key1`..`key3`, the document in the form field `payload`.
   * Returns null when no URL is configured for the event (ZORT then sends nothing).
   */
  async send(method: string, document: ZortDocument, options: { key1?: string } = {}): Promise<number | null> {
    const field = ZORT_METHOD_FIELDS[method];
    if (!field) throw new Error(`The sandbox does not send ${method}.`);
    const target = this.config[field];
    if (!target) return null;
    // The API lists purchase orders, not returns.
    if (!method.includes('RETURN')) this.purchaseOrders.set(document.id, document);
    const key1 = options.key1 ?? this.config.key1 ?? '';
    return post(`${target}${target.includes('?') ? '&' : '?'}method=${method}`, `payload=${encodeURIComponent(JSON.stringify(document))}`, {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${key1}`,
      key1,
      key2: this.config.key2 ?? '',
      key3: this.config.key3 ?? '',
    });
  }
}

export type VendorSandbox = {
  url: string;
  stockyBaseUrl: string;
  zortBaseUrl: string;
  stocky: StockyApi;
  zort: ZortApi;
  close: () => Promise<void>;
};

export async function startVendorSandbox(port: number, credentials: Credentials): Promise<VendorSandbox> {
  const stocky = new StockyApi(credentials);
  const zort = new ZortApi(credentials);
  const server = await listen(port, (request, body, url) => {
    if (url.pathname.startsWith('/stocky/')) return stocky.handle(request, url, url.pathname.slice('/stocky'.length));
    if (url.pathname.startsWith('/zort/v4/')) return zort.handle(request, body, url, url.pathname.slice('/zort/v4'.length));
    return { status: 404, body: { error: 'The sandbox serves /stocky and /zort/v4.' } };
  });
  return {
    url: server.url,
    stockyBaseUrl: `${server.url}/stocky`,
    zortBaseUrl: `${server.url}/zort/v4`,
    stocky,
    zort,
    close: server.close,
  };
}
