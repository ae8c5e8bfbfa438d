/**
 * npm start, polling as Zapier runs it: a burst of 5,000 new ZORT purchase orders drained without
 * a per-poll cap, and ZORT and Apicbase Zaps turned on while an order stamped before turn-on is
 * not listed yet (replication lag). The Zaps run on a runner of their own, with Zapier's limits,
 * so the burst's flood-protected records stay out of the scenario's table and totals.
 */
import zortPurchaseOrder from '../src/vendors/zort/seed-purchase-order.json';
import { TRIGGER_KEYS } from '../test/helpers/contract-keys';
import { startZapRunner, type Zap, type ZapRunner } from './runner';
import type { Check } from './scenario';
import type { VendorSandbox } from './vendors';

export type PollingDemoOptions = {
  /** New ZORT purchase orders created at once. */
  burst?: number;
};

/** A ZORT purchase order of 12 lines, about 4 KB as a record: 5,000 of them outgrow one poll's 15 MB. */
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

const times = (count: number) => (count === 0 ? 'never' : count === 1 ? 'once' : `${count} times`);

const pollCount = (count: number) => `${count} ${count === 1 ? 'poll' : 'polls'}`;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

type PollFigure = { records: number; ms: number; bytes: number };

/** Polls until two polls in a row bring nothing new: each poll that brought something, its new records' JSON size and its time. */
async function drain(runner: ZapRunner, zap: Zap): Promise<{ polls: PollFigure[]; failures: string[] }> {
  const polls: PollFigure[] = [];
  const failures: string[] = [];
  for (let quiet = 0; quiet < 2 && polls.length < 30; ) {
    const started = Date.now();
    const result = await runner.poll(zap);
    const ms = Date.now() - started;
    if (result.failure !== null) failures.push(result.failure);
    // Delivered includes what flood protection held: the user played it.
    const fresh = result.delivered;
    if (fresh.length === 0) {
      quiet += 1;
      continue;
    }
    quiet = 0;
    polls.push({ records: fresh.length, ms, bytes: Buffer.byteLength(JSON.stringify(fresh)) });
  }
  return { polls, failures };
}

async function burstCheck(vendors: VendorSandbox, runner: ZapRunner, size: number): Promise<Check> {
  const zap = await runner.turnOn(TRIGGER_KEYS.zortNewPolling);
  const firstId = 7_000_001;
  const ids = Array.from({ length: size }, (_, index) => firstId + index);
  const now = Date.now();
  for (const id of ids) vendors.zort.purchaseOrders.create(burstOrder(id), now);
  const { polls: figures, failures } = await drain(runner, zap);
  const received = zap.records.map((record) => Number(record.purchase_order_id)).filter((id) => id >= firstId);
  const once = received.length === size && new Set(received).size === size && ids.every((id) => received.includes(id));
  const withinLimits = figures.every(
    (each) => each.ms < runner.limits.performMs && each.bytes < runner.limits.pollBytes,
  );
  const perPoll = figures
    .map(
      (each) =>
        `${each.records.toLocaleString('en')} new (${megabytes(each.bytes)}) in ${(each.ms / 1000).toFixed(1)} s`,
    )
    .join(', ');
  console.log(
    `ZORT burst: ${size.toLocaleString('en')} new purchase orders created at once reached the Zap in ${pollCount(figures.length)}: ${perPoll}.`,
  );
  console.log(
    `  Past 100 new in one poll Zapier's flood protection holds them until the user plays them (${zap.held.length.toLocaleString('en')} here); a paid plan sets that limit per Zap.`,
  );
  await runner.turnOff(zap);
  return {
    name: `a burst of ${size.toLocaleString('en')} new ZORT purchase orders reached the Zap, each once, in at most 10 polls`,
    ok: once && withinLimits && figures.length <= 10 && failures.length === 0,
    detail: `${received.length} records in ${pollCount(figures.length)}, each under ${runner.limits.performMs / 1000} s and ${megabytes(runner.limits.pollBytes)}${failures.length ? `; failed: ${failures[0]}` : ''}`,
    production: true,
  };
}

/**
 * Turn-on with replication lag: one order placed shortly before turn-on is listed at turn-on
 * (it must never fire), another placed as long before is listed only after turn-on (it must fire
 * once).
 */
async function laggedTurnOnChecks(vendors: VendorSandbox, runner: ZapRunner): Promise<Check[]> {
  const checks: Check[] = [];
  const zortLagMs = 100_000;
  vendors.zort.purchaseOrders.create({ ...zortPurchaseOrder, id: 7_100_001, number: 'PO-LISTED' }, Date.now() - 30_000);
  const zort = await runner.turnOn(TRIGGER_KEYS.zortNewPolling);
  vendors.zort.purchaseOrders.create(
    { ...zortPurchaseOrder, id: 7_100_002, number: 'PO-LATE' },
    Date.now() - zortLagMs,
  );
  for (let poll = 0; poll < 2; poll += 1) await runner.poll(zort);
  const zortFired = zort.records.map((record) => record.number);

  const apicbaseLagMs = 50_000;
  const placed = (id: string, ago: number) => ({
    id,
    order_number: id.toUpperCase(),
    ordered_on: new Date(Date.now() - ago).toISOString(),
  });
  vendors.apicbase.create(placed('listed-at-turn-on', 20_000));
  const apicbase = await runner.turnOn(TRIGGER_KEYS.apicbaseNewPolling);
  vendors.apicbase.create(placed('listed-late', apicbaseLagMs));
  for (let poll = 0; poll < 2; poll += 1) await runner.poll(apicbase);
  const apicbaseFired = apicbase.records.map((record) => record.purchase_order_id);

  const listedFired =
    zortFired.filter((number) => number === 'PO-LISTED').length +
    apicbaseFired.filter((id) => id === 'listed-at-turn-on').length;
  console.log(
    `Lagged turn-on: a ZORT purchase order stamped ${zortLagMs / 1000} s before turn-on but listed after it fired ${times(zortFired.filter((number) => number === 'PO-LATE').length)} over 2 polls, ` +
      `an Apicbase order stamped ${apicbaseLagMs / 1000} s before fired ${times(apicbaseFired.filter((id) => id === 'listed-late').length)}; ` +
      `the two already listed at turn-on ${listedFired === 0 ? 'never fired' : `fired ${times(listedFired)}`}.`,
  );
  checks.push({
    name: `a ZORT purchase order stamped ${zortLagMs / 1000} s before turn-on, listed after it, fired once; one listed at turn-on never`,
    ok: zortFired.length === 1 && zortFired[0] === 'PO-LATE' && zort.failures.length === 0,
    detail: `fired: ${zortFired.join(', ') || 'none'}${zort.failures.length ? `; failed: ${zort.failures[0]}` : ''}`,
    production: true,
  });
  checks.push({
    name: `an Apicbase order stamped ${apicbaseLagMs / 1000} s before turn-on, listed after it, fired once; one listed at turn-on never`,
    ok: apicbaseFired.length === 1 && apicbaseFired[0] === 'listed-late' && apicbase.failures.length === 0,
    detail: `fired: ${apicbaseFired.join(', ') || 'none'}${apicbase.failures.length ? `; failed: ${apicbase.failures[0]}` : ''}`,
    production: true,
  });
  await runner.turnOff(zort);
  await runner.turnOff(apicbase);
  return checks;
}

export async function playPollingDemo(
  vendors: VendorSandbox,
  app: Parameters<typeof startZapRunner>[0],
  authData: Record<string, string>,
  options: PollingDemoOptions = {},
): Promise<Check[]> {
  const runner = await startZapRunner(app, 0, authData);
  try {
    console.log('Polling as Zapier runs it (sandbox/polling-demo.ts):');
    // The lag first: a Zap turned on just after a burst reads the burst again inside its margin.
    const lagged = await laggedTurnOnChecks(vendors, runner);
    const burst = await burstCheck(vendors, runner, options.burst ?? 5000);
    console.log('');
    return [...lagged, burst];
  } finally {
    await runner.close();
  }
}
