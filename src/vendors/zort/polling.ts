/**
 * The ZORT polling triggers, on the shared poller (docs/zort.md, "Polling"): for any number of
 * Zaps per store, where the REST hooks share ZORT's one URL per event. GetPurchaseOrders filters
 * by time at minute resolution and lists in an undocumented order, so every sweep pages to the
 * end of what the time filter returns, and Zapier's dedupe drops what a margin reads twice.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { poll, type PollLimits, type PollSource } from '../../common/poller';
import { purchaseOrderOutputFields } from '../../record/output-fields';
import type { PurchaseOrder } from '../../record/purchase-order';
import { listPurchaseOrderPage } from './client';
import { STORE_OFFSET_MS, mapZortDocument } from './mapper';
import type { ZortPurchaseOrder } from './schema';
import { ZORT_POLLING_LABELS, zortPollSample } from './triggers';

/**
 * Purchase orders asked per page, one size for every page of a sweep (page numbers are offsets
 * only then). ZORT allows 500.
 */
export const ZORT_PAGE_SIZE = 100;
/**
 * How far before the last sweep's start the next one reads: the filter has minute resolution
 * and "after" may exclude the whole minute named, and ZORT's clock and commits lag ours. What
 * is read twice keeps its id, so Zapier drops the repeat.
 */
export const MARGIN_MS = 2 * 60_000;
/** How far back a poll looks when it has no stored progress: see docs/decisions.md, "Polling". */
export const LOOKBACK_MS = 24 * 60 * 60 * 1000;

/** `yyyy-MM-dd HH:mm` in store time (UTC+7), as GetPurchaseOrders' filters take it. */
export function storeTime(ms: number): string {
  return new Date(ms + STORE_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

type Kind = 'new' | 'updated';
/** Purchase orders created (new) or updated after this minute of store time. */
type Floor = { after: string };
/** The next purchase order is row `skip` of page `page` (from 1), counting malformed ones. */
type Cursor = { page: number; skip: number };
type Row = { order: ZortPurchaseOrder; page: number; index: number; pageLength: number };

const FILTERS = { new: 'createdatetimeafter', updated: 'updatedatetimeafter' } as const;

/** How the Zap is being polled: the poller passes a floor of null both to turn a Zap on and for samples. */
type Occasion = { populating: boolean; sampling: boolean };

function zortSource(kind: Kind, now: () => number, occasion: Occasion): PollSource<Row, Floor, Cursor, PurchaseOrder> {
  // Turning the Zap on reads, and so marks as seen, what the first poll's margin will read again.
  const turnedOn: Floor = { after: storeTime(now() - MARGIN_MS) };
  return {
    vendor: 'ZORT',
    maxPageSize: ZORT_PAGE_SIZE,
    resweepAfterSpan: true,
    fetchPage: async (z, { floor, cursor, limit, timeoutMs }) => {
      const after = floor ?? (occasion.populating ? turnedOn : null);
      const at = cursor ?? { page: 1, skip: 0 };
      const page = await listPurchaseOrderPage(z, {
        limit: occasion.sampling ? limit : ZORT_PAGE_SIZE,
        page: at.page,
        filter: after === null ? {} : { [FILTERS[kind]]: after.after },
        timeoutMs,
      });
      return {
        items: page.orders
          .filter(({ index }) => index >= at.skip)
          .map(({ order, index }) => ({ order, page: at.page, index, pageLength: page.received })),
        received: page.received,
        bytes: page.bytes,
        // Past the page's last row, malformed or not, the next page starts.
        ...(page.received > 0 ? { lastCursor: { page: at.page + 1, skip: 0 } } : {}),
      };
    },
    // Past a page's last row the next page starts, whatever size ZORT made the pages.
    cursorAfter: (row) =>
      row.index + 1 >= row.pageLength ? { page: row.page + 1, skip: 0 } : { page: row.page, skip: row.index + 1 },
    nextFloor: ({ startedAt, floor }) => {
      if (floor === null) return turnedOn;
      const next = storeTime(startedAt - MARGIN_MS);
      return { after: next > floor.after ? next : floor.after };
    },
    fallbackFloor: (time) => ({ after: storeTime(time - LOOKBACK_MS) }),
    toRecord: (row) => mapZortDocument({ kind: 'purchase_order', document: row.order }, kind),
    recency: (record) => (kind === 'new' ? record.created_at : record.updated_at),
  };
}

export type ZortPollOptions = { now?: () => number; limits?: PollLimits };

const KEYS = { new: 'zort_new_purchase_order_polling', updated: 'zort_updated_purchase_order_polling' } as const;

export function makeZortPoll(kind: Kind, options: ZortPollOptions = {}) {
  return (z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> => {
    const now = options.now ?? Date.now;
    const occasion = { populating: Boolean(bundle.meta?.isPopulatingDedupe), sampling: Boolean(bundle.meta?.isLoadingSample) };
    return poll({ z, bundle, triggerKey: KEYS[kind], filters: {}, ...options, now }, zortSource(kind, now, occasion));
  };
}

const WHEN = {
  new: 'a purchase order is created in ZORT',
  updated: "a purchase order's status, payment status or lines (quantities, costs, SKUs) change in ZORT",
} as const;

const defineZortPollingTrigger = (kind: Kind) => ({
  key: KEYS[kind],
  noun: 'Purchase Order',
  display: {
    label: ZORT_POLLING_LABELS[kind],
    description:
      `Triggers when ${WHEN[kind]}. ZORT is checked every few minutes without a webhook, ` +
      "so any number of Zaps can use this trigger on one store and the store's webhook settings are left alone.",
  },
  operation: {
    type: 'polling' as const,
    perform: makeZortPoll(kind),
    sample: zortPollSample(kind),
    outputFields: purchaseOrderOutputFields,
  },
});

export const zortPollingTriggers = [defineZortPollingTrigger('new'), defineZortPollingTrigger('updated')];
