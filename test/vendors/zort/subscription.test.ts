import nock from 'nock';
import { createAppTester, type Bundle } from 'zapier-platform-core';
import app from '../../../src';
import { TRIGGER_KEYS } from '../../../src/keys';
import { zortTriggers } from '../../../src/vendors/zort/triggers';
import { planSubscribe, planUnsubscribe } from '../../../src/vendors/zort/subscription';
import { BLANK_CONFIG, ZORT_AUTH, fakeZort } from '../../helpers/fake-zort';
import { errorDetails } from '../../helpers/zapier';

const appTester = createAppTester(app);
const trigger = (key: string) => {
  const found = zortTriggers.find((candidate) => candidate.key === key);
  if (!found) throw new Error(`no trigger ${key}`);
  return found;
};
const created = trigger(TRIGGER_KEYS.zortCreated);
const updated = trigger(TRIGGER_KEYS.zortUpdated);

const ZAP_A = 'https://hooks.zapier.com/hooks/standard/1/aaa/';
const ZAP_B = 'https://hooks.zapier.com/hooks/standard/2/bbb/';
const OTHER = 'https://erp.example/purchases';

const subscribe = (operation: typeof created, targetUrl: string, inputData: Record<string, unknown> = {}) =>
  appTester(operation.operation.performSubscribe, { authData: ZORT_AUTH, targetUrl, inputData } as unknown as Partial<Bundle>);
const unsubscribe = (operation: typeof created, subscribeData: object) =>
  appTester(operation.operation.performUnsubscribe, { authData: ZORT_AUTH, subscribeData } as unknown as Partial<Bundle>);

describe('subscribing against a recorded ZORT', () => {
  it('subscribe A, subscribe B, unsubscribe A: leaves B, every other URL and the keys intact', async () => {
    const zort = fakeZort({ ...BLANK_CONFIG, key2: 'existing-key2' });
    const a = await subscribe(created, ZAP_A);
    expect(a).toEqual({ field: 'addpurchaseurl', url: ZAP_A, key1: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), replaced_url: null });
    expect(zort.config).toMatchObject({ addpurchaseurl: ZAP_A, key1: a.key1, key2: 'existing-key2', addorderurl: 'https://erp.example/orders' });
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

  it('subscribes again to its own URL without calling it a conflict', async () => {
    fakeZort({ ...BLANK_CONFIG, key1: 'k1', key2: 'k2', key3: 'k3', addpurchaseurl: ZAP_A });
    expect(await subscribe(created, ZAP_A)).toMatchObject({ url: ZAP_A, replaced_url: null });
  });

  it('reports a ZORT error code sent with HTTP 200', async () => {
    nock('https://open-api.zortout.com').get('/v4/Webhook/GetWebhook').reply(200, { res: { resCode: '500', resDesc: 'Store is locked' } });
    const error = (await subscribe(created, ZAP_A).catch((e: Error) => e)) as Error;
    expect(error.name).toBe('ThrottledError');
    expect(errorDetails(error).message).toBe('ZORT reported a problem on its side on Webhook/GetWebhook (resCode 500: "Store is locked"); Zapier will try again shortly.');
  });
});

describe('planSubscribe and planUnsubscribe', () => {
  it('generate only blank keys, with the given generator', () => {
    const plan = planSubscribe({ key1: '', key2: 'k2', key3: null }, 'addpurchaseurl', ZAP_A, false, () => 'new');
    expect(plan).toEqual({
      ok: true,
      config: { key1: 'new', key2: 'k2', key3: 'new', addpurchaseurl: ZAP_A },
      subscription: { field: 'addpurchaseurl', url: ZAP_A, key1: 'new', replaced_url: null },
    });
  });

  it('undo only their own URL', () => {
    const subscription = { field: 'addpurchaseurl', url: ZAP_A, key1: 'k', replaced_url: null };
    expect(planUnsubscribe({ key1: 'k', key2: 'k', key3: 'k', addpurchaseurl: ZAP_B }, subscription)).toBeNull();
    expect(planUnsubscribe({ key1: 'k', key2: 'k', key3: 'k', addpurchaseurl: ZAP_A }, subscription)).toEqual({
      key1: 'k', key2: 'k', key3: 'k', addpurchaseurl: '',
    });
  });
});
