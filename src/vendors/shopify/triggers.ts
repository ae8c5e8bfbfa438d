/**
 * The Shopify polling triggers, on the shared poller (docs/shopify.md, "Triggers"). Shopify lists
 * purchase orders oldest first with no sort key and no update time: New reads above the highest
 * id seen, Ordered watches every draft, Updated sweeps fingerprints; each paced in Shopify's bucket.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { chosen } from '../../common/choice-input';
import type { TriggerOperations } from '../../descriptor/vendor';
import type { PurchaseOrder } from '../../record/purchase-order';
import { readWord } from '../../record/status-words';
import { FALLBACK_LOOKBACK_MS } from '../../polling/poll-budgets';
import { poll } from '../../polling/poller';
import type { ShopifyClient } from './client';
import { shopifyHistory } from './history';
import { SHOPIFY_STATUSES, mapShopifyPurchaseOrder } from './mapper';
import { freshNewState, mapNew, newStateSchema, pollNew, turnOnNew } from './new-orders';
import { freshOrderedState, isOrdered, orderedStateSchema, pollOrdered, sampleOrdered, turnOnOrdered } from './ordered';
import { SHOPIFY_KEYS } from './keys';
import { shopifyClock } from './pacing';
import { shopifySource } from './polling';
import { LIST_LINE_ITEMS } from './queries';
import type { ShopifyPurchaseOrder } from './schema';
import { STATUS_LABELS, statusInput, type StatusChoice } from './status-input';
import { freshUpdatedState, sweep, updatedStateSchema } from './updated';

const statusFilter = (z: ZObject, bundle: Bundle) =>
  chosen(z, bundle, statusInput, Object.keys(STATUS_LABELS) as StatusChoice[]);

/** Archiving closes a purchase order whatever its status word, so "Draft" and "Ordered" mean open ones. */
function matchesStatus(order: ShopifyPurchaseOrder, status: StatusChoice | undefined): boolean {
  if (status === undefined) return true;
  if (status === 'archived') return Boolean(order.archivedAt);
  return !order.archivedAt && readWord(SHOPIFY_STATUSES, order.status) === status;
}

/** What a Status input asks of Shopify's list (it filters draft and ordered, not archived). */
const serverStatus = (status: StatusChoice | undefined) =>
  status === 'draft' ? ('DRAFT' as const) : status === 'ordered' ? ('ORDERED' as const) : undefined;

/** Shopify cannot filter archived ones: a transfer of them scans fingerprints for `archivedAt`. */
const archivedScan = (status: StatusChoice | undefined) =>
  status === 'archived' ? { scan: (node: { archivedAt?: string | null }) => Boolean(node.archivedAt) } : {};

/** The sample: the store's newest purchase orders the trigger keeps, at most `limit`, in one query. */
const sampleOf =
  (
    status: 'DRAFT' | 'ORDERED' | undefined,
    keep: (order: ShopifyPurchaseOrder) => boolean,
    toRecord: (order: ShopifyPurchaseOrder) => PurchaseOrder,
  ) =>
  async (client: ShopifyClient, limit: number): Promise<PurchaseOrder[]> => {
    const page = await client.listPage({
      last: limit,
      lines: LIST_LINE_ITEMS,
      ...(status ? { query: { status } } : {}),
    });
    const records: PurchaseOrder[] = [];
    for (const edge of page.edges) {
      if (edge.order === null || !keep(edge.order)) continue;
      records.push(toRecord(await client.completeLineItems(edge.order, undefined)));
    }
    return records;
  };

/** A Zap with no usable state looks back this far: what it read before, Zapier drops. */
const lookbackStart = () => new Date(shopifyClock.now() - FALLBACK_LOOKBACK_MS).toISOString();
const nowText = () => new Date(shopifyClock.now()).toISOString();

/** New purchase orders, newest first by creation: only the ids above what the Zap has seen are read. */
export async function pollNewPurchaseOrders(z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> {
  const status = statusFilter(z, bundle);
  const keep = (order: ShopifyPurchaseOrder) => matchesStatus(order, status);
  if (bundle.meta?.isBulkRead)
    return shopifyHistory(z, bundle, {
      serverStatus: serverStatus(status),
      keep,
      toRecord: mapNew,
      ...archivedScan(status),
    });
  return poll(
    { z, bundle, triggerKey: SHOPIFY_KEYS.new, filters: { status: status ?? null } },
    shopifySource(bundle, {
      extra: { schema: newStateSchema, initial: () => freshNewState(null) },
      recency: (record) => record.created_at,
      sample: sampleOf(serverStatus(status), keep, mapNew),
      step: async (stepZ, client, kind, state) => {
        if (kind === 'turnOn') return turnOnNew(client, nowText());
        return pollNew(
          stepZ,
          client,
          state.floor === null && state.since === null ? { ...state, since: lookbackStart() } : state,
          keep,
          mapNew,
        );
      },
    }),
  );
}

/**
 * Purchase orders marked as ordered, once each, newest first by their ordered time: new ones that
 * arrive ordered and drafts the Zap watches that have since been ordered, however many drafts.
 */
export async function pollOrderedPurchaseOrders(z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> {
  const mapOrdered = (order: ShopifyPurchaseOrder) => mapShopifyPurchaseOrder(order, { kind: 'ordered' });
  if (bundle.meta?.isBulkRead)
    return shopifyHistory(z, bundle, { serverStatus: 'ORDERED', keep: isOrdered, toRecord: mapOrdered });
  return poll(
    { z, bundle, triggerKey: SHOPIFY_KEYS.ordered, filters: {} },
    shopifySource(bundle, {
      extra: { schema: orderedStateSchema, initial: () => freshOrderedState(null) },
      recency: (record) => record.ordered_at,
      sample: sampleOrdered,
      step: async (stepZ, client, kind, state) => {
        if (kind === 'turnOn') return turnOnOrdered(stepZ, client, nowText());
        return pollOrdered(
          stepZ,
          client,
          state.floor === null && state.since === null ? { ...state, since: lookbackStart() } : state,
        );
      },
    }),
  );
}

/**
 * Every version of every purchase order, once, newest first by id (Shopify keeps no change
 * time): a fingerprint sweep of the whole list, full reads only of what changed. The Status input
 * filters what fires, not what is swept, so a purchase order that changes into the status fires
 * once and one that stays out of it never does.
 */
export async function pollUpdatedPurchaseOrders(z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> {
  const status = statusFilter(z, bundle);
  const keep = (order: ShopifyPurchaseOrder) => matchesStatus(order, status);
  const toRecord = (order: ShopifyPurchaseOrder) => mapShopifyPurchaseOrder(order, { kind: 'updated' });
  if (bundle.meta?.isBulkRead)
    return shopifyHistory(z, bundle, { serverStatus: serverStatus(status), keep, toRecord, ...archivedScan(status) });
  return poll(
    { z, bundle, triggerKey: SHOPIFY_KEYS.updated, filters: { status: status ?? null } },
    shopifySource(bundle, {
      extra: { schema: updatedStateSchema, initial: () => freshUpdatedState(null) },
      recency: () => null,
      sample: sampleOf(serverStatus(status), keep, toRecord),
      // Turning on, what is read is learnt: it fires from its next change. The turn-on time is
      // kept, so a turn-on paused before reading the newest id still counts what existed as seen.
      step: (stepZ, client, kind, state) =>
        sweep(
          stepZ,
          client,
          kind === 'turnOn'
            ? { ...state, since: nowText() }
            : state.above === null && state.since === null
              ? { ...state, since: lookbackStart() }
              : state,
          { learnOnly: kind === 'turnOn', keep, toRecord },
        ),
    }),
  );
}

/** The three triggers' code (declared in ./index.ts). */
export const shopifyOperations = {
  new: { perform: pollNewPurchaseOrders },
  ordered: { perform: pollOrderedPurchaseOrders },
  updated: { perform: pollUpdatedPurchaseOrders },
} satisfies Record<keyof typeof SHOPIFY_KEYS, TriggerOperations>;
