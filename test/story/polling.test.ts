/**
 * Polling as Zapier runs it, end to end over loopback: the ZORT and Apicbase polling triggers
 * beside their webhooks on one store, Zaps turned on while an order stamped before turn-on is not
 * listed yet (replication lag), and a burst of new ZORT purchase orders drained without a cap per
 * poll (flood protection is Zapier's and the user's choice).
 */
import apicbaseSample from '../../src/vendors/apicbase/sample-order.json';
import zortPurchaseOrder from '../../src/vendors/zort/seed-purchase-order.json';
import type { PurchaseOrder } from '../../src/record/purchase-order';
import { sendApicbaseOrder } from '../fakes/apicbase';
import { SANDBOX_CREDENTIALS } from '../fakes/sandbox';
import type { Zap } from '../fakes/zapier';
import { TRIGGER_KEYS } from '../helpers/contract-keys';
import { useSandbox } from '../helpers/sandbox';

jest.setTimeout(60_000);

/** A record without what tells its deliveries apart: its dedupe id and its event. */
const recordBody = (record: PurchaseOrder) => JSON.stringify({ ...record, id: undefined, event: undefined });

describe('polling triggers beside the webhooks on one store', () => {
  const world = useSandbox();
  const hooks = {} as { zort: Zap; apicbase: Zap };
  const order = { ...zortPurchaseOrder, id: zortPurchaseOrder.id + 1, number: 'PO-0002' };

  beforeAll(async () => {
    world.vendors.zort.saveConfig({ key1: 'merchant-key-1', key2: 'merchant-key-2', key3: 'merchant-key-3' });
    hooks.zort = await world.runner.turnOn(TRIGGER_KEYS.zortCreated);
    hooks.apicbase = await world.runner.turnOn(TRIGGER_KEYS.apicbaseNew);
  });

  it("gives two ZORT polling Zaps on one store a new purchase order once each, while the hook keeps ZORT's one URL", async () => {
    const configBefore = JSON.stringify(world.vendors.zort.config);
    const outcomes = await world.runner.turnOnMany([
      { triggerKey: TRIGGER_KEYS.zortNewPolling },
      { triggerKey: TRIGGER_KEYS.zortNewPolling },
    ]);
    expect(outcomes.map((outcome) => outcome.error)).toEqual([null, null]);
    const polling = outcomes.map((outcome) => outcome.zap!);
    await world.vendors.zort.send('ADDPURCHASEORDER', order);
    for (let round = 0; round < 2; round += 1) for (const zap of polling) await world.runner.poll(zap);
    for (const zap of polling) {
      expect(zap.records.map((record) => record.purchase_order_id)).toEqual([String(order.id)]);
      expect(zap.failures).toEqual([]);
    }
    // Polling needs no webhook URL: the configuration is untouched and the hook gets the order too.
    expect(JSON.stringify(world.vendors.zort.config)).toBe(configBefore);
    expect(world.vendors.zort.config?.addpurchaseurl).toBe(hooks.zort.hookUrl);
    expect(hooks.zort.records.map((record) => record.number)).toEqual([order.number]);
    await world.runner.turnOffMany(polling);
  });

  it('fires the ZORT updated polling Zap once per change made after it was turned on', async () => {
    const updated = await world.runner.turnOn(TRIGGER_KEYS.zortUpdatedPolling);
    const changes = [
      { method: 'UPDATEPURCHASEORDER', fields: { status: 'Pending' } },
      {
        method: 'UPDATEPURCHASEORDERPAYMENT',
        fields: { status: 'Pending', paymentstatus: 'Partial Payment', paymentamount: 75 },
      },
    ];
    for (const change of changes) {
      await world.vendors.zort.send(change.method, { ...order, ...change.fields });
      await world.runner.poll(updated);
    }
    await world.runner.poll(updated);
    expect(
      updated.records.map((record) => `${record.number} ${record.vendor_status}/${record.payment_status}`),
    ).toEqual([expect.stringMatching(/^PO-0002 Pending\//), expect.stringMatching(/^PO-0002 Pending\//)]);
    expect(new Set(updated.records.map((record) => record.id)).size).toBe(changes.length);
    expect(updated.failures).toEqual([]);
    await world.runner.turnOff(updated);
  });

  it('delivers a new Apicbase order once over three polls, the same record as its signed webhook but for its id, on one token', async () => {
    const mintsBefore = world.vendors.apicbase.mints;
    const apicbase = await world.runner.turnOn(TRIGGER_KEYS.apicbaseNewPolling);
    const placed = world.vendors.apicbase.create({
      ...apicbaseSample,
      id: 'c7a1d2e3-4f50-4a6b-9c7d-8e9f0a1b2c3d',
      order_number: 'PO-2024-0043',
      ordered_on: new Date().toISOString(),
    });
    for (let polls = 0; polls < 3; polls += 1) await world.runner.poll(apicbase);
    expect(apicbase.records.map((record) => record.purchase_order_id)).toEqual([placed.id]);
    expect(apicbase.failures).toEqual([]);

    const hookBefore = hooks.apicbase.records.length;
    await sendApicbaseOrder(hooks.apicbase.hookUrl!, placed, SANDBOX_CREDENTIALS.apicbase_webhook_secret);
    const hooked = hooks.apicbase.records[hookBefore];
    expect(hooked).toBeDefined();
    expect(recordBody(apicbase.records[0]!)).toBe(recordBody(hooked!));
    expect(hooked!.id).not.toBe(apicbase.records[0]!.id);
    // Turning on and three polls: one token.
    expect(world.vendors.apicbase.mints - mintsBefore).toBe(1);
    await world.runner.turnOff(apicbase);
  });
});

/** A ZORT purchase order of 12 lines, about 4 KB as a record. */
const burstOrder = (id: number) => ({
  ...zortPurchaseOrder,
  id,
  number: `PO-B${id}`,
  list: Array.from({ length: 12 }, (_, line) => ({
    productid: 9000 + line,
    sku: `SKU-${line}`,
    name: `Product ${line} of a purchase order in a burst`,
    number: 2,
    pricepernumber: 10.5,
    discount: null,
    totalprice: 21,
  })),
});

describe('turning polling Zaps on under replication lag, then a burst', () => {
  const world = useSandbox();

  it('fires a ZORT purchase order stamped 100 s before turn-on but listed after it once, and never one listed at turn-on', async () => {
    world.vendors.zort.purchaseOrders.create(
      { ...zortPurchaseOrder, id: 7_100_001, number: 'PO-LISTED' },
      Date.now() - 30_000,
    );
    const zap = await world.runner.turnOn(TRIGGER_KEYS.zortNewPolling);
    world.vendors.zort.purchaseOrders.create(
      { ...zortPurchaseOrder, id: 7_100_002, number: 'PO-LATE' },
      Date.now() - 100_000,
    );
    for (let poll = 0; poll < 2; poll += 1) await world.runner.poll(zap);
    expect(zap.records.map((record) => record.number)).toEqual(['PO-LATE']);
    expect(zap.failures).toEqual([]);
    await world.runner.turnOff(zap);
  });

  it('fires an Apicbase order stamped 50 s before turn-on but listed after it once, and never one listed at turn-on', async () => {
    const placed = (id: string, ago: number) => ({
      id,
      order_number: id.toUpperCase(),
      ordered_on: new Date(Date.now() - ago).toISOString(),
    });
    world.vendors.apicbase.create(placed('listed-at-turn-on', 20_000));
    const zap = await world.runner.turnOn(TRIGGER_KEYS.apicbaseNewPolling);
    world.vendors.apicbase.create(placed('listed-late', 50_000));
    for (let poll = 0; poll < 2; poll += 1) await world.runner.poll(zap);
    expect(zap.records.map((record) => record.purchase_order_id)).toEqual(['listed-late']);
    expect(zap.failures).toEqual([]);
    await world.runner.turnOff(zap);
  });

  it("delivers a burst of 300 new ZORT purchase orders each once in one poll, within Zapier's limits; flood protection holds them for the user", async () => {
    const zap = await world.runner.turnOn(TRIGGER_KEYS.zortNewPolling);
    const ids = Array.from({ length: 300 }, (_, index) => 7_000_001 + index);
    const now = Date.now();
    for (const id of ids) world.vendors.zort.purchaseOrders.create(burstOrder(id), now);
    const first = await world.runner.poll(zap);
    const second = await world.runner.poll(zap);
    expect(first.failure).toBeNull();
    expect(first.delivered.map((record) => Number(record.purchase_order_id)).sort((a, b) => a - b)).toEqual(ids);
    expect(Buffer.byteLength(JSON.stringify(first.delivered))).toBeLessThan(world.runner.limits.pollBytes);
    // More than 100 new in one poll: Zapier holds them until the user plays them (a paid plan sets the limit).
    expect(first.held).toHaveLength(300);
    expect(second).toEqual({ delivered: [], held: [], failure: null });
    await world.runner.turnOff(zap);
  });
});
