/** The Stocky polling triggers: new purchase orders, and every update to one. */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { purchaseOrderOutputFields } from '../../record/output-fields';
import type { PurchaseOrder } from '../../record/purchase-order';
import {
  STOCKY_PAGE_LIMIT,
  STOCKY_STATUSES,
  listPurchaseOrders,
  type StockyListParams,
  type StockyStatus,
} from './client';
import type { StockyPurchaseOrder } from './schema';
import { mapStockyPurchaseOrder } from './mapper';
import { stockySample } from './sample';

/** How far back a poll looks: longer than any gap between polls, see docs/stocky.md. */
export const LOOKBACK_MS = 24 * 60 * 60 * 1000;
/** When a poll stops paging: well inside Zapier's 30 s limit for a poll. */
export const TIME_BUDGET_MS = 20_000;
/** What a sample load fetches: one small request. */
export const SAMPLE_LIMIT = 3;

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
    'Only purchase orders with this status in Stocky. "Confirmed" means ordered from the supplier. Leave empty for every purchase order.',
};

function statusFilter(z: ZObject, bundle: Bundle): StockyStatus | undefined {
  const value = bundle.inputData.status;
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && (STOCKY_STATUSES as readonly string[]).includes(value)) {
    return value as StockyStatus;
  }
  throw new z.errors.Error(
    `Status must be one of ${STOCKY_STATUSES.join(', ')}, not ${JSON.stringify(value)}. Pick it from the list.`,
  );
}

type PollOptions = { lookbackMs: number; timeBudgetMs: number; now: () => number };

/**
 * Pages a list newest id first with since_id, a full page at a time, until a page is short,
 * `goOn(page)` says the rest is older than wanted, or the time budget is spent (the rest then
 * comes on the next poll). Pages go by id, so an order changed while we page still shows once.
 */
async function pageByNewestId(
  z: ZObject,
  params: Omit<StockyListParams, 'limit' | 'since_id'>,
  options: PollOptions,
  goOn: (page: StockyPurchaseOrder[]) => boolean,
): Promise<StockyPurchaseOrder[]> {
  const started = options.now();
  const orders: StockyPurchaseOrder[] = [];
  let sinceId: number | undefined;
  for (;;) {
    const page = await listPurchaseOrders(z, { ...params, limit: STOCKY_PAGE_LIMIT, since_id: sinceId });
    orders.push(...page);
    if (page.length < STOCKY_PAGE_LIMIT || !goOn(page)) return orders;
    const lowestId = Math.min(...page.map((order) => order.id));
    if (sinceId !== undefined && lowestId >= sinceId) {
      throw new z.errors.HaltedError(
        `Stocky ignored since_id=${sinceId} and sent the same purchase orders again, so paging cannot go on. Contact Stocky support with this message.`,
      );
    }
    sinceId = lowestId;
    if (options.now() - started >= options.timeBudgetMs) {
      z.console.log(
        `Stopped paging Stocky after ${orders.length} purchase orders: the ${options.timeBudgetMs} ms budget is spent. The rest come on the next poll.`,
      );
      return orders;
    }
  }
}

/** One record per id, the first kept: no two records of one poll may share an id. */
function uniqueRecords(records: PurchaseOrder[]): PurchaseOrder[] {
  const seen = new Set<string>();
  return records.filter((record) => !seen.has(record.id) && Boolean(seen.add(record.id)));
}

/** While the Zap editor loads samples: one small request, whichever the trigger. */
async function sampleRecords(
  z: ZObject,
  status: StockyStatus | undefined,
  kind: 'new' | 'updated',
): Promise<PurchaseOrder[]> {
  const orders = await listPurchaseOrders(z, { limit: SAMPLE_LIMIT, status });
  return orders.map((order) => mapStockyPurchaseOrder(order, kind));
}

/**
 * New purchase orders, newest first. Usually one request: paging goes on only while a whole page
 * was created inside the lookback window, so a burst of new orders arrives whole.
 */
export function makePollNewPurchaseOrders(options: PollOptions) {
  return async (z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> => {
    const status = statusFilter(z, bundle);
    if (bundle.meta?.isLoadingSample) return sampleRecords(z, status, 'new');
    const windowStart = options.now() - options.lookbackMs;
    const createdInWindow = (order: StockyPurchaseOrder) =>
      order.created_at !== null && Date.parse(order.created_at) >= windowStart;
    const orders = await pageByNewestId(z, { status }, options, (page) => page.every(createdInWindow));
    return uniqueRecords(orders.map((order) => mapStockyPurchaseOrder(order, 'new')));
  };
}

/** Every purchase order updated inside the lookback window, one record per version, newest update first. */
export function makePollUpdatedPurchaseOrders(options: PollOptions) {
  return async (z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> => {
    const status = statusFilter(z, bundle);
    if (bundle.meta?.isLoadingSample) return sampleRecords(z, status, 'updated');
    const updatedSince = new Date(options.now() - options.lookbackMs).toISOString();
    const orders = await pageByNewestId(z, { status, updated_since: updatedSince }, options, () => true);
    return uniqueRecords(orders.map((order) => mapStockyPurchaseOrder(order, 'updated'))).sort(
      (a, b) =>
        Date.parse(b.updated_at ?? '') - Date.parse(a.updated_at ?? '') ||
        Number(b.purchase_order_id) - Number(a.purchase_order_id),
    );
  };
}

const POLL_OPTIONS: PollOptions = {
  lookbackMs: LOOKBACK_MS,
  timeBudgetMs: TIME_BUDGET_MS,
  now: Date.now,
};

export const pollNewPurchaseOrders = makePollNewPurchaseOrders(POLL_OPTIONS);
export const pollUpdatedPurchaseOrders = makePollUpdatedPurchaseOrders(POLL_OPTIONS);

export const stockyNewPurchaseOrder = {
  key: 'stocky_new_purchase_order',
  noun: 'Purchase Order',
  display: {
    label: 'New Purchase Order in Stocky',
    description: 'Triggers when a purchase order is created in Stocky.',
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
      'Triggers when a purchase order is changed in Stocky (once for every change, within a day of it).',
  },
  operation: {
    type: 'polling' as const,
    inputFields: [statusInput],
    perform: pollUpdatedPurchaseOrders,
    sample: stockySample('updated'),
    outputFields: purchaseOrderOutputFields,
  },
};
