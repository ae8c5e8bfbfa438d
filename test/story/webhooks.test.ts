/**
 * A day of purchase orders arriving by webhook, end to end over loopback: Zaps turned on against
 * the app, vendors' fakes sending as the vendors do (test/fakes), each Zap receiving its records
 * once and refusing what is forged. Then retired Stocky, and the ZORT Zaps turned off.
 */
import apoSeed from '../../src/vendors/auto-purchase-orders/seed-payload.json';
import apicbaseSample from '../../src/vendors/apicbase/sample-order.json';
import zortPurchaseOrder from '../../src/vendors/zort/seed-purchase-order.json';
import zortPurchaseReturn from '../../src/vendors/zort/seed-purchase-return.json';
import { STOCKY_RETIRED_MESSAGE } from '../../src/vendors/stocky/retired';
import { sendApicbaseOrder } from '../fakes/apicbase';
import { sendAutoPurchaseOrder } from '../fakes/auto-purchase-orders';
import { SANDBOX_CREDENTIALS } from '../fakes/sandbox';
import { firstSentence, zapierHeaderName, type Zap } from '../fakes/zapier';
import { SEARCH_KEYS, TRIGGER_KEYS } from '../helpers/contract-keys';
import { useSandbox } from '../helpers/sandbox';

jest.setTimeout(30_000);

const SECRET = SANDBOX_CREDENTIALS.apicbase_webhook_secret;
/** The keys a merchant saved once in ZORT's webhook settings, before any Zap. */
const MERCHANT_ZORT_KEYS = { key1: 'merchant-key-1', key2: 'merchant-key-2', key3: 'merchant-key-3' };

const received = (zap: Zap) => zap.records.map((record) => record.purchase_order_id);
const zortUrlsLeft = (config: Record<string, string> | null) =>
  Object.entries(config ?? {}).filter(([field, value]) => field.endsWith('url') && value !== '');

describe('a day of webhooks', () => {
  const world = useSandbox();
  const zaps = {} as Record<
    | 'apoCreated'
    | 'apoUpdated'
    | 'apoCompleted'
    | 'zortCreated'
    | 'zortUpdated'
    | 'zortPayment'
    | 'zortReturn'
    | 'apicbase',
    Zap
  >;

  beforeAll(async () => {
    // The store as it is before any Zap is on.
    world.vendors.zort.saveConfig(MERCHANT_ZORT_KEYS);
    const on = (key: string) => world.runner.turnOn(key);
    zaps.apoCreated = await on(TRIGGER_KEYS.apoCreated);
    zaps.apoUpdated = await on(TRIGGER_KEYS.apoUpdated);
    zaps.apoCompleted = await on(TRIGGER_KEYS.apoCompleted);
    zaps.zortCreated = await on(TRIGGER_KEYS.zortCreated);
    zaps.zortUpdated = await on(TRIGGER_KEYS.zortUpdated);
    zaps.zortPayment = await on(TRIGGER_KEYS.zortPaymentUpdated);
    zaps.zortReturn = await on(TRIGGER_KEYS.zortReturnCreated);
    zaps.apicbase = await on(TRIGGER_KEYS.apicbaseNew);
  });

  it('Auto Purchase Orders: created, updated and completed each reach the Zap for its topic, once', async () => {
    await sendAutoPurchaseOrder(zaps.apoCreated.hookUrl!, apoSeed);
    await sendAutoPurchaseOrder(zaps.apoUpdated.hookUrl!, {
      ...apoSeed,
      comment: 'Delivery moved to Friday',
      updated_at: '2025-02-24T10:00:00.000Z',
    });
    await sendAutoPurchaseOrder(zaps.apoCompleted.hookUrl!, {
      ...apoSeed,
      completed_at: '2025-03-01T08:00:00.000Z',
      updated_at: '2025-03-01T08:00:00.000Z',
    });
    for (const zap of [zaps.apoCreated, zaps.apoUpdated, zaps.apoCompleted]) {
      expect(received(zap)).toEqual(['1']);
      expect(zap.refusals).toEqual([]);
    }
    expect(zaps.apoCreated.records[0]).toMatchObject({ number: '2', total: '10450.00', currency: 'USD' });
  });

  it('ZORT sends each event to the URL its Zap subscribed, with the key1 the Zap saved', async () => {
    await world.vendors.zort.send('ADDPURCHASEORDER', zortPurchaseOrder);
    await world.vendors.zort.send('UPDATEPURCHASEORDER', {
      ...zortPurchaseOrder,
      status: 'Pending',
      paymentstatus: 'Pending',
    });
    await world.vendors.zort.send('UPDATEPURCHASEORDERPAYMENT', {
      ...zortPurchaseOrder,
      paymentstatus: 'Partial Payment',
      paymentamount: 75,
    });
    await world.vendors.zort.send('ADDRETURNPURCHASEORDER', zortPurchaseReturn);
    for (const zap of [zaps.zortCreated, zaps.zortUpdated, zaps.zortPayment, zaps.zortReturn]) {
      expect(received(zap)).toEqual(['1234']);
      expect(zap.refusals).toEqual([]);
    }
  });

  it('refuses a ZORT delivery with a wrong key, and nothing reaches the Zap', async () => {
    await world.vendors.zort.send(
      'ADDPURCHASEORDER',
      { ...zortPurchaseOrder, id: 9999, number: 'PO-FORGED' },
      { key1: 'forged-key' },
    );
    expect(received(zaps.zortCreated)).toEqual(['1234']);
    expect(zaps.zortCreated.refusals).toEqual([expect.stringMatching(/Authorization key matches neither/)]);
  });

  it("takes an Apicbase order signed over Python's re-serialisation once, and refuses a forged signature", async () => {
    await sendApicbaseOrder(zaps.apicbase.hookUrl!, apicbaseSample, SECRET);
    await sendApicbaseOrder(
      zaps.apicbase.hookUrl!,
      { ...apicbaseSample, id: 'forged', theoretical_price: '0.01' },
      'not-the-secret',
    );
    expect(zaps.apicbase.records.map((record) => record.number)).toEqual([apicbaseSample.order_number]);
    expect(zaps.apicbase.refusals).toEqual([expect.stringMatching(/X-APIC-WEBHOOK-SIGNATURE does not match/)]);
  });

  it('hands a delivery over with Zapier-style headers, and tells its listeners of each refusal', async () => {
    expect(zapierHeaderName('x-apic-webhook-signature')).toBe('Http-X-Apic-Webhook-Signature');
    const refusals: string[] = [];
    world.runner.onRefusal((zap, message) => refusals.push(`${zap.triggerKey}: ${message}`));
    const zap = await world.runner.turnOn(TRIGGER_KEYS.apicbaseNew);
    await sendApicbaseOrder(zap.hookUrl!, { id: 'e2e', packages: [], theoretical_price: '1.00' }, SECRET);
    await sendApicbaseOrder(zap.hookUrl!, { id: 'forged', packages: [] }, 'wrong-secret');
    expect(zap.records).toHaveLength(1);
    expect(zap.records[0]).toMatchObject({ purchase_order_id: 'e2e', total: '1.00' });
    expect(refusals).toEqual([
      expect.stringMatching(
        /^apicbase_new_purchase_order: Refused this Apicbase delivery: the X-APIC-WEBHOOK-SIGNATURE does not match/,
      ),
    ]);
    await world.runner.turnOff(zap);
  });

  it("shows retired Stocky's Zaps and search the retirement sentence, without a request", async () => {
    const outcomes = await world.runner.turnOnMany([
      { triggerKey: TRIGGER_KEYS.stockyNew },
      { triggerKey: TRIGGER_KEYS.stockyUpdated },
    ]);
    expect(outcomes.map((outcome) => [outcome.spec.triggerKey, outcome.zap, outcome.error])).toEqual([
      [TRIGGER_KEYS.stockyNew, null, STOCKY_RETIRED_MESSAGE],
      [TRIGGER_KEYS.stockyUpdated, null, STOCKY_RETIRED_MESSAGE],
    ]);
    const search = await world.runner
      .search(SEARCH_KEYS.findPurchaseOrder, { source: 'stocky', purchase_order_id: '1001' })
      .then(
        (records) => `found ${records.length}`,
        (error: Error) => firstSentence(error),
      );
    expect(search).toBe(STOCKY_RETIRED_MESSAGE);
  });

  it('gives ZORT its configuration back when the ZORT Zaps are turned off: every URL blank', async () => {
    for (const zap of [zaps.zortCreated, zaps.zortUpdated, zaps.zortPayment, zaps.zortReturn])
      await world.runner.turnOff(zap);
    expect(zortUrlsLeft(world.vendors.zort.config)).toEqual([]);
  });
});
