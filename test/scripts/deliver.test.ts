/**
 * npm run deliver (scripts/deliver.js): every hook trigger played locally with the connection's
 * fields and, for ZORT, the key its delivery carries; every failure one line, never a stack trace
 * or raw JSON. The script's logic runs here on the app from src/; `npm run deliver` runs it on dist/.
 */
import { createHmac } from 'node:crypto';
import nock from 'nock';
import { createAppTester } from 'zapier-platform-core';
import app from '../../src';
import { ZORT_HOOK_METHODS } from '../../src/vendors/zort/hooks';
import { zortSample } from '../../src/vendors/zort/samples';
import seedPurchaseOrder from '../../src/vendors/zort/seed-purchase-order.json';
import apicbaseOrder from '../../src/vendors/apicbase/sample-order.json';
import { TRIGGER_KEYS } from '../helpers/contract-keys';

type Outcome = { code: number; out: string | null; err: string | null };
const { deliver, parseEnvFile } = jest.requireActual<{
  deliver: (argv: string[], deps: object) => Promise<Outcome>;
  parseEnvFile: (text: string) => { authData: Record<string, string>; env: Record<string, string> };
}>('../../scripts/deliver');

const HOOKS = [
  TRIGGER_KEYS.apoCreated,
  TRIGGER_KEYS.apoUpdated,
  TRIGGER_KEYS.apoCompleted,
  TRIGGER_KEYS.zortCreated,
  TRIGGER_KEYS.zortUpdated,
  TRIGGER_KEYS.zortPaymentUpdated,
  TRIGGER_KEYS.zortReturnCreated,
  TRIGGER_KEYS.zortReturnUpdated,
  TRIGGER_KEYS.zortReturnPaymentUpdated,
  TRIGGER_KEYS.apicbaseNew,
];

/** Files in memory; a missing one fails as Node's readFileSync does. */
function files(contents: Record<string, string>) {
  return (path: string) => {
    const text = contents[path];
    if (text === undefined)
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
    return text;
  };
}

const run = (argv: string[], contents: Record<string, string> = {}, extra: object = {}) =>
  deliver(argv, { app, zortMethods: ZORT_HOOK_METHODS, createAppTester, readFile: files(contents), env: {}, ...extra });

/** One line: no line break, no stack frame, no JSON object. */
const expectOneLine = (text: string | null) => {
  expect(text).not.toBeNull();
  expect(text).not.toMatch(/\n|^\s+at |\{"/m);
};

const ZORT_BODY = JSON.stringify(seedPurchaseOrder);
const APICBASE_BODY = JSON.stringify(apicbaseOrder);
const sign = (body: string, secret: string) => createHmac('sha256', secret).update(body).digest('hex');

describe('npm run deliver', () => {
  it('lists only the hook triggers in its usage', async () => {
    const outcome = await run([]);
    expect(outcome.code).toBe(2);
    const [usage, hooks] = outcome.err!.split('\n');
    expect(usage).toMatch(
      /^Usage: npm run deliver -- <trigger_key> <body\.json> \[--auth field=value \.\.\.\] \[--env file\] \[--key key1\]/,
    );
    expect(hooks).toBe(`Hook triggers: ${HOOKS.join(', ')}`);
  });

  it.each([TRIGGER_KEYS.zortNewPolling, TRIGGER_KEYS.shopifyNew, TRIGGER_KEYS.stockyNew])(
    'refuses the polling trigger %s with a sentence naming the hook triggers, before reading anything',
    async (key) => {
      const outcome = await run([key, 'body.json']);
      expect(outcome).toEqual({
        code: 2,
        out: null,
        err: `${key} is a polling trigger: Zapier polls it, nothing delivers to it. Play a delivery through one of the hook triggers: ${HOOKS.join(', ')}.`,
      });
    },
  );

  it('refuses an unknown trigger the same way', async () => {
    expect((await run(['sap_order', 'body.json'])).err).toBe(
      `There is no hook trigger sap_order. Play a delivery through one of the hook triggers: ${HOOKS.join(', ')}.`,
    );
  });

  it('answers a missing body file with one line', async () => {
    expect(await run([TRIGGER_KEYS.apoCreated, 'nope.json'])).toEqual({
      code: 2,
      out: null,
      err: 'Cannot read the delivery body nope.json: there is no such file.',
    });
  });

  it('answers a missing --env file with one line, but needs no .env when none is named', async () => {
    expect((await run([TRIGGER_KEYS.apoCreated, 'body.json', '--env', 'other.env'], { 'body.json': '{}' })).err).toBe(
      'Cannot read the connection file other.env: there is no such file.',
    );
    expect((await run([TRIGGER_KEYS.apoCreated, 'body.json'], { 'body.json': '{}' })).err).not.toMatch(/Cannot read/);
  });

  it('asks for the key a ZORT delivery carries', async () => {
    expect((await run([TRIGGER_KEYS.zortCreated, 'po.json'], { 'po.json': ZORT_BODY })).err).toBe(
      'zort_purchase_order_created checks the key ZORT sends with each delivery (the webhook key1): give it with --key <key1>.',
    );
  });

  it.each([
    [TRIGGER_KEYS.zortCreated, 'created'],
    [TRIGGER_KEYS.zortUpdated, 'updated'],
    [TRIGGER_KEYS.zortPaymentUpdated, 'payment_updated'],
  ] as const)(
    'plays a ZORT delivery through %s with --key, as ZORT sends it, into the record a Zap receives',
    async (key, event) => {
      const outcome = await run([key, 'po.json', '--key', 'merchant-key-1'], { 'po.json': ZORT_BODY });
      expect(outcome.err).toBeNull();
      expect(outcome.code).toBe(0);
      expect(JSON.parse(outcome.out!)).toEqual([zortSample('purchase_order', event)]);
    },
  );

  it.each(['Content-Type', 'content-type', 'CONTENT-TYPE', 'Http-Content-Type'])(
    'plays a multipart ZORT delivery whose header is given as %s, replacing the default JSON Content-Type',
    async (name) => {
      const body = `--XX\r\nContent-Disposition: form-data; name="payload"\r\n\r\n${ZORT_BODY}\r\n--XX--\r\n`;
      const outcome = await run(
        [TRIGGER_KEYS.zortCreated, 'po.txt', '--key', 'k', `${name}:multipart/form-data; boundary=XX`],
        { 'po.txt': body },
      );
      expect(outcome.err).toBeNull();
      expect(JSON.parse(outcome.out!)).toEqual([
        expect.objectContaining({ source: 'zort', purchase_order_id: '1234', event: 'created' }),
      ]);
    },
  );

  it('plays a delivery whose key1 another tool changed, with the Zap URL ZORT still sends to (--url)', async () => {
    const zapUrl = 'https://hooks.zapier.com/hooks/standard/1/abc/';
    const store = {
      res: { resCode: '200', resDesc: '' },
      key1: 'new-key',
      key2: 'k2',
      key3: 'k3',
      addpurchaseurl: zapUrl,
    };
    const auth = ['--auth', 'zort_store_name=s', '--auth', 'zort_api_key=a', '--auth', 'zort_api_secret=b'];
    nock('https://open-api.zortout.com').get('/v4/Webhook/GetWebhook').twice().reply(200, store);
    const played = await run(
      [TRIGGER_KEYS.zortCreated, 'po.json', '--key', 'new-key', '--saved-key', 'old-key', '--url', zapUrl, ...auth],
      { 'po.json': ZORT_BODY },
    );
    expect(played.err).toBeNull();
    expect(JSON.parse(played.out!)).toEqual([zortSample('purchase_order', 'created')]);
    const elsewhere = await run(
      [
        TRIGGER_KEYS.zortCreated,
        'po.json',
        '--key',
        'new-key',
        '--saved-key',
        'old-key',
        '--url',
        'https://hooks.zapier.com/other/',
        ...auth,
      ],
      { 'po.json': ZORT_BODY },
    );
    expect(elsewhere.err).toMatch(
      /^HaltedError: Refused this ZORT delivery: the Authorization key is the store's current key1, but ZORT no longer sends ADDPURCHASEORDER to this Zap's URL/,
    );
    expect(nock.isDone()).toBe(true);
  });

  it('reads the connection from .env as zapier-platform invoke does, --auth winning, and plays a signed Apicbase delivery', async () => {
    const env: Record<string, string> = {};
    const contents = {
      '.env':
        '# the connection\nauthData_apicbase_webhook_secret="old-secret"\nexport APICBASE_BASE_URL=http://127.0.0.1:9\n',
      'order.json': APICBASE_BODY,
    };
    const header = `X-APIC-WEBHOOK-SIGNATURE:${sign(APICBASE_BODY, 'right-secret')}`;
    const refused = await run([TRIGGER_KEYS.apicbaseNew, 'order.json', header], contents, { env });
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /^HaltedError: Refused this Apicbase delivery: the X-APIC-WEBHOOK-SIGNATURE does not match/,
    );
    expectOneLine(refused.err);
    expect(env).toEqual({ APICBASE_BASE_URL: 'http://127.0.0.1:9' });

    const played = await run(
      [TRIGGER_KEYS.apicbaseNew, 'order.json', header, '--auth', 'apicbase_webhook_secret=right-secret'],
      contents,
    );
    expect(played.err).toBeNull();
    expect(JSON.parse(played.out!)).toEqual([
      expect.objectContaining({
        source: 'apicbase',
        purchase_order_id: apicbaseOrder.id,
        number: apicbaseOrder.order_number,
      }),
    ]);
  });

  it('answers a refused delivery with one line: the class and the sentence, no JSON, no stack', async () => {
    const outcome = await run([TRIGGER_KEYS.apoCreated, 'broken.json'], { 'broken.json': '{"id": "x"' });
    expect(outcome.code).toBe(1);
    expect(outcome.err).toMatch(/^HaltedError: Refused this Auto Purchase Orders delivery/);
    expectOneLine(outcome.err);
  });

  it('shows z.errors.Error by its sentence and a crash by its first line, never JSON or a stack', async () => {
    const hook = (perform: (z: { errors: { Error: new (message: string) => Error } }) => never) => ({
      triggers: { x: { key: 'x', display: {}, operation: { type: 'hook', perform } } },
    });
    const sentence = await run(
      ['x', 'b.json'],
      { 'b.json': '{}' },
      {
        app: hook((z) => {
          throw new z.errors.Error('Stocky is retired.\nUse Shopify.');
        }),
      },
    );
    expect(sentence.err).toBe('Error: Stocky is retired. Use Shopify.');
    const crash = await run(
      ['x', 'b.json'],
      { 'b.json': '{}' },
      {
        app: hook(() => {
          throw new TypeError("Cannot read properties of undefined (reading 'id')");
        }),
      },
    );
    expect(crash.err).toBe("TypeError: Cannot read properties of undefined (reading 'id')");
  });

  it('refuses a malformed flag in one line', async () => {
    expect((await run([TRIGGER_KEYS.apoCreated, 'b.json', '--auth', 'novalue'])).err).toBe(
      '--auth takes field=value, such as --auth zort_store_name=mystore, not "novalue".',
    );
    expect((await run([TRIGGER_KEYS.apoCreated, 'b.json', '--key'])).err).toMatch(/^--key needs a value\./);
  });
});

describe('a .env file', () => {
  it('gives authData_ lines to the connection and the rest to the environment', () => {
    expect(
      parseEnvFile(
        "authData_zort_store_name=mystore\r\n\n# note\nauthData_zort_api_key='k=1'\nZORT_BASE_URL=http://x\nnot a line\n",
      ),
    ).toEqual({
      authData: { zort_store_name: 'mystore', zort_api_key: 'k=1' },
      env: { ZORT_BASE_URL: 'http://x' },
    });
  });
});
