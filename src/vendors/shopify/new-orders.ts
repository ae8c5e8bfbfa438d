/**
 * New purchase orders (docs/shopify.md, "Triggers"). Shopify ids only grow, so what is new is
 * what lies above the highest id the Zap has seen (its floor). A probe lists the ids above the
 * floor at 1 point each (`query: "id:>N"`); the purchase orders it finds are then read in full,
 * oldest first, in chunks sized to their count and to the lines the store's orders usually have.
 * A store that ignores the id filter (it lists ids at or below the floor, or warns in
 * `extensions.search`) is paged from its newest end down to the floor instead.
 */
import type { ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod';
import type { PurchaseOrder } from '../../record/purchase-order';
import type { ShopifyClient } from './client';
import { mapShopifyPurchaseOrder } from './mapper';
import { freshStateFields, idText, learntHint, readInFull, runStep, stateFields, type Step } from './polling';
import { NAME_PAGE_SIZE } from './queries';
import { gidNumber, type ShopifyNameNode, type ShopifyPurchaseOrder } from './schema';

export const newStateSchema = zod.object({
  ...stateFields,
  /** The highest id the Zap has seen; null: not known yet (turned on while Shopify was throttling). */
  floor: idText.nullable(),
});

export type NewState = zod.infer<typeof newStateSchema>;

export const freshNewState = (since: string | null): NewState => ({ ...freshStateFields(since), floor: null });

const ascendingById = (nodes: ShopifyNameNode[]) => {
  const unique = new Map(nodes.map((node) => [BigInt(gidNumber(node.id)), node]));
  return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, node]) => node);
};

/**
 * The next purchase orders above the floor (ids, statuses, times), ascending: a page from the
 * floor up (`more`: there are others above it), so a burst of any size is read a page a step and
 * the floor moves with each. A store that ignores the id filter (it lists ids at or below the
 * floor, or warns) is paged from its newest end down to the floor instead, all at once.
 */
export async function probeAbove(
  z: ZObject,
  client: ShopifyClient,
  floor: bigint,
): Promise<{ nodes: ShopifyNameNode[]; more: boolean }> {
  const probe = await client.probeAbove(floor.toString());
  if (!probe.filterIgnored && probe.nodes.every((node) => BigInt(gidNumber(node.id)) > floor)) {
    return { nodes: ascendingById(probe.nodes), more: probe.hasNextPage && probe.nodes.length > 0 };
  }
  z.console.log('Shopify ignored the id filter; paging from the newest purchase order down to what the Zap has seen.');
  const found: ShopifyNameNode[] = [];
  let before: string | null = null;
  for (;;) {
    const page = await client.scanNames({ before });
    found.push(...page.nodes.filter((node) => BigInt(gidNumber(node.id)) > floor));
    const reachedFloor = page.nodes.some((node) => BigInt(gidNumber(node.id)) <= floor);
    if (!page.hasPreviousPage || !page.startCursor || reachedFloor || page.nodes.length < NAME_PAGE_SIZE) break;
    before = page.startCursor;
  }
  return { nodes: ascendingById(found), more: false };
}

/** The floor for a Zap turned on at `since` whose newest id was never read: the newest created before it. */
export async function floorAt(client: ShopifyClient, since: string | null): Promise<bigint> {
  let before: string | null = null;
  for (let page = 0; page < 4; page += 1) {
    const answer = await client.scanNames({ before });
    const older = answer.nodes.filter((node) => since === null || node.dateCreated <= since);
    if (older.length > 0) return older.map((node) => BigInt(gidNumber(node.id))).reduce((a, b) => (a > b ? a : b));
    if (!answer.hasPreviousPage || !answer.startCursor) return 0n;
    before = answer.startCursor;
  }
  return 0n;
}

/**
 * One poll: the new purchase orders kept by `keep`, as records, and the state to save. A pause
 * keeps what was read: the floor moves only past purchase orders dealt with.
 */
export async function pollNew(
  z: ZObject,
  client: ShopifyClient,
  state: NewState,
  keep: (order: ShopifyPurchaseOrder) => boolean,
  toRecord: (order: ShopifyPurchaseOrder) => PurchaseOrder,
): Promise<Step<NewState>> {
  const next = { ...state };
  return runStep(client, next, async (records) => {
    let floor = state.floor === null ? await floorAt(client, state.since) : BigInt(state.floor);
    next.floor = floor.toString();
    for (;;) {
      const probe = await probeAbove(z, client, floor);
      const ids = probe.nodes.map((node) => BigInt(gidNumber(node.id)));
      const read: ShopifyPurchaseOrder[] = [];
      const result = await readInFull(z, client, ids, next.lines, (order) => {
        read.push(order);
        if (keep(order)) records.push(toRecord(order));
      });
      if (result.done > 0) floor = ids[result.done - 1]!;
      next.floor = floor.toString();
      next.lines = learntHint(read, next.lines);
      if (result.paused || !probe.more) return result.paused;
    }
  });
}

/** Turning the Zap on: the newest id is the floor. Throttled before reading it, the time is kept instead. */
export async function turnOnNew(client: ShopifyClient, now: string): Promise<Step<NewState>> {
  const state = freshNewState(now);
  return runStep(client, state, async () => {
    state.floor = await newestId(client);
    return false;
  });
}

/** The newest purchase order's id, '0' in a store without one. */
export async function newestId(client: ShopifyClient): Promise<string> {
  const top = (await client.scanNames({ last: 1 })).nodes.at(-1);
  return top ? gidNumber(top.id) : '0';
}

export const mapNew = (order: ShopifyPurchaseOrder) => mapShopifyPurchaseOrder(order, { kind: 'new' });
