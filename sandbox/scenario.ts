/**
 * The scenario `npm start` plays and the end-to-end tests check: purchase orders created,
 * updated, paid and completed in every vendor, one Shopify purchase order's life
 * (sandbox/shopify-scenario.ts), two forged deliveries that must be refused, the ZORT and
 * Apicbase polling triggers beside the webhooks, and retired Stocky's Zaps shown its retirement
 * sentence; then what production does to an app: a ZORT store that never set a webhook, and ZORT
 * Zaps turned on and off at once. Each check says what was expected and what arrived.
 */
import { TRIGGER_KEYS } from '../test/helpers/contract-keys';
import apoSeed from '../src/vendors/auto-purchase-orders/seed-payload.json';
import apicbaseSample from '../src/vendors/apicbase/sample-order.json';
import zortPurchaseOrder from '../src/vendors/zort/seed-purchase-order.json';
import zortPurchaseReturn from '../src/vendors/zort/seed-purchase-return.json';
import { firstSentence, type ZapRunner, type Zap, type ZapSpec } from './runner';
import type { PurchaseOrder } from '../src/record/purchase-order';
import { sendApicbaseOrder, sendAutoPurchaseOrder } from './senders';
import { playShopifyScenario } from './shopify-scenario';
import { STOCKY_RETIRED_MESSAGE } from '../src/vendors/stocky/retired';
import { ZORT_METHOD_FIELDS, type VendorSandbox } from './vendors';

/** production: a check of what Zapier and the vendors do to the app, beyond the happy path. */
export type Check = { name: string; ok: boolean; detail: string; production?: true };
export type ScenarioOptions = {
  /** How long ZORT's GetWebhook and UpdateWebhook take while Zaps turn on and off at once. */
  zortWebhookDelayMs: number;
  /** Purchase orders in the Shopify store before its Zaps are turned on. */
  historicShopifyOrders: number;
};
export const DEFAULT_SCENARIO: ScenarioOptions = {
  zortWebhookDelayMs: 50,
  historicShopifyOrders: 700,
};

/** The keys a merchant saved once in ZORT's webhook settings, before any Zap. */
const MERCHANT_ZORT_KEYS = { key1: 'merchant-key-1', key2: 'merchant-key-2', key3: 'merchant-key-3' };

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

  // The store as it is before any Zap is on.
  vendors.zort.saveConfig(MERCHANT_ZORT_KEYS);

  const zap = {
    apoCreated: await runner.turnOn(TRIGGER_KEYS.apoCreated),
    apoUpdated: await runner.turnOn(TRIGGER_KEYS.apoUpdated),
    apoCompleted: await runner.turnOn(TRIGGER_KEYS.apoCompleted),
    zortCreated: await runner.turnOn(TRIGGER_KEYS.zortCreated),
    zortUpdated: await runner.turnOn(TRIGGER_KEYS.zortUpdated),
    zortPayment: await runner.turnOn(TRIGGER_KEYS.zortPaymentUpdated),
    zortReturn: await runner.turnOn(TRIGGER_KEYS.zortReturnCreated),
    apicbase: await runner.turnOn(TRIGGER_KEYS.apicbaseNew),
  };

  // Auto Purchase Orders: created, updated, completed, each to the Zap for its topic.
  await sendAutoPurchaseOrder(zap.apoCreated.hookUrl!, apoSeed);
  await sendAutoPurchaseOrder(zap.apoUpdated.hookUrl!, {
    ...apoSeed,
    comment: 'Delivery moved to Friday',
    updated_at: '2025-02-24T10:00:00.000Z',
  });
  await sendAutoPurchaseOrder(zap.apoCompleted.hookUrl!, {
    ...apoSeed,
    completed_at: '2025-03-01T08:00:00.000Z',
    updated_at: '2025-03-01T08:00:00.000Z',
  });

  // ZORT sends to whatever URL its configuration holds: the Zaps subscribed themselves.
  await vendors.zort.send('ADDPURCHASEORDER', zortPurchaseOrder);
  await vendors.zort.send('UPDATEPURCHASEORDER', { ...zortPurchaseOrder, status: 'Pending', paymentstatus: 'Pending' });
  await vendors.zort.send('UPDATEPURCHASEORDERPAYMENT', {
    ...zortPurchaseOrder,
    paymentstatus: 'Partial Payment',
    paymentamount: 75,
  });
  await vendors.zort.send('ADDRETURNPURCHASEORDER', zortPurchaseReturn);
  await vendors.zort.send(
    'ADDPURCHASEORDER',
    { ...zortPurchaseOrder, id: 9999, number: 'PO-FORGED' },
    { key1: 'forged-key' },
  );

  // Apicbase: a signed order, and a forgery signed with another secret.
  await sendApicbaseOrder(zap.apicbase.hookUrl!, apicbaseSample, apicbaseSecret);
  await sendApicbaseOrder(
    zap.apicbase.hookUrl!,
    { ...apicbaseSample, id: 'forged', theoretical_price: '0.01' },
    'not-the-secret',
  );

  expectRecords(checks, zap.apoCreated, ['1']);
  expectRecords(checks, zap.apoUpdated, ['1']);
  expectRecords(checks, zap.apoCompleted, ['1']);
  expectRecords(checks, zap.zortUpdated, ['1234']);
  expectRecords(checks, zap.zortPayment, ['1234']);
  expectRecords(checks, zap.zortReturn, ['1234']);

  const zortCreatedGood = zap.zortCreated.records.map((record) => record.purchase_order_id);
  checks.push({
    name: 'zort_purchase_order_created received PO-0001 once',
    ok: zortCreatedGood.length === 1 && zortCreatedGood[0] === '1234',
    detail: `${zortCreatedGood.length} records`,
  });
  expectRefused(
    checks,
    'a ZORT delivery with a wrong key was refused',
    zap.zortCreated,
    /Authorization key matches neither/,
  );
  const apicbaseGood = zap.apicbase.records.map((record) => record.number);
  checks.push({
    name: 'apicbase_new_purchase_order received the signed order once',
    ok: apicbaseGood.length === 1 && apicbaseGood[0] === apicbaseSample.order_number,
    detail: `${apicbaseGood.length} records`,
  });
  expectRefused(
    checks,
    'an Apicbase delivery with a forged signature was refused',
    zap.apicbase,
    /X-APIC-WEBHOOK-SIGNATURE does not match/,
  );

  await pollingChecks(
    checks,
    vendors,
    runner,
    { zortHook: zap.zortCreated, apicbaseHook: zap.apicbase },
    apicbaseSecret,
  );
  await stockyRetiredChecks(checks, runner);

  // Turning the ZORT Zaps off gives ZORT its configuration back.
  for (const zortZap of [zap.zortCreated, zap.zortUpdated, zap.zortPayment, zap.zortReturn])
    await runner.turnOff(zortZap);
  const leftOver = zortUrlsLeft(vendors);
  checks.push({
    name: 'turning the ZORT Zaps off cleared their webhook URLs',
    ok: leftOver.length === 0,
    detail: leftOver.length === 0 ? 'all URL fields blank' : leftOver.join(', '),
  });

  const shopify = await playShopifyScenario(vendors, runner, options.historicShopifyOrders);
  checks.push(...shopify.filter((check) => !check.production));

  const production: Check[] = shopify.filter((check) => check.production);
  await zortNeverSetCheck(production, vendors, runner);
  await zortConcurrentChecks(production, vendors, runner, options.zortWebhookDelayMs);
  return [...checks, ...production.map((check): Check => ({ ...check, production: true }))];
}

/** A record without what tells its deliveries apart: its dedupe id and its event. */
const recordBody = (record: PurchaseOrder) => JSON.stringify({ ...record, id: undefined, event: undefined });

/**
 * The polling triggers beside the REST hooks on one store: two owners' Zaps on ZORT's "new"
 * event, the updated poller through two changes, and Apicbase's poller against its webhook.
 * Polling needs no webhook URL, so the hook Zap keeps ZORT's.
 */
async function pollingChecks(
  checks: Check[],
  vendors: VendorSandbox,
  runner: ZapRunner,
  hooks: { zortHook: Zap; apicbaseHook: Zap },
  apicbaseSecret: string,
): Promise<void> {
  const configBefore = JSON.stringify(vendors.zort.config);
  const [first, second] = await runner.turnOnMany([
    { triggerKey: TRIGGER_KEYS.zortNewPolling },
    { triggerKey: TRIGGER_KEYS.zortNewPolling },
  ]);
  if (!first?.zap || !second?.zap) {
    checks.push({
      name: 'two ZORT polling Zaps on one event turn on',
      ok: false,
      detail: [first?.error, second?.error].filter(Boolean).join('; '),
    });
    return;
  }
  const newZaps = [first.zap, second.zap];
  const order = { ...zortPurchaseOrder, id: zortPurchaseOrder.id + 1, number: 'PO-0002' };
  const hookRecordsBefore = hooks.zortHook.records.length;
  await vendors.zort.send('ADDPURCHASEORDER', order);
  for (const zap of newZaps) await runner.poll(zap);
  for (const zap of newZaps) await runner.poll(zap);
  const perZap = newZaps.map((zap) => zap.records.map((record) => record.number).join(',') || 'nothing');
  checks.push({
    name: `two ${TRIGGER_KEYS.zortNewPolling} Zaps on one store each receive a new ZORT purchase order once`,
    ok: newZaps.every(
      (zap) =>
        zap.records.length === 1 && zap.records[0]?.purchase_order_id === String(order.id) && zap.failures.length === 0,
    ),
    detail: newZaps
      .map(
        (zap, index) => `Zap ${zap.id}: ${perZap[index]}${zap.failures.length ? ` (failed: ${zap.failures[0]})` : ''}`,
      )
      .join('; '),
  });
  const hookGot = hooks.zortHook.records.slice(hookRecordsBefore).map((record) => record.number);
  const url = vendors.zort.config?.addpurchaseurl;
  const untouched = JSON.stringify(vendors.zort.config) === configBefore;
  checks.push({
    name: `${hooks.zortHook.triggerKey} keeps ZORT's one URL beside the polling Zaps and gets the same order`,
    ok: untouched && url === hooks.zortHook.hookUrl && hookGot.length === 1 && hookGot[0] === order.number,
    detail:
      `webhook configuration ${untouched ? 'untouched' : 'changed'}, addpurchaseurl ${url === hooks.zortHook.hookUrl ? `is Zap ${hooks.zortHook.id}'s` : `holds ${url || '(blank)'}`}; ` +
      `the hook received ${hookGot.join(',') || 'nothing'}`,
  });

  // Turned on after the order exists, the updated Zap reports only what changes from now on.
  const updated = await runner.turnOn(TRIGGER_KEYS.zortUpdatedPolling);
  const changes = [
    { method: 'UPDATEPURCHASEORDER', fields: { status: 'Pending' } },
    {
      method: 'UPDATEPURCHASEORDERPAYMENT',
      fields: { status: 'Pending', paymentstatus: 'Partial Payment', paymentamount: 75 },
    },
  ];
  for (const change of changes) {
    await vendors.zort.send(change.method, { ...order, ...change.fields });
    await runner.poll(updated);
  }
  await runner.poll(updated);
  const versions = updated.records.map((record) => `${record.number} ${record.vendor_status}/${record.payment_status}`);
  checks.push({
    name: `${TRIGGER_KEYS.zortUpdatedPolling} fires once per change`,
    ok:
      updated.records.length === changes.length &&
      new Set(updated.records.map((record) => record.id)).size === changes.length &&
      updated.failures.length === 0,
    detail: `${changes.length} changes, ${updated.records.length} records: ${versions.join('; ') || 'none'}${updated.failures.length ? `; failed: ${updated.failures[0]}` : ''}`,
  });
  await runner.turnOffMany([...newZaps, updated]);

  // Apicbase: a customer places an order; the poller reads it, then the webhook brings the same order.
  const mintsBefore = vendors.apicbase.mints;
  const apicbase = await runner.turnOn(TRIGGER_KEYS.apicbaseNewPolling);
  const placed = vendors.apicbase.create({
    ...apicbaseSample,
    id: 'c7a1d2e3-4f50-4a6b-9c7d-8e9f0a1b2c3d',
    order_number: 'PO-2024-0043',
    ordered_on: new Date().toISOString(),
  });
  for (let polls = 0; polls < 3; polls += 1) await runner.poll(apicbase);
  const polled = apicbase.records;
  checks.push({
    name: `${TRIGGER_KEYS.apicbaseNewPolling} delivers a new ORDERED order once`,
    ok: polled.length === 1 && polled[0]?.purchase_order_id === placed.id && apicbase.failures.length === 0,
    detail: `${polled.length} records over 3 polls${polled[0] ? ` (${polled[0].number})` : ''}${apicbase.failures.length ? `; failed: ${apicbase.failures[0]}` : ''}`,
  });
  const hookBefore = hooks.apicbaseHook.records.length;
  await sendApicbaseOrder(hooks.apicbaseHook.hookUrl!, placed, apicbaseSecret);
  const hooked = hooks.apicbaseHook.records[hookBefore];
  const differing =
    polled[0] && hooked
      ? Object.keys(hooked).filter(
          (field) =>
            JSON.stringify(hooked[field as keyof PurchaseOrder]) !==
            JSON.stringify(polled[0]![field as keyof PurchaseOrder]),
        )
      : [];
  checks.push({
    name: `${TRIGGER_KEYS.apicbaseNewPolling} gives the same record as the signed webhook, but for its id and event`,
    ok: polled[0] !== undefined && hooked !== undefined && recordBody(polled[0]) === recordBody(hooked),
    detail:
      !polled[0] || !hooked
        ? `polled ${polled.length}, webhook ${hooks.apicbaseHook.records.length - hookBefore}`
        : `fields that differ: ${differing.join(', ') || 'none'}`,
  });
  const mints = vendors.apicbase.mints - mintsBefore;
  checks.push({
    name: 'one Apicbase token minted across the polls',
    ok: mints === 1,
    detail: `${mints} tokens for 4 polls (turning on included)`,
  });
  await runner.turnOff(apicbase);
}

function zortUrlsLeft(vendors: VendorSandbox): string[] {
  return Object.entries(vendors.zort.config ?? {})
    .filter(([field, value]) => field.endsWith('url') && value !== '')
    .map(([field, value]) => `${field}=${value}`);
}

/**
 * Stocky's API is gone: a Zap still on one of its hidden triggers, and the search given its old
 * source, show the retirement sentence, and the sandbox serves no Stocky for them to call.
 */
async function stockyRetiredChecks(checks: Check[], runner: ZapRunner): Promise<void> {
  const outcomes = await runner.turnOnMany([
    { triggerKey: TRIGGER_KEYS.stockyNew },
    { triggerKey: TRIGGER_KEYS.stockyUpdated },
  ]);
  for (const outcome of outcomes) {
    checks.push({
      name: `${outcome.spec.triggerKey} is retired: a Zap on it shows the retirement sentence`,
      ok: outcome.zap === null && outcome.error === STOCKY_RETIRED_MESSAGE,
      detail: outcome.zap === null ? `retired: ${outcome.error}` : 'the Zap turned on',
    });
  }
  const search = await runner.search('find_purchase_order', { source: 'stocky', purchase_order_id: '1001' }).then(
    (records) => `found ${records.length}`,
    (error: Error) => firstSentence(error),
  );
  checks.push({
    name: 'find_purchase_order with the retired source stocky shows the retirement sentence',
    ok: search === STOCKY_RETIRED_MESSAGE,
    detail: search === STOCKY_RETIRED_MESSAGE ? 'retired' : search,
  });
}

/** GetWebhook answers "Webhook not found" (resCode 100, HTTP 200) until a store first saves one. */
async function zortNeverSetCheck(checks: Check[], vendors: VendorSandbox, runner: ZapRunner): Promise<void> {
  vendors.zort.forgetConfig();
  let detail: string;
  let ok = false;
  try {
    const zap = await runner.turnOn(TRIGGER_KEYS.zortCreated);
    const config = vendors.zort.config;
    const key1 = (zap.subscribeData as { key1?: string } | null)?.key1;
    ok = config?.addpurchaseurl === zap.hookUrl && Boolean(key1) && config?.key1 === key1;
    detail = ok
      ? 'subscribed; key1 matches'
      : `addpurchaseurl=${config?.addpurchaseurl ?? '(no configuration)'}, key1 ${config?.key1 === key1 ? 'matches' : 'differs'}`;
    await runner.turnOff(zap);
  } catch (error) {
    ok = false;
    detail = firstSentence(error as Error);
  }
  checks.push({ name: 'a ZORT Zap turns on in a store that never set a webhook', ok, detail });
}

type ZortCase = { spec: ZapSpec; method: string; replaces: boolean };

/**
 * Six ZORT Zaps turned on at once (four events, and two on one event, "Replace the Existing
 * Webhook" off and on), then off at once, on a store that never set a webhook, with ZORT slow
 * enough that read-modify-writes interleave. Afterwards every live Zap's event reaches it with
 * ZORT's key1, and once all are off no URL is left.
 */
async function zortConcurrentChecks(
  checks: Check[],
  vendors: VendorSandbox,
  runner: ZapRunner,
  delayMs: number,
): Promise<void> {
  vendors.zort.forgetConfig();
  vendors.zort.webhookDelayMs = delayMs;
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
  const outcomes = await runner.turnOnMany(cases.map((entry) => entry.spec));

  // Which Zap must own each event: the only one on it, or the one that replaces. A Zap that
  // does not replace may lose its event to one that does, or be refused because it is taken.
  const problems: string[] = [];
  const owners = new Map<string, Zap>();
  cases.forEach((entry, index) => {
    const outcome = outcomes[index]!;
    const shared = cases.filter((other) => other.method === entry.method).length > 1;
    if (shared && !entry.replaces) {
      if (outcome.error !== null && !/already goes to/.test(outcome.error))
        problems.push(`${entry.spec.triggerKey} (not replacing): ${outcome.error}`);
      return;
    }
    if (outcome.zap === null)
      problems.push(`${entry.spec.triggerKey}${shared ? ' (replacing)' : ''} did not turn on: ${outcome.error}`);
    else owners.set(entry.method, outcome.zap);
  });
  const config = vendors.zort.config;
  for (const [method, zap] of owners) {
    const field = ZORT_METHOD_FIELDS[method]!;
    if (config?.[field] !== zap.hookUrl)
      problems.push(`${field} holds ${config?.[field] || '(blank)'}, not Zap ${zap.id}'s URL`);
    const key1 = (zap.subscribeData as { key1?: string } | null)?.key1;
    if (config?.key1 !== key1)
      problems.push(
        `Zap ${zap.id} (${zap.triggerKey}) expects key1 ${key1 ?? '(none)'}, ZORT sends ${config?.key1 || '(blank)'}`,
      );
  }
  checks.push({
    name: `${cases.length} ZORT Zaps turned on at once: each event's URL and key1 belong to its live Zap`,
    ok: problems.length === 0 && owners.size === new Set(cases.map((entry) => entry.method)).size,
    detail: problems.length === 0 ? `${owners.size} events, each to its Zap, one key1` : problems.join('; '),
  });

  vendors.zort.webhookDelayMs = 0;
  for (const method of owners.keys()) {
    await vendors.zort.send(method, method.includes('RETURN') ? zortPurchaseReturn : zortPurchaseOrder);
  }
  const unreached = [...owners].filter(([, zap]) => zap.records.length !== 1 || zap.refusals.length !== 0);
  checks.push({
    name: 'every live ZORT Zap receives its event once, with the right key',
    ok: owners.size > 0 && unreached.length === 0,
    detail:
      owners.size === 0
        ? 'no Zap owned an event'
        : unreached.length === 0
          ? `${owners.size} Zaps, one record each`
          : unreached
              .map(
                ([method, zap]) =>
                  `${method}: ${zap.records.length} records${zap.refusals.length ? `, refused: ${zap.refusals[0]}` : ''}`,
              )
              .join('; '),
  });

  vendors.zort.webhookDelayMs = delayMs;
  const live = outcomes.flatMap((outcome) => (outcome.zap ? [outcome.zap] : []));
  const offErrors = (await runner.turnOffMany(live)).filter((error): error is string => error !== null);
  vendors.zort.webhookDelayMs = 0;
  const left = zortUrlsLeft(vendors);
  checks.push({
    name: `turning the ${live.length} live ZORT Zaps off at once leaves every webhook URL blank`,
    ok: live.length > 0 && offErrors.length === 0 && left.length === 0,
    detail: [
      live.length === 0 ? 'no Zap was on' : '',
      ...offErrors,
      left.length ? `left: ${left.join(', ')}` : 'all URL fields blank',
    ]
      .filter(Boolean)
      .join('; '),
  });
}
