/**
 * ZORT's REST hooks as production treats them, end to end over loopback: a store that never set a
 * webhook, and six ZORT Zaps (four events, and two on one event with "Replace the Existing
 * Webhook" off and on) turned on at once and off at once, with ZORT slow enough that the Zaps'
 * read-modify-writes of its one webhook configuration interleave.
 */
import zortPurchaseOrder from '../../src/vendors/zort/seed-purchase-order.json';
import zortPurchaseReturn from '../../src/vendors/zort/seed-purchase-return.json';
import { ZORT_METHOD_FIELDS } from '../fakes/zort';
import type { Zap, ZapSpec } from '../fakes/zapier';
import { TRIGGER_KEYS } from '../helpers/contract-keys';
import { useSandbox } from '../helpers/sandbox';

jest.setTimeout(30_000);

const key1Of = (zap: Zap) => (zap.subscribeData as { key1?: string } | null)?.key1;

describe('ZORT Zaps as in production', () => {
  const world = useSandbox();
  const zortUrlsLeft = () =>
    Object.entries(world.vendors.zort.config ?? {}).filter(([field, value]) => field.endsWith('url') && value !== '');

  it('turns a ZORT Zap on in a store that never set a webhook ("Webhook not found" in HTTP 200)', async () => {
    world.vendors.zort.forgetConfig();
    const zap = await world.runner.turnOn(TRIGGER_KEYS.zortCreated);
    const config = world.vendors.zort.config;
    expect(config?.addpurchaseurl).toBe(zap.hookUrl);
    expect(key1Of(zap)).toBeTruthy();
    expect(config?.key1).toBe(key1Of(zap));
    await world.runner.turnOff(zap);
  });

  describe('six ZORT Zaps turned on at once, then off at once', () => {
    type ZortCase = { spec: ZapSpec; method: string; replaces: boolean };
    const on = (triggerKey: string, method: string, replaces = false): ZortCase => ({
      spec: { triggerKey, inputData: { replace_existing: replaces ? 'true' : 'false' } },
      method,
      replaces,
    });
    const cases = [
      on(TRIGGER_KEYS.zortCreated, 'ADDPURCHASEORDER'),
      on(TRIGGER_KEYS.zortUpdated, 'UPDATEPURCHASEORDER'),
      on(TRIGGER_KEYS.zortPaymentUpdated, 'UPDATEPURCHASEORDERPAYMENT'),
      on(TRIGGER_KEYS.zortReturnCreated, 'ADDRETURNPURCHASEORDER'),
      on(TRIGGER_KEYS.zortReturnPaymentUpdated, 'UPDATERETURNPURCHASEORDERPAYMENT', false),
      on(TRIGGER_KEYS.zortReturnPaymentUpdated, 'UPDATERETURNPURCHASEORDERPAYMENT', true),
    ];
    const owners = new Map<string, Zap>();
    const live: Zap[] = [];

    it("gives each event's URL and key1 to its live Zap: the only one on it, or the one that replaces", async () => {
      world.vendors.zort.forgetConfig();
      world.vendors.zort.webhookDelayMs = 20;
      const outcomes = await world.runner.turnOnMany(cases.map((entry) => entry.spec));
      world.vendors.zort.webhookDelayMs = 0;
      live.push(...outcomes.flatMap((outcome) => (outcome.zap ? [outcome.zap] : [])));
      cases.forEach((entry, index) => {
        const outcome = outcomes[index]!;
        const shared = cases.filter((other) => other.method === entry.method).length > 1;
        // A Zap that does not replace may lose its event to one that does, or be refused because it is taken.
        if (shared && !entry.replaces) {
          if (outcome.error !== null) expect(outcome.error).toMatch(/already goes to/);
          return;
        }
        expect(outcome.error).toBeNull();
        owners.set(entry.method, outcome.zap!);
      });
      expect(owners.size).toBe(5);
      const config = world.vendors.zort.config;
      for (const [method, zap] of owners) {
        expect(config?.[ZORT_METHOD_FIELDS[method]!]).toBe(zap.hookUrl);
        expect(config?.key1).toBe(key1Of(zap));
      }
    });

    it('delivers every live Zap its event once, with the right key', async () => {
      for (const method of owners.keys())
        await world.vendors.zort.send(method, method.includes('RETURN') ? zortPurchaseReturn : zortPurchaseOrder);
      for (const zap of owners.values()) {
        expect(zap.records).toHaveLength(1);
        expect(zap.refusals).toEqual([]);
      }
    });

    it('leaves every webhook URL blank once the live Zaps are turned off at once', async () => {
      world.vendors.zort.webhookDelayMs = 20;
      const errors = await world.runner.turnOffMany(live);
      world.vendors.zort.webhookDelayMs = 0;
      expect(live.length).toBeGreaterThan(0);
      expect(errors.filter((error) => error !== null)).toEqual([]);
      expect(zortUrlsLeft()).toEqual([]);
    });
  });
});
