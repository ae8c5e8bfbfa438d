import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { createAppTester, type Bundle } from 'zapier-platform-core';
import app from '../../../src';
import { POLL_LIMITS } from '../../../src/common/poller';
import { TRIGGER_KEYS } from '../../helpers/contract-keys';
import { mapStockyPurchaseOrder } from '../../../src/vendors/stocky/mapper';
import { stockyListResponseSchema } from '../../../src/vendors/stocky/schema';
import {
  LOOKBACK_MS,
  UPDATED_MARGIN_MS,
  makePollNewPurchaseOrders,
  makePollUpdatedPurchaseOrders,
  pollNewPurchaseOrders,
  pollUpdatedPurchaseOrders,
  stockyNewPurchaseOrder,
} from '../../../src/vendors/stocky/triggers';
import { STOCKY_AUTH, STOCKY_HEADERS, STOCKY_ORIGIN, fakeStocky, type FakeClock } from '../../helpers/fake-stocky';
import { errorDetails, expectHalted } from '../../helpers/zapier';
import { clearZcache, simulatedZap, zcache } from '../../helpers/zapier-polling';

const appTester = createAppTester(app);
const listText = readFileSync(join(__dirname, '../../../src/vendors/stocky/seed-list-response.json'), 'utf8');
const seedOrders = stockyListResponseSchema.parse(JSON.parse(listText)).purchase_orders;
const rawSeedOrder = (JSON.parse(listText) as { purchase_orders: Record<string, unknown>[] }).purchase_orders[0]!;

const START = Date.parse('2026-11-24T09:00:00.000Z');
let clock: FakeClock;
beforeEach(() => {
  clock = { now: START };
  // Each test starts with an empty z.cache: no Zap has progress yet.
  clearZcache(appTester);
});
const now = () => clock.now;
const iso = (ms: number) => new Date(ms).toISOString();

const bundle = (inputData: Record<string, unknown> = {}, meta: object = {}) =>
  ({
    authData: STOCKY_AUTH,
    inputData,
    meta: { isLoadingSample: false, page: 0, limit: -1, ...meta },
  }) as unknown as Partial<Bundle>;
const zapBundle = (zapId: string, inputData: Record<string, unknown> = {}) => (meta: object) =>
  bundle(inputData, { zap: { id: zapId }, ...meta });

function stockyList(query: Record<string, string> | true) {
  return nock(STOCKY_ORIGIN, { reqheaders: STOCKY_HEADERS }).get('/api/v2/purchase_orders.json').query(query);
}

/** `count` purchase orders from `firstId` on, created and updated one second apart (the highest id last). */
function orders(count: number, lastUpdate: number, firstId = 1) {
  return Array.from({ length: count }, (_, index) => {
    const at = iso(lastUpdate - (count - index - 1) * 1000);
    return { ...rawSeedOrder, id: firstId + index, number: 1000 + firstId + index, created_at: at, updated_at: at };
  });
}

const ids = (records: { purchase_order_id: string }[]) => records.map((record) => Number(record.purchase_order_id));
const range = (from: number, to: number) =>
  Array.from({ length: Math.abs(to - from) + 1 }, (_, index) => (from > to ? from - index : from + index));

describe('stocky_new_purchase_order', () => {
  const pollNew = makePollNewPurchaseOrders({ now });

  it('without a Zap (editor test, invoke): one bounded pass over the last 24 hours, newest first', async () => {
    const stocky = fakeStocky([...orders(3, START - 2 * LOOKBACK_MS), ...orders(2, START - 60_000, 4)]);
    const records = await appTester(pollNew, bundle());
    expect(ids(records)).toEqual([5, 4]);
    expect(records[0]).toEqual(mapStockyPurchaseOrder(stockyListResponseSchema.parse({ purchase_orders: [orders(2, START - 60_000, 4)[1]] }).purchase_orders[0]!, 'new'));
    // The first page reaches an order older than the window, so one request is enough.
    expect(stocky.requests).toEqual([{ limit: '250' }]);
    expect(zcache(appTester)).toEqual({});
  });

  it('turned on after old orders exist: one page marks them seen, and none of them ever triggers', async () => {
    // 300 orders created an hour before the Zap: inside the old 24-hour window, beyond one page.
    const stocky = fakeStocky(orders(300, START - 3_600_000));
    const zap = simulatedZap(appTester, pollNew, zapBundle('zap-1'));
    expect(ids(await zap.turnOn())).toEqual(range(300, 201));
    clock.now += 300_000;
    expect(await zap.poll()).toEqual([]);
    stocky.scope.persist(false);
    nock.cleanAll();
    const later = fakeStocky([...orders(300, START - 3_600_000), ...orders(2, clock.now, 301)]);
    expect(ids(await zap.poll())).toEqual([302, 301]);
    expect(stocky.requests).toEqual([{ limit: '250' }, { limit: '250' }]);
    expect(later.requests).toEqual([{ limit: '250' }]);
  });

  it('delivers a burst of 600 new orders in one poll through a server page cap of 100, each once, paging by since_id', async () => {
    const old = orders(300, START - 3_600_000);
    const zap = simulatedZap(appTester, pollNew, zapBundle('zap-1'));
    let stocky = fakeStocky(old);
    await zap.turnOn();
    nock.cleanAll();
    stocky = fakeStocky([...old, ...orders(600, START + 60_000, 301)]);
    const polls: number[][] = [];
    for (let poll = 0; poll < 2; poll += 1) {
      clock.now += 300_000;
      polls.push(ids(await zap.poll()));
    }
    expect(polls).toEqual([range(900, 301), []]);
    expect(stocky.requests).toEqual([
      { limit: '250' },
      // The sweep ends at an order below the floor; the next poll finds nothing above 900.
      ...[801, 701, 601, 501, 401, 301].map((sinceId) => ({ limit: '250', since_id: String(sinceId) })),
      { limit: '250' },
    ]);
  });

  it('keeps two Zaps on one connection apart: each keeps its own floor', async () => {
    const old = orders(10, START - 3_600_000);
    const zapA = simulatedZap(appTester, pollNew, zapBundle('zap-a'));
    const zapB = simulatedZap(appTester, pollNew, zapBundle('zap-b'));
    fakeStocky(old);
    await zapA.turnOn();
    await zapB.turnOn();
    nock.cleanAll();
    const stocky = fakeStocky([...old, ...orders(250, START + 60_000, 11)]);
    expect(ids(await zapA.poll())).toEqual(range(260, 11));
    expect(ids(await zapA.poll())).toEqual([]);
    expect(ids(await zapB.poll())).toEqual(range(260, 11));
    const sweep = [{ limit: '250' }, { limit: '250', since_id: '161' }, { limit: '250', since_id: '61' }];
    expect(stocky.requests).toEqual([...sweep, { limit: '250' }, ...sweep]);
  });

  it('keeps progress per status filter too', async () => {
    const confirmedZap = simulatedZap(appTester, pollNew, zapBundle('zap-1', { status: 'confirmed' }));
    fakeStocky([]);
    await confirmedZap.turnOn();
    nock.cleanAll();
    const stocky = fakeStocky(orders(150, START + 60_000));
    await confirmedZap.poll();
    await appTester(pollNew, zapBundle('zap-1', { status: 'draft' })({}));
    expect(stocky.requests).toEqual([
      { limit: '250', status: 'confirmed' },
      // 100 of the 250 asked (Stocky's cap, not yet known): one more request tells.
      { limit: '250', status: 'confirmed', since_id: '51' },
      // Same Zap id, other filter: its own (absent) progress, so a 24-hour pass from the top.
      { limit: '250', status: 'draft' },
    ]);
    expect(Object.keys(zcache(appTester))).toHaveLength(2);
  });

  it('delivers the good orders of a page that holds a malformed one, logging which and why', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const list = orders(50, START - 60_000).map((order) =>
      order.id === 25 ? { ...order, purchase_items: [{ id: 1, quantity: 2.5 }] } : order,
    );
    fakeStocky(list);
    const records = await appTester(pollNew, bundle());
    expect(ids(records)).toEqual(range(50, 1).filter((id) => id !== 25));
    expect(log.mock.calls.flat().join('\n')).toMatch(
      /Skipped Stocky purchase order 25: purchase_items\[0\]\.quantity must be a whole number of 0 or more \(got 2\.5\)\. The other purchase orders are delivered\./,
    );
    log.mockRestore();
  });

  it('narrows by the chosen status', async () => {
    stockyList({ limit: '250', status: 'confirmed-unarchived' }).reply(200, listText);
    const records = await appTester(pollNew, bundle({ status: 'confirmed-unarchived' }));
    // The seed's orders are from 2021: older than a pass without progress looks.
    expect(records).toEqual([]);
  });

  it('refuses a status that is not one of Stocky\'s, before any request', async () => {
    const error = await appTester(pollNewPurchaseOrders, bundle({ status: 'open' })).catch((e: Error) => e);
    expect(errorDetails(error as Error).message).toMatch(/^Status must be one of draft, draft-archived, .* not "open"\. Pick it from the list\./);
  });

  it('makes a single small request while Zapier loads samples', async () => {
    stockyList({ limit: '10' }).reply(200, listText);
    const records = await appTester(pollNewPurchaseOrders, bundle({}, { isLoadingSample: true }));
    expect(records).toEqual(seedOrders.map((order) => mapStockyPurchaseOrder(order, 'new')));
  });

  it('offers a status dropdown, not free text', () => {
    const status = stockyNewPurchaseOrder.operation.inputFields[0];
    expect(app.triggers[TRIGGER_KEYS.stockyNew]).toBe(stockyNewPurchaseOrder);
    expect(status).toMatchObject({ key: 'status', required: false });
    expect(Object.keys((status as { choices: object }).choices)).toEqual([
      'draft', 'draft-archived', 'draft-unarchived', 'confirmed', 'confirmed-archived', 'confirmed-unarchived', 'archived', 'unarchived',
    ]);
  });

  it.each([
    // Stocky's API is switched off: a refusal is no reason to reconnect (which would stop every Zap on the connection).
    [401, 'AppError', /^Stocky's API was switched off by Shopify on 2026-08-31/],
    [403, 'AppError', /^Stocky's API was switched off by Shopify on 2026-08-31/],
    [500, 'ThrottledError', /^Stocky answered HTTP 500, a problem on its side; Zapier will try again shortly\./],
    [429, 'ThrottledError', /429/],
  ])('turns HTTP %i into a %s', async (status, name, pattern) => {
    stockyList({ limit: '250' }).reply(status, 'no', { 'Retry-After': '7' });
    const error = (await appTester(pollNewPurchaseOrders, bundle()).catch((e: Error) => e)) as Error;
    expect(error.name).toBe(name);
    expect(errorDetails(error).message).toMatch(pattern);
    if (name === 'ThrottledError') expect(errorDetails(error).delay).toBe(7);
  });

  it.each([
    ['a body that is not JSON', 'maintenance until 10:00', /^Stocky answered with data this integration cannot read: the body is not JSON/],
    ['a list that is not a list', '{"purchase_orders": {}}', /purchase_orders must be an array, not an object/],
  ])('halts on %s, naming the field', async (_name, body, pattern) => {
    stockyList({ limit: '250' }).reply(200, body);
    await expectHalted(appTester(pollNewPurchaseOrders, bundle()), pattern);
  });

  // Halting would stop the Zap for as long as the bad order stays in its window: it is logged and walked past.
  it.each([
    ['a list whose only order has no id', [{ ...rawSeedOrder, id: undefined }], [{ limit: '250' }], 'id is missing'],
    [
      'a list whose every order is malformed',
      [{ ...rawSeedOrder, purchase_items: [{ id: 1, quantity: 2.5 }] }, { ...rawSeedOrder, id: 'x' }],
      [{ limit: '250' }, { limit: '250', since_id: String(rawSeedOrder.id) }],
      'purchase_items[0].quantity must be a whole number of 0 or more (got 2.5)',
    ],
  ])('logs %s and walks past it, naming the field, without halting the poll', async (_name, list, asked, problem) => {
    const logged = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const seen: Record<string, string>[] = [];
    nock(STOCKY_ORIGIN)
      .persist()
      .get('/api/v2/purchase_orders.json')
      .query((query) => Boolean(seen.push(query as Record<string, string>)))
      .reply(200, (uri) => (uri.includes('since_id') ? { purchase_orders: [] } : { purchase_orders: list }));
    expect(await appTester(pollNewPurchaseOrders, bundle())).toEqual([]);
    expect(seen).toEqual(asked);
    expect(logged.mock.calls.flat().join('\n')).toContain(problem);
    jest.restoreAllMocks();
  });
});

describe('stocky_updated_purchase_order', () => {
  const pollUpdated = makePollUpdatedPurchaseOrders({ now });

  it('without a Zap: every version updated in the last 24 hours, newest update first', async () => {
    const stocky = fakeStocky([...orders(3, START - 60_000), { ...rawSeedOrder, id: 99, updated_at: iso(START - LOOKBACK_MS - 1) }]);
    const records = await appTester(pollUpdated, bundle());
    expect(records.map((record) => record.id)).toEqual([3, 2, 1].map((id) => `stocky:${id}:${iso(START - 60_000 - (3 - id) * 1000)}`));
    // Three is shorter than asked, but no longer page was ever seen: one more request tells.
    expect(stocky.requests).toEqual([
      { limit: '250', updated_since: iso(START - LOOKBACK_MS) },
      { limit: '250', updated_since: iso(START - LOOKBACK_MS), since_id: '1' },
    ]);
  });

  it('delivers a burst of 5,000 updates in few polls: each version once, no cap on records; orders older than the Zap never trigger', async () => {
    const old = orders(300, START - 3_600_000);
    const zap = simulatedZap(appTester, pollUpdated, zapBundle('zap-1'));
    let stocky = fakeStocky(old);
    await zap.turnOn();
    const turnedOn = clock.now;
    expect(stocky.requests).toEqual([{ limit: '250' }]);
    nock.cleanAll();
    // Updated one second apart, the first two minutes after the Zap was turned on.
    const burst = orders(5000, START + 5_120_000, 301);
    clock.now = START + 5_400_000;
    const all = [...old, ...burst];
    stocky = fakeStocky(all);
    const returned: string[] = [];
    let polls = 0;
    let sweepStart = 0;
    for (let empty = false; !empty; polls += 1) {
      clock.now += 300_000;
      if (polls === 0) sweepStart = clock.now;
      // Mid-drain, an order the sweep has already passed changes: the next sweep brings it.
      if (polls === 1) all[300 + 4998] = { ...all[300 + 4998]!, updated_at: iso(clock.now - 1000) };
      const records = await zap.poll();
      returned.push(...records.map((record) => record.id));
      empty = records.length === 0;
    }
    // 50 pages of 100: the first poll stops at its 30 requests, the second ends the sweep and
    // begins a fresh one (which brings 5299's change), the third finds nothing new.
    expect(polls).toBe(3);
    expect(new Set(returned).size).toBe(returned.length);
    expect(returned).toHaveLength(5001);
    expect(zap.triggered.filter((record) => Number(record.purchase_order_id) <= 300)).toEqual([]);
    expect(zap.triggered.filter((record) => record.purchase_order_id === '5299').map((record) => record.updated_at)).toHaveLength(2);
    const since = iso(turnedOn);
    expect(stocky.requests.slice(0, 3)).toEqual([
      { limit: '250', updated_since: since },
      { limit: '250', updated_since: since, since_id: '5201' },
      { limit: '250', updated_since: since, since_id: '5101' },
    ]);
    // The sweep ends on an empty page; the next starts from the first sweep's start less the margin.
    expect(stocky.requests.slice(50)).toEqual([
      { limit: '250', updated_since: since, since_id: '301' },
      // One order (5299, changed mid-drain): shorter than the 100 Stocky has sent, so the end.
      { limit: '250', updated_since: iso(sweepStart - UPDATED_MARGIN_MS) },
      { limit: '250', updated_since: iso(clock.now - 300_000 - UPDATED_MARGIN_MS) },
    ]);
  }, 60_000);

  it('drains a starving burst (slow answers, no server cap) that the old 20-second paging never reached the bottom of', async () => {
    // Each answer takes 12 s: the old code got two pages of 250 per poll and began again at the
    // newest every time, so ids below 500 never came.
    const zap = simulatedZap(appTester, pollUpdated, zapBundle('zap-1'));
    fakeStocky([], { maxLimit: 250, clock, latencyMs: 12_000 });
    await zap.turnOn();
    nock.cleanAll();
    const stocky = fakeStocky(orders(1000, clock.now + 1_060_000), { maxLimit: 250, clock, latencyMs: 12_000 });
    clock.now += 1_200_000;
    for (let poll = 0; poll < 11; poll += 1) {
      clock.now += 300_000;
      await zap.poll();
    }
    expect(ids(zap.triggered)).toEqual(range(1000, 1));
    // Three pages of 250 in the first poll's 25 s; the second resumes below 251 and reaches the end;
    // each later poll reads its fresh sweep's one page.
    expect(stocky.requests.map((query) => query.since_id)).toEqual([
      undefined, '751', '501', '251', '1', ...Array.from({ length: stocky.requests.length - 5 }, () => undefined),
    ]);
    expect(stocky.requests.every((query) => query.limit === '250')).toBe(true);
  });

  it('finds a server page cap below what it asks, instead of taking a short page as the end', async () => {
    const zap = simulatedZap(appTester, pollUpdated, zapBundle('zap-1'));
    fakeStocky([], { maxLimit: 40 });
    await zap.turnOn();
    nock.cleanAll();
    const stocky = fakeStocky(orders(90, START + 150_000), { maxLimit: 40 });
    clock.now += 300_000;
    expect(ids(await zap.poll())).toEqual(range(90, 1));
    const since = iso(START);
    expect(stocky.requests).toEqual([
      { limit: '250', updated_since: since },
      // 40 when 250 was asked: maybe a cap, as no longer page was ever seen. Ask again.
      { limit: '250', updated_since: since, since_id: '51' },
      // 10 is shorter than the 40 Stocky has sent: the end.
      { limit: '250', updated_since: since, since_id: '11' },
    ]);
  });

  it('cuts a Stocky that does not answer in the time left, keeps what it read, and resumes there', async () => {
    const limits = POLL_LIMITS;
    const poll = makePollUpdatedPurchaseOrders({ now, limits });
    const zap = simulatedZap(appTester, poll, zapBundle('zap-1'));
    fakeStocky([]);
    await zap.turnOn();
    nock.cleanAll();
    const list = orders(200, START + 260_000);
    const since = iso(START);
    const firstPage = { purchase_orders: list.slice(100).reverse() };
    stockyList({ limit: '250', updated_since: since }).reply(() => {
      // The first answer took all but 30 ms of the poll's 25 s.
      clock.now += 24_970;
      return [200, firstPage];
    });
    // The second would take half a second: the request's timeout (the 30 ms left) cuts it.
    stockyList({ limit: '250', updated_since: since, since_id: '101' }).delay(500).reply(200, { purchase_orders: [] });
    clock.now += 300_000;
    expect(ids(await zap.poll())).toEqual(range(200, 101));
    // The slow answer never arrived: its interceptor is still waiting to be answered.
    expect(nock.pendingMocks()).toHaveLength(1);
    nock.cleanAll();
    clock.now += 300_000;
    stockyList({ limit: '250', updated_since: since, since_id: '101' }).reply(200, { purchase_orders: list.slice(0, 100).reverse() });
    // 100 is as long as the longest page Stocky has sent: maybe a cap, so ask once more.
    stockyList({ limit: '250', updated_since: since, since_id: '1' }).reply(200, { purchase_orders: [] });
    // The sweep that began a poll ago is done: a fresh one from its start, less the margin.
    stockyList({ limit: '250', updated_since: iso(START + 300_000 - UPDATED_MARGIN_MS) }).reply(200, { purchase_orders: [] });
    expect(ids(await zap.poll())).toEqual(range(100, 1));
  });

  it('says Stocky did not answer when the time runs out before any order was read', async () => {
    const poll = makePollUpdatedPurchaseOrders({ now, limits: { ...POLL_LIMITS, timeBudgetMs: 30, minRequestMs: 1 } });
    stockyList(true).delay(500).reply(200, { purchase_orders: [] });
    const error = (await appTester(poll, bundle()).catch((e: Error) => e)) as Error;
    expect(error.name).toBe('ThrottledError');
    expect(errorDetails(error).message).toMatch(/^Stocky did not answer within 0 seconds, so no purchase orders were read\. Zapier will try again shortly/);
  });

  it('falls back to a 24-hour look back when the Zap\'s progress is lost', async () => {
    const zap = simulatedZap(appTester, pollUpdated, zapBundle('zap-1'));
    fakeStocky([]);
    await zap.turnOn();
    clearZcache(appTester);
    nock.cleanAll();
    const stocky = fakeStocky([]);
    clock.now += 300_000;
    await zap.poll();
    expect(stocky.requests).toEqual([{ limit: '250', updated_since: iso(clock.now - LOOKBACK_MS) }]);
  });

  it('halts instead of looping when Stocky ignores since_id', async () => {
    const poll = makePollUpdatedPurchaseOrders({ now, limits: POLL_LIMITS });
    const page = { purchase_orders: orders(100, START - 60_000).reverse() };
    stockyList(true).times(2).reply(200, page);
    await expectHalted(appTester(poll, bundle()), /^Stocky ignored since_id=1 and sent the same purchase orders again/);
  });

  it('makes a single small request while Zapier loads samples', async () => {
    stockyList({ limit: '10', status: 'draft' }).reply(200, listText);
    const records = await appTester(pollUpdatedPurchaseOrders, bundle({ status: 'draft' }, { isLoadingSample: true }));
    expect(records.map((record) => record.id)).toEqual([
      'stocky:2:2021-02-09T00:24:13.000Z',
      'stocky:1:2021-02-05T17:56:28.000Z',
    ]);
  });
});
