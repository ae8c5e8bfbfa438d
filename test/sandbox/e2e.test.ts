/**
 * End to end over loopback HTTP: the vendor sandbox and the Zap runner, driving the real app
 * through zapier-platform-core. Bounded: a fixed scenario, ephemeral ports, closed afterwards.
 */
import nock from 'nock';
import app from '../../src';
import { TRIGGER_KEYS } from '../helpers/contract-keys';
import { startZapRunner, zapierHeaderName, type ZapRunner } from '../../sandbox/runner';
import { playScenario, type Check } from '../../sandbox/scenario';
import { sendApicbaseOrder } from '../../sandbox/senders';
import {
  startVendorSandbox,
  type Credentials,
  type ShopifyCredentials,
  type VendorSandbox,
} from '../../sandbox/vendors';

jest.setTimeout(60_000);

const CREDENTIALS: Credentials = {
  zort_store_name: 'e2e-store',
  zort_api_key: 'e2e-zort-key',
  zort_api_secret: 'e2e-zort-secret',
  apicbase_webhook_secret: 'e2e-apicbase-secret',
  apicbase_client_id: 'e2e-apicbase-client-id',
  apicbase_client_secret: 'e2e-apicbase-client-secret',
};

const SHOPIFY_CREDENTIALS: ShopifyCredentials = {
  shopify_store_domain: 'e2e-shop.myshopify.com',
  shopify_client_id: 'e2e-shopify-client-id',
  shopify_client_secret: 'e2e-shopify-client-secret',
};

let vendors: VendorSandbox;
let runner: ZapRunner;

async function start(): Promise<void> {
  // Real sockets on loopback only: nock stays in charge of everything else.
  nock.enableNetConnect(/^127\.0\.0\.1:\d+$/);
  vendors = await startVendorSandbox(0, CREDENTIALS, SHOPIFY_CREDENTIALS);
  process.env.ZORT_BASE_URL = vendors.zortBaseUrl;
  process.env.SHOPIFY_BASE_URL = vendors.shopifyBaseUrl;
  process.env.APICBASE_BASE_URL = vendors.apicbaseBaseUrl;
  runner = await startZapRunner(app, 0, { ...CREDENTIALS, ...SHOPIFY_CREDENTIALS });
}

async function stop(): Promise<void> {
  await runner.close();
  await vendors.close();
  delete process.env.ZORT_BASE_URL;
  delete process.env.SHOPIFY_BASE_URL;
  delete process.env.APICBASE_BASE_URL;
  nock.disableNetConnect();
}

describe('the scenario, with small sizes', () => {
  let checks: Check[];
  beforeAll(async () => {
    await start();
    try {
      checks = await playScenario(vendors, runner, CREDENTIALS.apicbase_webhook_secret, {
        zortWebhookDelayMs: 20,
        historicShopifyOrders: 60,
      });
    } finally {
      await stop();
    }
  });

  it('delivers every expected record once and refuses every forgery', () => {
    expect(checks.filter((check) => !check.production && !check.ok)).toEqual([]);
    expect(checks.filter((check) => !check.production).length).toBeGreaterThanOrEqual(15);
  });

  it('holds up as in production: Shopify throttling, ZORT Zaps on and off at once', () => {
    expect(checks.filter((check) => check.production && !check.ok)).toEqual([]);
    expect(checks.filter((check) => check.production).length).toBe(5);
  });

  it("shows retired Stocky's Zaps and search the retirement sentence", () => {
    const retired = checks.filter((check) => /stocky/.test(check.name));
    expect(retired.map((check) => [check.name, check.ok])).toEqual([
      ['stocky_new_purchase_order is retired: a Zap on it shows the retirement sentence', true],
      ['stocky_updated_purchase_order is retired: a Zap on it shows the retirement sentence', true],
      ['find_purchase_order with the retired source stocky shows the retirement sentence', true],
    ]);
  });
});

describe('the runner and the vendor sandbox', () => {
  beforeEach(start);
  afterEach(stop);

  it('reports each refused delivery to its listeners', async () => {
    const refusals: string[] = [];
    runner.onRefusal((zap, message) => refusals.push(`${zap.triggerKey}: ${message}`));
    const zap = await runner.turnOn(TRIGGER_KEYS.apicbaseNew);
    await sendApicbaseOrder(zap.hookUrl!, { id: 'forged', packages: [] }, 'wrong-secret');
    expect(zap.records).toEqual([]);
    expect(refusals).toEqual([
      expect.stringMatching(
        /^apicbase_new_purchase_order: Refused this Apicbase delivery: the X-APIC-WEBHOOK-SIGNATURE does not match/,
      ),
    ]);
  });

  it('hands deliveries over with Zapier-style headers', async () => {
    expect(zapierHeaderName('x-apic-webhook-signature')).toBe('Http-X-Apic-Webhook-Signature');
    const zap = await runner.turnOn(TRIGGER_KEYS.apicbaseNew);
    await sendApicbaseOrder(
      zap.hookUrl!,
      { id: 'e2e', packages: [], theoretical_price: '1.00' },
      CREDENTIALS.apicbase_webhook_secret,
    );
    expect(zap.refusals).toEqual([]);
    expect(zap.records).toHaveLength(1);
    expect(zap.records[0]).toMatchObject({ purchase_order_id: 'e2e', total: '1.00' });
  });
});
