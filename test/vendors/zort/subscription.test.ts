import nock from 'nock';
import { createAppTester, type Bundle } from 'zapier-platform-core';
import app from '../../../src';
import { TRIGGER_KEYS } from '../../helpers/contract-keys';
import {
  EMPTY_REGISTRY,
  planSubscribe,
  planUnsubscribe,
  recordSubscribe,
  recordUnsubscribe,
  restoreTarget,
  type ZortRegistry,
} from '../../../src/vendors/zort/subscription';
import { BLANK_CONFIG, ZORT_AUTH, fakeZort } from '../../fakes/zort';
import { errorDetails, expectHalted, hookBundle } from '../../helpers/zapier';
import { fakeCache } from '../../fakes/zcache';
import { appTrigger } from '../../helpers/triggers';
import { checkDeliveryKey } from '../../../src/vendors/zort/webhook-changes';

// A tester per test: core's cache double (which holds the per-store record) starts empty.
let appTester = createAppTester(app);
beforeEach(() => {
  appTester = createAppTester(app);
});
const trigger = appTrigger;
const created = trigger(TRIGGER_KEYS.zortCreated);
const updated = trigger(TRIGGER_KEYS.zortUpdated);

const ZAP_A = 'https://hooks.zapier.com/hooks/standard/1/aaa/';
const ZAP_B = 'https://hooks.zapier.com/hooks/standard/2/bbb/';
const OTHER = 'https://erp.example/purchases';

const subscribe = (operation: typeof created, targetUrl: string, inputData: Record<string, unknown> = {}) =>
  appTester(operation.operation.performSubscribe, {
    authData: ZORT_AUTH,
    targetUrl,
    inputData,
  } as unknown as Partial<Bundle>);
const unsubscribe = (operation: typeof created, subscribeData: object) =>
  appTester(operation.operation.performUnsubscribe, {
    authData: ZORT_AUTH,
    subscribeData,
  } as unknown as Partial<Bundle>);

describe('subscribing against a recorded ZORT', () => {
  it('subscribe A, subscribe B, unsubscribe A: leaves B, every other URL and the keys intact', async () => {
    const zort = fakeZort({ ...BLANK_CONFIG, key2: 'existing-key2' });
    const a = await subscribe(created, ZAP_A);
    expect(a).toEqual({
      field: 'addpurchaseurl',
      url: ZAP_A,
      key1: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as unknown,
      replaced_url: null,
    });
    expect(zort.config).toMatchObject({
      addpurchaseurl: ZAP_A,
      key1: a.key1,
      key2: 'existing-key2',
      addorderurl: 'https://erp.example/orders',
    });
    expect(zort.config.key3).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const b = await subscribe(updated, ZAP_B);
    expect(b).toMatchObject({ field: 'updatepurchaseurl', url: ZAP_B, key1: a.key1, replaced_url: null });
    const keysAfterB = { key1: zort.config.key1, key2: zort.config.key2, key3: zort.config.key3 };

    await unsubscribe(created, a);
    expect(zort.config).toEqual({ ...BLANK_CONFIG, ...keysAfterB, updatepurchaseurl: ZAP_B });
    expect(zort.updates).toHaveLength(3);
  });

  it('refuses a field another URL holds, saying why and how to free it', async () => {
    const zort = fakeZort({ ...BLANK_CONFIG, key1: 'k1', key2: 'k2', key3: 'k3', addpurchaseurl: OTHER });
    const error = (await subscribe(created, ZAP_A).catch((e: Error) => e)) as Error;
    expect(errorDetails(error).message).toBe(
      `ZORT sends each event to one URL per store, and "ADDPURCHASEORDER" already goes to ${OTHER}. ` +
        'Free it in ZORT (Setting > Integration > API Reference > Webhook: clear that URL and click Verify and Save), ' +
        'or turn on "Replace the Existing Webhook" in this trigger; this Zap then gives the URL back when it is turned off.',
    );
    expect(zort.updates).toHaveLength(0);
  });

  it('replaces when asked, and gives the old URL back on unsubscribe', async () => {
    const zort = fakeZort({ ...BLANK_CONFIG, key1: 'k1', key2: 'k2', key3: 'k3', addpurchaseurl: OTHER });
    const a = await subscribe(created, ZAP_A, { replace_existing: 'yes' });
    expect(a).toEqual({ field: 'addpurchaseurl', url: ZAP_A, key1: 'k1', replaced_url: OTHER });
    expect(zort.config.addpurchaseurl).toBe(ZAP_A);
    await unsubscribe(created, a);
    expect(zort.config).toEqual({ ...BLANK_CONFIG, key1: 'k1', key2: 'k2', key3: 'k3', addpurchaseurl: OTHER });
  });

  it('changes nothing on unsubscribe when someone else has taken the field since', async () => {
    const zort = fakeZort({ ...BLANK_CONFIG, key1: 'k1', key2: 'k2', key3: 'k3' });
    const a = await subscribe(created, ZAP_A);
    zort.config.addpurchaseurl = OTHER;
    await unsubscribe(created, a);
    expect(zort.config.addpurchaseurl).toBe(OTHER);
    expect(zort.updates).toHaveLength(1);
  });

  it('changes nothing on unsubscribe when the subscribe data is not a ZORT subscription', async () => {
    const zort = fakeZort({ ...BLANK_CONFIG, key1: 'k1', key2: 'k2', key3: 'k3', addpurchaseurl: ZAP_A });
    await unsubscribe(created, { id: 'something else', url: ZAP_A });
    expect(zort.config.addpurchaseurl).toBe(ZAP_A);
    expect(zort.updates).toHaveLength(0);
  });

  it('subscribes again to its own URL without calling it a conflict', async () => {
    fakeZort({ ...BLANK_CONFIG, key1: 'k1', key2: 'k2', key3: 'k3', addpurchaseurl: ZAP_A });
    expect(await subscribe(created, ZAP_A)).toMatchObject({ url: ZAP_A, replaced_url: null });
  });

  it('reports a ZORT error code sent with HTTP 200', async () => {
    nock('https://open-api.zortout.com')
      .get('/v4/Webhook/GetWebhook')
      .reply(200, { res: { resCode: '500', resDesc: 'Store is locked' } });
    const error = (await subscribe(created, ZAP_A).catch((e: Error) => e)) as Error;
    expect(error.name).toBe('ThrottledError');
    expect(errorDetails(error).message).toBe(
      'ZORT reported a problem on its side on Webhook/GetWebhook (resCode 500: "Store is locked"); Zapier will try again shortly.',
    );
  });
});

describe('a webhook configuration nested deep', () => {
  const nestedConfig = (depth: number) =>
    `{"key1":"k1","key2":"k2","key3":"k3","addpurchaseurl":"","extra":${'['.repeat(depth)}${']'.repeat(depth)},"res":{"resCode":"200"}}`;

  it('writes back a field nested 1,000 deep as it was read', async () => {
    const nested = nestedConfig(1_000);
    let written = '';
    nock('https://open-api.zortout.com').get('/v4/Webhook/GetWebhook').times(2).reply(200, nested);
    nock('https://open-api.zortout.com')
      .post('/v4/Webhook/UpdateWebhook', (body: unknown) => {
        written = JSON.stringify(body);
        return true;
      })
      .reply(200, { res: { resCode: '200' } });
    await subscribe(created, ZAP_A).catch(() => undefined);
    expect(written).toContain(`"extra":${'['.repeat(1_000)}`);
  });

  it('stops with a sentence, not a stack overflow, at 100,000 levels', async () => {
    nock('https://open-api.zortout.com').get('/v4/Webhook/GetWebhook').reply(200, nestedConfig(100_000));
    const error = (await subscribe(created, ZAP_A).catch((e: Error) => e)) as Error;
    expect(error.name).toBe('HaltedError');
    expect(error.message).toMatch(
      /^ZORT answered with data this integration cannot read: extra is nested more than 2,000 levels deep/,
    );
  });
});

describe('a store that never set a webhook', () => {
  it('subscribes on a store whose GetWebhook answers "Webhook not found"', async () => {
    const zort = fakeZort(null);
    const a = await subscribe(created, ZAP_A);
    expect(zort.config).toEqual({
      key1: a.key1,
      key2: expect.any(String) as unknown,
      key3: expect.any(String) as unknown,
      addpurchaseurl: ZAP_A,
    });
  });
});

/** A genuine ZORT delivery to a Zap, carrying `key` as ZORT sends key1. */
const deliverTo = (tester: typeof appTester, subscribeData: object, key: string) =>
  tester(created.operation.perform, {
    ...hookBundle('{"id":1,"list":[]}', {
      authData: ZORT_AUTH,
      querystring: 'method=ADDPURCHASEORDER',
      headers: { 'Http-Authorization': `Basic ${key}` },
    }),
    subscribeData,
  } as unknown as Partial<Bundle>);

describe('key1 changed in ZORT by another tool', () => {
  it('accepts a genuine delivery with the current key1; turning off removes only this URL; the next Zap then subscribes', async () => {
    const zort = fakeZort({ ...BLANK_CONFIG, key1: 'k1', key2: 'k2', key3: 'k3', updatepurchaseurl: OTHER });
    const a = await subscribe(created, ZAP_A);
    // Another tool writes the whole configuration back with its own key1.
    zort.config = { ...zort.config, key1: 'changed-by-another-tool' };

    expect(await deliverTo(appTester, a, 'changed-by-another-tool')).toHaveLength(1);

    await unsubscribe(created, a);
    expect(zort.config).toEqual({
      ...BLANK_CONFIG,
      key1: 'changed-by-another-tool',
      key2: 'k2',
      key3: 'k3',
      updatepurchaseurl: OTHER,
    });

    const b = await subscribe(created, ZAP_B);
    expect(b).toEqual({ field: 'addpurchaseurl', url: ZAP_B, key1: 'changed-by-another-tool', replaced_url: null });
    expect(zort.config).toEqual({
      ...BLANK_CONFIG,
      key1: 'changed-by-another-tool',
      key2: 'k2',
      key3: 'k3',
      updatepurchaseurl: OTHER,
      addpurchaseurl: ZAP_B,
    });
    expect(await deliverTo(appTester, b, 'changed-by-another-tool')).toHaveLength(1);
  });

  it('still refuses a forged key, naming what did not match and never a key', async () => {
    const zort = fakeZort({ ...BLANK_CONFIG, key1: 'k1', key2: 'k2', key3: 'k3' });
    const a = await subscribe(created, ZAP_A);
    zort.config = { ...zort.config, key1: 'changed-by-another-tool' };
    const error = (await deliverTo(appTester, a, 'forged-key').catch((e: Error) => e)) as Error;
    expect(error.name).toBe('HaltedError');
    // Core's test runs append the bundle after the first line; the message itself is the first line.
    const [message] = error.message.split('\n');
    expect(message).not.toMatch(/forged-key|changed-by-another-tool|k1/);
    expect(message).toBe(
      "Refused this ZORT delivery: the Authorization key matches neither the webhook key1 this Zap set in ZORT nor the store's current key1. " +
        'No record was made from it. Check the webhook settings in ZORT (Setting > Integration > API Reference > Webhook), ' +
        'then turn this Zap off and on again so that ZORT sends ADDPURCHASEORDER to it.',
    );
  });

  it("refuses the current key1 once ZORT no longer sends the event to this Zap's URL", async () => {
    const zort = fakeZort({ ...BLANK_CONFIG, key1: 'k1', key2: 'k2', key3: 'k3' });
    const a = await subscribe(created, ZAP_A);
    zort.config = { ...zort.config, key1: 'changed-by-another-tool', addpurchaseurl: OTHER };
    await expectHalted(
      deliverTo(appTester, a, 'changed-by-another-tool'),
      /^Refused this ZORT delivery: the Authorization key is the store's current key1, but ZORT no longer sends ADDPURCHASEORDER to this Zap's URL\./,
    );
  });

  it('compares keys without surrounding spaces, the saved key1 and the current one', async () => {
    const zort = fakeZort({ ...BLANK_CONFIG, key1: ' k1 ', key2: 'k2', key3: 'k3' });
    const a = await subscribe(created, ZAP_A);
    expect(await deliverTo(appTester, a, 'k1')).toHaveLength(1);
    expect(zort.reads).toBe(2);
    zort.config = { ...zort.config, key1: '\tnew-key1  ' };
    expect(await deliverTo(appTester, a, ' new-key1')).toHaveLength(1);
  });

  it('reads the store once for a burst of deliveries, one after another', async () => {
    const zort = fakeZort({ ...BLANK_CONFIG, key1: 'k1', key2: 'k2', key3: 'k3' });
    const a = await subscribe(created, ZAP_A);
    zort.config = { ...zort.config, key1: 'changed-by-another-tool' };
    const readsBefore = zort.reads;
    for (let delivery = 0; delivery < 5; delivery += 1) {
      expect(await deliverTo(appTester, a, 'changed-by-another-tool')).toHaveLength(1);
    }
    expect(await deliverTo(appTester, a, 'forged-key').catch((e: Error) => e.name)).toBe('HaltedError');
    expect(zort.reads - readsBefore).toBe(1);
  });

  it('reads the store once for a burst of deliveries arriving together, and again after a minute', async () => {
    const zort = fakeZort(
      { ...BLANK_CONFIG, key1: 'changed-by-another-tool', key2: 'k2', key3: 'k3', addpurchaseurl: ZAP_A },
      { delayTurns: 3 },
    );
    const cache = fakeCache();
    const deps = { cacheOf: () => cache, sleep: () => cache.untilFree('zort:webhook-settings-lock:') };
    const saved = { field: 'addpurchaseurl', url: ZAP_A, key1: 'k1', replaced_url: null };
    const check = () =>
      createAppTester({ ...app })(
        (z, bundle) => checkDeliveryKey(z, bundle, { field: 'addpurchaseurl', method: 'ADDPURCHASEORDER' }, deps),
        {
          ...hookBundle('{}', {
            authData: ZORT_AUTH,
            headers: { 'Http-Authorization': 'Basic changed-by-another-tool' },
          }),
          subscribeData: saved,
        } as unknown as Partial<Bundle>,
      );
    await Promise.all(Array.from({ length: 8 }, check));
    expect(zort.reads).toBe(1);
    cache.advance(61_000);
    await check();
    expect(zort.reads).toBe(2);
  });
});

describe('planSubscribe and planUnsubscribe', () => {
  it('generate only blank keys, with the given generator', () => {
    const plan = planSubscribe(
      { key1: '', key2: 'k2', key3: null },
      EMPTY_REGISTRY,
      'addpurchaseurl',
      ZAP_A,
      false,
      () => 'new',
    );
    expect(plan).toEqual({
      ok: true,
      config: { key1: 'new', key2: 'k2', key3: 'new', addpurchaseurl: ZAP_A },
      subscription: { field: 'addpurchaseurl', url: ZAP_A, key1: 'new', replaced_url: null },
    });
  });

  it('undo only their own URL, whatever key1 now is', () => {
    const subscription = { field: 'addpurchaseurl', url: ZAP_A, key1: 'k', replaced_url: null };
    expect(planUnsubscribe({ key1: 'k', key2: 'k', key3: 'k', addpurchaseurl: ZAP_B }, subscription, null)).toBeNull();
    expect(planUnsubscribe({ key1: 'other', key2: 'k', key3: 'k', addpurchaseurl: ZAP_A }, subscription, null)).toEqual(
      {
        key1: 'other',
        key2: 'k',
        key3: 'k',
        addpurchaseurl: '',
      },
    );
    expect(planUnsubscribe({ key1: 'k', key2: 'k', key3: 'k', addpurchaseurl: ZAP_A }, subscription, OTHER)).toEqual({
      key1: 'k',
      key2: 'k',
      key3: 'k',
      addpurchaseurl: OTHER,
    });
  });
});

describe('the registry: which URL comes back when a Zap is turned off', () => {
  const FIELD = 'addpurchaseurl';
  const sub = (url: string, replaced: string | null) => ({ field: FIELD, url, key1: 'k', replaced_url: replaced });
  const A = sub(ZAP_A, OTHER);
  const B = sub(ZAP_B, ZAP_A);
  const C = sub('https://hooks.zapier.com/hooks/standard/3/ccc/', ZAP_B);
  const on = (...subscriptions: ReturnType<typeof sub>[]) =>
    subscriptions.reduce<ZortRegistry>(recordSubscribe, EMPTY_REGISTRY);

  it('the replaced Zap when it is still on', () => {
    expect(restoreTarget(on(A, B, C), C)).toBe(ZAP_B);
  });

  it('skips Zaps recorded as off, link by link, down to a URL this app never managed', () => {
    const bOff = recordUnsubscribe(on(A, B, C), B, C.url);
    expect(restoreTarget(bOff, C)).toBe(ZAP_A);
    const aAndBOff = recordUnsubscribe(bOff, A, C.url);
    expect(restoreTarget(aAndBOff, C)).toBe(OTHER);
  });

  it('blank when nothing before it can be live, and never the Zap itself', () => {
    const first = sub(ZAP_A, null);
    expect(restoreTarget(on(first), first)).toBeNull();
    // A replaced B, B replaced A: a cycle ends blank.
    const aAgain = sub(ZAP_A, ZAP_B);
    const cycle = recordUnsubscribe(on(first, B, aAgain), B, ZAP_A);
    expect(restoreTarget(cycle, aAgain)).toBeNull();
  });

  it('falls back to the subscribe data when the record lost this Zap (counted as live)', () => {
    expect(restoreTarget(EMPTY_REGISTRY, C)).toBe(ZAP_B);
  });

  it('forgets what no restore can reach, keeping what the field and live Zaps lead to', () => {
    const allOff = [C, B, A].reduce(
      (registry, subscription) => recordUnsubscribe(registry, subscription, OTHER),
      on(A, B, C),
    );
    expect(allOff).toEqual({ fields: { [FIELD]: [] } });
    const bOff = recordUnsubscribe(on(A, B, C), B, C.url);
    expect(bOff.fields[FIELD]?.map((entry) => [entry.url, entry.on])).toEqual([
      [ZAP_A, true],
      [C.url, true],
      [ZAP_B, false],
    ]);
  });
});
