/**
 * The Shopify polling triggers, on the shared poller (docs/shopify.md, "Triggers"). Shopify lists
 * purchase orders oldest first with no sort key and no update time: New reads above the highest
 * id seen, Ordered watches every draft, Updated sweeps fingerprints; each paced in Shopify's bucket.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { chosen } from '../../common/choice-input';
import { purchaseOrderOutputFields } from '../../record/output-fields';
import type { PurchaseOrder } from '../../record/purchase-order';
import { shopifyClient, type ShopifyClient } from './client';
import { mapShopifyPurchaseOrder } from './mapper';
import { freshNewState, mapNew, newStateSchema, pollNew, turnOnNew } from './new-orders';
import { isOrdered, orderedStateSchema, pollOrdered, turnOnOrdered } from './ordered';
import { shopifyClock } from './pacing';
import { SAMPLE_SIZE, newestFirst, pollKind, pollPacer, readState, writeState } from './polling';
import { LIST_LINE_ITEMS } from './queries';
import { shopifySample } from './sample';
import type { ShopifyPurchaseOrder } from './schema';
import { freshUpdatedState, sweep, updatedStateSchema } from './updated';

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

const KEYS = {
  new: 'shopify_new_purchase_order',
  ordered: 'shopify_purchase_order_ordered',
  updated: 'shopify_updated_purchase_order',
} as const;

/** What a Status input asks of Shopify's list (it filters draft and ordered, not archived). */
const serverStatus = (status: StatusChoice | undefined) =>
  status === 'draft' ? ('DRAFT' as const) : status === 'ordered' ? ('ORDERED' as const) : undefined;

/** The sample: the store's newest purchase orders the trigger keeps, at most SAMPLE_SIZE, in one query. */
async function sample(
  client: ShopifyClient,
  status: 'DRAFT' | 'ORDERED' | undefined,
  keep: (order: ShopifyPurchaseOrder) => boolean,
  toRecord: (order: ShopifyPurchaseOrder) => PurchaseOrder,
): Promise<PurchaseOrder[]> {
  const page = await client.listPage({ last: SAMPLE_SIZE, lines: LIST_LINE_ITEMS, ...(status ? { query: { status } } : {}) });
  const records: PurchaseOrder[] = [];
  for (const edge of [...page.edges].reverse()) {
    if (edge.order === null || !keep(edge.order)) continue;
    records.push(toRecord(await client.completeLineItems(edge.order, undefined)));
  }
  return records;
}

const byCreation = (record: PurchaseOrder) => record.created_at ?? '';
const byOrdering = (record: PurchaseOrder) => record.ordered_at ?? '';
const byId = () => '';

/** New purchase orders, newest first: only the ids above what the Zap has seen are read. */
export async function pollNewPurchaseOrders(z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> {
  const status = statusFilter(z, bundle);
  const keep = (order: ShopifyPurchaseOrder) => matchesStatus(order, status);
  const kind = pollKind(bundle);
  const { key, state } = await readState(z, bundle, KEYS.new, { status: status ?? null }, newStateSchema);
  const client = shopifyClient(z, bundle, { pacer: pollPacer(state?.bucket ?? null) });
  if (kind === 'sample') return newestFirst(await sample(client, serverStatus(status), keep, mapNew), byCreation);
  const now = new Date(shopifyClock.now()).toISOString();
  if (kind === 'turnOn') {
    await writeState(z, key, await turnOnNew(client, now));
    return [];
  }
  const result = await pollNew(z, client, state ?? freshNewState(now), keep, mapNew);
  await writeState(z, key, result.state);
  return newestFirst(result.records, byCreation);
}

/**
 * Purchase orders marked as ordered, once each: new ones that arrive ordered and drafts the Zap
 * watches that have since been ordered, however many drafts the store has.
 */
export async function pollOrderedPurchaseOrders(z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> {
  const kind = pollKind(bundle);
  const { key, state } = await readState(z, bundle, KEYS.ordered, {}, orderedStateSchema);
  const client = shopifyClient(z, bundle, { pacer: pollPacer(state?.bucket ?? null) });
  const mapOrdered = (order: ShopifyPurchaseOrder) => mapShopifyPurchaseOrder(order, 'ordered');
  if (kind === 'sample') return newestFirst(await sample(client, 'ORDERED', isOrdered, mapOrdered), byOrdering);
  const now = new Date(shopifyClock.now()).toISOString();
  if (kind === 'turnOn' || state === null) {
    // Without a state, nothing can be said departed: watching starts now, and nothing old fires.
    const fresh = await turnOnOrdered(client, now);
    await writeState(z, key, fresh);
    return [];
  }
  const result = await pollOrdered(z, client, state);
  await writeState(z, key, result.state);
  return newestFirst(result.records, byOrdering);
}

/**
 * Every version of every purchase order, once: a fingerprint sweep of the whole list, full reads
 * only of what changed. The Status input filters what fires, not what is swept, so a purchase
 * order that changes into the status fires once and one that stays out of it never does.
 */
export async function pollUpdatedPurchaseOrders(z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> {
  const status = statusFilter(z, bundle);
  const keep = (order: ShopifyPurchaseOrder) => matchesStatus(order, status);
  const toRecord = (order: ShopifyPurchaseOrder) => mapShopifyPurchaseOrder(order, 'updated');
  const kind = pollKind(bundle);
  const { key, state } = await readState(z, bundle, KEYS.updated, { status: status ?? null }, updatedStateSchema);
  const client = shopifyClient(z, bundle, { pacer: pollPacer(state?.bucket ?? null) });
  if (kind === 'sample') return newestFirst(await sample(client, serverStatus(status), keep, toRecord), byId);
  const now = new Date(shopifyClock.now()).toISOString();
  // Turning on, or a state lost: what is read now is learnt, and fires from its next change.
  const learnOnly = kind === 'turnOn' || state === null;
  const result = await sweep(z, client, learnOnly ? freshUpdatedState(now) : state, { learnOnly, keep, toRecord });
  await writeState(z, key, result.state);
  return learnOnly ? [] : newestFirst(result.records, byId);
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
    inputFields: [statusInput],
    perform: pollUpdatedPurchaseOrders,
    sample: shopifySample('updated'),
    outputFields: purchaseOrderOutputFields,
  },
};
