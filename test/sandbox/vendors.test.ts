/** The fake Stocky and ZORT answer as the vendors document or were observed to (field-notes.md). */
import nock from 'nock';
import { listen } from '../../sandbox/http';
import { startVendorSandbox, type Credentials, type StockyOrder, type VendorSandbox } from '../../sandbox/vendors';

const CREDENTIALS: Credentials = {
  stocky_store_name: 'fake-shop.myshopify.com',
  stocky_api_key: 'fake-stocky-key',
  zort_store_name: 'fake-store',
  zort_api_key: 'fake-zort-key',
  zort_api_secret: 'fake-zort-secret',
  apicbase_webhook_secret: 'unused',
};
const STOCKY_HEADERS = { 'Store-Name': CREDENTIALS.stocky_store_name, Authorization: `API KEY=${CREDENTIALS.stocky_api_key}` };
const ZORT_HEADERS = { storename: CREDENTIALS.zort_store_name, apikey: CREDENTIALS.zort_api_key, apisecret: CREDENTIALS.zort_api_secret };
const KEYS = { key1: 'k1', key2: 'k2', key3: 'k3' };

let vendors: VendorSandbox;

beforeEach(async () => {
  nock.enableNetConnect(/^127\.0\.0\.1:\d+$/);
  vendors = await startVendorSandbox(0, CREDENTIALS);
});

afterEach(async () => {
  await vendors.close();
  nock.disableNetConnect();
});

async function stocky(query: string): Promise<StockyOrder[]> {
  const response = await fetch(`${vendors.stockyBaseUrl}/api/v2/purchase_orders.json?${query}`, { headers: STOCKY_HEADERS });
  return ((await response.json()) as { purchase_orders: StockyOrder[] }).purchase_orders;
}

async function zort(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${vendors.zortBaseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...ZORT_HEADERS, ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function addStockyOrders(count: number, updatedAt: (id: number) => Date): void {
  for (let id = 1; id <= count; id += 1) {
    vendors.stocky.upsert({ id, updated_at: updatedAt(id).toISOString(), ordered_at: null, archived: false });
  }
}

describe('the fake Stocky', () => {
  it('caps a page whatever limit is asked, newest id first, paged by since_id', async () => {
    addStockyOrders(7, () => new Date());
    vendors.stocky.pageCap = 3;
    expect((await stocky('limit=250')).map((order) => order.id)).toEqual([7, 6, 5]);
    expect((await stocky('limit=250&since_id=5')).map((order) => order.id)).toEqual([4, 3, 2]);
    expect((await stocky('limit=2&since_id=2')).map((order) => order.id)).toEqual([1]);
  });

  it('filters by updated_since', async () => {
    const now = Date.now();
    addStockyOrders(4, (id) => new Date(now - id * 60_000));
    expect((await stocky(`updated_since=${new Date(now - 150_000).toISOString()}`)).map((order) => order.id)).toEqual([2, 1]);
  });

  it('answers slowly when told to', async () => {
    vendors.stocky.delayMs = 150;
    const started = Date.now();
    await stocky('limit=1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('answers one malformed order among many', async () => {
    addStockyOrders(3, () => new Date());
    vendors.stocky.malformedId = 2;
    expect((await stocky('limit=3')).map((order) => order.updated_at)).toEqual([expect.stringMatching(/Z$/), '09/02/2021 00:23', expect.stringMatching(/Z$/)]);
  });
});

describe('the fake ZORT', () => {
  it('reports wrong credentials as resCode 100 "Invalid API" in HTTP 200, in res or at top level', async () => {
    expect(await zort('/Webhook/GetWebhook', { headers: { apisecret: 'wrong' } })).toEqual({ status: 200, body: { res: { resCode: '100', resDesc: 'Invalid API' } } });
    vendors.zort.errorsAt = 'top';
    expect(await zort('/Webhook/GetWebhook', { headers: { apisecret: 'wrong' } })).toEqual({ status: 200, body: { resCode: '100', resDesc: 'Invalid API' } });
  });

  it('answers 404 for an unknown path and 405 for a wrong verb', async () => {
    expect((await zort('/Webhook/Nothing')).status).toBe(404);
    expect((await zort('/Webhook/UpdateWebhook')).status).toBe(405);
  });

  it('answers "Webhook not found" until a store saves a webhook, then replaces the whole configuration', async () => {
    expect((await zort('/Webhook/GetWebhook')).body).toEqual({ res: { resCode: '100', resDesc: 'Webhook not found' } });
    expect((await zort('/Webhook/UpdateWebhook', { method: 'POST', body: { key1: 'k1', key2: 'k2' } })).body).toEqual({ res: { resCode: '100', resDesc: 'key3 is required' } });
    await zort('/Webhook/UpdateWebhook', { method: 'POST', body: { ...KEYS, addpurchaseurl: 'http://127.0.0.1/a', addorderurl: 'http://127.0.0.1/o' } });
    await zort('/Webhook/UpdateWebhook', { method: 'POST', body: { ...KEYS, updatepurchaseurl: 'http://127.0.0.1/u' } });
    const { body } = await zort('/Webhook/GetWebhook');
    expect(body).toMatchObject({ ...KEYS, addpurchaseurl: '', addorderurl: '', updatepurchaseurl: 'http://127.0.0.1/u', res: { resCode: '200' } });
  });

  it('lets slow concurrent read-modify-writes interleave, the last write winning', async () => {
    vendors.zort.saveConfig(KEYS);
    vendors.zort.webhookDelayMs = 100;
    const addUrl = async (field: string) => {
      const { body } = await zort('/Webhook/GetWebhook');
      await zort('/Webhook/UpdateWebhook', { method: 'POST', body: { ...body, [field]: `http://127.0.0.1/${field}` } });
    };
    await Promise.all([addUrl('addpurchaseurl'), addUrl('updatepurchaseurl')]);
    const config = vendors.zort.config!;
    expect([config.addpurchaseurl, config.updatepurchaseurl].filter(Boolean)).toHaveLength(1);
  });

  it('delivers each event to the URL configured for it, and nothing when none is', async () => {
    const received: string[] = [];
    const target = await listen(0, (request, body) => {
      received.push(`${request.url} ${String(request.headers.authorization)} ${new URLSearchParams(body).get('payload')}`);
      return { status: 200 };
    });
    try {
      vendors.zort.saveConfig({ ...KEYS, updatepurchaseurl: `${target.url}/u` });
      expect(await vendors.zort.send('ADDPURCHASEORDER', { id: 1, number: 'PO-1' })).toBeNull();
      expect(await vendors.zort.send('UPDATEPURCHASEORDER', { id: 1, number: 'PO-1' })).toBe(200);
      expect(received).toEqual(['/u?method=UPDATEPURCHASEORDER Basic k1 {"id":1,"number":"PO-1"}']);
    } finally {
      await target.close();
    }
  });
});
