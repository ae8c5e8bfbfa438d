/** The Stocky polling triggers: new purchase orders, and every update to one. */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { TRIGGER_KEYS } from '../../keys';
import { purchaseOrderOutputFields } from '../../record/output-fields';
import type { PurchaseOrder } from '../../record/purchase-order';
import {
  STOCKY_PAGE_LIMIT,
  STOCKY_STATUSES,
  listPurchaseOrders,
  type StockyStatus,
} from './client';
import { mapStockyPurchaseOrder } from './mapper';
import { stockySample } from './sample';

/** How far back "updated" looks on every poll: longer than any gap between polls, see docs/stocky.md. */
export const UPDATED_LOOKBACK_MS = 24 * 60 * 60 * 1000;
/** When "updated" stops paging: well inside Zapier's 30 s limit for a poll. */
export const UPDATED_TIME_BUDGET_MS = 20_000;
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

export async function pollNewPurchaseOrders(z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> {
  const orders = await listPurchaseOrders(z, {
    limit: bundle.meta?.isLoadingSample ? SAMPLE_LIMIT : STOCKY_PAGE_LIMIT,
    status: statusFilter(z, bundle),
  });
  return orders.map((order) => mapStockyPurchaseOrder(order, 'new'));
}

type UpdatedPollOptions = { lookbackMs: number; timeBudgetMs: number; now: () => number };

/**
 * Every purchase order updated inside the lookback window, one record per version, newest
 * update first. Pages go by id (since_id), so an order updated while we page still shows once.
 */
export function makePollUpdatedPurchaseOrders(options: UpdatedPollOptions) {
  return async (z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> => {
    const status = statusFilter(z, bundle);
    if (bundle.meta?.isLoadingSample) {
      const orders = await listPurchaseOrders(z, { limit: SAMPLE_LIMIT, status });
      return orders.map((order) => mapStockyPurchaseOrder(order, 'updated'));
    }
    const started = options.now();
    const updatedSince = new Date(started - options.lookbackMs).toISOString();
    const records = new Map<string, PurchaseOrder>();
    let sinceId: number | undefined;
    for (;;) {
      const page = await listPurchaseOrders(z, {
        limit: STOCKY_PAGE_LIMIT,
        updated_since: updatedSince,
        since_id: sinceId,
        status,
      });
      for (const order of page) {
        const record = mapStockyPurchaseOrder(order, 'updated');
        records.set(record.id, record);
      }
      if (page.length < STOCKY_PAGE_LIMIT) break;
      const lowestId = Math.min(...page.map((order) => order.id));
      if (sinceId !== undefined && lowestId >= sinceId) {
        throw new z.errors.HaltedError(
          `Stocky ignored since_id=${sinceId} and sent the same purchase orders again, so paging cannot go on. Contact Stocky support with this message.`,
        );
      }
      sinceId = lowestId;
      if (options.now() - started >= options.timeBudgetMs) {
        z.console.log(
          `Stopped paging Stocky after ${records.size} updated purchase orders: the ${options.timeBudgetMs} ms budget is spent. The rest come on the next poll.`,
        );
        break;
      }
    }
    return [...records.values()].sort(
      (a, b) =>
        Date.parse(b.updated_at ?? '') - Date.parse(a.updated_at ?? '') ||
        Number(b.purchase_order_id) - Number(a.purchase_order_id),
    );
  };
}

export const pollUpdatedPurchaseOrders = makePollUpdatedPurchaseOrders({
  lookbackMs: UPDATED_LOOKBACK_MS,
  timeBudgetMs: UPDATED_TIME_BUDGET_MS,
  now: Date.now,
});

export const stockyNewPurchaseOrder = {
  key: TRIGGER_KEYS.stockyNew,
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
  key: TRIGGER_KEYS.stockyUpdated,
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
