/** A recorded ZORT for nock: GetWebhook and UpdateWebhook over one stored configuration. */
import nock from 'nock';

export const ZORT_ORIGIN = 'https://open-api.zortout.com';
export const ZORT_HEADERS = { storename: 'mystore', apikey: 'zort-key', apisecret: 'zort-secret' };
export const ZORT_AUTH = { zort_store_name: 'mystore', zort_api_key: 'zort-key', zort_api_secret: 'zort-secret' };

export const BLANK_CONFIG: Record<string, string> = {
  key1: '', key2: '', key3: '',
  addproducturl: '', updateproducturl: '', deleteproducturl: '', updatequantityurl: '',
  addorderurl: 'https://erp.example/orders', updateorderurl: '', updateordertrackingurl: '', updateorderpaymenturl: '',
  addpurchaseurl: '', updatepurchaseurl: '', updatepurchasepaymenturl: '',
  addreturnorderurl: '', updatereturnorderurl: '', updatereturnorderpaymenturl: '',
  addreturnpurchaseurl: '', updatereturnpurchaseurl: '', updatereturnpurchasepaymenturl: '',
  addtransferurl: '', updatetransferurl: '', addcontacturl: '', updatecontacturl: '', deletecontacturl: '',
  addwarehouseurl: '', updatewarehouseurl: '', deletewarehouseurl: '',
};

const turns = async (count: number) => {
  for (let turn = 0; turn < count; turn += 1) await new Promise((resolve) => setImmediate(resolve));
};

/**
 * `initial` null is a store that never set a webhook: GetWebhook answers "Webhook not found" with
 * resCode 100 in HTTP 200. `delayTurns` holds each answer for that many event-loop turns, with
 * GetWebhook's snapshot taken on arrival: concurrent callers then read, and write, interleaved,
 * as they would against the real ZORT. `afterUpdate` may change the configuration after each
 * update, as a person in ZORT's settings would.
 */
export function fakeZort(
  initial: Record<string, string> | null,
  options: { delayTurns?: number; afterUpdate?: (config: Record<string, string>) => void } = {},
) {
  const store = { config: { ...initial }, neverSet: initial === null, updates: [] as Record<string, string>[] };
  const delay = options.delayTurns ?? 0;
  nock(ZORT_ORIGIN, { reqheaders: ZORT_HEADERS })
    .persist()
    .get('/v4/Webhook/GetWebhook')
    .optionally()
    .reply((_uri, _body, callback) => {
      const answer = store.neverSet ? { res: { resCode: '100', resDesc: 'Webhook not found' } } : { ...store.config, res: { resCode: '200', resDesc: '' } };
      void turns(delay).then(() => callback(null, [200, answer]));
    });
  nock(ZORT_ORIGIN, { reqheaders: ZORT_HEADERS })
    .persist()
    .post('/v4/Webhook/UpdateWebhook')
    .optionally()
    .reply((_uri, body, callback) => {
      const config = (typeof body === 'string' ? JSON.parse(body) : body) as Record<string, string>;
      const missing = ['key1', 'key2', 'key3'].find((key) => !config[key]);
      if (missing === undefined) {
        store.updates.push(config);
        store.config = { ...config };
        store.neverSet = false;
        options.afterUpdate?.(store.config);
      }
      const answer = missing === undefined ? { res: { resCode: '200', resDesc: '' } } : { res: { resCode: '400', resDesc: `${missing} is required` } };
      void turns(delay).then(() => callback(null, [200, answer]));
    });
  return store;
}

type ListedOrder = { document: Record<string, unknown>; createdAt: number; updatedAt: number };

/** What a GetPurchaseOrders request sent: its path, query and ZORT's credential headers. */
export type ZortListRequest = { path: string; query: Record<string, string>; headers: Record<string, string | undefined> };

const MINUTE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;

/**
 * The strictest reading of ZORT's minute-resolution "after" filters: a `yyyy-MM-dd HH:mm` in
 * store time (UTC+7) lets through only what happened after that minute has ended.
 */
function afterMinute(value: string): number {
  return Date.parse(`${value.replace(' ', 'T')}:00+07:00`) + 60_000;
}

/**
 * GetPurchaseOrders as ZORT answers it: HTTP 200 with `{res, list, count}`, `limit` capped at
 * 500, `page` from 1, `createdatetimeafter` / `updatedatetimeafter` at minute resolution in
 * UTC+7, in an order of its own: each new purchase order lands at a seeded random place in the
 * list (later pages shift), and a change leaves it where it is. The times filtered on are kept
 * beside each document, not in it: the sources show none in the list's items.
 */
export class FakeZortList {
  readonly orders: ListedOrder[] = [];
  readonly requests: ZortListRequest[] = [];
  /** The res sent with the data, e.g. ZORT's quota warning; success when null. */
  warning: { resCode: string; resDesc: string } | null = null;
  /** Answered instead of the list while set: ZORT's errors come in HTTP 200. */
  error: object | null = null;
  private random: number;

  /** `options.maxPageSize`: ZORT's documented cap is 500; a lower one stands for an undocumented cap. */
  constructor(seed = 12345, private readonly options: { maxPageSize?: number } = {}) {
    this.random = seed;
    const answer = this.answer.bind(this);
    nock(ZORT_ORIGIN)
      .persist()
      .get('/v4/PurchaseOrder/GetPurchaseOrders')
      .query(true)
      .optionally()
      .reply(function (uri) {
        // nock keeps each header as the list of values sent.
        const header = (name: string) => ([] as unknown[]).concat(this.req.headers[name] ?? []).join(', ') || undefined;
        return answer(uri, { storename: header('storename'), apikey: header('apikey'), apisecret: header('apisecret'), numberlist: header('numberlist') });
      });
  }

  /** A deterministic stand-in for ZORT's unknown ordering. */
  private nextPlace(): number {
    this.random = (this.random * 1103515245 + 12345) % 2 ** 31;
    return this.random % (this.orders.length + 1);
  }

  create(document: Record<string, unknown>, at: number): void {
    this.orders.splice(this.nextPlace(), 0, { document, createdAt: at, updatedAt: at });
  }

  update(id: number, changes: Record<string, unknown>, at: number): void {
    const order = this.orders.find((listed) => listed.document.id === id);
    if (!order) throw new Error(`The fake has no purchase order ${id}.`);
    order.document = { ...order.document, ...changes };
    order.updatedAt = at;
  }

  private answer(uri: string, headers: Record<string, string | undefined>): [number, object] {
    const url = new URL(uri, ZORT_ORIGIN);
    const query = Object.fromEntries(url.searchParams);
    this.requests.push({ path: url.pathname, query, headers });
    if (this.error !== null) return [200, this.error];
    const limit = Number(query.limit);
    const page = Number(query.page);
    if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(page) || page < 1) {
      return [200, { res: { resCode: '100', resDesc: 'Invalid limit or page' } }];
    }
    const filters = [
      ['createdatetimeafter', (order: ListedOrder) => order.createdAt],
      ['updatedatetimeafter', (order: ListedOrder) => order.updatedAt],
    ] as const;
    let matching = this.orders;
    for (const [name, time] of filters) {
      const value = query[name];
      if (value === undefined) continue;
      if (!MINUTE.test(value)) return [200, { res: { resCode: '100', resDesc: `Invalid ${name}` } }];
      matching = matching.filter((order) => time(order) >= afterMinute(value));
    }
    const size = Math.min(limit, this.options.maxPageSize ?? 500);
    const list = matching.slice((page - 1) * size, page * size).map((order) => order.document);
    return [200, { res: this.warning ?? { resCode: '200', resDesc: 'Success' }, list, count: matching.length }];
  }
}
