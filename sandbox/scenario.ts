/**
 * The scenario `npm start` plays and the end-to-end tests check: purchase orders created,
 * updated, paid and completed in every vendor, a burst of Stocky updates, and two forged
 * deliveries that must be refused. Each check says what was expected and what arrived.
 */
import { TRIGGER_KEYS } from '../test/helpers/contract-keys';
import apoSeed from '../src/vendors/auto-purchase-orders/seed-payload.json';
import apicbaseSample from '../src/vendors/apicbase/sample-order.json';
import stockySeed from '../src/vendors/stocky/seed-list-response.json';
import zortPurchaseOrder from '../src/vendors/zort/seed-purchase-order.json';
import zortPurchaseReturn from '../src/vendors/zort/seed-purchase-return.json';
import type { ZapRunner, Zap } from './runner';
import { sendApicbaseOrder, sendAutoPurchaseOrder } from './senders';
import type { StockyOrder, VendorSandbox } from './vendors';

export type Check = { name: string; ok: boolean; detail: string };
export type ScenarioOptions = { historicStockyOrders: number; stockyBurst: number };
export const DEFAULT_SCENARIO: ScenarioOptions = { historicStockyOrders: 700, stockyBurst: 600 };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Stocky purchase orders shaped like the seed's first, `count` of them from `firstId` on. */
function stockyOrders(firstId: number, count: number, at: Date): StockyOrder[] {
  const [template] = stockySeed.purchase_orders;
  return Array.from({ length: count }, (_, index) => ({
    ...template,
    id: firstId + index,
    number: 1000 + firstId + index,
    sequential_id: 1000 + firstId + index,
    supplier_name: index % 2 ? 'Brothers' : 'Acme',
    created_at: at.toISOString(),
    updated_at: at.toISOString(),
    ordered_at: at.toISOString(),
    archived: false,
  })) as StockyOrder[];
}

function expectRecords(checks: Check[], zap: Zap, expected: string[]): void {
  const got = zap.records.map((record) => record.purchase_order_id);
  const ids = new Set(zap.records.map((record) => record.id));
  const sameSet = got.length === expected.length && [...got].sort().join() === [...expected].sort().join();
  checks.push({
    name: `${zap.triggerKey} received ${expected.length} record${expected.length === 1 ? '' : 's'}, each once`,
    ok: sameSet && ids.size === got.length && zap.refusals.length === 0,
    detail: sameSet
      ? `${got.length} records${zap.refusals.length ? `, ${zap.refusals.length} unexpected refusals: ${zap.refusals.join(' | ')}` : ''}`
      : `expected purchase orders ${expected.slice(0, 5).join(', ')}${expected.length > 5 ? ', ...' : ''}; got ${got.slice(0, 5).join(', ')}${got.length > 5 ? ', ...' : ''} (${got.length})`,
  });
}

function expectRefused(checks: Check[], name: string, zap: Zap, pattern: RegExp): void {
  const refusal = zap.refusals.find((message) => pattern.test(message));
  checks.push({
    name,
    ok: refusal !== undefined && zap.refusals.length === 1,
    detail: refusal ?? `refusals: ${zap.refusals.join(' | ') || 'none'}`,
  });
}

export async function playScenario(
  vendors: VendorSandbox,
  runner: ZapRunner,
  apicbaseSecret: string,
  options: ScenarioOptions = DEFAULT_SCENARIO,
): Promise<Check[]> {
  const checks: Check[] = [];
  const now = Date.now();

  // The stores as they are before any Zap is on.
  for (const order of stockySeed.purchase_orders) vendors.stocky.upsert(order as StockyOrder);
  for (const order of stockyOrders(3, options.historicStockyOrders, new Date(now - 3 * DAY_MS))) vendors.stocky.upsert(order);

  const zap = {
    apoCreated: await runner.turnOn(TRIGGER_KEYS.apoCreated),
    apoUpdated: await runner.turnOn(TRIGGER_KEYS.apoUpdated),
    apoCompleted: await runner.turnOn(TRIGGER_KEYS.apoCompleted),
    zortCreated: await runner.turnOn(TRIGGER_KEYS.zortCreated),
    zortUpdated: await runner.turnOn(TRIGGER_KEYS.zortUpdated),
    zortPayment: await runner.turnOn(TRIGGER_KEYS.zortPaymentUpdated),
    zortReturn: await runner.turnOn(TRIGGER_KEYS.zortReturnCreated),
    apicbase: await runner.turnOn(TRIGGER_KEYS.apicbaseNew),
    stockyNew: await runner.turnOn(TRIGGER_KEYS.stockyNew),
    stockyUpdated: await runner.turnOn(TRIGGER_KEYS.stockyUpdated),
  };

  // Auto Purchase Orders: created, updated, completed, each to the Zap for its topic.
  await sendAutoPurchaseOrder(zap.apoCreated.hookUrl!, apoSeed);
  await sendAutoPurchaseOrder(zap.apoUpdated.hookUrl!, { ...apoSeed, comment: 'Delivery moved to Friday', updated_at: '2025-02-24T10:00:00.000Z' });
  await sendAutoPurchaseOrder(zap.apoCompleted.hookUrl!, { ...apoSeed, completed_at: '2025-03-01T08:00:00.000Z', updated_at: '2025-03-01T08:00:00.000Z' });

  // ZORT sends to whatever URL its configuration holds: the Zaps subscribed themselves.
  await vendors.zort.send('ADDPURCHASEORDER', zortPurchaseOrder);
  await vendors.zort.send('UPDATEPURCHASEORDER', { ...zortPurchaseOrder, status: 'Pending', paymentstatus: 'Pending' });
  await vendors.zort.send('UPDATEPURCHASEORDERPAYMENT', { ...zortPurchaseOrder, paymentstatus: 'Partial Payment', paymentamount: 75 });
  await vendors.zort.send('ADDRETURNPURCHASEORDER', zortPurchaseReturn);
  await vendors.zort.send('ADDPURCHASEORDER', { ...zortPurchaseOrder, id: 9999, number: 'PO-FORGED' }, { key1: 'forged-key' });

  // Apicbase: a signed order, and a forgery signed with another secret.
  await sendApicbaseOrder(zap.apicbase.hookUrl!, apicbaseSample, apicbaseSecret);
  await sendApicbaseOrder(zap.apicbase.hookUrl!, { ...apicbaseSample, id: 'forged', theoretical_price: '0.01' }, 'not-the-secret');

  // Stocky: one new purchase order, then a burst of updates between two polls.
  const newId = 3 + options.historicStockyOrders;
  for (const order of stockyOrders(newId, 1, new Date())) vendors.stocky.upsert(order);
  const burst = Array.from({ length: options.stockyBurst }, (_, index) => 3 + index);
  burst.forEach((id, index) => vendors.stocky.update(id, { paid: true }, new Date(now - (burst.length - index) * 10)));
  await runner.poll(zap.stockyNew);
  const requestsBefore = vendors.stocky.requests;
  await runner.poll(zap.stockyUpdated);
  const updatedPollRequests = vendors.stocky.requests - requestsBefore;
  const secondNew = await runner.poll(zap.stockyNew);
  const secondUpdated = await runner.poll(zap.stockyUpdated);

  expectRecords(checks, zap.apoCreated, ['1']);
  expectRecords(checks, zap.apoUpdated, ['1']);
  expectRecords(checks, zap.apoCompleted, ['1']);
  expectRecords(checks, zap.zortUpdated, ['1234']);
  expectRecords(checks, zap.zortPayment, ['1234']);
  expectRecords(checks, zap.zortReturn, ['1234']);
  expectRecords(checks, zap.stockyNew, [String(newId)]);
  expectRecords(checks, zap.stockyUpdated, [...burst, newId].map(String));
  checks.push({
    name: `stocky_updated_purchase_order fetched the burst in the fewest pages`,
    ok: updatedPollRequests === Math.floor((burst.length + 1) / 250) + 1,
    detail: `${updatedPollRequests} requests for ${burst.length + 1} updated purchase orders`,
  });
  checks.push({
    name: 'a second poll finds nothing new',
    ok: secondNew.length === 0 && secondUpdated.length === 0,
    detail: `${secondNew.length} new, ${secondUpdated.length} updated`,
  });

  const zortCreatedGood = zap.zortCreated.records.map((record) => record.purchase_order_id);
  checks.push({
    name: 'zort_purchase_order_created received PO-0001 once',
    ok: zortCreatedGood.length === 1 && zortCreatedGood[0] === '1234',
    detail: `${zortCreatedGood.length} records`,
  });
  expectRefused(checks, 'a ZORT delivery with a wrong key was refused', zap.zortCreated, /Authorization key does not match/);
  const apicbaseGood = zap.apicbase.records.map((record) => record.number);
  checks.push({
    name: 'apicbase_new_purchase_order received the signed order once',
    ok: apicbaseGood.length === 1 && apicbaseGood[0] === apicbaseSample.order_number,
    detail: `${apicbaseGood.length} records`,
  });
  expectRefused(checks, 'an Apicbase delivery with a forged signature was refused', zap.apicbase, /X-APIC-WEBHOOK-SIGNATURE does not match/);

  // Turning the ZORT Zaps off gives ZORT its configuration back.
  for (const zortZap of [zap.zortCreated, zap.zortUpdated, zap.zortPayment, zap.zortReturn]) await runner.turnOff(zortZap);
  const leftOver = Object.entries(vendors.zort.config).filter(([field, value]) => field.endsWith('url') && value !== '');
  checks.push({
    name: 'turning the ZORT Zaps off cleared their webhook URLs',
    ok: leftOver.length === 0,
    detail: leftOver.length === 0 ? 'all URL fields blank' : leftOver.map(([field]) => field).join(', '),
  });
  return checks;
}
