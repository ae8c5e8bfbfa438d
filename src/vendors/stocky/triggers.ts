/**
 * The Stocky polling triggers: new purchase orders, and every update to one. Stocky's API was
 * switched off on 2026-08-31; the keys stay for live Zaps, whose polls now end in the retired sentence.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { chosen } from '../../common/choice-input';
import { FALLBACK_LOOKBACK_MS, MARGINS } from '../../common/poll-budgets';
import { poll, type PollLimits, type PollSource } from '../../common/poller';
import { purchaseOrderOutputFields } from '../../record/output-fields';
import type { PurchaseOrder } from '../../record/purchase-order';
import { STOCKY_PAGE_LIMIT, STOCKY_STATUSES, listPurchaseOrders, type StockyStatus } from './client';
import type { StockyPurchaseOrder } from './schema';
import { mapStockyPurchaseOrder } from './mapper';
import { stockySample } from './sample';

/** How far back a poll looks when it has no stored progress: see docs/decisions.md, "Polling". */
export const LOOKBACK_MS = FALLBACK_LOOKBACK_MS;
/**
 * How far a new sweep of updates reaches back before the previous sweep's start: Stocky's
 * clock against Zapier's, and writes that commit after they are stamped. Versions seen twice
 * keep their id, so Zapier drops the repeat.
 */
export const UPDATED_MARGIN_MS = MARGINS.replication;

const STATUS_LABELS: Record<StockyStatus, string> = {
  draft: 'Draft',
  'draft-archived': 'Draft, Archived',
  'draft-unarchived': 'Draft, Not Archived',
  confirmed: 'Confirmed',
  'confirmed-archived': 'Confirmed, Archived',
  'confirmed-unarchived': 'Confirmed, Not Archived',
  archived: 'Archived',
  unarchived: 'Not Archived',
};

const statusInput = {
  key: 'status',
  label: 'Status',
  required: false,
  choices: STATUS_LABELS,
  helpText:
    'Only purchase orders with this status in Stocky. "Confirmed" means ordered from the supplier. Leave empty for every purchase order. ' +
    "Stocky's API was switched off by Shopify on 2026-08-31: for ordered purchase orders, use Purchase Order Ordered in Shopify.",
};

const statusFilter = (z: ZObject, bundle: Bundle): StockyStatus | undefined => chosen(z, bundle, statusInput, STOCKY_STATUSES);


/** "New" reads down from the top to the highest id already seen; without one, to a creation time. */
type NewFloor = { above_id: number } | { created_since: string };
/** "Updated" asks Stocky for what changed since a time. */
type UpdatedFloor = { updated_since: string };

const iso = (ms: number) => new Date(ms).toISOString();

function newOrdersSource(status: StockyStatus | undefined): PollSource<StockyPurchaseOrder, NewFloor, number, PurchaseOrder> {
  return {
    vendor: 'Stocky',
    maxPageSize: STOCKY_PAGE_LIMIT,
    fetchPage: (z, { cursor, limit, timeoutMs }) =>
      listPurchaseOrders(z, { status, limit, since_id: cursor ?? undefined }, timeoutMs),
    cursorAfter: (order) => order.id,
    isBelowFloor: (order, floor) =>
      'above_id' in floor
        ? order.id <= floor.above_id
        : order.created_at === null || Date.parse(order.created_at) < Date.parse(floor.created_since),
    // The highest id at the sweep's start: everything up to it has now been through a sweep.
    nextFloor: ({ firstPage, floor }) => {
      const top = Math.max(0, ...firstPage.map((order) => order.id));
      if (floor === null) return { above_id: top };
      if (firstPage.length === 0) return floor;
      return { above_id: 'above_id' in floor ? Math.max(floor.above_id, top) : top };
    },
    fallbackFloor: (now) => ({ created_since: iso(now - LOOKBACK_MS) }),
    toRecord: (order) => mapStockyPurchaseOrder(order, 'new'),
    recency: (record) => record.created_at,
  };
}

function updatedOrdersSource(status: StockyStatus | undefined): PollSource<StockyPurchaseOrder, UpdatedFloor, number, PurchaseOrder> {
  return {
    vendor: 'Stocky',
    maxPageSize: STOCKY_PAGE_LIMIT,
    fetchPage: (z, { floor, cursor, limit, timeoutMs }) =>
      listPurchaseOrders(
        z,
        { status, limit, since_id: cursor ?? undefined, updated_since: floor?.updated_since },
        timeoutMs,
      ),
    cursorAfter: (order) => order.id,
    // Turned on: only changes from now on. Later: the last sweep's start, less the margin, but
    // never before the Zap's own start.
    nextFloor: ({ startedAt, floor }) =>
      floor === null
        ? { updated_since: iso(startedAt) }
        : { updated_since: iso(Math.max(Date.parse(floor.updated_since), startedAt - UPDATED_MARGIN_MS)) },
    fallbackFloor: (now) => ({ updated_since: iso(now - LOOKBACK_MS) }),
    toRecord: (order) => mapStockyPurchaseOrder(order, 'updated'),
    recency: (record) => record.updated_at,
  };
}

export type StockyPollOptions = { now?: () => number; limits?: PollLimits };

/** New purchase orders, newest first, each once (see docs/stocky.md). */
export function makePollNewPurchaseOrders(options: StockyPollOptions = {}) {
  return async (z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> => {
    const status = statusFilter(z, bundle);
    return poll(
      { z, bundle, triggerKey: 'stocky_new_purchase_order', filters: { status: status ?? null }, ...options },
      newOrdersSource(status),
    );
  };
}

/** Every version of a purchase order once, newest update first (see docs/stocky.md). */
export function makePollUpdatedPurchaseOrders(options: StockyPollOptions = {}) {
  return async (z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> => {
    const status = statusFilter(z, bundle);
    return poll(
      { z, bundle, triggerKey: 'stocky_updated_purchase_order', filters: { status: status ?? null }, ...options },
      updatedOrdersSource(status),
    );
  };
}

export const pollNewPurchaseOrders = makePollNewPurchaseOrders();
export const pollUpdatedPurchaseOrders = makePollUpdatedPurchaseOrders();

export const stockyNewPurchaseOrder = {
  key: 'stocky_new_purchase_order',
  noun: 'Purchase Order',
  display: {
    label: 'New Purchase Order in Stocky',
    description:
      "Triggers when a purchase order is created in Stocky. Stocky's API was switched off by Shopify on 2026-08-31: use New Purchase Order in Shopify instead.",
  },
  operation: {
    type: 'polling' as const,
    inputFields: [statusInput],
    perform: pollNewPurchaseOrders,
    sample: stockySample('new'),
    outputFields: purchaseOrderOutputFields,
  },
};

export const stockyUpdatedPurchaseOrder = {
  key: 'stocky_updated_purchase_order',
  noun: 'Purchase Order',
  display: {
    label: 'Updated Purchase Order in Stocky',
    description:
      "Triggers when a purchase order is changed in Stocky (once for every change). Stocky's API was switched off by Shopify on 2026-08-31: use Updated Purchase Order in Shopify instead.",
  },
  operation: {
    type: 'polling' as const,
    inputFields: [statusInput],
    perform: pollUpdatedPurchaseOrders,
    sample: stockySample('updated'),
    outputFields: purchaseOrderOutputFields,
  },
};
