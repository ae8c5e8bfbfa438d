/**
 * npm start: the vendor sandbox and the local Zap runner on loopback, the scenario played
 * through the real app, every record a Zap receives printed as a table and written as JSON
 * lines. Exits 0 only when every check passes: every expected record arrived once, every forgery
 * was refused, and the app held up under production conditions.
 *   npm start                 play the scenario and exit
 *   npm start -- --listen     then keep the runner listening for real webhooks
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PurchaseOrder } from '../src/record/purchase-order';
import { startZapRunner, type Zap } from './runner';
import { playPollingDemo } from './polling-demo';
import { playScenario } from './scenario';
import { printTransfers } from './transfer-demo';
import { startVendorSandbox, type Credentials, type ShopifyCredentials } from './vendors';

const CREDENTIALS: Credentials = {
  zort_store_name: 'sandboxstore',
  zort_api_key: 'sandbox-zort-key',
  zort_api_secret: 'sandbox-zort-secret',
  apicbase_webhook_secret: 'sandbox-apicbase-secret',
  apicbase_client_id: 'sandbox-apicbase-client-id',
  apicbase_client_secret: 'sandbox-apicbase-client-secret',
};
const SHOPIFY_CREDENTIALS: ShopifyCredentials = {
  shopify_store_domain: 'sandbox-shop.myshopify.com',
  shopify_client_id: 'sandbox-shopify-client-id',
  shopify_client_secret: 'sandbox-shopify-client-secret',
};
const OUTPUT = join('build', 'sandbox-records.jsonl');
const ROWS_PER_TRIGGER = 3;

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

function recordRows(received: { zap: Zap; record: PurchaseOrder }[]): string[][] {
  const rows = [['TRIGGER', 'NUMBER', 'SUPPLIER', 'LINES', 'TOTAL']];
  const byTrigger = new Map<string, PurchaseOrder[]>();
  for (const { zap, record } of received)
    byTrigger.set(zap.triggerKey, [...(byTrigger.get(zap.triggerKey) ?? []), record]);
  for (const [trigger, records] of byTrigger) {
    for (const record of records.slice(0, ROWS_PER_TRIGGER)) {
      rows.push([
        trigger,
        record.number ?? '-',
        record.supplier.name ?? record.supplier.customer_number ?? '-',
        String(record.line_item_count),
        record.total === null ? '-' : `${record.total}${record.currency ? ` ${record.currency}` : ''}`,
      ]);
    }
    if (records.length > ROWS_PER_TRIGGER)
      rows.push([trigger, `... and ${records.length - ROWS_PER_TRIGGER} more`, '', '', '']);
  }
  return rows;
}

async function main(): Promise<number> {
  const listenAfter = process.argv.includes('--listen');
  const vendors = await startVendorSandbox(
    Number(process.env.SANDBOX_VENDOR_PORT ?? 0),
    CREDENTIALS,
    SHOPIFY_CREDENTIALS,
  );
  process.env.ZORT_BASE_URL = vendors.zortBaseUrl;
  process.env.SHOPIFY_BASE_URL = vendors.shopifyBaseUrl;
  process.env.APICBASE_BASE_URL = vendors.apicbaseBaseUrl;
  // The real app definition, loaded as Zapier loads it: the root index.js and the built dist/.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const app = require(join(process.cwd(), 'index.js')) as Parameters<typeof startZapRunner>[0];
  const runner = await startZapRunner(app, Number(process.env.SANDBOX_RUNNER_PORT ?? 4011), {
    ...CREDENTIALS,
    ...SHOPIFY_CREDENTIALS,
  });
  const received: { zap: Zap; record: PurchaseOrder }[] = [];
  runner.onRecord((zap, record) => received.push({ zap, record }));
  // What Zapier would show in a Zap's history or email: failed runs and flood-protected polls.
  const troubles: string[] = [];
  const troubled = new Set<Zap>();
  runner.onTrouble((zap, message) => {
    troubles.push(`${zap.triggerKey} (Zap ${zap.id}): ${message}`);
    troubled.add(zap);
  });
  console.log(
    `Vendor sandbox on ${vendors.url} (ZORT at /zort/v4, Shopify at /shopify, Apicbase at /oauth and /api; no Stocky: it is retired); Zap runner on ${runner.url}.\n`,
  );

  const checks = await playScenario(vendors, runner, CREDENTIALS.apicbase_webhook_secret);
  checks.push(...(await playPollingDemo(vendors, app, CREDENTIALS)));

  console.log(table(recordRows(received)));
  mkdirSync('build', { recursive: true });
  writeFileSync(
    OUTPUT,
    received.map(({ zap, record }) => JSON.stringify({ trigger: zap.triggerKey, record })).join('\n') + '\n',
  );
  console.log(`\n${received.length} records written to ${OUTPUT}.\n`);
  const held = [...troubled].reduce((sum, zap) => sum + zap.held.length, 0);
  console.log(
    `Zapier's limits: ${troubles.length} failed or flood-protected polls; ${held} records held by flood protection until the user played them.`,
  );
  for (const line of troubles.slice(0, ROWS_PER_TRIGGER)) console.log(`  ${line}`);
  if (troubles.length > ROWS_PER_TRIGGER) console.log(`  ... and ${troubles.length - ROWS_PER_TRIGGER} more`);
  console.log('');
  for (const check of checks.filter((candidate) => !candidate.production))
    console.log(`${check.ok ? 'ok  ' : 'FAIL'}  ${check.name}: ${check.detail}`);
  console.log('\nAs in production (Shopify throttling, ZORT Zaps turned on and off at once):');
  for (const check of checks.filter((candidate) => candidate.production))
    console.log(`${check.ok ? 'ok  ' : 'FAIL'}  ${check.name}: ${check.detail}`);
  const transferred = await printTransfers(app);
  const failed = [...checks.map((check) => check.ok), ...transferred].filter((ok) => !ok).length;
  console.log(`\nsandbox: ${checks.length + transferred.length - failed} passed, ${failed} failed`);

  if (listenAfter) {
    for (const zap of runner.zaps.filter((candidate) => candidate.hookUrl))
      console.log(`${zap.triggerKey}: ${zap.hookUrl}`);
    console.log('\nListening: point a webhook at a URL above; records print as they arrive. Ctrl-C stops.');
    runner.onRecord((zap, record) => console.log(JSON.stringify({ trigger: zap.triggerKey, record })));
    runner.onRefusal((zap, message) => console.log(`${zap.triggerKey} refused a delivery: ${message}`));
    return new Promise<number>(() => undefined);
  }
  await runner.close();
  await vendors.close();
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  },
);
