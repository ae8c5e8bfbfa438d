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

export function fakeZort(initial: Record<string, string>) {
  const store = { config: { ...initial }, updates: [] as Record<string, unknown>[] };
  nock(ZORT_ORIGIN, { reqheaders: ZORT_HEADERS })
    .persist()
    .get('/v4/Webhook/GetWebhook')
    .reply(() => [200, { ...store.config, res: { resCode: '200', resDesc: '' } }]);
  nock(ZORT_ORIGIN, { reqheaders: ZORT_HEADERS })
    .persist()
    .post('/v4/Webhook/UpdateWebhook')
    .optionally()
    .reply((_uri, body) => {
      const config = body as Record<string, string>;
      for (const key of ['key1', 'key2', 'key3']) {
        if (!config[key]) return [200, { res: { resCode: '400', resDesc: `${key} is required` } }];
      }
      store.updates.push(config);
      store.config = { ...config };
      return [200, { res: { resCode: '200', resDesc: '' } }];
    });
  return store;
}
