/** A recorded ZORT for nock: GetWebhook and UpdateWebhook over one stored configuration, and GetPurchaseOrders. */
import nock from 'nock';
import { ZortPurchaseOrderList, type ZortListOptions } from '../../sandbox/zort-list';

export const ZORT_ORIGIN = 'https://open-api.zortout.com';
export const ZORT_HEADERS = { storename: 'mystore', apikey: 'zort-key', apisecret: 'zort-secret' };
export const ZORT_AUTH = { zort_store_name: 'mystore', zort_api_key: 'zort-key', zort_api_secret: 'zort-secret' };

export const BLANK_CONFIG: Record<string, string> = {
  key1: '',
  key2: '',
  key3: '',
  addproducturl: '',
  updateproducturl: '',
  deleteproducturl: '',
  updatequantityurl: '',
  addorderurl: 'https://erp.example/orders',
  updateorderurl: '',
  updateordertrackingurl: '',
  updateorderpaymenturl: '',
  addpurchaseurl: '',
  updatepurchaseurl: '',
  updatepurchasepaymenturl: '',
  addreturnorderurl: '',
  updatereturnorderurl: '',
  updatereturnorderpaymenturl: '',
  addreturnpurchaseurl: '',
  updatereturnpurchaseurl: '',
  updatereturnpurchasepaymenturl: '',
  addtransferurl: '',
  updatetransferurl: '',
  addcontacturl: '',
  updatecontacturl: '',
  deletecontacturl: '',
  addwarehouseurl: '',
  updatewarehouseurl: '',
  deletewarehouseurl: '',
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
  const store = {
    config: { ...initial },
    neverSet: initial === null,
    updates: [] as Record<string, string>[],
    reads: 0,
  };
  const delay = options.delayTurns ?? 0;
  nock(ZORT_ORIGIN, { reqheaders: ZORT_HEADERS })
    .persist()
    .get('/v4/Webhook/GetWebhook')
    .optionally()
    .reply((_uri, _body, callback) => {
      store.reads += 1;
      const answer = store.neverSet
        ? { res: { resCode: '100', resDesc: 'Webhook not found' } }
        : { ...store.config, res: { resCode: '200', resDesc: '' } };
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
      const answer =
        missing === undefined
          ? { res: { resCode: '200', resDesc: '' } }
          : { res: { resCode: '400', resDesc: `${missing} is required` } };
      void turns(delay).then(() => callback(null, [200, answer]));
    });
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
