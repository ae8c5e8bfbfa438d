/**
 * The Shopify part of the scenario: one purchase order's life (drafted, ordered, a line changed,
 * archived) in a store that already holds older purchase orders, among them an old draft deep in
 * the list, with the three polling triggers' Zaps turned on first and polled between each step;
 * then the search by id, gid and number, one token minted for all of it, and polls under an
 * exhausted cost bucket. The fake Shopify's clock runs, and the scenario moves it on between polls.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TRIGGER_KEYS } from '../test/helpers/contract-keys';
import { shopifyClock as sourceClock } from '../src/vendors/shopify/pacing';
import type { PurchaseOrder } from '../src/record/purchase-order';
import type { Check } from './scenario';
import type { ZapRunner, Zap } from './runner';
import type { VendorSandbox } from './vendors';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Zapier polls each Zap on its own schedule: one Zap's poll every 100 s here, each Zap every 5 minutes. */
const BETWEEN_POLLS_MS = 100_000;
/** On a spent bucket, 5 s between polls: 500 points of refill, less than the three Zaps ask. */
const THROTTLED_SPACING_MS = 5_000;
/** Rounds of polls that close together; sustained, they would starve the Zap polled last. */
const THROTTLED_ROUNDS = 3;
/** Rounds of polls, throttled or not, before the check gives up. */
const MAX_THROTTLED_ROUNDS = 10;

type ShopifyZaps = { created: Zap; ordered: Zap; updated: Zap };

const ids = (zap: Zap) => zap.records.map((record) => record.purchase_order_id);
const list = (values: string[]) =>
  values.length === 0
    ? 'none'
    : values.length > 6
      ? `${values.slice(0, 6).join(', ')}, ... (${values.length})`
      : values.join(', ');

/** One poll of each Zap, a Zapier-like interval apart. */
async function pollEach(
  vendors: VendorSandbox,
  runner: ZapRunner,
  zaps: ShopifyZaps,
  spacingMs = BETWEEN_POLLS_MS,
): Promise<void> {
  for (const zap of [zaps.created, zaps.ordered, zaps.updated]) {
    vendors.shopifyClock.advance(spacingMs);
    await runner.poll(zap);
  }
}

function expectOnce(checks: Check[], name: string, zap: Zap, expected: string[], production?: true): void {
  const got = ids(zap);
  const ok =
    got.length === expected.length &&
    [...got].sort().join() === [...expected].sort().join() &&
    zap.failures.length === 0;
  checks.push({
    name,
    ok,
    detail: ok
      ? `${got.length} records`
      : `expected ${list(expected)}; got ${list(got)}${zap.failures.length ? `; failed polls: ${zap.failures[0]}` : ''}`,
    ...(production ? { production } : {}),
  });
}

type PacingClock = typeof sourceClock;

/**
 * The app's pacing clocks (the built app's in dist/, and this build's own copy of src/) made the
 * fake's: a wait for the bucket moves the fake's clock instead of waiting, as the scenario moves it
 * between polls. Gives back a function that puts the real clocks back (for `--listen`).
 */
function pacingOnFakeClock(vendors: VendorSandbox): () => void {
  const built = join(process.cwd(), 'dist', 'vendors', 'shopify', 'pacing.js');
  const clocks: PacingClock[] = [
    sourceClock,
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ...(existsSync(built) ? [(require(built) as { shopifyClock: PacingClock }).shopifyClock] : []),
  ];
  const saved = clocks.map((clock) => ({ ...clock }));
  for (const clock of clocks) {
    clock.now = vendors.shopifyClock.now;
    clock.sleep = (ms) => Promise.resolve(vendors.shopifyClock.advance(ms));
  }
  return () => clocks.forEach((clock, index) => Object.assign(clock, saved[index]));
}

export async function playShopifyScenario(
  vendors: VendorSandbox,
  runner: ZapRunner,
  historicOrders: number,
): Promise<Check[]> {
  const restoreClocks = pacingOnFakeClock(vendors);
  try {
    return await playShopifyScenarioOnFakeClock(vendors, runner, historicOrders);
  } finally {
    restoreClocks();
  }
}

async function playShopifyScenarioOnFakeClock(
  vendors: VendorSandbox,
  runner: ZapRunner,
  historicOrders: number,
): Promise<Check[]> {
  const checks: Check[] = [];
  const shop = vendors.shopify;
  const longAgo = new Date(Date.now() - 30 * DAY_MS).toISOString();
  // The store before any Zap: older purchase orders, all ordered but one draft, second oldest.
  for (let index = 0; index < historicOrders; index += 1) {
    shop.create({
      status: index === 1 ? 'DRAFT' : 'ORDERED',
      dateCreated: longAgo,
      orderedAt: index === 1 ? null : longAgo,
    });
  }
  const oldDraft = shop.orders[1]!;

  // Turned on one after the other, as a user does, each with the bucket refilled.
  const turnOn = (key: string) => {
    vendors.shopifyClock.advance(BETWEEN_POLLS_MS);
    return runner.turnOn(key);
  };
  const zaps: ShopifyZaps = {
    created: await turnOn(TRIGGER_KEYS.shopifyNew),
    ordered: await turnOn(TRIGGER_KEYS.shopifyOrdered),
    updated: await turnOn(TRIGGER_KEYS.shopifyUpdated),
  };
  await pollEach(vendors, runner, zaps);
  const quiet = [zaps.created, zaps.ordered, zaps.updated].map((zap) => `${zap.triggerKey} ${zap.records.length}`);
  checks.push({
    name: 'Shopify: the first polls after turning the Zaps on deliver nothing from the store as it was',
    ok: [zaps.created, zaps.ordered, zaps.updated].every((zap) => zap.records.length === 0),
    detail: quiet.join(', '),
  });

  // One purchase order's life, each step two rounds of polls apart: the Updated Zap sees a
  // purchase order once per sweep of the store, and a sweep of 700 takes two polls' budget.
  const steps = async () => {
    await pollEach(vendors, runner, zaps);
    await pollEach(vendors, runner, zaps);
  };
  const order = shop.create({
    name: 'PO-SANDBOX-1',
    supplierName: 'Sandbox Supplies',
    lines: [
      { quantity: 4, unitCost: '12.50' },
      { quantity: 2, unitCost: '3.20' },
    ],
  });
  await steps();
  shop.markOrdered(order.id);
  await steps();
  shop.changeLine(order.id, order.lines[0]!.id, { quantity: 6 });
  await steps();
  shop.archive(order.id);
  await steps();
  shop.markOrdered(oldDraft.id);
  await steps();

  const newId = String(order.id);
  expectOnce(checks, `${zaps.created.triggerKey} fired once, for ${order.name} only`, zaps.created, [newId]);
  expectOnce(
    checks,
    `${zaps.ordered.triggerKey} fired once for ${order.name} and once for the old draft ${oldDraft.name} when ordered`,
    zaps.ordered,
    [newId, String(oldDraft.id)],
  );
  const versions = zaps.updated.records.filter((record) => record.purchase_order_id === newId);
  const statuses = versions.map((record) => record.status).join(', ');
  checks.push({
    name: `${zaps.updated.triggerKey} fired once per version of ${order.name}: drafted, ordered, line changed, archived`,
    ok:
      versions.length === 4 &&
      new Set(versions.map((record) => record.id)).size === 4 &&
      statuses === 'draft, ordered, ordered, completed',
    detail: `${versions.length} versions (${statuses || 'none'})`,
  });
  // The old draft was touched (ordered): its version may come once the sweep reaches it.
  const untouched = zaps.updated.records.filter(
    (record) => record.purchase_order_id !== newId && record.purchase_order_id !== String(oldDraft.id),
  );
  checks.push({
    name: `${zaps.updated.triggerKey} fired for no purchase order left untouched`,
    ok: untouched.length === 0,
    detail: untouched.length === 0 ? 'none' : `fired for ${list(untouched.map((record) => record.purchase_order_id))}`,
  });

  const searches: [string, Record<string, unknown>][] = [
    ['id', { purchase_order_id: newId }],
    ['gid', { purchase_order_id: `gid://shopify/InventoryPurchaseOrder/${newId}` }],
    ['number', { number: order.name }],
  ];
  for (const [by, input] of searches) {
    let found: PurchaseOrder[] = [];
    let problem = '';
    vendors.shopifyClock.advance(BETWEEN_POLLS_MS);
    try {
      found = await runner.search('find_purchase_order', { source: 'shopify', ...input });
    } catch (error) {
      problem = (error as Error).message;
    }
    checks.push({
      name: `the search finds ${order.name} by ${by}`,
      ok: found.length === 1 && found[0]!.purchase_order_id === newId && found[0]!.status === 'completed',
      detail: problem || `${found.length} found${found[0] ? `: ${found[0].number}, ${found[0].status}` : ''}`,
    });
  }

  await throttledChecks(checks, vendors, runner, zaps);

  checks.push({
    name: 'one Shopify token minted for the whole scenario, then reused',
    ok: shop.mints === 1,
    detail: `${shop.mints} minted for ${shop.requests - shop.mints} GraphQL requests`,
  });
  for (const zap of [zaps.created, zaps.ordered, zaps.updated]) await runner.turnOff(zap);
  return checks;
}

/**
 * Polls on a bucket other work has spent, closer together than it refills: none fails (a poll
 * waits for what fits its time and pauses past it), and polling on delivers every record once.
 * Meanwhile a purchase order arrives already ordered and another as a draft.
 */
async function throttledChecks(
  checks: Check[],
  vendors: VendorSandbox,
  runner: ZapRunner,
  zaps: ShopifyZaps,
): Promise<void> {
  const shop = vendors.shopify;
  const before = {
    created: zaps.created.records.length,
    ordered: zaps.ordered.records.length,
    updated: zaps.updated.records.length,
  };
  const failuresBefore = [zaps.created, zaps.ordered, zaps.updated].reduce((sum, zap) => sum + zap.failures.length, 0);
  const ordered = shop.create({ name: 'PO-SANDBOX-2', status: 'ORDERED' });
  const draft = shop.create({ name: 'PO-SANDBOX-3' });
  const expected = {
    created: [String(ordered.id), String(draft.id)],
    ordered: [String(ordered.id)],
    updated: [String(ordered.id), String(draft.id)],
  };
  // Updated records for older purchase orders are left to the check on untouched ones.
  const arrived = () => ({
    created: ids(zaps.created).slice(before.created),
    ordered: ids(zaps.ordered).slice(before.ordered),
    updated: ids(zaps.updated)
      .slice(before.updated)
      .filter((id) => expected.updated.includes(id)),
  });
  const complete = () =>
    (Object.keys(expected) as (keyof typeof expected)[]).every((key) => arrived()[key].length >= expected[key].length);
  let rounds = 0;
  const throttledBefore = shop.throttled;
  // The bucket spent, then a few rounds 5 s apart, each refilling less than a page; then Zapier's usual pace.
  shop.spend(shop.currentlyAvailable());
  await pollEach(vendors, runner, zaps, 0);
  for (; rounds < MAX_THROTTLED_ROUNDS && !complete(); rounds += 1)
    await pollEach(vendors, runner, zaps, rounds < THROTTLED_ROUNDS ? THROTTLED_SPACING_MS : BETWEEN_POLLS_MS);
  // One more round with a full bucket: nothing may come twice or late.
  await pollEach(vendors, runner, zaps);
  const failed =
    [zaps.created, zaps.ordered, zaps.updated].reduce((sum, zap) => sum + zap.failures.length, 0) - failuresBefore;
  const got = arrived();
  const problems = (Object.keys(expected) as (keyof typeof expected)[])
    .filter(
      (key) =>
        got[key].length !== expected[key].length || [...got[key]].sort().join() !== [...expected[key]].sort().join(),
    )
    .map((key) => `${zaps[key].triggerKey}: expected ${list(expected[key])}, got ${list(got[key])}`);
  checks.push({
    name: 'Shopify on an exhausted cost bucket: no poll fails, polls pause and resume, nothing lost or duplicated',
    ok: failed === 0 && problems.length === 0,
    detail: `${failed} polls failed over ${rounds + 2} rounds (${shop.throttled - throttledBefore} THROTTLED answers waited out)${problems.length ? `; ${problems.join('; ')}` : '; every record once'}`,
    production: true,
  });
}
