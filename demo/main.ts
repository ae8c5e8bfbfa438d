/**
 * npm start: the vendor fakes (test/fakes) on loopback and a day of purchase orders played through
 * the real built app as Zapier runs it, then one short table: what ran, what arrived, and what the
 * user would see. The checks themselves are jest's (test/story); this prints, and exits 1 only
 * when a Zap got other than what the day should give it.
 *   npm start                 play the day and exit
 *   npm start -- --listen     then keep the sandbox up for real webhooks and `zapier-platform invoke`
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import apoSeed from '../src/vendors/auto-purchase-orders/seed-payload.json';
import apicbaseSample from '../src/vendors/apicbase/sample-order.json';
import zortPurchaseOrder from '../src/vendors/zort/seed-purchase-order.json';
import type { PurchaseOrder } from '../src/record/purchase-order';
import { sendApicbaseOrder } from '../test/fakes/apicbase';
import { sendAutoPurchaseOrder } from '../test/fakes/auto-purchase-orders';
import {
  pacingOnFakeClock,
  SANDBOX_CREDENTIALS,
  SANDBOX_SHOPIFY_CREDENTIALS,
  startSandbox,
  type Sandbox,
} from '../test/fakes/sandbox';
import type { AppDefinition, Zap } from '../test/fakes/zapier';
import { TRIGGER_KEYS } from '../test/helpers/contract-keys';
import { DEMO_SIZES, runTransfer, type TransferVendor } from './transfer';

const OUTPUT = join('build', 'demo-records.jsonl');
/** The built app and its modules are loaded at run time, from paths known only then. */
const load = createRequire(__filename);
/** Zapier polls each Zap every few minutes: the fake Shopify's clock moves this much between polls. */
const BETWEEN_POLLS_MS = 100_000;
/** New ZORT purchase orders imported at once: more than Zapier's flood-protection threshold of 100. */
const IMPORT_SIZE = 150;
/** The past purchase orders each vendor's store holds when the user starts a Transfer. */
const TRANSFER_SIZES: Record<TransferVendor, number> = { shopify: 500, zort: 1000, apicbase: 500 };

/** A row of the table, and what the day should give that Zap: records arrived and deliveries refused. */
type Row = { zap: Zap; ran: string; expect: { records: number; refusals: number } };

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const plural = (count: number, word: string, words = `${word}s`) =>
  `${count.toLocaleString('en')} ${count === 1 ? word : words}`;

function firstRecord(record: PurchaseOrder | undefined): string {
  if (!record) return '';
  const total = record.total === null ? '' : ` ${record.total}${record.currency ? ` ${record.currency}` : ''}`;
  return `: ${record.number ?? record.purchase_order_id},${total}`;
}

/** What the Zap's owner sees: runs in the Zap's history, refused deliveries, records held by flood protection. */
function userSees(zap: Zap): string {
  const seen = [`${plural(zap.records.length, 'run')} in Zap history`];
  if (zap.held.length > 0)
    seen.push(`${zap.held.length} held first by flood protection (Zapier's setting), then played by the user`);
  for (const refusal of zap.refusals) seen.push(`refused: "${refusal.split(':')[0]}"`);
  for (const failure of zap.failures) seen.push(`failed: "${failure}"`);
  return seen.join('; ');
}

/** The app's pacing clocks in the built app: a wait for Shopify's bucket moves the fake's clock. */
function builtPacingClocks() {
  const built = join(process.cwd(), 'dist', 'vendors', 'shopify', 'pacing.js');
  return existsSync(built)
    ? [(load(built) as { shopifyClock: Parameters<typeof pacingOnFakeClock>[1][0] }).shopifyClock]
    : [];
}

/** The day: each vendor's purchase orders, a forged delivery or two, and an import of 150 ZORT purchase orders at once. */
async function playDay({ vendors, runner }: Sandbox): Promise<Row[]> {
  vendors.zort.saveConfig({ key1: 'merchant-key-1', key2: 'merchant-key-2', key3: 'merchant-key-3' });
  const on = (key: string) => runner.turnOn(key);
  const zaps = {
    apoCreated: await on(TRIGGER_KEYS.apoCreated),
    apoCompleted: await on(TRIGGER_KEYS.apoCompleted),
    zortCreated: await on(TRIGGER_KEYS.zortCreated),
    zortPolling: await on(TRIGGER_KEYS.zortNewPolling),
    apicbase: await on(TRIGGER_KEYS.apicbaseNew),
    apicbasePolling: await on(TRIGGER_KEYS.apicbaseNewPolling),
    shopifyNew: await on(TRIGGER_KEYS.shopifyNew),
    shopifyOrdered: await on(TRIGGER_KEYS.shopifyOrdered),
  };
  const polls = new Map<Zap, number>();
  const pollAll = async () => {
    for (const zap of [zaps.zortPolling, zaps.apicbasePolling, zaps.shopifyNew, zaps.shopifyOrdered]) {
      vendors.shopifyClock.advance(BETWEEN_POLLS_MS);
      await runner.poll(zap);
      polls.set(zap, (polls.get(zap) ?? 0) + 1);
    }
  };

  await sendAutoPurchaseOrder(zaps.apoCreated.hookUrl!, apoSeed);
  await sendAutoPurchaseOrder(zaps.apoCompleted.hookUrl!, { ...apoSeed, completed_at: '2025-03-01T08:00:00.000Z' });
  await vendors.zort.send('ADDPURCHASEORDER', zortPurchaseOrder);
  await vendors.zort.send(
    'ADDPURCHASEORDER',
    { ...zortPurchaseOrder, id: 9999, number: 'PO-FORGED' },
    { key1: 'forged' },
  );
  const placed = vendors.apicbase.create({ ...apicbaseSample, ordered_on: new Date().toISOString() });
  await sendApicbaseOrder(zaps.apicbase.hookUrl!, placed, SANDBOX_CREDENTIALS.apicbase_webhook_secret);
  await sendApicbaseOrder(zaps.apicbase.hookUrl!, { ...apicbaseSample, id: 'forged' }, 'not-the-secret');
  const draft = vendors.shopify.create({ name: 'PO-DEMO-1', supplierName: 'Demo Supplies' });
  vendors.shopify.create({ name: 'PO-DEMO-2', status: 'ORDERED' });
  await pollAll();
  vendors.shopify.markOrdered(draft.id);
  const now = Date.now();
  for (let index = 1; index <= IMPORT_SIZE; index += 1)
    vendors.zort.purchaseOrders.create({ ...zortPurchaseOrder, id: 50_000 + index, number: `PO-IMPORT-${index}` }, now);
  await pollAll();
  await pollAll();

  const deliveries = (count: number, refused = 0) =>
    `${plural(count, 'delivery', 'deliveries')}${refused ? `, ${refused} forged` : ''}`;
  const polled = (zap: Zap) => `${plural(polls.get(zap) ?? 0, 'poll')} after turn-on`;
  const rows: Row[] = [
    { zap: zaps.apoCreated, ran: deliveries(1), expect: { records: 1, refusals: 0 } },
    { zap: zaps.apoCompleted, ran: deliveries(1), expect: { records: 1, refusals: 0 } },
    { zap: zaps.zortCreated, ran: deliveries(2, 1), expect: { records: 1, refusals: 1 } },
    { zap: zaps.zortPolling, ran: polled(zaps.zortPolling), expect: { records: 1 + IMPORT_SIZE, refusals: 0 } },
    { zap: zaps.apicbase, ran: deliveries(2, 1), expect: { records: 1, refusals: 1 } },
    { zap: zaps.apicbasePolling, ran: polled(zaps.apicbasePolling), expect: { records: 1, refusals: 0 } },
    { zap: zaps.shopifyNew, ran: polled(zaps.shopifyNew), expect: { records: 2, refusals: 0 } },
    { zap: zaps.shopifyOrdered, ran: polled(zaps.shopifyOrdered), expect: { records: 2, refusals: 0 } },
  ];
  for (const zap of Object.values(zaps)) await runner.turnOff(zap);
  return rows;
}

function printEnvironment(sandbox: Sandbox, listening: boolean): void {
  console.log(
    listening
      ? '\nThe sandbox stays up. For `npm run zapier -- invoke ... --non-interactive`, put these lines in .env:'
      : '\nThe sandbox store (`npm start -- --listen` keeps it up; `SANDBOX_VENDOR_PORT` fixes its port), for .env:',
  );
  const fields = { ...SANDBOX_CREDENTIALS, ...SANDBOX_SHOPIFY_CREDENTIALS };
  for (const [field, value] of Object.entries(fields)) console.log(`  authData_${field}=${value}`);
  for (const [name, value] of Object.entries(sandbox.environment)) console.log(`  ${name}=${value}`);
}

async function main(): Promise<number> {
  const listening = process.argv.includes('--listen');
  // The real app, loaded as Zapier loads it (the root index.js and the built dist/), once the environment points at the fakes.
  const sandbox = await startSandbox({
    app: () => load(join(process.cwd(), 'index.js')) as AppDefinition,
    vendorPort: Number(process.env.SANDBOX_VENDOR_PORT ?? 0),
    runnerPort: Number(process.env.SANDBOX_RUNNER_PORT ?? 4011),
  });
  const stop = async (code: number) => {
    await sandbox.close();
    process.exit(code);
  };
  // Stopped by a signal, or orphaned by the npm process that started it: close both servers first.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void stop(0));
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && void stop(0), 500).unref();

  console.log(
    `Vendor fakes on ${sandbox.vendors.url}, Zap runner on ${sandbox.runner.url}: a day of purchase orders.\n`,
  );
  const restoreClocks = pacingOnFakeClock(sandbox.vendors, builtPacingClocks());
  const rows = await playDay(sandbox).finally(restoreClocks);

  const transfers = [];
  for (const vendor of Object.keys(DEMO_SIZES) as TransferVendor[])
    transfers.push(await runTransfer(sandbox.app, vendor, TRANSFER_SIZES[vendor]));

  const unexpected = rows.filter(
    ({ zap, expect }) =>
      zap.records.length !== expect.records || zap.refusals.length !== expect.refusals || zap.failures.length > 0,
  );
  const lines = [['ZAP ON', 'WHAT RAN', 'WHAT ARRIVED', 'WHAT THE USER SEES']];
  for (const row of rows) {
    const mark = unexpected.includes(row)
      ? `UNEXPECTED (the day should give ${plural(row.expect.records, 'record')}) `
      : '';
    lines.push([
      row.zap.triggerKey,
      row.ran,
      `${plural(row.zap.records.length, 'record')}${firstRecord(row.zap.records[0])}`,
      mark + userSees(row.zap),
    ]);
  }
  for (const run of transfers) {
    lines.push([
      `${run.triggerKey} (Transfer)`,
      `${plural(run.pages.length, 'page')}, ${run.createdDuring} new during it`,
      `${run.records.length.toLocaleString('en')} of ${run.size.toLocaleString('en')} past purchase orders`,
      run.ok ? 'each once, newest first, to pick from' : 'UNEXPECTED: not every past purchase order once, newest first',
    ]);
  }
  console.log(table(lines));

  const received = rows.flatMap(({ zap }) => zap.records.map((record) => ({ trigger: zap.triggerKey, record })));
  mkdirSync('build', { recursive: true });
  writeFileSync(OUTPUT, received.map((entry) => JSON.stringify(entry)).join('\n') + '\n');
  console.log(
    `\n${plural(received.length, 'record')} written to ${OUTPUT}. The checks behind this day: npx jest test/story.`,
  );
  const failed = unexpected.length + transfers.filter((run) => !run.ok).length;
  if (failed > 0) console.log(`${plural(failed, 'row')} did not go as the day should.`);
  printEnvironment(sandbox, listening);

  if (!listening) {
    await sandbox.close();
    return failed === 0 ? 0 : 1;
  }
  console.log('');
  for (const key of [
    TRIGGER_KEYS.apoCreated,
    TRIGGER_KEYS.apoUpdated,
    TRIGGER_KEYS.apoCompleted,
    TRIGGER_KEYS.apicbaseNew,
  ]) {
    const zap = await sandbox.runner.turnOn(key);
    console.log(`  ${zap.triggerKey} listens at ${zap.hookUrl}`);
  }
  console.log('Records print as they arrive. Ctrl-C (or stopping npm) stops everything.');
  sandbox.runner.onRecord((zap, record) => console.log(JSON.stringify({ trigger: zap.triggerKey, record })));
  sandbox.runner.onRefusal((zap, message) => console.log(`${zap.triggerKey} refused a delivery: ${message}`));
  return new Promise<number>(() => undefined);
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  },
);
