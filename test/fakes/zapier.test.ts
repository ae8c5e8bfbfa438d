/**
 * The runner's Zapier limits and z.cache, through zapier-platform-core, against a stub app whose
 * triggers do what each test needs: no vendor, loopback only, small limits so each is quick.
 */
import nock from 'nock';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { startZapRunner, ZAPIER_LIMITS, type RunnerLimits, type ZapRunner } from './zapier';

jest.setTimeout(20_000);

type Perform = (z: ZObject, bundle: Bundle) => Promise<unknown>;

/** A perform that answers `value`. */
const returns =
  (value: unknown): Perform =>
  () =>
    Promise.resolve(value);

/** What the stub's perform does next; set by each test. */
let perform: Perform = returns([]);
/** The bundle.meta of every call, in order. */
let metas: Record<string, unknown>[] = [];

const trigger = (type: 'polling' | 'hook', extra: object = {}) => ({
  key: type,
  noun: 'Thing',
  display: { label: 'Thing', description: 'Triggers when a thing happens.' },
  operation: {
    type,
    perform: (z: ZObject, bundle: Bundle) => {
      metas.push({ ...bundle.meta });
      return perform(z, bundle);
    },
    sample: { id: '1' },
    ...extra,
  },
});

let active = 0;
let mostAtOnce = 0;
const STUB_APP = {
  version: '1.0.0',
  platformVersion: '19.1.0',
  triggers: {
    polling: trigger('polling'),
    hook: trigger('hook', {
      // Counts how many subscribes overlap, and lets one input make a subscribe fail.
      performSubscribe: async (z: ZObject, bundle: Bundle) => {
        metas.push({ ...bundle.meta });
        active += 1;
        mostAtOnce = Math.max(mostAtOnce, active);
        await new Promise((resolve) => setTimeout(resolve, 50));
        active -= 1;
        if (bundle.inputData.fail) throw new z.errors.Error('This one fails.');
        return { id: 'subscription' };
      },
      performUnsubscribe: () => Promise.resolve({}),
      performList: () => Promise.resolve([]),
    }),
  },
};

const ids = (...values: number[]) => values.map((value) => ({ id: String(value) }));

let runner: ZapRunner;
async function startWith(limits: Partial<RunnerLimits>): Promise<ZapRunner> {
  runner = await startZapRunner(STUB_APP, 0, { token: 'stub' }, limits);
  return runner;
}

beforeEach(() => {
  nock.enableNetConnect(/^127\.0\.0\.1:\d+$/);
  perform = returns([]);
  metas = [];
  active = 0;
  mostAtOnce = 0;
});

afterEach(async () => {
  await runner.close();
  nock.disableNetConnect();
});

it('enforces Zapier limits by default', async () => {
  await startWith({});
  expect(runner.limits).toEqual({
    performMs: 30_000,
    pollBytes: 20 * 1024 * 1024,
    floodThreshold: 100,
    dedupeIds: 105_000,
  });
  expect(ZAPIER_LIMITS.floodThreshold).toBe(100);
});

it('turns a polling Zap on with one dedupe-populating poll, and names the Zap on every call', async () => {
  await startWith({});
  perform = returns(ids(1, 2));
  const zap = await runner.turnOn('polling');
  expect([...zap.seen]).toEqual(['1', '2']);
  expect(zap.records).toEqual([]);
  perform = returns(ids(3, 2, 1));
  expect((await runner.poll(zap)).delivered).toEqual(ids(3));
  expect(metas).toEqual([
    expect.objectContaining({ isPopulatingDedupe: true, isLoadingSample: false, zap: { id: zap.id } }),
    expect.objectContaining({ isPopulatingDedupe: false, isLoadingSample: false, zap: { id: zap.id } }),
  ]);
  const other = await runner.turnOn('polling');
  expect(other.id).not.toBe(zap.id);
});

it('reports a poll past the perform limit as a failed run, delivering nothing', async () => {
  await startWith({ performMs: 100 });
  const zap = await runner.turnOn('polling');
  perform = () => new Promise((resolve) => setTimeout(() => resolve(ids(1)), 400));
  const troubles: string[] = [];
  runner.onTrouble((_, message) => troubles.push(message));
  const result = await runner.poll(zap);
  expect(result.failure).toMatch(/timed out: it ran past the 100 ms limit/);
  expect(result).toEqual({ delivered: [], held: [], failure: result.failure });
  expect(zap.failures).toEqual([result.failure]);
  expect(troubles).toEqual([result.failure]);
  expect(zap.records).toEqual([]);
});

it('fails a poll whose JSON is past the size limit, delivering nothing', async () => {
  await startWith({ pollBytes: 1_000 });
  const zap = await runner.turnOn('polling');
  perform = returns([{ id: 'big', text: 'x'.repeat(2_000) }]);
  const result = await runner.poll(zap);
  expect(result.failure).toMatch(/returned \d+ bytes of JSON, past the 1000 byte limit/);
  expect(zap.records).toEqual([]);
  expect(zap.seen.has('big')).toBe(false);
});

it('counts a flood of new records as held by flood protection, then delivers them as the user plays them', async () => {
  await startWith({ floodThreshold: 3 });
  const zap = await runner.turnOn('polling');
  perform = returns(ids(1, 2, 3));
  expect((await runner.poll(zap)).delivered).toHaveLength(3);
  perform = returns(ids(7, 6, 5, 4, 3));
  const flood = await runner.poll(zap);
  expect(flood).toEqual({ delivered: ids(7, 6, 5, 4), held: ids(7, 6, 5, 4), failure: null });
  expect(zap.held).toHaveLength(4);
  expect(zap.records).toHaveLength(7);
  // Held records are seen: the next poll does not hold or deliver them again.
  expect(await runner.poll(zap)).toEqual({ delivered: [], held: [], failure: null });
});

it('keeps at most the cap of ids per Zap, the oldest dropped', async () => {
  await startWith({ dedupeIds: 4 });
  perform = returns(ids(1, 2, 3));
  const zap = await runner.turnOn('polling');
  perform = returns(ids(6, 5, 4));
  await runner.poll(zap);
  expect([...zap.seen]).toEqual(['3', '6', '5', '4']);
  perform = returns(ids(1));
  expect((await runner.poll(zap)).delivered).toEqual(ids(1));
});

it('serves z.cache over core RPC: get, set with ttl and nx, delete, scopes, shared by Zaps', async () => {
  await startWith({});
  const zapA = await runner.turnOn('polling');
  const zapB = await runner.turnOn('polling');
  const steps: unknown[] = [];
  perform = async (z) => {
    steps.push(await z.cache.set('lock', { owner: 'A' }, 60, undefined, true));
    steps.push(await z.cache.set('lock', { owner: 'A again' }, 60, undefined, true));
    steps.push(await z.cache.set('short', 'soon gone', 1));
    steps.push(await z.cache.set('mine', 'connection', undefined, ['auth']));
    return [];
  };
  await runner.poll(zapA);
  perform = async (z) => {
    steps.push(await z.cache.get('lock'));
    steps.push(await z.cache.set('lock', { owner: 'B' }, 60, undefined, true));
    steps.push(await z.cache.get('mine'));
    // Core's typings omit get's scope, which core passes on to the RPC.
    steps.push(await (z.cache.get as (key: string, scope: string[]) => Promise<unknown>)('mine', ['auth']));
    steps.push(await z.cache.delete('lock'));
    steps.push(await z.cache.delete('lock'));
    steps.push(await z.cache.set('lock', { owner: 'B' }, 60, undefined, true));
    return [];
  };
  await runner.poll(zapB);
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  perform = async (z) => {
    steps.push(await z.cache.get('short'));
    return [];
  };
  await runner.poll(zapA);
  expect(zapA.failures.concat(zapB.failures)).toEqual([]);
  expect(steps).toEqual([true, false, true, true, { owner: 'A' }, false, null, 'connection', true, false, true, null]);
});

it('turns several Zaps on and off at once, each outcome its own', async () => {
  await startWith({});
  const outcomes = await runner.turnOnMany([
    { triggerKey: 'hook' },
    { triggerKey: 'hook', inputData: { fail: true } },
    { triggerKey: 'hook' },
  ]);
  expect(mostAtOnce).toBe(3);
  expect(outcomes.map((outcome) => outcome.error)).toEqual([null, 'This one fails.', null]);
  expect(metas.every((meta) => typeof (meta.zap as { id?: unknown }).id === 'string')).toBe(true);
  const live = outcomes.flatMap((outcome) => (outcome.zap ? [outcome.zap] : []));
  expect(runner.zaps).toHaveLength(2);
  expect(await runner.turnOffMany(live)).toEqual([null, null]);
  expect(runner.zaps).toEqual([]);
});
