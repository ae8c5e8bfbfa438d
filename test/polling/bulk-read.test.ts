import { errors, type Bundle, type ZObject } from 'zapier-platform-core';
import {
  BULK_LIMITS,
  bulkRead,
  listedHistorySource,
  type BulkLimits,
  type ListedPage,
} from '../../src/polling/bulk-read';

type Row = { id: number };

/** z with Zapier's cursor (one store key) and errors; the log kept. */
function fakeZ() {
  const state = { cursor: null as string | null, logs: [] as string[] };
  const z = {
    cursor: {
      get: () => Promise.resolve(state.cursor),
      set: (value: string) => {
        state.cursor = value;
        return Promise.resolve(null);
      },
    },
    errors,
    console: { log: (message: string) => state.logs.push(message) },
  } as unknown as ZObject;
  return { z, state };
}

/** A numbered list over `rows` (oldest first unless reversed), with throttles to play. */
function list(
  rows: Row[],
  options: {
    missing?: Set<number>;
    throttle?: (page: number, call: number) => number | null;
    bytesPerRow?: number;
  } = {},
) {
  let calls = 0;
  const requests: number[] = [];
  const fetch = (page: number, size: number): Promise<ListedPage<Row>> => {
    calls += 1;
    const delay = options.throttle?.(page, calls) ?? null;
    if (delay !== null) return Promise.reject(new errors.ThrottledError('Slow down.', delay));
    requests.push(page);
    const slice = rows.slice((page - 1) * size, page * size);
    return Promise.resolve({
      rows: slice.flatMap((item, index) => (options.missing?.has(item.id) ? [] : [{ index, item }])),
      received: slice.length,
      bytes: slice.length * (options.bytesPerRow ?? 100),
      count: rows.length,
      end: undefined,
    });
  };
  return { fetch, requests };
}

const rowsUpTo = (count: number) => Array.from({ length: count }, (_, index) => ({ id: index + 1 }));
const bundle = (page: number) => ({ meta: { isBulkRead: true, page } }) as unknown as Bundle;
const source = (z: ZObject, fetch: ReturnType<typeof list>['fetch'], pageSize = 10) =>
  listedHistorySource<Row, { id: string }>({
    vendor: 'Vendor',
    pageSize,
    fetch,
    newer: (a, b) => Math.sign(a.id - b.id),
    key: (row) => String(row.id),
    toRecord: (row) => ({ id: String(row.id) }),
    log: (message) => z.console.log(message),
  });

async function wholeTransfer(z: ZObject, read: (page: number) => Promise<{ id: string }[]>) {
  const pages: { id: string }[][] = [];
  for (let page = 0; page < 100; page += 1) {
    const records = await read(page);
    if (records.length === 0) return pages;
    pages.push(records);
  }
  throw new Error('no end');
}

const few = (maxRequests: number): BulkLimits => ({ ...BULK_LIMITS, maxRequests });

describe('bulkRead over a numbered list', () => {
  it('ends a page at its request budget and goes on exactly there, and ends with an end marker', async () => {
    const { z, state } = fakeZ();
    const { fetch } = list(rowsUpTo(35));
    const pages = await wholeTransfer(z, (page) => bulkRead(z, bundle(page), source(z, fetch), { limits: few(2) }));
    // Page 0 reads page 1 to anchor (35 rows, oldest first) and page 4; each later page reads the
    // page of the last row sent (to see whether rows shifted) and one more.
    const from = (high: number, low: number) => Array.from({ length: high - low + 1 }, (_, index) => high - index);
    expect(pages.map((page) => page.map((record) => Number(record.id)))).toEqual([
      from(35, 31),
      from(30, 21),
      from(20, 11),
      from(10, 1),
    ]);
    expect(JSON.parse(state.cursor ?? '')).toEqual({ v: 1, end: true });
  });

  it('waits out a throttle while the page has nothing, and ends a page early at one once it has records', async () => {
    const { z } = fakeZ();
    const waits: number[] = [];
    // The first call is throttled for 2 s, and the fourth (page 2, after rows 30 to 21 were read) too.
    const { fetch } = list(rowsUpTo(30), { throttle: (_page, call) => (call === 1 || call === 4 ? 2 : null) });
    const read = (page: number) =>
      bulkRead(z, bundle(page), source(z, fetch), { sleep: (ms) => Promise.resolve(void waits.push(ms)) });
    const first = await read(0);
    expect(waits).toEqual([2000]);
    expect(first.map((record) => Number(record.id))).toEqual([30, 29, 28, 27, 26, 25, 24, 23, 22, 21]);
    expect((await read(1)).map((record) => Number(record.id))).toEqual([
      20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1,
    ]);
    expect(waits).toEqual([2000]);
  });

  it('throws ThrottledError rather than return an empty page when a throttle outlasts the budget', async () => {
    const { z, state } = fakeZ();
    const { fetch } = list(rowsUpTo(5), { throttle: () => 60 });
    const error = (await bulkRead(z, bundle(0), source(z, fetch)).catch((reason: Error) => reason)) as Error;
    expect(error.name).toBe('ThrottledError');
    expect(state.cursor).toBeNull();
  });

  it('returns what it read when throttled mid-page, and the next page resumes at the first row not returned', async () => {
    const { z } = fakeZ();
    let throttled = false;
    const { fetch } = list(rowsUpTo(25), {
      throttle: (page) => {
        if (page === 2 && !throttled) {
          throttled = true;
          return 30;
        }
        return null;
      },
    });
    const first = await bulkRead(z, bundle(0), source(z, fetch));
    // Page 1 (rows 1-10) read to anchor, then 21-25 from page 3; page 2 throttled.
    expect(first.map((record) => record.id)).toEqual(['25', '24', '23', '22', '21']);
    const second = await bulkRead(z, bundle(1), source(z, fetch));
    expect(second.map((record) => Number(record.id))).toEqual([
      20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1,
    ]);
  });

  it('walks past rows it cannot use (left out of the page) without returning an empty page before the end', async () => {
    const { z } = fakeZ();
    const missing = new Set(
      rowsUpTo(20)
        .map((row) => row.id)
        .filter((id) => id > 2),
    );
    const { fetch } = list(rowsUpTo(20), { missing });
    const pages = await wholeTransfer(z, (page) => bulkRead(z, bundle(page), source(z, fetch), { limits: few(2) }));
    expect(pages).toEqual([[{ id: '2' }, { id: '1' }]]);
  });

  it('keeps a page within its byte budget for records, never empty', async () => {
    const { z } = fakeZ();
    const { fetch } = list(rowsUpTo(12), { bytesPerRow: 1 });
    const record = Buffer.byteLength(JSON.stringify({ id: '10' }));
    const pages = await wholeTransfer(z, (page) =>
      bulkRead(z, bundle(page), source(z, fetch), { limits: { ...BULK_LIMITS, maxBytes: record * 5 } }),
    );
    expect(pages.map((page) => page.length)).toEqual([5, 5, 2]);
  });

  it('says so in the log when the list is in no order of time', async () => {
    const { z, state } = fakeZ();
    const { fetch } = list([3, 1, 2, 5, 4, 6, 7, 8, 9, 10].map((id) => ({ id })));
    await bulkRead(z, bundle(0), source(z, fetch, 5), { limits: few(2) });
    expect(state.logs).toEqual([
      'Vendor listed its purchase orders in no order of time: the transfer sends each once, from the end of the list where new ones appear.',
    ]);
  });

  it('ends, and says why, when the list got shorter than the place it had reached', async () => {
    const { z, state } = fakeZ();
    const rows = rowsUpTo(15);
    const { fetch } = list(rows);
    expect(await bulkRead(z, bundle(0), source(z, fetch, 5), { limits: few(2) })).toEqual(
      ['15', '14', '13', '12', '11'].map((id) => ({ id })),
    );
    rows.splice(0, 11);
    expect(await bulkRead(z, bundle(1), source(z, fetch, 5))).toEqual([]);
    expect(state.logs).toEqual([
      "Vendor's list became shorter during the transfer (purchase orders removed): it ends here.",
    ]);
  });
});
