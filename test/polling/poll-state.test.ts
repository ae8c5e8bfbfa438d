import { errors, type Bundle, type ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod';
import {
  POLL_STATE_VERSION,
  decodeState,
  encodeState,
  pollStateKey,
  type PollState,
} from '../../src/polling/poll-state';
import { poll, type PollSource } from '../../src/polling/poller';
import { fakeCache, type FakeCache } from '../fakes/zcache';

type Item = { id: number };
type Extra = { versions: Record<string, string> };

/** A list of ids 1..count walked newest first, with an id floor and a table of versions kept in `extra`. */
function source(
  count: () => number,
  overrides: Partial<PollSource<Item, { above: number }, number, { id: string }, Extra>> = {},
) {
  const floors: ({ above: number } | null)[] = [];
  const base: PollSource<Item, { above: number }, number, { id: string }, Extra> = {
    vendor: 'Fakevendor',
    maxPageSize: 100,
    fetchPage: (_z, request) => {
      floors.push(request.floor);
      const below = request.cursor ?? count() + 1;
      const items: Item[] = [];
      for (let id = below - 1; id >= 1 && items.length < request.limit; id -= 1) items.push({ id });
      return Promise.resolve({ items, received: items.length, bytes: items.length * 10 });
    },
    cursorAfter: (item) => item.id,
    isBelowFloor: (item, floor) => item.id <= floor.above,
    nextFloor: ({ firstPage, floor }) => ({ above: Math.max(floor?.above ?? 0, ...firstPage.map((item) => item.id)) }),
    fallbackFloor: () => ({ above: count() - 2 }),
    toRecord: (item) => ({ id: `fake:${item.id}` }),
    recency: () => null,
    floorSchema: zod.strictObject({ above: zod.number().int() }),
    cursorSchema: zod.number().int(),
    extra: {
      schema: zod.strictObject({ versions: zod.record(zod.string(), zod.string()) }),
      initial: () => ({ versions: {} }),
    },
    finish: (_z, { records, extra }) => {
      for (const record of records) extra.versions[record.id] = 'v1';
      return Promise.resolve(records);
    },
    ...overrides,
  };
  return { source: base, floors };
}

const bundle = (meta: object = {}) =>
  ({
    authData: {},
    inputData: {},
    meta: { isLoadingSample: false, zap: { id: 'zap-1' }, ...meta },
  }) as unknown as Bundle;

function fakeZ(cache: FakeCache) {
  const logs: string[] = [];
  const z = { console: { log: (text: string) => logs.push(text) }, cache, errors } as unknown as ZObject;
  return { z, logs };
}

const key = pollStateKey(bundle(), 'fake_trigger', {})!;
const run = (
  z: ZObject,
  cache: FakeCache,
  src: PollSource<Item, { above: number }, number, { id: string }, Extra>,
  meta: object = {},
) => poll({ z, bundle: bundle(meta), triggerKey: 'fake_trigger', filters: {}, cache }, src);

describe('the per-Zap state slot', () => {
  it("keeps the poller's progress and the source's own state in one entry that survives JSON unchanged", async () => {
    let count = 5;
    const cache = fakeCache();
    const { z } = fakeZ(cache);
    const { source: src } = source(() => count);
    await run(z, cache, src, { isPopulatingDedupe: true });
    count = 8;
    expect((await run(z, cache, src)).map((record) => record.id)).toEqual(['fake:8', 'fake:7', 'fake:6']);
    expect([...cache.entries.keys()]).toEqual([key]);
    const saved = cache.entries.get(key)?.value;
    expect(JSON.parse(JSON.stringify(saved))).toEqual(saved);
    expect(saved).toEqual({
      version: POLL_STATE_VERSION,
      floor: { above: 8 },
      sweep: null,
      largestPage: 8,
      resweep: false,
      extra: { versions: Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8].map((n) => [`fake:${n}`, 'v1'])) },
    });
  });

  it.each([
    ['a malformed value', 'not a state', /it is damaged/],
    [
      'a value with no floor',
      { version: POLL_STATE_VERSION, sweep: null, largestPage: 0, resweep: false, extra: { versions: {} } },
      /it is damaged \(floor\)/,
    ],
    [
      'a stale version',
      { version: 1, floor: { above: 3 }, sweep: null, largestPage: 0 },
      /written by another version \(1\)/,
    ],
    [
      'a foreign floor',
      {
        version: POLL_STATE_VERSION,
        floor: { after: '2026-01-01' },
        sweep: null,
        largestPage: 0,
        resweep: false,
        extra: { versions: {} },
      },
      /its floor is not this trigger's/,
    ],
    [
      'a foreign cursor',
      {
        version: POLL_STATE_VERSION,
        floor: { above: 3 },
        sweep: { cursor: 'abc', nextFloor: { above: 9 } },
        largestPage: 0,
        resweep: false,
        extra: { versions: {} },
      },
      /its cursor is not this trigger's/,
    ],
    [
      "the source's own state damaged",
      {
        version: POLL_STATE_VERSION,
        floor: { above: 3 },
        sweep: null,
        largestPage: 0,
        resweep: false,
        extra: { versions: [1] },
      },
      /its own state is not this trigger's/,
    ],
  ])(
    'starts afresh from the fallback floor on %s, saying so, and saves a good state',
    async (_name, stored, problem) => {
      const cache = fakeCache();
      await cache.set(key, stored);
      const { z, logs } = fakeZ(cache);
      const { source: src, floors } = source(() => 10);
      // The fallback floor: the last two only, never the whole list.
      expect((await run(z, cache, src)).map((record) => record.id)).toEqual(['fake:10', 'fake:9']);
      expect(floors).toEqual([{ above: 8 }]);
      expect(logs[0]).toMatch(/^No usable polling progress for this Zap \(/);
      expect(logs[0]).toMatch(problem);
      expect(
        decodeState(cache.entries.get(key)?.value, {
          floor: src.floorSchema,
          cursor: src.cursorSchema,
          extra: src.extra?.schema,
        }).problem,
      ).toBeNull();
    },
  );

  it('lets the source finish inside the lock: a record it adds is ordered with the rest, and its own state is saved', async () => {
    const cache = fakeCache();
    const { z } = fakeZ(cache);
    const { source: src } = source(() => 10, {
      finish: (_z, { kind, records, extra }) => {
        extra.versions.finished = kind;
        return Promise.resolve([{ id: 'fake:100' }, ...records].reverse());
      },
    });
    expect((await run(z, cache, src)).map((record) => record.id)).toEqual(['fake:100', 'fake:10', 'fake:9']);
    expect(cache.entries.get(key)?.value).toMatchObject({ extra: { versions: { finished: 'poll' } } });
  });

  it('starts afresh when the cache cannot give the value back at all', async () => {
    const cache = fakeCache();
    const { z, logs } = fakeZ(cache);
    const get = cache.get.bind(cache);
    cache.get = async (asked) => {
      if (asked === key) throw new SyntaxError('Unexpected token o in JSON at position 1');
      return get(asked);
    };
    const { source: src } = source(() => 10);
    expect((await run(z, cache, src)).map((record) => record.id)).toEqual(['fake:10', 'fake:9']);
    expect(logs[0]).toMatch(/it could not be read \(Unexpected token/);
  });

  it('never saves a circular value: the poll still returns its records and the next starts afresh', async () => {
    const cache = fakeCache();
    const { z, logs } = fakeZ(cache);
    const circular: { above: number; self?: unknown } = { above: 10 };
    circular.self = circular;
    const { source: src } = source(() => 10, { nextFloor: () => circular });
    expect((await run(z, cache, src)).map((record) => record.id)).toEqual(['fake:10', 'fake:9']);
    expect(logs.at(-1)).toMatch(
      /^This Zap's polling progress was not saved: .*circular.*\. The next poll starts afresh\.$/,
    );
    expect(cache.entries.has(key)).toBe(false);
  });

  it('refuses to encode what would not come back from JSON the same: circular, BigInt, Date, undefined', () => {
    const state = (floor: unknown): PollState<unknown, number, null> => ({
      version: POLL_STATE_VERSION,
      floor,
      sweep: null,
      largestPage: 0,
      resweep: false,
      extra: null,
    });
    const circular: Record<string, unknown> = {};
    circular.me = circular;
    expect(encodeState(state(circular)).ok).toBe(false);
    expect(encodeState(state({ above: 1n })).ok).toBe(false);
    expect(encodeState(state({ at: new Date(0) })).ok).toBe(false);
    expect(encodeState(state({ above: 1, since: undefined })).ok).toBe(false);
    // One object in two places is no cycle: it encodes as two equal copies.
    const shared = { above: 1 };
    const twice = { ...state(shared), sweep: { cursor: null, nextFloor: shared } };
    expect(encodeState(twice)).toEqual({ ok: true, value: JSON.parse(JSON.stringify(twice)) as unknown });
  });
});
