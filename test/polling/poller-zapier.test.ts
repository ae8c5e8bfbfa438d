/**
 * The poller as Zapier runs it (a dedupe table per Zap, the turn-on poll, then polls), against a
 * vendor that lists oldest first, filters by a time, and takes simulated time to answer.
 */
import { createAppTester, type Bundle, type ZObject } from 'zapier-platform-core';
import app from '../../src';
import { MARGINS, POLL_TIME_BUDGET_MS } from '../../src/polling/poll-budgets';
import { poll, type PageRequest, type PollSource } from '../../src/polling/poller';
import { fakeCache, type FakeCache } from '../fakes/zcache';
import { clearZcache, simulatedZap } from '../fakes/zapier';

const appTester = createAppTester(app);

const START = Date.parse('2026-11-24T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A row of the vendor's list: stamped at one time, listed (visible) from another. */
type Row = { n: number; stampedAt: number; listedAt: number };
type Item = { row: Row; offset: number };
type Output = { id: string; created_at: string; pad?: string };

/**
 * A vendor whose list comes oldest first, filtered by "stamped after" the floor, with an offset
 * cursor and a page cap; each answer takes `latencyMs` on the test's clock, and one slower than
 * the request's timeout never arrives (as z.request's timeout would have it).
 */
function oldestFirstVendor(options: { pageSize: number; latencyMs?: number; recordPad?: number }) {
  const clock = { now: START };
  const rows: Row[] = [];
  const requests: PageRequest<number, number>[] = [];
  const visible = (floor: number | null) =>
    rows
      .filter((row) => row.listedAt <= clock.now && (floor === null || row.stampedAt > floor))
      .sort((a, b) => a.stampedAt - b.stampedAt || a.n - b.n);
  const source: PollSource<Item, number, number, Output> = {
    vendor: 'Fakevendor',
    maxPageSize: options.pageSize,
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
      const list = visible(request.floor);
      const offset = request.cursor ?? 0;
      const page = list.slice(offset, offset + Math.min(request.limit, options.pageSize));
      return Promise.resolve({
        items: page.map((row, index) => ({ row, offset: offset + index })),
        received: page.length,
        bytes: page.length * 200,
        end: offset + page.length >= list.length,
      });
    },
    cursorAfter: (item) => item.offset + 1,
    floorAt: (time) => time,
    toRecord: ({ row }) => ({
      id: `fake:${row.n}`,
      created_at: iso(row.stampedAt),
      ...(options.recordPad ? { pad: 'x'.repeat(options.recordPad) } : {}),
    }),
    recency: (record) => record.created_at,
  };
  let next = 1;
  return {
    clock,
    rows,
    requests,
    source,
    /** `count` rows stamped one millisecond apart ending `agoMs` before now, listed `listedInMs` from now. */
    add(count: number, options: { agoMs?: number; listedInMs?: number } = {}) {
      const last = clock.now - (options.agoMs ?? 0);
      for (let index = count - 1; index >= 0; index -= 1) {
        rows.push({ n: next, stampedAt: last - index, listedAt: clock.now + (options.listedInMs ?? 0) });
        next += 1;
      }
    },
  };
}

const zapBundle = (meta: object) =>
  ({
    authData: {},
    inputData: {},
    meta: { isLoadingSample: false, page: 0, limit: -1, zap: { id: 'zap-1' }, ...meta },
  }) as unknown as Partial<Bundle>;

function performFor(vendor: ReturnType<typeof oldestFirstVendor>, extra: { cache?: FakeCache } = {}) {
  return (z: ZObject, bundle: Bundle) =>
    poll({ z, bundle, triggerKey: 'fake_trigger', filters: {}, now: () => vendor.clock.now, ...extra }, vendor.source);
}

const numbers = (records: { id: string }[]) => records.map((record) => Number(record.id.slice(5)));
const isNewestFirst = (records: Output[]) =>
  records.every(
    (record, index) => index === 0 || Date.parse(records[index - 1]!.created_at) >= Date.parse(record.created_at),
  );

beforeEach(() => {
  clearZcache(appTester);
});

describe('newest first, from a vendor that lists oldest first', () => {
  it('orders the sample, the turn-on and every poll newest first', async () => {
    const vendor = oldestFirstVendor({ pageSize: 500 });
    vendor.add(30, { agoMs: 10_000 });
    const sample = await appTester(performFor(vendor), zapBundle({ isLoadingSample: true }));
    // The list's first page (its oldest ten), newest first.
    expect(numbers(sample)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(vendor.requests.map(({ kind, limit }) => ({ kind, limit }))).toEqual([{ kind: 'sample', limit: 10 }]);

    const zap = simulatedZap(appTester, performFor(vendor), zapBundle);
    const turnOn = await zap.turnOn();
    expect(turnOn.length).toBe(30);
    expect(isNewestFirst(turnOn)).toBe(true);
    expect(numbers(turnOn).slice(0, 3)).toEqual([30, 29, 28]);

    vendor.clock.now += 60_000;
    vendor.add(5);
    const polled = await zap.poll();
    expect(numbers(polled)).toEqual([35, 34, 33, 32, 31]);
  });

  it("takes the sample from the source's own newest-records read when it has one", async () => {
    const vendor = oldestFirstVendor({ pageSize: 500 });
    vendor.add(30, { agoMs: 10_000 });
    vendor.source.sample = (_z, { limit }) =>
      Promise.resolve(
        [...vendor.rows]
          .reverse()
          .slice(0, limit)
          .reverse()
          .map((row, offset) => ({ row, offset })),
      );
    const sample = await appTester(performFor(vendor), zapBundle({ isLoadingSample: true }));
    expect(numbers(sample)).toEqual([30, 29, 28, 27, 26, 25, 24, 23, 22, 21]);
    expect(vendor.requests).toEqual([]);
  });
});

describe('bursts, with no cap on records', () => {
  it('delivers 5,000 new records in 500-row pages within 10 polls: each once, each poll under 20 MB and 30 s', async () => {
    // 4 KB records: 20 MB in all, more than one poll's 15 MB of output.
    const vendor = oldestFirstVendor({ pageSize: 500, latencyMs: 1_500, recordPad: 4_000 });
    const zap = simulatedZap(appTester, performFor(vendor), zapBundle);
    vendor.add(20, { agoMs: 600_000 });
    expect(await zap.turnOn()).toEqual([]);
    vendor.clock.now += 60_000;
    vendor.add(5_000);
    const polls: { count: number; bytes: number; ms: number }[] = [];
    for (let round = 0; round < 10 && zap.triggered.length < 5_000; round += 1) {
      vendor.clock.now += 60_000;
      const before = vendor.clock.now;
      const records = await appTester(performFor(vendor), zapBundle({}));
      polls.push({
        count: records.length,
        bytes: Buffer.byteLength(JSON.stringify(records)),
        ms: vendor.clock.now - before,
      });
      const fresh = records.filter((record) => !zap.seen.has(record.id));
      for (const record of fresh) zap.seen.add(record.id);
      zap.triggered.push(...fresh);
      expect(isNewestFirst(records)).toBe(true);
    }
    const delivered = numbers(zap.triggered);
    expect(new Set(delivered).size).toBe(delivered.length);
    expect([...delivered].sort((a, b) => a - b)).toEqual(Array.from({ length: 5_000 }, (_, index) => 21 + index));
    expect(polls.length).toBeLessThanOrEqual(10);
    for (const one of polls) {
      expect(one.bytes).toBeLessThan(20 * 1024 * 1024);
      expect(one.ms).toBeLessThan(30_000);
    }
    // More than one poll: the byte budget cut the first, and the next resumed past it.
    expect(polls.length).toBeGreaterThan(1);
  });

  it('delivers 5,000 records from a slow vendor (8 s a page of 100) within 20 polls, resuming exactly past each cut', async () => {
    const vendor = oldestFirstVendor({ pageSize: 100, latencyMs: 8_000 });
    const zap = simulatedZap(appTester, performFor(vendor), zapBundle);
    await zap.turnOn();
    vendor.clock.now += 60_000;
    vendor.add(5_000);
    let polls = 0;
    while (zap.triggered.length < 5_000 && polls < 20) {
      vendor.clock.now += 60_000;
      const before = vendor.clock.now;
      const fresh = await zap.poll();
      // Every record a poll returns is new: a resumed sweep repeats nothing.
      expect(fresh.length).toBeGreaterThan(0);
      expect(vendor.clock.now - before).toBeLessThanOrEqual(POLL_TIME_BUDGET_MS);
      polls += 1;
    }
    expect(polls).toBeLessThanOrEqual(20);
    const delivered = numbers(zap.triggered);
    expect(new Set(delivered).size).toBe(5_000);
    vendor.clock.now += 60_000;
    expect(await zap.poll()).toEqual([]);
  });
});

describe('turning a Zap on', () => {
  it('fires nothing that existed at turn-on, and once for a record stamped inside the margin but listed after it', async () => {
    const vendor = oldestFirstVendor({ pageSize: 500 });
    vendor.add(3, { agoMs: 2 * 3_600_000 }); // 1-3: hours old
    vendor.add(2, { agoMs: 30_000 }); // 4-5: inside the margin, listed at turn-on
    vendor.add(1, { agoMs: 20_000, listedInMs: 5_000 }); // 6: inside the margin, listed after turn-on
    vendor.add(1, { agoMs: MARGINS.replication + 60_000, listedInMs: 5_000 }); // 7: older than the margin, listed late
    const zap = simulatedZap(appTester, performFor(vendor), zapBundle);
    // Turn-on returns what lies inside the margin, for Zapier's dedupe table.
    expect(numbers(await zap.turnOn())).toEqual([5, 4]);
    expect(vendor.requests.map((request) => [request.kind, request.floor])).toEqual([
      ['turnOn', START - MARGINS.replication],
    ]);
    vendor.clock.now += 60_000;
    vendor.add(1); // 8: new after turn-on
    expect(numbers(await zap.poll())).toEqual([8, 6]);
    vendor.clock.now += 60_000;
    expect(await zap.poll()).toEqual([]);
    expect(numbers(zap.triggered)).toEqual([8, 6]);
  });

  it('cut short by its budget, still records a baseline at turn-on: nothing that existed then fires', async () => {
    const vendor = oldestFirstVendor({ pageSize: 10, latencyMs: 9_000 });
    vendor.add(100, { agoMs: 10_000 });
    const zap = simulatedZap(appTester, performFor(vendor), zapBundle);
    expect((await zap.turnOn()).length).toBe(20);
    vendor.clock.now += 60_000;
    vendor.add(2);
    expect(numbers(await zap.poll())).toEqual([102, 101]);
  });
});

describe('a throttle at turn-on', () => {
  it('never fails the turn-on: with nothing read it records a baseline at turn-on, and nothing that existed then fires', async () => {
    const vendor = oldestFirstVendor({ pageSize: 10 });
    vendor.add(30, { agoMs: 10_000 });
    const fetchPage = vendor.source.fetchPage;
    vendor.source.fetchPage = (z) =>
      Promise.reject(new z.errors.ThrottledError('Fakevendor is throttling this app.', 10));
    const zap = simulatedZap(appTester, performFor(vendor), zapBundle);
    expect(await zap.turnOn()).toEqual([]);
    vendor.source.fetchPage = fetchPage;
    vendor.clock.now += 60_000;
    vendor.add(2);
    expect(numbers(await zap.poll())).toEqual([32, 31]);
  });

  it('returns what it read before the throttle, and still fires nothing that existed at turn-on', async () => {
    const vendor = oldestFirstVendor({ pageSize: 10 });
    vendor.add(30, { agoMs: 10_000 });
    const fetchPage = vendor.source.fetchPage;
    let answers = 0;
    vendor.source.fetchPage = async (z, request) => {
      answers += 1;
      if (answers === 2) throw new z.errors.ThrottledError('Fakevendor is throttling this app.', 10);
      return fetchPage(z, request);
    };
    const zap = simulatedZap(appTester, performFor(vendor), zapBundle);
    expect(numbers(await zap.turnOn())).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    vendor.clock.now += 60_000;
    vendor.add(1);
    expect(numbers(await zap.poll())).toEqual([31]);
  });
});

describe('two polls of one Zap at once', () => {
  it('lets the second return nothing and leave the state to the first: no record lost or doubled', async () => {
    const cache = fakeCache();
    const vendor = oldestFirstVendor({ pageSize: 500 });
    const zap = simulatedZap(appTester, performFor(vendor, { cache }), zapBundle);
    await zap.turnOn();
    vendor.clock.now += 60_000;
    vendor.add(50);
    // The first poll's answer is held until the second poll has finished.
    const fetchPage = vendor.source.fetchPage;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => undefined;
    const reading = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let calls = 0;
    vendor.source.fetchPage = async (z, request) => {
      calls += 1;
      if (calls === 1) {
        entered();
        await held;
      }
      return fetchPage(z, request);
    };
    const first = zap.poll();
    await reading;
    const second = await zap.poll();
    release();
    expect(second).toEqual([]);
    expect(calls).toBe(1);
    expect((await first).length).toBe(50);
    vendor.clock.now += 60_000;
    vendor.add(1);
    expect(numbers(await zap.poll())).toEqual([51]);
    expect(new Set(numbers(zap.triggered)).size).toBe(51);
    // The lock is gone once the polls are done.
    expect([...cache.entries.keys()].filter((key) => key.endsWith(':lock'))).toEqual([]);
  });
});

describe('a Zap turned off and on again', () => {
  it('turns on even while a poll from before still holds the lock: nothing from before turn-on fires', async () => {
    const cache = fakeCache();
    const vendor = oldestFirstVendor({ pageSize: 500 });
    const before = simulatedZap(appTester, performFor(vendor, { cache }), zapBundle);
    await before.turnOn();
    vendor.clock.now += 60_000;
    vendor.add(5);
    expect(await before.poll()).toHaveLength(5);
    // The Zap's last poll before it was turned off died holding the lock (freed only by its TTL).
    const lock = [...cache.entries.keys()].find((key) => key.startsWith('poll:'))!.concat(':lock');
    await cache.set(lock, 'a dead poll', 60, undefined, true);
    // Off for a day, during which 20 purchase orders were made; then on again: a new dedupe table.
    vendor.clock.now += 24 * 60 * 60_000;
    vendor.add(20, { agoMs: 60 * 60_000 });
    const after = simulatedZap(appTester, performFor(vendor, { cache }), zapBundle);
    await after.turnOn();
    vendor.clock.now += 5 * 60_000;
    vendor.add(1);
    cache.advance(5 * 60_000);
    expect(numbers(await after.poll())).toEqual([26]);
  });
});
