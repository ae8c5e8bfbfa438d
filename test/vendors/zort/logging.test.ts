/**
 * Core logs every z.request (method, URL, headers, request body, response body) and scrubs only
 * values it recognises as secrets: the connection's fields and keys named like "password" or
 * "token". ZORT's key1..key3 are neither, so the webhook calls must keep them out of the log.
 */
import { createAppTester, type Bundle } from 'zapier-platform-core';
import app from '../../../src';
import { TRIGGER_KEYS } from '../../helpers/contract-keys';
import { appTrigger } from '../../helpers/triggers';
import { BLANK_CONFIG, ZORT_AUTH, fakeZort } from '../../fakes/zort';

const created = appTrigger(TRIGGER_KEYS.zortCreated);
const KEYS = { key1: 'existing-key-one-Q7', key2: 'existing-key-two-R8', key3: 'existing-key-three-S9' };
const ZAP = 'https://hooks.zapier.com/hooks/standard/1/aaa/';

/** Runs `work` with core printing its logs, as scrubbed for Zapier's log store, to console.log. */
async function loggedDuring(work: () => Promise<unknown>): Promise<string> {
  const lines: unknown[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => lines.push(...args));
  process.env.LOG_TO_STDOUT = '1';
  process.env.DETAILED_LOG_TO_STDOUT = '1';
  try {
    await work();
  } finally {
    delete process.env.LOG_TO_STDOUT;
    delete process.env.DETAILED_LOG_TO_STDOUT;
    log.mockRestore();
  }
  return lines.map(String).join('\n');
}

it('keeps ZORT webhook keys, old and new, out of the HTTP logs of subscribe and unsubscribe', async () => {
  const appTester = createAppTester(app);
  const zort = fakeZort({ ...BLANK_CONFIG, ...KEYS, key1: '' });
  let generatedKey1 = '';
  const output = await loggedDuring(async () => {
    const subscription = await appTester(created.operation.performSubscribe, {
      authData: ZORT_AUTH,
      targetUrl: ZAP,
      inputData: {},
    } as unknown as Partial<Bundle>);
    generatedKey1 = String(subscription.key1);
    await appTester(created.operation.performUnsubscribe, {
      authData: ZORT_AUTH,
      subscribeData: subscription,
    } as unknown as Partial<Bundle>);
  });
  expect(zort.updates.at(0)).toMatchObject({ key1: generatedKey1, key2: KEYS.key2, key3: KEYS.key3 });
  // The calls were logged, with their bodies left out.
  expect(output).toMatch(/GET https:\/\/open-api\.zortout\.com\/v4\/Webhook\/GetWebhook/);
  expect(output).toMatch(/POST https:\/\/open-api\.zortout\.com\/v4\/Webhook\/UpdateWebhook\n[^]*<streaming data>/);
  for (const secret of [generatedKey1, KEYS.key2, KEYS.key3, ZORT_AUTH.zort_api_secret]) {
    expect(output).not.toContain(secret);
  }
});
