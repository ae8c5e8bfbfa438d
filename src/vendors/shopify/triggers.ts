/**
 * The Shopify polling triggers, on the shared poller (docs/shopify.md, "Triggers"). Shopify lists
 * purchase orders oldest first with no sort key and no update time, so every list is read from
 * its newest end (`last`/`before`) and the dedupe policy decides what a version is.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { chosen } from '../../common/choice-input';
import { POLL_LIMITS, isThrottled, poll, pollStateKey, type PollSource } from '../../common/poller';
import { versionHash } from '../../record/dedupe-ids';
import { purchaseOrderOutputFields } from '../../record/output-fields';
import type { PurchaseOrder } from '../../record/purchase-order';
import { shopifyClient, type ShopifyClient } from './client';
import { shopifyHistory } from './history';
import { mapShopifyPurchaseOrder, type ShopifyRecordKind } from './mapper';
import { LIST_PAGE_SIZE } from './queries';
import { shopifySample } from './sample';
import { gidNumber, type ShopifyPurchaseOrder } from './schema';

const STATUS_LABELS = { draft: 'Draft', ordered: 'Ordered', archived: 'Archived' } as const;
type StatusChoice = keyof typeof STATUS_LABELS;

const statusInput = {
  key: 'status',
  label: 'Status',
  required: false,
  choices: STATUS_LABELS,
  helpText:
    'Only purchase orders with this status in Shopify (Shopify admin > **Products > Purchase orders**): Draft (not marked as ordered yet), Ordered, or Archived (closed). Leave empty for every purchase order.',
};

const statusFilter = (z: ZObject, bundle: Bundle) =>
  chosen(z, bundle, statusInput, Object.keys(STATUS_LABELS) as StatusChoice[]);

/** Archiving closes a purchase order whatever its status word, so "Draft" and "Ordered" mean open ones. */
function matchesStatus(order: ShopifyPurchaseOrder, status: StatusChoice | undefined): boolean {
  if (status === undefined) return true;
  if (status === 'archived') return Boolean(order.archivedAt);
  return !order.archivedAt && order.status === (status === 'draft' ? 'DRAFT' : 'ORDERED');
}

/** Purchase orders above `aboveId` are new; without stored progress, those created since `createdSince`. */
type Floor = { aboveId: string; createdSince: string | null };
type Item = { order: ShopifyPurchaseOrder; cursor: string };

const LOOKBACK_MS = 24 * 60 * 60 * 1000;
const NO_FLOOR: Floor = { aboveId: '0', createdSince: null };

const idOf = (order: ShopifyPurchaseOrder) => BigInt(gidNumber(order.id));
const higherId = (a: string, b: string) => (BigInt(a) >= BigInt(b) ? a : b);

type ListOptions = {
  /** Asked of Shopify's `query`, which knows draft and ordered but not archived. */
  serverStatus: 'DRAFT' | 'ORDERED' | undefined;
  keep: (order: ShopifyPurchaseOrder) => boolean;
  /** Only purchase orders above the floor ("new"), or the whole list ("updated"). */
  aboveFloor: boolean;
  toRecord: (order: ShopifyPurchaseOrder) => PurchaseOrder;
  /** Newest first by this; Shopify keeps no change time, so "updated" goes by id. */
  recency: (record: PurchaseOrder) => string | null;
};

/** What a Status input asks of the list: Shopify's own filter where it has one, the rest here. */
const byStatus = (status: StatusChoice | undefined) => ({
  serverStatus: status === 'draft' ? ('DRAFT' as const) : status === 'ordered' ? ('ORDERED' as const) : undefined,
  keep: (order: ShopifyPurchaseOrder) => matchesStatus(order, status),
});

/**
 * A walk of Shopify's list from its newest end, a page of LIST_PAGE_SIZE at a time. Each order
 * is validated alone (a malformed one is logged and skipped) and completed with all its lines.
 */
function listSource(client: ShopifyClient, z: ZObject, options: ListOptions): PollSource<Item, Floor, string, PurchaseOrder> {
  const { serverStatus } = options;
  // The highest id on the sweep's first page, kept or not: the next floor, so a status filter
  // that keeps nothing on it does not leave the floor where it was.
  let topOfFirstPage = '0';
  return {
    vendor: 'Shopify',
    maxPageSize: LIST_PAGE_SIZE,
    fetchPage: async (_z, { floor, cursor, limit, timeoutMs }) => {
      const deadline = Date.now() + timeoutMs;
      const idAtLeast = options.aboveFloor && floor !== null ? (BigInt(floor.aboveId) + 1n).toString() : undefined;
      let page;
      try {
        page = await client.listPage({
          last: Math.min(limit, LIST_PAGE_SIZE),
          before: cursor,
          query: { ...(idAtLeast === undefined ? {} : { idAtLeast }), ...(serverStatus ? { status: serverStatus } : {}) },
          timeoutMs,
        });
      } catch (error) {
        // A stored cursor Shopify no longer accepts: start the walk over from the newest end
        // (what is read again, Zapier's dedupe drops) rather than fail every poll after this one.
        if (cursor === null || !(error instanceof Error) || !/cursor/i.test(error.message)) throw error;
        z.console.log(`Shopify refused the stored cursor (${error.message}); reading again from the newest purchase order.`);
        return { items: [], received: 0, bytes: 0, end: false, lastCursor: null };
      }
      const walk = [...page.edges].reverse();
      if (cursor === null) {
        topOfFirstPage = walk.reduce((top, edge) => (edge.order ? higherId(top, gidNumber(edge.order.id)) : top), '0');
      }
      const items: Item[] = [];
      let walked: string | undefined;
      for (const [index, edge] of walk.entries()) {
        if (edge.problem !== null) {
          z.console.log(`Skipped a Shopify purchase order: ${edge.problem}`);
        } else if (options.keep(edge.order)) {
          try {
            items.push({ order: await client.completeLineItems(edge.order, deadline), cursor: edge.cursor });
          } catch (error) {
            // A purchase order whose lines the bucket cannot pay for now: what was read before
            // it is returned, and the walk resumes at it.
            if (!isThrottled(error) || walked === undefined) throw error;
            return { items, received: index, bytes: Buffer.byteLength(JSON.stringify(walk.slice(0, index))), end: false, lastCursor: walked };
          }
        }
        walked = edge.cursor;
      }
      return {
        items,
        received: page.edges.length,
        bytes: Buffer.byteLength(JSON.stringify(page.edges)),
        end: !page.hasPreviousPage,
        ...(walked === undefined ? {} : { lastCursor: walked }),
      };
    },
    cursorAfter: (item) => item.cursor,
    isBelowFloor: (item, floor) =>
      options.aboveFloor &&
      (idOf(item.order) <= BigInt(floor.aboveId) || (floor.createdSince !== null && item.order.dateCreated < floor.createdSince)),
    nextFloor: ({ floor }) => {
      if (!options.aboveFloor) return NO_FLOOR;
      return { aboveId: higherId(topOfFirstPage, floor?.aboveId ?? '0'), createdSince: null };
    },
    fallbackFloor: (now) => (options.aboveFloor ? { aboveId: '0', createdSince: new Date(now - LOOKBACK_MS).toISOString() } : NO_FLOOR),
    toRecord: (item) => options.toRecord(item.order),
    recency: options.recency,
  };
}

const mapAs = (kind: ShopifyRecordKind) => (order: ShopifyPurchaseOrder) => mapShopifyPurchaseOrder(order, kind);

const KEYS = {
  new: 'shopify_new_purchase_order',
  ordered: 'shopify_purchase_order_ordered',
  updated: 'shopify_updated_purchase_order',
} as const;

/** New purchase orders, newest first: only the ids above what the Zap has seen are read. */
export async function pollNewPurchaseOrders(z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> {
  const status = statusFilter(z, bundle);
  if (bundle.meta?.isBulkRead) return shopifyHistory(z, bundle, { ...byStatus(status), toRecord: mapAs('new') });
  const client = shopifyClient(z, bundle);
  return poll(
    { z, bundle, triggerKey: KEYS.new, filters: { status: status ?? null } },
    listSource(client, z, { ...byStatus(status), aboveFloor: true, toRecord: mapAs('new'), recency: (record) => record.created_at }),
  );
}

/** Drafts read per poll at most (250 a query): a store with more has its newest drafts watched. */
const MAX_DRAFT_PAGES = 4;
/** The arrivals' share of a poll's time budget; the draft check has the rest. */
const LIST_BUDGET_MS = 15_000;
/** Departed drafts looked up per poll (one query each); the rest wait for the next poll. */
const MAX_DRAFT_LOOKUPS = 20;

type DraftWatch = { drafts: string[]; departed: string[] };

const lowestId = (ids: string[]) => ids.reduce((lowest, id) => (BigInt(id) < BigInt(lowest) ? id : lowest));

/**
 * Drafts that were ordered since the last poll: the drafts the Zap knew, less those Shopify
 * lists as drafts now, each looked up once. A draft deep in the list is found this way without
 * reading the list; a draft deleted instead of ordered is simply forgotten.
 */
async function orderedDrafts(z: ZObject, bundle: Bundle, client: ShopifyClient, deadline: number): Promise<PurchaseOrder[]> {
  const key = pollStateKey(bundle, `${KEYS.ordered}:drafts`, {});
  if (key === null) return [];
  const scan = await client.draftIds(MAX_DRAFT_PAGES);
  const stored = bundle.meta?.isPopulatingDedupe ? null : ((await z.cache.get(key)) as DraftWatch | null);
  const current = new Set(scan.ids);
  // Past the pages read, a draft's absence from the scan says nothing: it is kept as it was.
  const floor = scan.complete || scan.ids.length === 0 ? null : BigInt(lowestId(scan.ids));
  const unread = (id: string) => floor !== null && BigInt(id) < floor;
  if (floor !== null) z.console.log(`More than ${scan.ids.length} draft purchase orders: the oldest are not watched until newer ones are ordered.`);
  const departed = [...(stored?.departed ?? []), ...(stored?.drafts ?? []).filter((id) => !current.has(id) && !unread(id))];
  const records: PurchaseOrder[] = [];
  let looked = 0;
  for (const id of departed.slice(0, MAX_DRAFT_LOOKUPS)) {
    // Within Zapier's 30 s: the drafts not looked up now wait for the next poll.
    if (Date.now() > deadline) break;
    try {
      const order = await client.getById(id);
      if (order?.status === 'ORDERED' && order.orderedAt) records.push(mapShopifyPurchaseOrder(order, 'ordered'));
    } catch (error) {
      // Throttled: the drafts found so far are returned and the rest looked up next poll. Any
      // other failure is this draft's alone: logged and dropped, so it cannot jam the trigger.
      if (isThrottled(error)) break;
      z.console.log(`Skipped Shopify purchase order ${id} while checking whether it was ordered: ${error instanceof Error ? error.message : String(error)}`);
    }
    looked += 1;
  }
  const watch: DraftWatch = {
    drafts: [...scan.ids, ...(stored?.drafts ?? []).filter(unread)],
    departed: departed.slice(looked),
  };
  await z.cache.set(key, watch, POLL_LIMITS.stateTtlSeconds);
  return records;
}

/**
 * Purchase orders marked as ordered, once each: new ones that arrive ordered (read above the
 * Zap's floor, as "new" does) and drafts the Zap watched that have since been ordered.
 */
export async function pollOrderedPurchaseOrders(z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> {
  if (bundle.meta?.isBulkRead) return shopifyHistory(z, bundle, { serverStatus: 'ORDERED', keep: (order) => Boolean(order.orderedAt), toRecord: mapAs('ordered') });
  const client = shopifyClient(z, bundle);
  const started = Date.now();
  // Room for the drafts looked up after the list, in time: together they stay within Zapier's 30 s.
  const arrived = await poll(
    {
      z,
      bundle,
      triggerKey: KEYS.ordered,
      filters: {},
      limits: { ...POLL_LIMITS, timeBudgetMs: LIST_BUDGET_MS },
    },
    listSource(client, z, {
      serverStatus: 'ORDERED',
      keep: (order) => Boolean(order.orderedAt),
      aboveFloor: true,
      toRecord: mapAs('ordered'),
      recency: (record) => record.ordered_at,
    }),
  );
  if (bundle.meta?.isLoadingSample) return arrived;
  let fromDrafts: PurchaseOrder[];
  try {
    fromDrafts = await orderedDrafts(z, bundle, client, started + POLL_LIMITS.timeBudgetMs);
  } catch (error) {
    // The list's floor is already saved past `arrived`: failing now would lose them. The draft
    // watch is saved only once it completes, so the next poll repeats it.
    if (arrived.length > 0) {
      z.console.log(`The draft check failed and is repeated next poll: ${error instanceof Error ? error.message : String(error)}`);
      return arrived;
    }
    throw error;
  }
  return [...fromDrafts, ...arrived.filter((record) => !fromDrafts.some((other) => other.id === record.id))];
}

/** The newest page is read again every poll, quickly: the sweep has the rest of the budget. */
const HEAD_TIMEOUT_MS = 5_000;

/**
 * The versions the Zap has seen, by purchase order id, and the newest id when it was turned on.
 * Zapier's dedupe table holds only what a poll returned, and turning a Zap on returns one page:
 * without this, the first sweep would report every older purchase order as updated.
 */
type KnownVersions = { aboveId: string; versions: Record<string, string> };

/**
 * Keeps the records that are news to the Zap: a version it has not seen of a purchase order it
 * knows, or any version of one created after it was turned on. A purchase order that predates the
 * Zap and is met for the first time is learnt, not reported: its changes fire from then on.
 */
function newsOnly(known: KnownVersions, records: PurchaseOrder[]): PurchaseOrder[] {
  return records.filter((record) => {
    const id = record.purchase_order_id;
    const version = versionHash(record);
    const before = known.versions[id];
    known.versions[id] = version;
    if (before === version) return false;
    return before !== undefined || BigInt(id) > BigInt(known.aboveId);
  });
}

const newestId = (records: PurchaseOrder[], floor: string) =>
  records.reduce((highest, record) => higherId(highest, record.purchase_order_id), floor);

/**
 * Every version of every purchase order, once: the newest page is read again each poll (where
 * changes happen), and a resumable sweep walks the whole list, a bounded part per poll.
 */
export async function pollUpdatedPurchaseOrders(z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> {
  const status = statusFilter(z, bundle);
  if (bundle.meta?.isBulkRead) return shopifyHistory(z, bundle, { ...byStatus(status), toRecord: mapAs('updated') });
  const client = shopifyClient(z, bundle);
  const source = listSource(client, z, { ...byStatus(status), aboveFloor: false, toRecord: mapAs('updated'), recency: () => null });
  const context = { z, bundle, triggerKey: KEYS.updated, filters: { status: status ?? null } };
  const knownKey = pollStateKey(bundle, `${KEYS.updated}:versions`, context.filters);
  if (bundle.meta?.isLoadingSample) return poll(context, source);
  if (bundle.meta?.isPopulatingDedupe) {
    const seen = await poll(context, source);
    if (knownKey !== null) {
      const known: KnownVersions = { aboveId: newestId(seen, '0'), versions: {} };
      newsOnly(known, seen);
      await z.cache.set(knownKey, known, POLL_LIMITS.stateTtlSeconds);
    }
    return seen;
  }
  const started = Date.now();
  const newest = await source.fetchPage(z, { kind: 'poll', floor: null, cursor: null, limit: LIST_PAGE_SIZE, timeoutMs: HEAD_TIMEOUT_MS, extra: null });
  const head = newest.items.map(source.toRecord);
  const sweep = await poll(
    {
      ...context,
      limits: {
        ...POLL_LIMITS,
        timeBudgetMs: POLL_LIMITS.timeBudgetMs - (Date.now() - started),
      },
    },
    source,
  );
  const records = [...head, ...sweep.filter((record) => !head.some((other) => other.id === record.id))];
  if (knownKey === null) return records;
  // Lost or never stored (a Zap turned on before this was kept): everything known now is the start.
  const known = ((await z.cache.get(knownKey)) as KnownVersions | null) ?? { aboveId: newestId(records, '0'), versions: {} };
  const news = newsOnly(known, records);
  await z.cache.set(knownKey, known, POLL_LIMITS.stateTtlSeconds);
  return news;
}

const RETIRED_STOCKY =
  'Shopify purchase orders replaced Stocky, whose API was switched off on 2026-08-31.';

export const shopifyNewPurchaseOrder = {
  key: KEYS.new,
  noun: 'Purchase Order',
  display: {
    label: 'New Purchase Order in Shopify',
    description: `Triggers when a purchase order is created in Shopify. ${RETIRED_STOCKY}`,
  },
  operation: {
    type: 'polling' as const,
    canPaginate: true,
    inputFields: [statusInput],
    perform: pollNewPurchaseOrders,
    sample: shopifySample('new'),
    outputFields: purchaseOrderOutputFields,
  },
};

export const shopifyPurchaseOrderOrdered = {
  key: KEYS.ordered,
  noun: 'Purchase Order',
  display: {
    label: 'Purchase Order Ordered in Shopify',
    description: 'Triggers when a purchase order is marked as ordered in Shopify (once per purchase order, also for an old draft).',
  },
  operation: {
    type: 'polling' as const,
    canPaginate: true,
    perform: pollOrderedPurchaseOrders,
    sample: shopifySample('ordered'),
    outputFields: purchaseOrderOutputFields,
  },
};

export const shopifyUpdatedPurchaseOrder = {
  key: KEYS.updated,
  noun: 'Purchase Order',
  display: {
    label: 'Updated Purchase Order in Shopify',
    description:
      'Triggers when a purchase order changes in Shopify: its status, ordered or archived, or its lines (quantities, costs, SKUs).',
  },
  operation: {
    type: 'polling' as const,
    canPaginate: true,
    inputFields: [statusInput],
    perform: pollUpdatedPurchaseOrders,
    sample: shopifySample('updated'),
    outputFields: purchaseOrderOutputFields,
  },
};
