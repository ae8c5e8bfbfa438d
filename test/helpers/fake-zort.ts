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
