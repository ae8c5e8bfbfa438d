/**
 * Purchase orders marked as ordered (docs/shopify.md, "Triggers"), once each, when first seen
 * with status ORDERED. Two ways in: a purchase order that arrives above the Zap's floor already
 * ordered, and a draft the Zap watches that is a draft no more. The Zap keeps every draft's id
 * (its draft table, in its state); each poll lists the drafts' ids at 1 point each, however many
 * (a scan that does not fit one poll goes on in the next), and once a scan is complete, each
 * watched draft it no longer lists is read once: ordered, it fires; deleted, it is forgotten.
 */
import type { ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod';
import type { PurchaseOrder } from '../../record/purchase-order';
import { readWord } from '../../record/status-words';
import type { ShopifyClient } from './client';
import { SHOPIFY_STATUSES, mapShopifyPurchaseOrder } from './mapper';
import { floorAt, newestId, probeAbove } from './new-orders';
import { cloneState, freshStateFields, idText, isPause, resumed, runStep, stateFields, type Step } from './polling';
import { gidNumber, type ShopifyNameNode, type ShopifyPurchaseOrder } from './schema';

export const orderedStateSchema = zod.object({
  ...stateFields,
  floor: idText.nullable(),
  /** Every draft the Zap watches, ascending; complete once a first scan has completed. */
  drafts: zod.array(idText),
  /** False until a scan has completed: no draft is called departed before. */
  watching: zod.boolean(),
  /** The scan under way: where it goes on (Shopify's cursor), the drafts it listed, the floor when it began. */
  scan: zod.object({ before: zod.string().nullable(), seen: zod.array(idText), upto: idText }).nullable(),
  /** Watched drafts the last complete scan no longer listed, to be read. */
  departed: zod.array(idText),
});

export type OrderedState = zod.infer<typeof orderedStateSchema>;

export const freshOrderedState = (since: string | null): OrderedState => ({
  ...freshStateFields(since),
  floor: null,
  drafts: [],
  watching: false,
  scan: null,
  departed: [],
});

const ascending = (ids: Iterable<string>) =>
  [...new Set(ids)].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));

const statusOf = (order: { status: string }) => readWord(SHOPIFY_STATUSES, order.status);

export const isOrdered = (order: { status: string; orderedAt?: string | null }) =>
  statusOf(order) === 'ordered' && Boolean(order.orderedAt);

/** Goes on with the draft scan, newest first, until it completes or the poll's budget is spent. */
async function scanDrafts(z: ZObject, client: ShopifyClient, state: OrderedState): Promise<void> {
  const fresh = () => ({ before: null, seen: [], upto: state.floor ?? '0' });
  let scan = state.scan ?? fresh();
  state.scan = scan;
  const since = state.since === null ? Number.NaN : Date.parse(state.since);
  let resuming = scan.before !== null;
  for (;;) {
    // The first scan lists every purchase order: a draft it has not reached yet may be ordered
    // before it does (a turn-on paused by the bucket), and is read then like a departed draft.
    const read = () =>
      client.scanNames({ before: scan.before, ...(state.watching ? { query: { status: 'DRAFT' as const } } : {}) });
    const page = resuming ? await resumed(z, 'draft scan', read) : await read();
    resuming = false;
    if (page === null) {
      scan = fresh();
      state.scan = scan;
      continue;
    }
    const upto = BigInt(scan.upto);
    // A store that ignores the status filter lists every purchase order: the drafts are picked here.
    for (const node of page.nodes) {
      if (BigInt(gidNumber(node.id)) > upto) continue;
      if (statusOf(node) === 'draft') scan.seen.push(gidNumber(node.id));
      else if (!state.watching && isOrdered(node) && Date.parse(node.orderedAt ?? '') > since)
        state.departed = ascending([...state.departed, gidNumber(node.id)]);
    }
    if (!page.hasPreviousPage || !page.startCursor) break;
    scan.before = page.startCursor;
  }
  // Complete: what the Zap watched up to the scan's floor and the scan did not list has departed.
  const upto = BigInt(scan.upto);
  const seen = new Set(scan.seen);
  if (state.watching) {
    state.departed = ascending([
      ...state.departed,
      ...state.drafts.filter((id) => BigInt(id) <= upto && !seen.has(id)),
    ]);
  }
  state.drafts = ascending([...scan.seen, ...state.drafts.filter((id) => BigInt(id) > upto)]);
  state.watching = true;
  state.scan = null;
}

/**
 * One purchase order in full, or null: gone, or one that cannot be read (logged and passed, so
 * one malformed purchase order never jams the trigger). A pause is not caught: the poll stops.
 */
async function readOne(
  z: ZObject,
  client: ShopifyClient,
  id: string,
  lines: number,
): Promise<ShopifyPurchaseOrder | null> {
  try {
    return await client.getById(id, lines);
  } catch (error) {
    if (isPause(error)) throw error;
    z.console.log(
      `Skipped Shopify purchase order ${id} while checking whether it was ordered: ${error instanceof Error ? error.message : String(error)}`,
    );
    return null;
  }
}

/** Reads each departed draft: ordered, it makes a record; a draft again, it is watched again. */
async function readDeparted(
  z: ZObject,
  client: ShopifyClient,
  state: OrderedState,
  records: PurchaseOrder[],
): Promise<void> {
  while (state.departed.length > 0) {
    const id = state.departed[0]!;
    const order = await readOne(z, client, id, state.lines);
    if (order && isOrdered(order)) records.push(mapShopifyPurchaseOrder(order, { kind: 'ordered' }));
    else if (order !== null && statusOf(order) === 'draft') state.drafts = ascending([...state.drafts, id]);
    state.departed.shift();
  }
}

/** Purchase orders above the floor: the ordered ones make records, the drafts are watched. */
async function readArrivals(
  z: ZObject,
  client: ShopifyClient,
  state: OrderedState,
  records: PurchaseOrder[],
): Promise<void> {
  state.floor = (state.floor === null ? await floorAt(client, state.since) : BigInt(state.floor)).toString();
  // A page above the floor at a time, the floor moving with each purchase order dealt with.
  for (let more = true; more; ) {
    const probe = await probeAbove(z, client, BigInt(state.floor));
    more = probe.more;
    for (const node of probe.nodes) {
      const id = gidNumber(node.id);
      if (isOrdered(node)) {
        const order = await readOne(z, client, id, state.lines);
        if (order && isOrdered(order)) records.push(mapShopifyPurchaseOrder(order, { kind: 'ordered' }));
        else if (order !== null && statusOf(order) === 'draft') state.drafts = ascending([...state.drafts, id]);
      } else if (statusOf(node) === 'draft') {
        // Arrivals come in id order above every watched draft: the table stays ascending.
        state.drafts.push(id);
      }
      state.floor = id;
    }
  }
}

/** One poll: arrivals, the draft scan, then the departed drafts; a pause keeps every step's progress. */
export async function pollOrdered(
  z: ZObject,
  client: ShopifyClient,
  previous: OrderedState,
): Promise<Step<OrderedState>> {
  const state: OrderedState = cloneState(previous);
  return runStep(client, state, async (records) => {
    await readArrivals(z, client, state, records);
    await scanDrafts(z, client, state);
    await readDeparted(z, client, state, records);
    return false;
  });
}

/** Pages of ordered purchase orders' names the sample looks through for the latest ordered (252 points each). */
const SAMPLE_NAME_PAGES = 4;

/**
 * The sample: the `limit` purchase orders ordered most recently, however old (a draft ordered
 * today is newer than every purchase order ordered before it), found among the ordered ones'
 * names and times (1 point each) and read in full.
 */
export async function sampleOrdered(client: ShopifyClient, limit: number): Promise<PurchaseOrder[]> {
  const found: ShopifyNameNode[] = [];
  let before: string | null = null;
  for (let page = 0; page < SAMPLE_NAME_PAGES; page += 1) {
    const answer = await client.scanNames({ before, query: { status: 'ORDERED' } });
    found.push(...answer.nodes.filter(isOrdered));
    if (!answer.hasPreviousPage || !answer.startCursor) break;
    before = answer.startCursor;
  }
  const latest = found
    .map((node) => ({ node, at: Date.parse(node.orderedAt ?? ''), id: BigInt(gidNumber(node.id)) }))
    .sort((a, b) => b.at - a.at || (b.id > a.id ? 1 : b.id < a.id ? -1 : 0))
    .slice(0, limit);
  const records: PurchaseOrder[] = [];
  for (const { id } of latest) {
    const order = await client.getById(id.toString());
    if (order && isOrdered(order)) records.push(mapShopifyPurchaseOrder(order, { kind: 'ordered' }));
  }
  return records;
}

/**
 * Turning the Zap on: the newest id is the floor, and the drafts that exist now are its table
 * (as far as the budget goes; the scan goes on next poll). Nothing read now fires later.
 */
export async function turnOnOrdered(z: ZObject, client: ShopifyClient, now: string): Promise<Step<OrderedState>> {
  const state = freshOrderedState(now);
  return runStep(client, state, async () => {
    state.floor = await newestId(client);
    await scanDrafts(z, client, state);
    return false;
  });
}
