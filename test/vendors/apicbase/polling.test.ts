import { createHmac } from 'node:crypto';
import nock from 'nock';
import { createAppTester, type Bundle } from 'zapier-platform-core';
import app from '../../../src';
import { purchaseOrderSchema, type PurchaseOrder } from '../../../src/record/purchase-order';
import { POLL_LIMITS, type PollLimits } from '../../../src/polling/poller';
import { makePollApicbaseOrders } from '../../../src/vendors/apicbase/polling';
import { TRIGGER_KEYS } from '../../helpers/contract-keys';
import { appTrigger } from '../../helpers/triggers';
import { FakeApicbase } from '../../fakes/apicbase';
import { errorDetails, hookBundle } from '../../helpers/zapier';
import { clearZcache, simulatedZap } from '../../fakes/zapier';

const appTester = createAppTester(app);
const apicbaseNewPurchaseOrder = appTrigger(TRIGGER_KEYS.apicbaseNew);
const apicbaseNewPurchaseOrderPolling = appTrigger(TRIGGER_KEYS.apicbaseNewPolling);
const ORIGIN = 'https://api.apicbase.com';
const LIST_PATH = '/api/v2/integrations/suppliers/purchase_orders/';
const CLIENT_ID = 'apic-client-id';
const CLIENT_SECRET = 'apic-client-secret-value';
const AUTH = { apicbase_client_id: CLIENT_ID, apicbase_client_secret: CLIENT_SECRET };
const TOKEN_BODY = `grant_type=client_credentials&client_id=${CLIENT_ID}&client_secret=${CLIENT_SECRET}&scope=supplier`;
const START = Date.parse('2026-11-24T09:00:00Z');

/** One clock for the fake and the poller, moved only by the test. */
function clock() {
  let now = START;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

type SetUpOptions = {
  bareArray?: boolean;
  pageCap?: number;
  countOnly?: boolean;
  order?: 'hashed' | 'oldest-first' | 'newest-first';
  honoursOrdering?: boolean;
  /** The poll's budgets: fewer requests make a sweep span polls. */
  limits?: Partial<PollLimits>;
};

function setUp({ limits, ...options }: SetUpOptions = {}) {
  const time = clock();
  const fake = new FakeApicbase({ now: time.now, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...options });
  fake.serve(ORIGIN);
  const perform = makePollApicbaseOrders({
    now: time.now,
    ...(limits ? { limits: { ...POLL_LIMITS, ...limits } } : {}),
  });
  const bundle =
    (zapId: string, authData: Record<string, string> = AUTH) =>
    (meta: object) =>
      ({
        authData,
        inputData: {},
        meta: { isLoadingSample: false, page: 0, limit: -1, zap: { id: zapId }, ...meta },
      }) as unknown as Partial<Bundle>;
  return { time, fake, perform, bundle };
}

const ids = (records: PurchaseOrder[]) => records.map((record) => record.purchase_order_id);

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected the poll to fail');
    },
    (reason: unknown) => reason as Error,
  );
  return { name: error.name, text: JSON.stringify(errorDetails(error)), ...errorDetails(error) };
}

beforeEach(() => {
  clearZcache(appTester);
});

describe('apicbase_new_purchase_order_polling', () => {
  it("mints a token, lists ORDERED orders placed after the floor, and gives the webhook's record for the same order", async () => {
    const { time, fake, perform, bundle } = setUp();
    fake.seed(3);
    const zap = simulatedZap(appTester, perform, bundle('zap-exact'));
    // Placed at turn-on, inside the margin: read (so Zapier marks them seen) from a second before
    // turn-on less the one-minute margin (ordered_on__gt is strict).
    expect(await zap.turnOn()).toHaveLength(3);
    expect(fake.requests).toEqual([
      { method: 'POST', path: '/oauth/token/', query: {}, authorization: undefined, body: TOKEN_BODY },
      {
        method: 'GET',
        path: LIST_PATH,
        query: { status: 'ORDERED', page: '1', page_size: '200', ordered_on__gt: '2026-11-24T08:58:59Z' },
        authorization: 'Bearer token-1',
        body: '',
      },
    ]);
    fake.requests.length = 0;
    time.advance(60_000);
    const order = fake.create({
      id: 'a1b2c3',
      order_number: 'ORD-1001',
      order_remarks: 'Back door, before 7',
      expected_delivery_date: '2026-11-26T06:00:00Z',
    });

    const records = await zap.poll();

    expect(fake.requests).toEqual([
      {
        method: 'GET',
        path: LIST_PATH,
        // The first poll starts where turn-on read from: what it reads again, Zapier drops.
        query: { status: 'ORDERED', page: '1', page_size: '200', ordered_on__gt: '2026-11-24T08:58:59Z' },
        authorization: 'Bearer token-1',
        body: '',
      },
    ]);
    expect(records).toHaveLength(1);
    const [record] = records as [PurchaseOrder];
    expect(purchaseOrderSchema.parse(record)).toEqual(record);
    expect(record.id).toBe('apicbase:a1b2c3');
    expect(record).toMatchObject({
      source: 'apicbase',
      event: 'created',
      purchase_order_id: 'a1b2c3',
      number: 'ORD-1001',
      status: 'ordered',
      ordered_at: '2026-11-24T09:01:00.000Z',
      expected_on: '2026-11-26',
      notes: 'Back door, before 7',
      total: '12.30',
      line_items: [expect.objectContaining({ sku: 'TOM-5', quantity: 3, unit_cost: '4.10', total: '12.30' })],
    });
    // The same order through the webhook, signed with the client secret (no webhook secret set):
    // the same record but for its id.
    const body = JSON.stringify(order);
    const signature = createHmac('sha256', CLIENT_SECRET).update(body).digest('hex');
    const [hooked] = (await appTester(
      apicbaseNewPurchaseOrder.operation.perform,
      hookBundle(body, { headers: { 'X-APIC-WEBHOOK-SIGNATURE': signature }, authData: AUTH }),
    )) as [PurchaseOrder];
    expect(hooked.id).toMatch(/^apicbase:a1b2c3:created:[0-9a-f]{16}$/);
    expect({ ...record, id: 'same' }).toEqual({ ...hooked, id: 'same' });
  });

  it('never reports orders older than the Zap, delivers a shuffled burst past 100 in one poll, each once, on one token', async () => {
    const { time, fake, perform, bundle } = setUp();
    fake.seed(450);
    const zap = simulatedZap(appTester, perform, bundle('zap-burst'));
    await zap.turnOn();
    time.advance(60_000);
    expect(await zap.poll()).toEqual([]);
    const burst = Array.from({ length: 250 }, () => {
      time.advance(100);
      return String(fake.create().id);
    });
    const polls: number[] = [];
    for (let round = 0; round < 4; round += 1) {
      time.advance(60_000);
      const records = await zap.poll();
      polls.push(records.length);
      const times = records.map((record) => Date.parse(record.ordered_at ?? ''));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    }
    expect(polls).toEqual([250, 0, 0, 0]);
    expect([...ids(zap.triggered)].sort()).toEqual([...burst].sort());
    expect(fake.mints).toBe(1);
    const lists = fake.requests.filter((request) => request.method === 'GET');
    expect(
      lists.every((request) => Number(request.query.page_size) <= 200 && request.authorization === 'Bearer token-1'),
    ).toBe(true);
    expect(lists.every((request) => request.query.status === 'ORDERED')).toBe(true);
    // Pages of 200, each sweep filtered by time: the 450 placed at turn-on lie inside the margin, so
    // turn-on and the next two polls read them (Zapier drops them); then each poll reads one page.
    expect(lists.map((request) => request.query.page)).toEqual([
      '1',
      '2',
      '3',
      '1',
      '2',
      '3',
      '1',
      '2',
      '3',
      '4',
      '1',
      '1',
      '1',
    ]);
  });

  it('reads a bare array as the list just as well', async () => {
    const { time, fake, perform, bundle } = setUp({ bareArray: true });
    const zap = simulatedZap(appTester, perform, bundle('zap-bare'));
    await zap.turnOn();
    time.advance(60_000);
    fake.seed(150);
    const polls: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      time.advance(60_000);
      polls.push((await zap.poll()).length);
    }
    expect(polls).toEqual([150, 0, 0]);
    expect(new Set(ids(zap.triggered)).size).toBe(150);
  });

  it('ends a sweep whose list shrank under its cursor (orders marked delivered) without error, and goes on', async () => {
    // One request a poll: a sweep of 300 orders spans polls.
    const { time, fake, perform, bundle } = setUp({ bareArray: true, limits: { maxRequests: 1 } });
    const zap = simulatedZap(appTester, perform, bundle('zap-shrink'));
    await zap.turnOn();
    time.advance(60_000);
    const burst = fake.seed(300).map((order) => String(order.id));
    time.advance(60_000);
    const first = ids(await zap.poll());
    expect(first).toHaveLength(200);
    // All but 40 of the orders already delivered to the Zap leave the list: the cursor is past its end.
    fake.deliver(burst.filter((id) => !first.slice(0, 40).includes(id)));
    fake.requests.length = 0;
    time.advance(60_000);
    expect(await zap.poll()).toEqual([]);
    // Page 2 is now past the end (Django's 404): the sweep ends there, and the next poll sweeps
    // once more from the same floor, for what shifted.
    expect(fake.requests.map((request) => request.query.page)).toEqual(['2']);
    time.advance(60_000);
    expect(await zap.poll()).toEqual([]);
    time.advance(60_000);
    const later = fake.create();
    time.advance(60_000);
    expect(ids(await zap.poll())).toEqual([later.id]);
  });

  it('skips one malformed order among many and delivers the rest', async () => {
    const { time, fake, perform, bundle } = setUp();
    const zap = simulatedZap(appTester, perform, bundle('zap-malformed'));
    await zap.turnOn();
    time.advance(60_000);
    const good = fake.seed(40).map((order) => String(order.id));
    fake.create({ id: 'broken', packages: [{ quantity_ordered: -2 }] });
    time.advance(60_000);
    const records = await zap.poll();
    expect([...ids(records)].sort()).toEqual([...good].sort());
    time.advance(60_000);
    expect(await zap.poll()).toEqual([]);
  });

  it("pauses at Apicbase's 100 requests a minute, then delivers on the next poll", async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const { time, fake, perform, bundle } = setUp();
      const zap = simulatedZap(appTester, perform, bundle('zap-limit'));
      await zap.turnOn();
      time.advance(60_000);
      const order = fake.create();
      // Other Zaps on the same credentials used the minute's allowance 20 seconds ago.
      fake.spend(100);
      time.advance(20_000);
      fake.requests.length = 0;
      // A 429 is a pause, not a failed poll: nothing read, nothing lost.
      expect(await zap.poll()).toEqual([]);
      expect(fake.requests).toHaveLength(1);
      expect(log.mock.calls.flat().join('\n')).toMatch(
        /Stopped reading Apicbase after 0 records \(this poll reached the vendor's rate limit\)/,
      );
      time.advance(40_000);
      expect(ids(await zap.poll())).toEqual([order.id]);
    } finally {
      log.mockRestore();
    }
  });

  it('mints a new token once the week is over, and refuses credentials Apicbase no longer accepts', async () => {
    const { time, fake, perform, bundle } = setUp();
    const zap = simulatedZap(appTester, perform, bundle('zap-token'));
    await zap.turnOn();
    for (let day = 0; day < 6; day += 1) {
      time.advance(24 * 60 * 60 * 1000);
      await zap.poll();
    }
    expect(fake.mints).toBe(1);
    time.advance(2 * 24 * 60 * 60 * 1000);
    fake.create();
    expect(await zap.poll()).toHaveLength(1);
    expect(fake.mints).toBe(2);
    // The last poll: a refused token, a new one minted, the list read with it.
    expect(fake.requests.slice(-3).map((request) => [request.method, request.authorization])).toEqual([
      ['GET', 'Bearer token-1'],
      ['POST', undefined],
      ['GET', 'Bearer token-2'],
    ]);

    fake.revokeTokens();
    const refused = await failure(
      appTester(perform, bundle('zap-token', { ...AUTH, apicbase_client_secret: 'rotated-secret' })({})),
    );
    expect(refused.name).toBe('ExpiredAuthError');
    expect(refused.message.split('\n')[0]).toBe(
      "Apicbase refused the connection's Apicbase Client ID and Apicbase Client Secret (HTTP 401: invalid_client). Ask Apicbase's integrations team for your supplier API credentials (scope supplier), then reconnect with them.",
    );
    expect(refused.text).not.toContain('rotated-secret');
  });

  // nock refuses any request to another host, so this message is proof the redirect was not followed.
  it('never follows a redirect away from Apicbase with the token', async () => {
    const { perform, bundle } = setUp();
    nock.cleanAll();
    nock(ORIGIN).post('/oauth/token/').reply(200, { access_token: 'token-x', expires_in: 604800 });
    nock(ORIGIN).get(LIST_PATH).query(true).reply(302, '', { Location: 'https://collector.example.com/steal' });
    const error = await failure(appTester(perform, bundle('zap-redirect')({})));
    expect(error.message).toBe(
      'Apicbase answered the purchase order list with a redirect (HTTP 302), which was not followed, so no credentials were sent on. If Apicbase has moved its API, contact Apicbase support to confirm the new address.',
    );
  });

  it.each([
    [400, { error: 'invalid_request' }],
    [400, '<html>Bad Request</html>'],
    [401, '<html>maintenance</html>'],
  ])(
    'a token answer of HTTP %s %j is a sentence, not a refused connection that would stop every Zap on it',
    async (status, body) => {
      const { perform, bundle } = setUp();
      nock.cleanAll();
      nock(ORIGIN).post('/oauth/token/').reply(status, body);
      const error = await failure(appTester(perform, bundle('zap-token-trouble')({})));
      expect(error.name).toBe('AppError');
      expect(error.message).toMatch(/^Apicbase would not issue a token \(HTTP 40[01]/);
    },
  );

  it('reads on past a page the server capped below the size asked, when the answer gives only a count', async () => {
    const { time, fake, perform, bundle } = setUp({ pageCap: 100, countOnly: true });
    const zap = simulatedZap(appTester, perform, bundle('zap-capped'));
    await zap.turnOn();
    time.advance(60_000);
    fake.seed(150);
    time.advance(60_000);
    for (let round = 0; round < 3; round += 1) {
      await zap.poll();
      time.advance(60_000);
    }
    expect(zap.triggered).toHaveLength(150);
  });

  it('finds the orders shifted onto read pages when others left the list during a sweep that spanned polls', async () => {
    const { time, fake, perform, bundle } = setUp({ limits: { maxRequests: 1 } });
    const zap = simulatedZap(appTester, perform, bundle('zap-shifting'));
    await zap.turnOn();
    time.advance(60_000);
    const orders = fake.seed(300);
    time.advance(60_000);
    const first = await zap.poll();
    expect(first).toHaveLength(200);
    // Five delivered orders already reported leave the ORDERED list: the rest shift up by five.
    for (const record of first.slice(0, 5)) {
      const order = orders.find((candidate) => `apicbase:${String(candidate.id)}` === record.id);
      if (order) order.status = 'DELIVERED';
    }
    for (let round = 0; round < 6; round += 1) {
      time.advance(60_000);
      await zap.poll();
    }
    expect(new Set(zap.triggered.map((record) => record.id)).size).toBe(300);
  });

  it('names the client secret when a webhook it verified does not match', async () => {
    const body = JSON.stringify({ id: 'po-1' });
    const bundle = hookBundle(body, {
      headers: { 'Http-X-Apic-Webhook-Signature': createHmac('sha256', 'another secret').update(body).digest('hex') },
      authData: AUTH,
    });
    const error = await failure(appTester(apicbaseNewPurchaseOrder.operation.perform, bundle));
    expect(error.message).toMatch(/does not match the body signed with the connection's Apicbase Client Secret\./);
  });

  it('refuses a token that could not be sent in a header, with a sentence', async () => {
    const { perform, bundle } = setUp();
    nock.cleanAll();
    nock(ORIGIN).post('/oauth/token/').reply(200, { access_token: 'half\r\nX-Injected: 1', expires_in: 604800 });
    const error = await failure(appTester(perform, bundle('zap-bad-token')({})));
    expect(error.name).toBe('HaltedError');
    expect(error.message).toMatch(
      /^Apicbase answered with data this integration cannot read: access_token is not usable\./,
    );
    // The token itself never appears in the message.
    expect(error.message).not.toContain('X-Injected');
  });

  for (const variant of [
    { order: 'hashed', honoursOrdering: false },
    { order: 'oldest-first', honoursOrdering: false },
    { order: 'oldest-first', honoursOrdering: true },
    { order: 'newest-first', honoursOrdering: false },
  ] as const) {
    it(`loads as samples the 10 newest orders, from the last hour's (${variant.order}, ordering ${variant.honoursOrdering ? 'honoured' : 'ignored'})`, async () => {
      const { time, fake, perform, bundle } = setUp(variant);
      for (let index = 0; index < 480; index += 1) {
        time.advance(1000);
        fake.create();
      }
      time.advance(2 * 24 * 60 * 60_000);
      for (let index = 0; index < 12; index += 1) {
        time.advance(60_000);
        fake.create();
      }
      const records = await appTester(perform, bundle('zap-sample')({ isLoadingSample: true }));
      expect(ids(records)).toEqual(Array.from({ length: 10 }, (_, index) => `po-${492 - index}`));
      // 492 orders are more than a page: the last hour's (placed after 08:20:00 UTC) are one.
      expect(fake.requests.filter((request) => request.method === 'GET').map((request) => request.query)).toEqual([
        { status: 'ORDERED', page: '1', page_size: '200', ordering: '-ordered_on' },
        {
          status: 'ORDERED',
          page: '1',
          page_size: '200',
          ordering: '-ordered_on',
          ordered_on__gt: '2026-11-26T08:20:00Z',
        },
      ]);
    });
  }

  it('reads a supplier whose orders fit one page in one request', async () => {
    const { time, fake, perform, bundle } = setUp({ order: 'hashed' });
    for (let index = 0; index < 35; index += 1) {
      time.advance(1000);
      fake.create();
    }
    const records = await appTester(perform, bundle('zap-sample-small')({ isLoadingSample: true }));
    expect(ids(records)).toEqual(Array.from({ length: 10 }, (_, index) => `po-${35 - index}`));
    expect(fake.requests.filter((request) => request.method === 'GET')).toHaveLength(1);
  });

  // With no fake served, any request would fail with nock's own error instead of this sentence.
  it('asks for the client credentials it lacks, before any request', async () => {
    const { perform, bundle } = setUp();
    nock.cleanAll();
    const error = await failure(
      appTester(perform, bundle('zap-none', { apicbase_webhook_secret: 'only-the-webhook' })({})),
    );
    expect(error.message).toBe(
      "Polling Apicbase needs the connection's Apicbase Client ID and Apicbase Client Secret, the supplier API credentials Apicbase's integrations team gives you. Reconnect and fill them in.",
    );
  });

  it('points to the webhook trigger, and the webhook trigger points back', () => {
    expect(apicbaseNewPurchaseOrderPolling.display.description).toContain(
      'New Purchase Order in Apicbase gets the same orders at once through the webhook',
    );
    expect(apicbaseNewPurchaseOrder.display.description).toContain('pick New Purchase Order in Apicbase (Polling)');
    expect(apicbaseNewPurchaseOrder.display.directions).toContain('use New Purchase Order in Apicbase (Polling)');
  });
});

describe('the Apicbase webhook with the client secret', () => {
  const body = JSON.stringify({ id: 'w1', packages: [], theoretical_price: '1.00' });
  const sign = (secret: string) => createHmac('sha256', secret).update(body).digest('hex');
  const deliver = (secret: string, authData: Record<string, string>) =>
    appTester(
      apicbaseNewPurchaseOrder.operation.perform,
      hookBundle(body, { headers: { 'X-APIC-WEBHOOK-SIGNATURE': sign(secret) }, authData }),
    );

  it('prefers the webhook secret when both are filled', async () => {
    expect(await deliver('webhook-secret', { ...AUTH, apicbase_webhook_secret: 'webhook-secret' })).toHaveLength(1);
    await expect(deliver(CLIENT_SECRET, { ...AUTH, apicbase_webhook_secret: 'webhook-secret' })).rejects.toThrow(
      /X-APIC-WEBHOOK-SIGNATURE does not match/,
    );
  });
});

describe('apicbase_new_purchase_order_polling, newest first and turned on safely', () => {
  it('turn-on and a poll list the newest first on a list that runs oldest first, ties by id', async () => {
    const { time, fake, perform, bundle } = setUp({ order: 'oldest-first' });
    fake.seed(20);
    // Placed inside the margin before turn-on: the turn-on poll reads (and marks) them.
    time.advance(10 * 60_000);
    for (let second = 0; second < 3; second += 1) {
      time.advance(1000);
      fake.create();
    }
    const zap = simulatedZap(appTester, perform, bundle('zap-order'));
    expect(ids(await zap.turnOn())).toEqual(['po-23', 'po-22', 'po-21']);
    time.advance(60_000);
    // Two placed in the same second, then one later.
    fake.create();
    fake.create();
    time.advance(5000);
    fake.create();
    time.advance(60_000);
    expect(ids(await zap.poll())).toEqual(['po-26', 'po-25', 'po-24']);
  });

  it('an order stamped up to the margin before turn-on but listed after it fires once; one listed at turn-on never', async () => {
    const { time, fake, perform, bundle } = setUp({ order: 'oldest-first' });
    fake.seed(5);
    time.advance(10 * 60_000);
    // Listed when the Zap is turned on, placed 20 seconds before: it never fires.
    fake.create({ id: 'listed-at-turn-on', ordered_on: new Date(time.now() - 20_000).toISOString() });
    const zap = simulatedZap(appTester, perform, bundle('zap-lag'));
    await zap.turnOn();
    // Placed 50 seconds before turn-on, listed by Apicbase only now (replication lag).
    time.advance(2000);
    fake.create({ id: 'listed-late', ordered_on: new Date(time.now() - 52_000).toISOString() });
    for (let round = 0; round < 3; round += 1) {
      time.advance(60_000);
      await zap.poll();
    }
    expect(ids(zap.triggered)).toEqual(['listed-late']);
  });
});
