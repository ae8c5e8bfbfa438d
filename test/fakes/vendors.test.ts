/** The fake ZORT and Apicbase answer as the vendors document or were observed to (field-notes.md). */
import nock from 'nock';
import { listen } from './http';
import { startVendorSandbox, type Credentials, type VendorSandbox } from './vendors';

const CREDENTIALS: Credentials = {
  zort_store_name: 'fake-store',
  zort_api_key: 'fake-zort-key',
  zort_api_secret: 'fake-zort-secret',
  apicbase_webhook_secret: 'unused',
  apicbase_client_id: 'unused',
  apicbase_client_secret: 'unused',
};
const ZORT_HEADERS = {
  storename: CREDENTIALS.zort_store_name,
  apikey: CREDENTIALS.zort_api_key,
  apisecret: CREDENTIALS.zort_api_secret,
};
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

async function zort(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${vendors.zortBaseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...ZORT_HEADERS, ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the fake ZORT', () => {
  it('reports wrong credentials as resCode 100 "Invalid API" in HTTP 200, in res or at top level', async () => {
    expect(await zort('/Webhook/GetWebhook', { headers: { apisecret: 'wrong' } })).toEqual({
      status: 200,
      body: { res: { resCode: '100', resDesc: 'Invalid API' } },
    });
    vendors.zort.errorsAt = 'top';
    expect(await zort('/Webhook/GetWebhook', { headers: { apisecret: 'wrong' } })).toEqual({
      status: 200,
      body: { resCode: '100', resDesc: 'Invalid API' },
    });
  });

  it('answers 404 for an unknown path and 405 for a wrong verb', async () => {
    expect((await zort('/Webhook/Nothing')).status).toBe(404);
    expect((await zort('/Webhook/UpdateWebhook')).status).toBe(405);
  });

  it('answers "Webhook not found" until a store saves a webhook, then replaces the whole configuration', async () => {
    expect((await zort('/Webhook/GetWebhook')).body).toEqual({ res: { resCode: '100', resDesc: 'Webhook not found' } });
    expect((await zort('/Webhook/UpdateWebhook', { method: 'POST', body: { key1: 'k1', key2: 'k2' } })).body).toEqual({
      res: { resCode: '100', resDesc: 'key3 is required' },
    });
    await zort('/Webhook/UpdateWebhook', {
      method: 'POST',
      body: { ...KEYS, addpurchaseurl: 'http://127.0.0.1/a', addorderurl: 'http://127.0.0.1/o' },
    });
    await zort('/Webhook/UpdateWebhook', {
      method: 'POST',
      body: { ...KEYS, updatepurchaseurl: 'http://127.0.0.1/u' },
    });
    const { body } = await zort('/Webhook/GetWebhook');
    expect(body).toMatchObject({
      ...KEYS,
      addpurchaseurl: '',
      addorderurl: '',
      updatepurchaseurl: 'http://127.0.0.1/u',
      res: { resCode: '200' },
    });
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

  it('lists purchase orders as GetPurchaseOrders does: in an order of its own, filtered by the minute in UTC+7, at most 500 a page', async () => {
    const now = Date.now();
    // ZORT's filters take `yyyy-MM-dd HH:mm` in store time (UTC+7).
    const storeMinute = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    for (let id = 1; id <= 501; id += 1)
      vendors.zort.purchaseOrders.create({ id, number: `PO-${id}` }, now - 60 * 60_000);
    for (let id = 502; id <= 511; id += 1) vendors.zort.purchaseOrders.create({ id, number: `PO-${id}` }, now);
    vendors.zort.purchaseOrders.update(3, { status: 'Pending' }, now);

    const all = await zort('/PurchaseOrder/GetPurchaseOrders?limit=600&page=1');
    expect(all.body).toMatchObject({ res: { resCode: '200' }, count: 511 });
    expect(all.body.list).toHaveLength(500);
    expect(((await zort('/PurchaseOrder/GetPurchaseOrders?limit=600&page=2')).body.list as unknown[]).length).toBe(11);

    const created = await zort(
      `/PurchaseOrder/GetPurchaseOrders?limit=20&page=1&createdatetimeafter=${encodeURIComponent(storeMinute(now - 10 * 60_000))}`,
    );
    const ids = (created.body.list as { id: number }[]).map((order) => order.id);
    expect([...ids].sort((a, b) => a - b)).toEqual([502, 503, 504, 505, 506, 507, 508, 509, 510, 511]);
    expect(ids).not.toEqual([...ids].sort((a, b) => a - b));
    expect(ids).not.toEqual([...ids].sort((a, b) => b - a));
    const changed = await zort(
      `/PurchaseOrder/GetPurchaseOrders?limit=20&page=1&updatedatetimeafter=${encodeURIComponent(storeMinute(now - 10 * 60_000))}`,
    );
    expect(changed.body.count).toBe(11);
    // The minute named is excluded whole: what happened within it does not pass.
    expect(
      (
        await zort(
          `/PurchaseOrder/GetPurchaseOrders?limit=20&page=1&createdatetimeafter=${encodeURIComponent(storeMinute(now))}`,
        )
      ).body.count,
    ).toBe(0);
    expect(
      (await zort('/PurchaseOrder/GetPurchaseOrders?limit=20&page=1&createdatetimeafter=2026-11-24T10:00')).body,
    ).toEqual({ res: { resCode: '100', resDesc: 'Invalid createdatetimeafter' } });
  });

  it('keeps a purchase order it sends a webhook for, whether or not a URL is configured', async () => {
    vendors.zort.saveConfig(KEYS);
    await vendors.zort.send('ADDPURCHASEORDER', { id: 7, number: 'PO-7' });
    await vendors.zort.send('UPDATEPURCHASEORDER', { id: 7, number: 'PO-7', status: 'Pending' });
    expect((await zort('/PurchaseOrder/GetPurchaseOrders?limit=5&page=1')).body).toEqual({
      res: { resCode: '200', resDesc: '' },
      list: [{ id: 7, number: 'PO-7', status: 'Pending' }],
      count: 1,
    });
  });

  it('delivers each event to the URL configured for it, and nothing when none is', async () => {
    const received: string[] = [];
    const target = await listen(0, (request, body) => {
      received.push(
        `${request.url} ${String(request.headers.authorization)} ${new URLSearchParams(body).get('payload')}`,
      );
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

describe('the fake Apicbase supplier API', () => {
  const token = (form: Record<string, string>) =>
    fetch(`${vendors.apicbaseBaseUrl}/oauth/token/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  const list = (query: string, bearer?: string) =>
    fetch(`${vendors.apicbaseBaseUrl}/api/v2/integrations/suppliers/purchase_orders/?${query}`, {
      headers: bearer ? { Authorization: `Bearer ${bearer}` } : {},
    });
  const credentials = {
    grant_type: 'client_credentials',
    client_id: CREDENTIALS.apicbase_client_id,
    client_secret: CREDENTIALS.apicbase_client_secret,
    scope: 'supplier',
  };

  it('mints week-long tokens for the client credentials with scope supplier, counting them', async () => {
    expect((await token({ ...credentials, client_secret: 'wrong' })).status).toBe(401);
    expect((await token({ ...credentials, scope: 'other' })).status).toBe(400);
    const response = await token(credentials);
    expect(await response.json()).toEqual({
      access_token: 'token-1',
      token_type: 'Bearer',
      expires_in: 604800,
      scope: 'supplier',
    });
    expect(vendors.apicbase.mints).toBe(1);
  });

  it('lists ORDERED orders placed after ordered_on__gt to a bearer, at most 200 a page, with links on the sandbox', async () => {
    const placedAt = Date.parse('2026-01-01T00:00:00Z');
    for (let index = 0; index < 210; index += 1)
      vendors.apicbase.create({ ordered_on: new Date(placedAt + index * 1000).toISOString() });
    vendors.apicbase.deliver(['po-210']);
    expect((await list('status=ORDERED')).status).toBe(401);
    const { access_token: bearer } = (await (await token(credentials)).json()) as { access_token: string };
    const first = (await (await list('status=ORDERED&page=1&page_size=500', bearer)).json()) as {
      count: number;
      next: string;
      previous: null;
      results: unknown[];
    };
    expect(first).toMatchObject({ count: 209, previous: null });
    expect(first.results).toHaveLength(200);
    expect(first.next).toBe(
      `${vendors.apicbaseBaseUrl}/api/v2/integrations/suppliers/purchase_orders/?status=ORDERED&page=2&page_size=500`,
    );
    const after = new Date(placedAt + 204 * 1000).toISOString();
    const late = (await (
      await list(`status=ORDERED&ordered_on__gt=${encodeURIComponent(after)}&page=1&page_size=10`, bearer)
    ).json()) as { results: { id: string }[] };
    expect(late.results.map((order) => order.id).sort()).toEqual(['po-206', 'po-207', 'po-208', 'po-209']);
  });

  it('answers 429 with Retry-After past 100 requests a minute', async () => {
    vendors.apicbase.spend(100);
    const response = await token(credentials);
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(vendors.apicbase.mints).toBe(0);
  });
});
