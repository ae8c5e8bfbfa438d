/**
 * ZORT as the field notes describe it, one fake for jest (over nock) and the demo (over loopback
 * HTTP, test/fakes/vendors.ts): errors in HTTP 200 with a `resCode`, the webhook configuration
 * replaced whole on `UpdateWebhook`, the webhooks ZORT sends (form-encoded, keys in headers), and
 * `GetPurchaseOrders` at most 500 a page, filtered at minute resolution in UTC+7, in an order of
 * its own.
 */
import nock from 'nock';
import { post, type Reply } from './http';

/** The connection's ZORT fields the fake accepts. */
export type ZortCredentials = { zort_store_name: string; zort_api_key: string; zort_api_secret: string };

type ListedOrder = { document: Record<string, unknown>; createdAt: number; updatedAt: number };

const MINUTE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;

/** ZORT's documented page cap. */
export const ZORT_MAX_LIMIT = 500;

/**
 * Where a new purchase order lands in the list: ZORT's order is undocumented, so the fake can
 * play each reading. `shuffled` (the default) puts it at a seeded random place.
 */
export type ZortListOrder = 'shuffled' | 'oldest-first' | 'newest-first';

export type ZortListOptions = {
  /** ZORT's documented cap is 500; a lower one stands for an undocumented cap. */
  maxPageSize?: number;
  order?: ZortListOrder;
  /**
   * List each purchase order with `createdatetime` and `updatedatetime` ("/Date(ms)/"), as ZORT's
   * sales orders carry them: whether purchase orders do is unverified, so both readings are played.
   */
  listsTimes?: boolean;
};

/**
 * The strictest reading of ZORT's minute-resolution "after" filters: a `yyyy-MM-dd HH:mm` in
 * store time (UTC+7) lets through only what happened after that minute has ended.
 */
function afterMinute(value: string): number {
  return Date.parse(`${value.replace(' ', 'T')}:00+07:00`) + 60_000;
}

const netDate = (ms: number) => `/Date(${ms})/`;

/**
 * GetPurchaseOrders as ZORT answers it: `{res, list, count}` (HTTP 200 either way), `limit`
 * capped at 500, `page` from 1, `createdatetimeafter` / `updatedatetimeafter` at minute
 * resolution in UTC+7, in an order of its own (`options.order`); a change leaves a purchase
 * order where it is. The times filtered on are kept beside each document, not in it (the sources
 * show none in the list's items), unless `options.listsTimes`.
 */
export class ZortPurchaseOrderList {
  readonly orders: ListedOrder[] = [];
  private random: number;

  constructor(
    seed = 12345,
    private readonly options: ZortListOptions = {},
  ) {
    this.random = seed;
  }

  /** A deterministic stand-in for ZORT's unknown ordering. */
  private nextPlace(): number {
    const order = this.options.order ?? 'shuffled';
    if (order === 'oldest-first') return this.orders.length;
    if (order === 'newest-first') return 0;
    this.random = (this.random * 1103515245 + 12345) % 2 ** 31;
    return this.random % (this.orders.length + 1);
  }

  has(id: unknown): boolean {
    return this.orders.some((listed) => listed.document.id === id);
  }

  create(document: Record<string, unknown>, at: number): void {
    this.orders.splice(this.nextPlace(), 0, { document, createdAt: at, updatedAt: at });
  }

  update(id: unknown, changes: Record<string, unknown>, at: number): void {
    const order = this.orders.find((listed) => listed.document.id === id);
    if (!order) throw new Error(`The fake has no purchase order ${String(id)}.`);
    order.document = { ...order.document, ...changes };
    order.updatedAt = at;
  }

  private listed(order: ListedOrder): Record<string, unknown> {
    if (!this.options.listsTimes) return order.document;
    return { ...order.document, createdatetime: netDate(order.createdAt), updatedatetime: netDate(order.updatedAt) };
  }

  /**
   * The answer to one request, given its query and the `numberlist` header; `res` is what the
   * list is sent with (success, or a warning such as ZORT's quota notice).
   */
  answer(
    query: Record<string, string>,
    numberlist?: string,
    res: object = { resCode: '200', resDesc: 'Success' },
  ): object {
    const limit = Number(query.limit);
    const page = Number(query.page);
    if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(page) || page < 1) {
      return { res: { resCode: '100', resDesc: 'Invalid limit or page' } };
    }
    const filters = [
      ['createdatetimeafter', (order: ListedOrder) => order.createdAt],
      ['updatedatetimeafter', (order: ListedOrder) => order.updatedAt],
    ] as const;
    const numbers = numberlist?.split(',').map((value) => value.trim());
    let matching = numbers
      ? this.orders.filter((order) => numbers.includes(String(order.document.number)))
      : this.orders;
    for (const [name, time] of filters) {
      const value = query[name];
      if (value === undefined) continue;
      if (!MINUTE.test(value)) return { res: { resCode: '100', resDesc: `Invalid ${name}` } };
      matching = matching.filter((order) => time(order) >= afterMinute(value));
    }
    const size = Math.min(limit, this.options.maxPageSize ?? ZORT_MAX_LIMIT);
    const list = matching.slice((page - 1) * size, page * size).map((order) => this.listed(order));
    return { res, list, count: matching.length };
  }
}

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

/** What the fake reads of a request, whether it came over loopback HTTP or through nock. */
type ZortRequest = { method?: string; headers: Record<string, string | string[] | undefined> };

const header = (request: ZortRequest, name: string) => {
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
    private readonly credentials: ZortCredentials,
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

  async handle(request: ZortRequest, body: string, url: URL, path: string): Promise<Reply> {
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
      return config === null
        ? this.error('100', 'Webhook not found')
        : { status: 200, body: { ...blankConfig(), ...config, res: ok } };
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
      // The whole configuration is replaced: a field left out reads back blank afterwards.
      this.config = Object.fromEntries(
        Object.keys(blankConfig()).flatMap((field) => {
          const value = next[field];
          return typeof value === 'string' ? [[field, value]] : [];
        }),
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

// Over nock, for jest ------------------------------------------------------------------------

export const ZORT_ORIGIN = 'https://open-api.zortout.com';
export const ZORT_AUTH = { zort_store_name: 'mystore', zort_api_key: 'zort-key', zort_api_secret: 'zort-secret' };
/** ZORT_AUTH as the headers the app sends. */
export const ZORT_HEADERS = {
  storename: ZORT_AUTH.zort_store_name,
  apikey: ZORT_AUTH.zort_api_key,
  apisecret: ZORT_AUTH.zort_api_secret,
};

/** A store's webhook configuration with one URL of another tool's (orders, not purchase orders). */
export const BLANK_CONFIG: Record<string, string> = { ...blankConfig(), addorderurl: 'https://erp.example/orders' };

const turns = async (count: number) => {
  for (let turn = 0; turn < count; turn += 1) await new Promise((resolve) => setImmediate(resolve));
};

/**
 * The store's webhook settings (GetWebhook, UpdateWebhook) served over nock by a ZortApi holding
 * `initial`, with the connection ZORT_AUTH. `initial` null is a store that never set a webhook:
 * GetWebhook answers "Webhook not found" with resCode 100 in HTTP 200. `delayTurns` holds each
 * answer for that many event-loop turns, with GetWebhook's snapshot taken on arrival: concurrent
 * callers then read, and write, interleaved, as they would against the real ZORT. `afterUpdate`
 * may change the configuration after each update, as a person in ZORT's settings would.
 */
export function fakeZort(
  initial: Record<string, string> | null,
  options: { delayTurns?: number; afterUpdate?: (config: Record<string, string>) => void } = {},
) {
  const api = new ZortApi(ZORT_AUTH);
  api.config = initial === null ? null : { ...initial };
  const store = {
    api,
    /** The configuration as stored (what UpdateWebhook was given); empty while none was ever set. */
    get config(): Record<string, string> {
      return api.config ?? {};
    },
    set config(value: Record<string, string>) {
      api.config = value;
    },
    get neverSet(): boolean {
      return api.config === null;
    },
    /** Every update ZORT accepted, as sent. */
    updates: [] as Record<string, string>[],
    reads: 0,
  };
  const delay = options.delayTurns ?? 0;
  const serve = (verb: 'get' | 'post', path: string) =>
    nock(ZORT_ORIGIN)
      .persist()
      .intercept(`/v4${path}`, verb.toUpperCase())
      .optionally()
      .reply(function (uri, body, callback) {
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        if (verb === 'get') store.reads += 1;
        void api
          .handle({ method: verb.toUpperCase(), headers: this.req.headers }, text, new URL(uri, ZORT_ORIGIN), path)
          .then(async (reply) => {
            const accepted = (reply.body as { res?: { resCode?: string } }).res?.resCode === '200';
            if (verb === 'post' && accepted) {
              store.updates.push(JSON.parse(text) as Record<string, string>);
              options.afterUpdate?.(store.config);
            }
            await turns(delay);
            callback(null, [reply.status, reply.body as object]);
          });
      });
  serve('get', '/Webhook/GetWebhook');
  serve('post', '/Webhook/UpdateWebhook');
  return store;
}

/** What a GetPurchaseOrders request sent: its path, query and ZORT's credential headers. */
export type ZortListRequest = {
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
};

/** GetPurchaseOrders (sandbox/zort-list.ts) served over nock, recording each request. */
export class FakeZortList extends ZortPurchaseOrderList {
  readonly requests: ZortListRequest[] = [];
  /** The res sent with the data, e.g. ZORT's quota warning; success when null. */
  warning: { resCode: string; resDesc: string } | null = null;
  /** Answered instead of the list while set: ZORT's errors come in HTTP 200. */
  error: object | null = null;
  /** How the answer carries `count` (unverified): a number, as text, or not at all. */
  countAs: 'number' | 'text' | 'none' = 'number';
  /**
   * A ZORT that takes time to answer, on the test's clock: `pageMs(listed)` is how long a page of
   * `listed` purchase orders takes. `deadline` is when the client gives up (the poll's start plus
   * its time budget, as z.request's `timeout` is the time left): a page that would end later
   * moves the clock to the deadline and fails as a timed-out request does.
   */
  slowness: {
    clock: { now: () => number; advance: (ms: number) => void };
    pageMs: (listed: number) => number;
    deadline: number | null;
  } | null = null;

  constructor(seed?: number, options?: ZortListOptions) {
    super(seed, options);
    const reply = this.reply.bind(this);
    nock(ZORT_ORIGIN)
      .persist()
      .get('/v4/PurchaseOrder/GetPurchaseOrders')
      .query(true)
      .optionally()
      .reply(function (uri, _body, callback) {
        // nock keeps each header as the list of values sent.
        const header = (name: string) => ([] as unknown[]).concat(this.req.headers[name] ?? []).join(', ') || undefined;
        const answer = reply(uri, {
          storename: header('storename'),
          apikey: header('apikey'),
          apisecret: header('apisecret'),
          numberlist: header('numberlist'),
        });
        if (answer instanceof Error) callback(answer, [0, '']);
        else callback(null, answer);
      });
  }

  private reply(uri: string, headers: Record<string, string | undefined>): [number, object] | Error {
    const url = new URL(uri, ZORT_ORIGIN);
    const query = Object.fromEntries(url.searchParams);
    this.requests.push({ path: url.pathname, query, headers });
    if (this.error !== null) return [200, this.error];
    const answer = this.answer(query, headers.numberlist, this.warning ?? undefined) as {
      list?: unknown[];
      count?: unknown;
    };
    if (this.countAs === 'text') answer.count = String(answer.count);
    if (this.countAs === 'none') delete answer.count;
    if (this.slowness !== null) {
      const { clock, pageMs, deadline } = this.slowness;
      const takes = pageMs(answer.list?.length ?? 0);
      if (deadline !== null && clock.now() + takes > deadline) {
        clock.advance(Math.max(0, deadline - clock.now()));
        return Object.assign(new Error('network timeout'), { code: 'ETIMEDOUT' });
      }
      clock.advance(takes);
    }
    return [200, answer];
  }
}
