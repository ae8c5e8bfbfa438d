/**
 * Zaps turned on and off at the same moment on one ZORT store. The fake ZORT holds each answer
 * for a few event-loop turns, so concurrent runs read and write interleaved; the runs share one
 * z.cache that honours set-if-absent and TTLs (core's test double does not). Each run goes
 * through the app's own middleware on its own copy of the app (the app tester's ad hoc function
 * slot is per app object).
 */
import nock from 'nock';
import { createAppTester, type Bundle, type ZObject } from 'zapier-platform-core';
import app from '../../../src';
import { TRIGGER_KEYS } from '../../helpers/contract-keys';
import {
  subscribeToZort,
  unsubscribeFromZort,
  type WebhookChangeDeps,
} from '../../../src/vendors/zort/webhook-changes';
import type { ZortSubscription } from '../../../src/vendors/zort/subscription';
import { fakeCache, type FakeCache } from '../../fakes/zcache';
import { BLANK_CONFIG, ZORT_AUTH, fakeZort } from '../../fakes/zort';
import { errorDetails } from '../../helpers/zapier';

const FIELDS: Record<string, { field: string; method: string }> = {
  [TRIGGER_KEYS.zortCreated]: { field: 'addpurchaseurl', method: 'ADDPURCHASEORDER' },
  [TRIGGER_KEYS.zortUpdated]: { field: 'updatepurchaseurl', method: 'UPDATEPURCHASEORDER' },
  [TRIGGER_KEYS.zortPaymentUpdated]: { field: 'updatepurchasepaymenturl', method: 'UPDATEPURCHASEORDERPAYMENT' },
  [TRIGGER_KEYS.zortReturnCreated]: { field: 'addreturnpurchaseurl', method: 'ADDRETURNPURCHASEORDER' },
  [TRIGGER_KEYS.zortReturnUpdated]: { field: 'updatereturnpurchaseurl', method: 'UPDATERETURNPURCHASEORDER' },
  [TRIGGER_KEYS.zortReturnPaymentUpdated]: {
    field: 'updatereturnpurchasepaymenturl',
    method: 'UPDATERETURNPURCHASEORDERPAYMENT',
  },
};
const TRIGGERS = Object.values(FIELDS);
const CREATED = FIELDS[TRIGGER_KEYS.zortCreated]!;
const zapUrl = (n: number) => `https://hooks.zapier.com/hooks/standard/${n}/zap${n}/`;
const OTHER = 'https://erp.example/purchases';

let cache: FakeCache;
let deps: WebhookChangeDeps;
beforeEach(() => {
  cache = fakeCache();
  // A run waiting for the lock sleeps until the holder lets go, not for real time: each of its
  // bounded polls then sees a different holder, however slowly the fake ZORT answers.
  deps = { cacheOf: () => cache, sleep: () => cache.untilFree('zort:webhook-lock:') };
});

/** Sleeping moves the fake cache's clock: a lock nobody releases expires by its TTL. */
const sleepOnTheClock = async (ms: number) => {
  cache.advance(ms);
  await new Promise((resolve) => setImmediate(resolve));
};

const run = <T>(work: (z: ZObject, bundle: Bundle) => Promise<T>, bundle: object): Promise<T> =>
  createAppTester({ ...app })(work, { authData: ZORT_AUTH, inputData: {}, ...bundle } as Partial<Bundle>);
const turnOn = (trigger: { field: string; method: string }, url: string, replace = false) =>
  run((z, bundle) => subscribeToZort(z, bundle, trigger, replace, deps), { targetUrl: url });
const turnOff = (subscription: ZortSubscription) =>
  run((z, bundle) => unsubscribeFromZort(z, bundle, deps), { subscribeData: subscription });

const SIZES = [2, 3, 4, 5, 6];

describe.each(SIZES)('%i Zaps turned on at once', (count) => {
  const urls = Array.from({ length: count }, (_, index) => zapUrl(index + 1));

  it('on different events: every URL arrives, all with the one key1 ZORT holds', async () => {
    const zort = fakeZort({ ...BLANK_CONFIG }, { delayTurns: 3 });
    const subscriptions = await Promise.all(urls.map((url, index) => turnOn(TRIGGERS[index]!, url)));
    for (const [index, url] of urls.entries()) expect(zort.config[TRIGGERS[index]!.field]).toBe(url);
    expect(new Set(subscriptions.map((subscription) => subscription.key1))).toEqual(new Set([zort.config.key1]));
    expect(zort.config.addorderurl).toBe('https://erp.example/orders');
  });

  it('on one event, replacing: each records the URL it really replaced, and turning all off gives the field back', async () => {
    const zort = fakeZort({ ...BLANK_CONFIG, addpurchaseurl: OTHER }, { delayTurns: 3 });
    const subscriptions = await Promise.all(urls.map((url) => turnOn(CREATED, url, true)));
    expect(new Set(subscriptions.map((subscription) => subscription.key1))).toEqual(new Set([zort.config.key1]));
    // One chain: OTHER <- first <- ... <- last, the last in the field. No URL dropped out of it.
    const replaced = subscriptions.map((subscription) => subscription.replaced_url);
    expect(new Set(replaced)).toEqual(new Set([OTHER, ...urls.filter((url) => url !== zort.config.addpurchaseurl)]));
    await Promise.all(subscriptions.map(turnOff));
    expect(zort.config.addpurchaseurl).toBe(OTHER);
  });

  it('on one event, not replacing: one takes it, the others are told who holds it', async () => {
    const zort = fakeZort({ ...BLANK_CONFIG }, { delayTurns: 3 });
    const outcomes = await Promise.allSettled(urls.map((url) => turnOn(CREATED, url)));
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(zort.config.addpurchaseurl).toBe((won[0] as PromiseFulfilledResult<ZortSubscription>).value.url);
    for (const outcome of outcomes.filter((candidate) => candidate.status === 'rejected')) {
      expect(errorDetails(outcome.reason as Error).message).toMatch(
        new RegExp(
          `^ZORT sends each event to one URL per store, and "ADDPURCHASEORDER" already goes to ${zort.config.addpurchaseurl}\\.`,
        ),
      );
    }
  });

  it('while as many others are turned off: the ones off leave no URL, the ones on all arrive', async () => {
    const zort = fakeZort({ ...BLANK_CONFIG }, { delayTurns: 3 });
    const leaving: ZortSubscription[] = [];
    for (const [index] of urls.entries()) leaving.push(await turnOn(TRIGGERS[index]!, zapUrl(100 + index)));
    await Promise.all([
      ...leaving.map(turnOff),
      ...urls.map((url, index) => turnOn(TRIGGERS[(index + 1) % TRIGGERS.length]!, url, true)),
    ]);
    for (const [index, url] of urls.entries())
      expect(zort.config[TRIGGERS[(index + 1) % TRIGGERS.length]!.field]).toBe(url);
    for (const [index] of urls.entries()) {
      const field = TRIGGERS[index]!.field;
      if (!urls.some((_, other) => TRIGGERS[(other + 1) % TRIGGERS.length]!.field === field))
        expect(zort.config[field]).toBe('');
    }
    const dead = new Set(leaving.map((subscription) => subscription.url));
    expect(Object.values(zort.config).filter((value) => dead.has(value))).toEqual([]);
  });
});

describe('"Replace the Existing Webhook" chains', () => {
  it('A on, B replaces, C replaces, B off, C off: A, still on, gets the field back; A off: blank', async () => {
    const zort = fakeZort({ ...BLANK_CONFIG });
    const a = await turnOn(CREATED, zapUrl(1));
    const b = await turnOn(CREATED, zapUrl(2), true);
    const c = await turnOn(CREATED, zapUrl(3), true);
    await turnOff(b);
    expect(zort.config.addpurchaseurl).toBe(c.url);
    await turnOff(c);
    expect(zort.config.addpurchaseurl).toBe(a.url);
    await turnOff(a);
    expect(zort.config.addpurchaseurl).toBe('');
  });

  it('never brings back a Zap that is off: A on, B, C replace, A off, B off, C off ends blank', async () => {
    const zort = fakeZort({ ...BLANK_CONFIG });
    const a = await turnOn(CREATED, zapUrl(1));
    const b = await turnOn(CREATED, zapUrl(2), true);
    const c = await turnOn(CREATED, zapUrl(3), true);
    await Promise.all([turnOff(a), turnOff(b)]);
    expect(zort.config.addpurchaseurl).toBe(c.url);
    await turnOff(c);
    expect(zort.config.addpurchaseurl).toBe('');
  });

  it('gives back a URL set in ZORT by hand, past Zaps that are off', async () => {
    const zort = fakeZort({ ...BLANK_CONFIG, addpurchaseurl: OTHER });
    const a = await turnOn(CREATED, zapUrl(1), true);
    const b = await turnOn(CREATED, zapUrl(2), true);
    await turnOff(a);
    await turnOff(b);
    expect(zort.config.addpurchaseurl).toBe(OTHER);
  });

  it('B and C turned off at the same moment: A gets the field back', async () => {
    const zort = fakeZort({ ...BLANK_CONFIG }, { delayTurns: 3 });
    const a = await turnOn(CREATED, zapUrl(1));
    const b = await turnOn(CREATED, zapUrl(2), true);
    const c = await turnOn(CREATED, zapUrl(3), true);
    await Promise.all([turnOff(c), turnOff(b)]);
    expect(zort.config.addpurchaseurl).toBe(a.url);
  });
});

describe('when the store keeps changing, or another run holds the lock', () => {
  it('retries a write that did not stick, then says what to do', async () => {
    let edits = 0;
    const zort = fakeZort(
      { ...BLANK_CONFIG },
      {
        afterUpdate: (config) => {
          edits += 1;
          config.key1 = `changed-by-hand-${edits}`;
        },
      },
    );
    const error = (await turnOn(CREATED, zapUrl(1)).catch((e: Error) => e)) as Error;
    expect(errorDetails(error).message).toMatch(
      /^ZORT's webhook settings for this store changed under this Zap 3 times while it was being turned on: something else is editing them too .* then turn this Zap on again\./,
    );
    expect(zort.updates).toHaveLength(3);
  });

  it('retries once and succeeds when an outside change happened only once', async () => {
    let interfered = false;
    const zort = fakeZort(
      { ...BLANK_CONFIG },
      {
        afterUpdate: (config) => {
          if (!interfered) config.key1 = 'changed-by-hand';
          interfered = true;
        },
      },
    );
    const a = await turnOn(CREATED, zapUrl(1));
    expect(a.key1).toBe('changed-by-hand');
    expect(zort.config).toMatchObject({ addpurchaseurl: a.url, key1: a.key1 });
  });

  it('waits a bounded time for a lock another run holds, then asks to try again', async () => {
    const zort = fakeZort({ ...BLANK_CONFIG });
    await turnOn(CREATED, zapUrl(1));
    deps = { ...deps, sleep: sleepOnTheClock };
    const lockKey = [...cache.entries.keys()][0]!.replace('registry', 'lock');
    await cache.set(lockKey, 'another run', 300, undefined, true);
    const error = (await turnOn(FIELDS[TRIGGER_KEYS.zortUpdated]!, zapUrl(2)).catch((e: Error) => e)) as Error;
    expect(errorDetails(error).message).toBe(
      "Another Zap is changing this ZORT store's webhook settings and has not finished within 10 seconds. Wait a minute, then turn this Zap on again.",
    );
    expect(zort.config.updatepurchaseurl).toBe('');
  });

  it('names the store in cache keys only by a hash', async () => {
    fakeZort({ ...BLANK_CONFIG });
    await turnOn(CREATED, zapUrl(1));
    const keys = [...cache.entries.keys()];
    expect(keys).toEqual([expect.stringMatching(/^zort:webhook-registry:[0-9a-f]{32}$/)]);
  });

  it('outside Zapier, where z.cache cannot be reached, changes the webhook without the lock and says so', async () => {
    const zort = fakeZort({ ...BLANK_CONFIG });
    const noRpc = () => Promise.reject(new Error('No token found - cannot call RPC'));
    deps = { ...deps, cacheOf: () => ({ get: noRpc, set: noRpc, delete: noRpc }) };
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const a = await turnOn(CREATED, zapUrl(1));
      expect(zort.config.addpurchaseurl).toBe(a.url);
      expect(log.mock.calls.flat().join('\n')).toMatch(/z\.cache is not available outside Zapier/);
    } finally {
      log.mockRestore();
    }
  });
});

describe('a subscribe that fails after ZORT took the URL', () => {
  it('gives the field back when the read-back fails, since Zapier will never unsubscribe this Zap', async () => {
    const stored: Record<string, string> = {
      ...BLANK_CONFIG,
      key1: 'k1',
      key2: 'k2',
      key3: 'k3',
      addpurchaseurl: OTHER,
    };
    const writes: Record<string, string>[] = [];
    let reads = 0;
    nock('https://open-api.zortout.com')
      .persist()
      .get('/v4/Webhook/GetWebhook')
      .reply(() => {
        reads += 1;
        return reads === 2 ? [503, 'Service Unavailable'] : [200, { ...stored, res: { resCode: '200' } }];
      })
      .post('/v4/Webhook/UpdateWebhook')
      .reply((_uri, body) => {
        const config = (typeof body === 'string' ? JSON.parse(body) : body) as Record<string, string>;
        writes.push(config);
        Object.assign(stored, config);
        return [200, { res: { resCode: '200' } }];
      });
    const error = (await turnOn(CREATED, zapUrl(1), true).catch((e: Error) => e)) as Error;
    expect(error.name).toBe('ThrottledError');
    expect(writes.map((config) => config.addpurchaseurl)).toEqual([zapUrl(1), OTHER]);
    expect(stored.addpurchaseurl).toBe(OTHER);
  });

  it('gives the field back when UpdateWebhook landed but answered with an error', async () => {
    const stored: Record<string, string> = {
      ...BLANK_CONFIG,
      key1: 'k1',
      key2: 'k2',
      key3: 'k3',
      addpurchaseurl: OTHER,
    };
    const writes: Record<string, string>[] = [];
    nock('https://open-api.zortout.com')
      .persist()
      .get('/v4/Webhook/GetWebhook')
      .reply(() => [200, { ...stored, res: { resCode: '200' } }])
      .post('/v4/Webhook/UpdateWebhook')
      .reply((_uri, body) => {
        const config = (typeof body === 'string' ? JSON.parse(body) : body) as Record<string, string>;
        writes.push(config);
        Object.assign(stored, config);
        return writes.length === 1 ? [502, 'Bad Gateway'] : [200, { res: { resCode: '200' } }];
      });
    const error = (await turnOn(CREATED, zapUrl(1), true).catch((e: Error) => e)) as Error;
    expect(error.name).toBe('ThrottledError');
    expect(writes.map((config) => config.addpurchaseurl)).toEqual([zapUrl(1), OTHER]);
    expect(stored.addpurchaseurl).toBe(OTHER);
  });

  it('stays on when only its own record cannot be written: ZORT holds the URL', async () => {
    const zort = fakeZort({ ...BLANK_CONFIG });
    const failingCache = cache;
    deps = {
      ...deps,
      cacheOf: () => ({
        ...failingCache,
        get: (key: string) => failingCache.get(key),
        delete: (key: string) => failingCache.delete(key),
        set: (key: string, value: unknown, ttl?: number, scope?: undefined, nx?: boolean) =>
          key.includes('registry')
            ? Promise.reject(new Error('zcache_set failed: 503'))
            : failingCache.set(key, value, ttl, scope, nx),
      }),
    };
    const subscription = await turnOn(CREATED, zapUrl(1));
    expect(zort.config.addpurchaseurl).toBe(zapUrl(1));
    expect(subscription).toMatchObject({ url: zapUrl(1), field: 'addpurchaseurl' });
  });
});
