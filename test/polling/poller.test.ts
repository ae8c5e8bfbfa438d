import { createAppTester, type Bundle, type ZObject } from 'zapier-platform-core';
import app from '../../src';
import { POLL_LIMITS, poll, pollStateKey, type PollLimits, type PollSource } from '../../src/polling/poller';
import { errorDetails } from '../helpers/zapier';
import { clearZcache, simulatedZap, zcache } from '../fakes/zapier';

const appTester = createAppTester(app);

type Item = { id: number };
type Request = { kind: string; floor: number | null; cursor: number | null; limit: number; timeoutMs: number };

/**
 * A vendor list walked newest id first (ids 1..n, n newest), cursor "ids below", with a page
 * cap, answers that take `latencyMs` on the test's clock, and the timeout z.request would apply:
 * an answer slower than the request's timeout never arrives.
 */
function fakeVendor(options: {
  count: number;
  cap?: number;
  latencyMs?: number;
  itemBytes?: number;
  recordPad?: number;
  end?: boolean;
}) {
  const clock = { now: 1_000_000 };
  const requests: Request[] = [];
  let count = options.count;
  const source: PollSource<Item, number, number, { id: string }> = {
    vendor: 'Fakevendor',
    maxPageSize: 250,
    fetchPage: (_z, request) => {
      requests.push(request);
      const latency = options.latencyMs ?? 0;
      if (latency > request.timeoutMs) {
        clock.now += request.timeoutMs;
        return Promise.reject(
          Object.assign(new Error('network timeout at: https://fake'), { type: 'request-timeout' }),
        );
      }
      clock.now += latency;
      const below = request.cursor ?? Infinity;
      const items: Item[] = [];
      for (
        let id = Math.min(count, below - 1);
        id >= 1 && items.length < Math.min(request.limit, options.cap ?? Infinity);
        id -= 1
      ) {
        items.push({ id });
      }
      return Promise.resolve({
        items,
        received: items.length,
        bytes: items.length * (options.itemBytes ?? 10),
        ...(options.end === undefined ? {} : { end: options.end }),
      });
    },
    cursorAfter: (item) => item.id,
    isBelowFloor: (item, floor) => item.id <= floor,
    nextFloor: ({ firstPage, floor }) => Math.max(floor ?? 0, ...firstPage.map((item) => item.id)),
    fallbackFloor: () => 0,
    toRecord: (item) => ({
      id: `fake:${item.id}`,
      ...(options.recordPad ? { pad: 'x'.repeat(options.recordPad) } : {}),
    }),
    // No time: newest first by id, which the numeric-aware comparison orders ("fake:10" above "fake:9").
    recency: () => null,
  };
  return {
    clock,
    requests,
    source,
    add: (more: number) => {
      count += more;
    },
  };
}

const bundle = (zapId: string | null, meta: object = {}) =>
  ({
    authData: {},
    inputData: {},
    meta: { isLoadingSample: false, page: 0, limit: -1, ...(zapId === null ? {} : { zap: { id: zapId } }), ...meta },
  }) as unknown as Partial<Bundle>;

function performFor(vendor: ReturnType<typeof fakeVendor>, limits: PollLimits = POLL_LIMITS) {
  return (z: ZObject, b: Bundle) =>
    poll({ z, bundle: b, triggerKey: 'fake_trigger', filters: {}, now: () => vendor.clock.now, limits }, vendor.source);
}

const ids = (records: { id: string }[]) => records.map((record) => Number(record.id.slice(5)));
const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, index) => from - index);
const asks = (requests: Request[]) => requests.map(({ cursor, limit }) => ({ cursor, limit }));

beforeEach(() => {
  clearZcache(appTester);
});

describe('poll', () => {
  it('gives each request the time left as its timeout, cuts the one that cannot answer in it, and resumes there: each item once', async () => {
    const vendor = fakeVendor({ count: 0, cap: 10, latencyMs: 8_000 });
    const zap = simulatedZap(appTester, performFor(vendor), (meta) => bundle('zap-1', meta));
    await zap.turnOn();
    vendor.add(95);
    vendor.requests.length = 0;
    const polls: number[][] = [];
    for (let round = 0; round < 4; round += 1) {
      vendor.clock.now += 300_000;
      polls.push(ids(await zap.poll()));
    }
    expect(polls).toEqual([range(95, 66), range(65, 36), range(35, 6), range(5, 1)]);
    // 25 s budget, 8 s per answer: the fourth request has 1 s left and is cut by its timeout.
    expect(vendor.requests.slice(0, 4).map((request) => request.timeoutMs)).toEqual([25_000, 17_000, 9_000, 1_000]);
    expect(asks(vendor.requests.slice(0, 5))).toEqual([
      { cursor: null, limit: 250 },
      { cursor: 86, limit: 250 },
      { cursor: 76, limit: 250 },
      { cursor: 66, limit: 250 },
      { cursor: 66, limit: 250 },
    ]);
  });

  it('starts no request with under a second of the budget left', async () => {
    const vendor = fakeVendor({ count: 50, cap: 10, latencyMs: 12_100 });
    await appTester(performFor(vendor), bundle(null));
    // 0 s and 12.1 s: then 0.8 s are left, too little to start a third.
    expect(vendor.requests.map((request) => request.timeoutMs)).toEqual([25_000, 12_900]);
  });

  it('ends a poll whose first answer times out with nothing, keeps the state, and the next poll delivers', async () => {
    const vendor = fakeVendor({ count: 0, latencyMs: 0 });
    const zap = simulatedZap(appTester, performFor(vendor), (meta) => bundle('zap-1', meta));
    await zap.turnOn();
    vendor.add(5);
    const fetchPage = vendor.source.fetchPage;
    vendor.source.fetchPage = () =>
      Promise.reject(Object.assign(new Error('network timeout at: https://fake'), { type: 'request-timeout' }));
    expect(await zap.poll()).toEqual([]);
    vendor.source.fetchPage = fetchPage;
    expect(ids(await zap.poll())).toEqual(range(5, 1));
  });

  it('when turning a Zap on with an id floor times out, says the vendor did not answer (Zapier retries)', async () => {
    const vendor = fakeVendor({ count: 5, latencyMs: 40_000 });
    const error = (await appTester(performFor(vendor), bundle('zap-1', { isPopulatingDedupe: true })).catch(
      (e: Error) => e,
    )) as Error;
    expect(error.name).toBe('ThrottledError');
    expect(errorDetails(error).message).toMatch(
      /^Fakevendor did not answer within 25 seconds, so no purchase orders were read\./,
    );
  });

  it('returns what it read when the vendor throttles mid-poll, and resumes there next poll', async () => {
    const vendor = fakeVendor({ count: 0, cap: 10 });
    const fetchPage = vendor.source.fetchPage;
    let answers = 0;
    vendor.source.fetchPage = async (z, request) => {
      answers += 1;
      if (answers === 3) throw new z.errors.ThrottledError('Fakevendor is throttling this app.', 10);
      return fetchPage(z, request);
    };
    const zap = simulatedZap(appTester, performFor(vendor), (meta) => bundle('zap-1', meta));
    await zap.turnOn();
    vendor.add(30);
    expect(ids(await zap.poll())).toEqual(range(30, 21));
    expect(ids(await zap.poll())).toEqual(range(20, 1));
  });

  it('treats a throttle before anything was read as a pause: nothing returned, the state kept, the next poll resumes', async () => {
    const vendor = fakeVendor({ count: 0 });
    const zap = simulatedZap(appTester, performFor(vendor), (meta) => bundle('zap-1', meta));
    await zap.turnOn();
    vendor.add(5);
    const key = pollStateKey(bundle('zap-1') as Bundle, 'fake_trigger', {});
    if (key === null) throw new Error('a Zap has a state key');
    const before = zcache(appTester)[key];
    const fetchPage = vendor.source.fetchPage;
    vendor.source.fetchPage = (z) =>
      Promise.reject(new z.errors.ThrottledError('Fakevendor is throttling this app.', 10));
    expect(await zap.poll()).toEqual([]);
    expect(zcache(appTester)[key]).toEqual(before);
    vendor.source.fetchPage = fetchPage;
    expect(ids(await zap.poll())).toEqual(range(5, 1));
  });

  it('ends the poll with a page the source marks paused (its own budget spent), and resumes after it next poll', async () => {
    const vendor = fakeVendor({ count: 0, cap: 10 });
    const fetchPage = vendor.source.fetchPage;
    let answers = 0;
    vendor.source.fetchPage = async (z, request) => {
      answers += 1;
      const page = await fetchPage(z, request);
      return answers === 2 ? { ...page, paused: true } : page;
    };
    const zap = simulatedZap(appTester, performFor(vendor), (meta) => bundle('zap-1', meta));
    await zap.turnOn();
    vendor.add(25);
    vendor.requests.length = 0;
    expect(ids(await zap.poll())).toEqual(range(25, 16));
    expect(vendor.requests.map(({ kind, cursor }) => ({ kind, cursor }))).toEqual([{ kind: 'poll', cursor: null }]);
    expect(ids(await zap.poll())).toEqual(range(15, 1));
    expect(vendor.requests[1]).toMatchObject({ kind: 'poll', cursor: 16 });
  });

  it('moves past a page whose items the source all left out, to the cursor the page names', async () => {
    const vendor = fakeVendor({ count: 0, cap: 10 });
    const fetchPage = vendor.source.fetchPage;
    // Items 21..30 are malformed: the page is received but nothing on it is usable.
    vendor.source.fetchPage = async (z, request) => {
      const page = await fetchPage(z, request);
      const last = page.items.at(-1);
      return { ...page, items: page.items.filter((item) => item.id <= 20), ...(last ? { lastCursor: last.id } : {}) };
    };
    const zap = simulatedZap(appTester, performFor(vendor), (meta) => bundle('zap-1', meta));
    await zap.turnOn();
    vendor.add(30);
    vendor.requests.length = 0;
    expect(ids(await zap.poll())).toEqual(range(20, 1));
    expect(asks(vendor.requests).map((ask) => ask.cursor)).toEqual([null, 21, 11, 1]);
  });

  it('asks at most 30 pages a poll, however many pages yield nothing it keeps, and resumes there', async () => {
    const vendor = fakeVendor({ count: 100_000, cap: 10 });
    const fetchPage = vendor.source.fetchPage;
    vendor.source.fetchPage = async (z, request) => {
      const page = await fetchPage(z, request);
      const last = page.items.at(-1);
      return { ...page, items: [], ...(last ? { lastCursor: last.id } : {}) };
    };
    const zap = simulatedZap(appTester, performFor(vendor), (meta) => bundle('zap-1', meta));
    await zap.turnOn();
    vendor.requests.length = 0;
    expect(await zap.poll()).toEqual([]);
    expect(vendor.requests).toHaveLength(30);
    vendor.requests.length = 0;
    await zap.poll();
    // The 30th page ended at id 99,701: the next poll asks below it.
    expect(vendor.requests[0]?.cursor).toBe(100_000 - 10 * 30 + 1);
  });

  it('halts, naming the vendor, when a page brings the walk no further instead of asking it forever', async () => {
    // Full pages that bring nothing: a short one would be the end.
    const vendor = fakeVendor({ count: 300 });
    const fetchPage = vendor.source.fetchPage;
    vendor.source.fetchPage = async (z, request) => ({ ...(await fetchPage(z, request)), items: [] });
    const error = (await appTester(performFor(vendor), bundle(null)).catch((e: Error) => e)) as Error;
    expect(error.name).toBe('HaltedError');
    expect(error.message).toMatch(
      /^Fakevendor answered the same page again, so reading its purchase orders cannot go on/,
    );
    expect(vendor.requests).toHaveLength(1);
  });

  it('does not trust a stored state without a floor: it falls back rather than report everything as new', async () => {
    const vendor = fakeVendor({ count: 20, cap: 10 });
    const zap = simulatedZap(appTester, performFor(vendor), (meta) => bundle('zap-1', meta));
    await zap.turnOn();
    const key = pollStateKey(bundle('zap-1') as Bundle, 'fake_trigger', {});
    if (key === null) throw new Error('a Zap has a state key');
    zcache(appTester)[key] = JSON.stringify({ version: 1 });
    // The fallback floor (0 here) is a bounded look back: what it reads, Zapier's dedupe drops.
    vendor.requests.length = 0;
    await zap.poll();
    expect(vendor.requests[0]?.floor).toBe(0);
  });

  it('asks only for what the response byte budget still holds, then stops and resumes there', async () => {
    const vendor = fakeVendor({ count: 0, cap: 20, itemBytes: 1_000 });
    const zap = simulatedZap(appTester, performFor(vendor, { ...POLL_LIMITS, maxBytes: 50_000 }), (meta) =>
      bundle('zap-1', meta),
    );
    await zap.turnOn();
    vendor.add(60);
    vendor.requests.length = 0;
    expect(ids(await zap.poll())).toEqual(range(60, 11));
    // 20,000 bytes, then room for 30 items of 1,000 bytes, then for 10: 50,000, and no more.
    expect(vendor.requests.map((request) => request.limit)).toEqual([250, 30, 10]);
    expect(ids(await zap.poll())).toEqual(range(10, 1));
  });

  it('stops before the record byte budget and resumes after the last record returned', async () => {
    const vendor = fakeVendor({ count: 0, recordPad: 1_000 });
    const zap = simulatedZap(appTester, performFor(vendor, { ...POLL_LIMITS, maxBytes: 50_000 }), (meta) =>
      bundle('zap-1', meta),
    );
    await zap.turnOn();
    vendor.add(60);
    const first = await zap.poll();
    // Each record is 1,025 bytes of JSON: 48 fit in 50,000.
    expect(Buffer.byteLength(JSON.stringify(first[0]))).toBe(1_025);
    expect(ids(first)).toEqual(range(60, 13));
    expect(ids(await zap.poll())).toEqual(range(12, 1));
  });

  it("caps no poll at a number of records: 2,500 new ones arrive in one poll (flood protection is the user's)", async () => {
    const vendor = fakeVendor({ count: 0 });
    const zap = simulatedZap(appTester, performFor(vendor), (meta) => bundle('zap-1', meta));
    await zap.turnOn();
    vendor.add(2_500);
    expect(ids(await zap.poll())).toEqual(range(2_500, 1));
    expect(zap.floods).toEqual([2_500]);
    expect(ids(await zap.poll())).toEqual([]);
  });

  it('asks once more after a short page as long as the longest seen (maybe a cap), and remembers the longest across polls', async () => {
    const vendor = fakeVendor({ count: 0, cap: 30 });
    const zap = simulatedZap(appTester, performFor(vendor), (meta) => bundle('zap-1', meta));
    await zap.turnOn();
    vendor.add(70);
    vendor.requests.length = 0;
    expect(ids(await zap.poll())).toEqual(range(70, 1));
    // 30 of 250: no longer page seen yet, so ask again; 30 again; then 10, shorter: the end.
    expect(asks(vendor.requests)).toEqual([
      { cursor: null, limit: 250 },
      { cursor: 41, limit: 250 },
      { cursor: 11, limit: 250 },
    ]);
    vendor.requests.length = 0;
    vendor.add(5);
    expect(ids(await zap.poll())).toEqual(range(75, 71));
    // 5 is shorter than the 30 remembered: one request. (The sweep ends at the floor anyway.)
    expect(asks(vendor.requests)).toEqual([{ cursor: null, limit: 250 }]);
  });

  it("takes the vendor's word when it says the list ends", async () => {
    const vendor = fakeVendor({ count: 20, cap: 10, end: true });
    expect(ids(await appTester(performFor(vendor), bundle(null)))).toEqual(range(20, 11));
    expect(vendor.requests).toHaveLength(1);
  });

  it('when the Zap is turned on with an id floor, returns one page and never reports anything older later', async () => {
    const vendor = fakeVendor({ count: 500 });
    const zap = simulatedZap(appTester, performFor(vendor), (meta) => bundle('zap-1', meta));
    expect(ids(await zap.turnOn())).toEqual(range(500, 251));
    expect(vendor.requests.map((request) => request.kind)).toEqual(['turnOn']);
    expect(await zap.poll()).toEqual([]);
    vendor.add(3);
    expect(ids(await zap.poll())).toEqual([503, 502, 501]);
    expect(ids(zap.triggered)).toEqual([503, 502, 501]);
  });

  it('finishing a continued sweep, begins a fresh one in the same poll and returns its newer records first', async () => {
    // Records of 1,025 or 1,026 bytes (ids of two or three digits) and a 103,000-byte budget: a
    // poll is cut after 100 of them.
    const vendor = fakeVendor({ count: 0, recordPad: 1_000 });
    const zap = simulatedZap(appTester, performFor(vendor, { ...POLL_LIMITS, maxBytes: 103_000 }), (meta) =>
      bundle('zap-1', meta),
    );
    await zap.turnOn();
    vendor.add(130);
    expect(ids(await zap.poll())).toEqual(range(130, 31));
    vendor.add(5);
    expect(ids(await zap.poll())).toEqual([...range(135, 131), ...range(30, 1)]);
  });

  it('without a Zap id keeps no state: each run is one pass from the fallback floor', async () => {
    const vendor = fakeVendor({ count: 150 });
    expect(ids(await appTester(performFor(vendor), bundle(null)))).toEqual(range(150, 1));
    expect(ids(await appTester(performFor(vendor), bundle(null)))).toEqual(range(150, 1));
    expect(zcache(appTester)).toEqual({});
  });

  it('loads samples with one small request for at most 10 records, saying it is the sample', async () => {
    const vendor = fakeVendor({ count: 150 });
    expect(ids(await appTester(performFor(vendor), bundle('zap-1', { isLoadingSample: true })))).toEqual(
      range(150, 141),
    );
    expect(vendor.requests.map(({ kind, cursor, limit }) => ({ kind, cursor, limit }))).toEqual([
      { kind: 'sample', cursor: null, limit: 10 },
    ]);
    expect(zcache(appTester)).toEqual({});
  });
});

describe('pollStateKey', () => {
  const meta = (zapId?: string) => ({ meta: zapId === undefined ? {} : { zap: { id: zapId } } }) as unknown as Bundle;

  it("is one key per Zap, trigger and set of filters, whatever the filters' order", () => {
    const key = pollStateKey(meta('1'), 'stocky_new', { status: 'draft', store: 'a' });
    expect(key).toMatch(/^poll:v1:1:stocky_new:[0-9a-f]{16}$/);
    expect(pollStateKey(meta('1'), 'stocky_new', { store: 'a', status: 'draft' })).toBe(key);
    expect(pollStateKey(meta('2'), 'stocky_new', { status: 'draft', store: 'a' })).not.toBe(key);
    expect(pollStateKey(meta('1'), 'stocky_updated', { status: 'draft', store: 'a' })).not.toBe(key);
    expect(pollStateKey(meta('1'), 'stocky_new', { status: 'confirmed', store: 'a' })).not.toBe(key);
  });

  it('is null without a Zap (editor test, invoke)', () => {
    expect(pollStateKey(meta(), 'stocky_new', {})).toBeNull();
  });
});
