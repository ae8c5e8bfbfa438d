/**
 * One Shopify purchase order's life, end to end over loopback against the fake Shopify (real
 * GraphQL, a Standard plan's cost bucket): the three polling Zaps turned on over a store of older
 * purchase orders, then the order drafted, ordered, a line changed and archived, and an old draft
 * deep in the list ordered, two rounds of polls between steps; the search; polls on a spent bucket.
 * The fake's clock runs, the story moves it on between polls, and the app's pacing waits move it too.
 */
import type { PurchaseOrder } from '../../src/record/purchase-order';
import { shopifyClock } from '../../src/vendors/shopify/pacing';
import { pacingOnFakeClock } from '../fakes/sandbox';
import type { Zap } from '../fakes/zapier';
import { SEARCH_KEYS, TRIGGER_KEYS } from '../helpers/contract-keys';
import { useSandbox } from '../helpers/sandbox';

jest.setTimeout(60_000);

const DAY_MS = 24 * 60 * 60 * 1000;
/** Zapier polls each Zap on its own schedule: one Zap's poll every 100 s here, each Zap every 5 minutes. */
const BETWEEN_POLLS_MS = 100_000;
/** On a spent bucket, 5 s between polls: 500 points of refill, less than the three Zaps ask. */
const THROTTLED_SPACING_MS = 5_000;
/** Rounds of polls that close together; sustained, they would starve the Zap polled last. */
const THROTTLED_ROUNDS = 3;
/** Rounds of polls, throttled or not, before the story gives up. */
const MAX_THROTTLED_ROUNDS = 10;
/** Purchase orders in the store before its Zaps are turned on. */
const HISTORIC_ORDERS = 60;

type ShopifyZaps = { created: Zap; ordered: Zap; updated: Zap };
const ids = (zap: Zap) => zap.records.map((record) => record.purchase_order_id);
const sorted = (values: string[]) => [...values].sort();

describe("a Shopify purchase order's life", () => {
  const world = useSandbox();
  const zaps = {} as ShopifyZaps;
  let restoreClock: () => void;

  /** One poll of each Zap, a Zapier-like interval apart. */
  const pollEach = async (spacingMs = BETWEEN_POLLS_MS) => {
    for (const zap of [zaps.created, zaps.ordered, zaps.updated]) {
      world.vendors.shopifyClock.advance(spacingMs);
      await world.runner.poll(zap);
    }
  };
  /** Each step two rounds of polls apart: a sweep of the store takes the Updated Zap up to two polls' budget. */
  const step = async () => {
    await pollEach();
    await pollEach();
  };
  const order = { id: 0, name: 'PO-SANDBOX-1', lineId: 0 };
  const oldDraft = { id: 0, name: '' };

  beforeAll(async () => {
    restoreClock = pacingOnFakeClock(world.vendors, [shopifyClock]);
    const shop = world.vendors.shopify;
    const longAgo = new Date(Date.now() - 30 * DAY_MS).toISOString();
    // The store before any Zap: older purchase orders, all ordered but one draft, second oldest.
    for (let index = 0; index < HISTORIC_ORDERS; index += 1) {
      shop.create({
        status: index === 1 ? 'DRAFT' : 'ORDERED',
        dateCreated: longAgo,
        orderedAt: index === 1 ? null : longAgo,
      });
    }
    Object.assign(oldDraft, { id: shop.orders[1]!.id, name: shop.orders[1]!.name });
    // Turned on one after the other, as a user does, each with the bucket refilled.
    for (const [name, key] of [
      ['created', TRIGGER_KEYS.shopifyNew],
      ['ordered', TRIGGER_KEYS.shopifyOrdered],
      ['updated', TRIGGER_KEYS.shopifyUpdated],
    ] as const) {
      world.vendors.shopifyClock.advance(BETWEEN_POLLS_MS);
      zaps[name] = await world.runner.turnOn(key);
    }
  });
  afterAll(() => restoreClock());

  it('delivers nothing from the store as it was on the first polls after the Zaps are turned on', async () => {
    await pollEach();
    expect([zaps.created, zaps.ordered, zaps.updated].map((zap) => zap.records.length)).toEqual([0, 0, 0]);
  });

  it('fires New once, Ordered once for the order and once for the old draft, and Updated once per version', async () => {
    const shop = world.vendors.shopify;
    const created = shop.create({
      name: order.name,
      supplierName: 'Sandbox Supplies',
      lines: [
        { quantity: 4, unitCost: '12.50' },
        { quantity: 2, unitCost: '3.20' },
      ],
    });
    Object.assign(order, { id: created.id, lineId: created.lines[0]!.id });
    await step();
    shop.markOrdered(order.id);
    await step();
    shop.changeLine(order.id, order.lineId, { quantity: 6 });
    await step();
    shop.archive(order.id);
    await step();
    shop.markOrdered(oldDraft.id);
    await step();

    const newId = String(order.id);
    expect(ids(zaps.created)).toEqual([newId]);
    expect(sorted(ids(zaps.ordered))).toEqual(sorted([newId, String(oldDraft.id)]));
    const versions = zaps.updated.records.filter((record) => record.purchase_order_id === newId);
    expect(versions.map((record) => record.status)).toEqual(['draft', 'ordered', 'ordered', 'completed']);
    expect(new Set(versions.map((record) => record.id)).size).toBe(4);
    // The old draft was touched (ordered): its version may come once the sweep reaches it; no other may.
    expect(ids(zaps.updated).filter((id) => id !== newId && id !== String(oldDraft.id))).toEqual([]);
    for (const zap of [zaps.created, zaps.ordered, zaps.updated]) expect(zap.failures).toEqual([]);
  });

  it.each([
    ['id', () => ({ purchase_order_id: String(order.id) })],
    ['gid', () => ({ purchase_order_id: `gid://shopify/InventoryPurchaseOrder/${order.id}` })],
    ['number', () => ({ number: order.name })],
  ])('finds the purchase order by %s', async (_by, input) => {
    world.vendors.shopifyClock.advance(BETWEEN_POLLS_MS);
    const found: PurchaseOrder[] = await world.runner.search(SEARCH_KEYS.findPurchaseOrder, {
      source: 'shopify',
      ...input(),
    });
    expect(found.map((record) => [record.purchase_order_id, record.number, record.status])).toEqual([
      [String(order.id), order.name, 'completed'],
    ]);
  });

  it('polls on a bucket other work has spent without failing: they pause and resume, nothing lost or duplicated', async () => {
    const shop = world.vendors.shopify;
    const before = { created: zaps.created.records.length, ordered: zaps.ordered.records.length };
    const updatedBefore = zaps.updated.records.length;
    const ordered = String(shop.create({ name: 'PO-SANDBOX-2', status: 'ORDERED' }).id);
    const draft = String(shop.create({ name: 'PO-SANDBOX-3' }).id);
    const expected = { created: [ordered, draft], ordered: [ordered], updated: [ordered, draft] };
    // Updated records for older purchase orders are left to the check on untouched ones.
    const arrived = () => ({
      created: ids(zaps.created).slice(before.created),
      ordered: ids(zaps.ordered).slice(before.ordered),
      updated: ids(zaps.updated)
        .slice(updatedBefore)
        .filter((id) => expected.updated.includes(id)),
    });
    const complete = () =>
      (Object.keys(expected) as (keyof typeof expected)[]).every(
        (key) => arrived()[key].length >= expected[key].length,
      );
    const throttledBefore = shop.throttled;
    // The bucket spent, then a few rounds 5 s apart, each refilling less than a page; then Zapier's usual pace.
    shop.spend(shop.currentlyAvailable());
    await pollEach(0);
    for (let rounds = 0; rounds < MAX_THROTTLED_ROUNDS && !complete(); rounds += 1)
      await pollEach(rounds < THROTTLED_ROUNDS ? THROTTLED_SPACING_MS : BETWEEN_POLLS_MS);
    // One more round with a full bucket: nothing may come twice or late.
    await pollEach();
    const got = arrived();
    expect({ created: sorted(got.created), ordered: got.ordered, updated: sorted(got.updated) }).toEqual({
      created: sorted(expected.created),
      ordered: expected.ordered,
      updated: sorted(expected.updated),
    });
    for (const zap of [zaps.created, zaps.ordered, zaps.updated]) expect(zap.failures).toEqual([]);
    // The polls did meet THROTTLED answers, and waited them out.
    expect(shop.throttled).toBeGreaterThan(throttledBefore);
  });

  it('minted one Shopify token for the whole story, then reused it', async () => {
    expect(world.vendors.shopify.mints).toBe(1);
    for (const zap of [zaps.created, zaps.ordered, zaps.updated]) await world.runner.turnOff(zap);
  });
});
