/**
 * The ZORT polling triggers, on the shared poller (docs/zort.md, "Polling"): for any number of
 * Zaps per store, where the REST hooks share ZORT's one URL per event. GetPurchaseOrders filters
 * by time at minute resolution and lists in an undocumented order, so every sweep pages to the
 * end of what the time filter returns, and Zapier's dedupe drops what a margin reads twice. The
 * poller orders the output newest first by each source's recency.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod';
import { MARGINS, SAMPLE_SIZE } from '../../common/poll-budgets';
import { POLL_LIMITS, poll, type PollLimits, type PollSource } from '../../common/poller';
import { purchaseOrderOutputFields } from '../../record/output-fields';
import type { PurchaseOrder } from '../../record/purchase-order';
import { listPurchaseOrderPage, type ZortListPage } from './client';
import { zortHistory } from './history';
import { STORE_OFFSET_MS, mapZortDocument } from './mapper';
import type { ZortPurchaseOrder } from './schema';
import { ZORT_POLLING_LABELS, zortPollSample } from './triggers';

/**
 * Purchase orders asked per page, one size for every page of a sweep (page numbers are offsets
 * only then): ZORT's maximum, since a poll returns every new purchase order that fits its budgets.
 */
export const ZORT_PAGE_SIZE = 500;
/** Pages read for a sample: the first and the last of the list, whichever end ZORT lists newest at. */
const SAMPLE_PAGE_SIZE = 100;

/** `yyyy-MM-dd HH:mm` in store time (UTC+7), as GetPurchaseOrders' filters take it. */
export function storeTime(ms: number): string {
  return new Date(ms + STORE_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The minute to name in an "after" filter so that everything from `ms` on is listed: "after
 * 16:38" may leave out the whole of 16:38 (minute resolution), so the minute before `ms`'s.
 */
export function listedFrom(ms: number): string {
  return storeTime(ms - 60_000);
}

type Kind = 'new' | 'updated';
/** Purchase orders created (new) or updated after this minute of store time. */
type Floor = { after: string };
/** The next purchase order is row `skip` of page `page` (from 1), counting malformed ones. */
type Cursor = { page: number; skip: number };
type Row = { order: ZortPurchaseOrder; page: number; index: number; pageLength: number };

const FILTERS = { new: 'createdatetimeafter', updated: 'updatedatetimeafter' } as const;

const floorSchema = zod.object({ after: zod.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/) });
const cursorSchema = zod.object({ page: zod.number().int().min(1), skip: zod.number().int().min(0) });

/**
 * A purchase order's recency: when it was created (new) or last changed (updated), in epoch
 * milliseconds, when the list says (unverified: ZORT lists these times for sales orders); null
 * when it does not, and the id, ZORT's creation order, decides alone.
 */
export function zortRecency(kind: Kind, order: ZortPurchaseOrder): number | null {
  return kind === 'new' ? order.createdatetime : (order.updatedatetime ?? order.createdatetime);
}

function zortSource(kind: Kind): PollSource<Row, Floor, Cursor, PurchaseOrder> {
  // Each record's recency, kept beside it: the record itself has no creation or change time.
  const recencyOf = new WeakMap<PurchaseOrder, number | null>();
  return {
    vendor: 'ZORT',
    maxPageSize: ZORT_PAGE_SIZE,
    resweepAfterSpan: true,
    // Everything stamped from `time` on: the margin is never eaten by the filter's minute.
    floorAt: (time) => ({ after: listedFrom(time) }),
    marginMs: MARGINS.minuteFilter,
    floorSchema,
    cursorSchema,
    fetchPage: async (z, { floor, cursor, timeoutMs }) => {
      const at = cursor ?? { page: 1, skip: 0 };
      const page = await listPurchaseOrderPage(z, {
        limit: ZORT_PAGE_SIZE,
        page: at.page,
        filter: floor === null ? {} : { [FILTERS[kind]]: floor.after },
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
    sample: (z, { timeoutMs }) => newestPurchaseOrders(z, timeoutMs),
    // Past a page's last row the next page starts, whatever size ZORT made the pages.
    cursorAfter: (row) =>
      row.index + 1 >= row.pageLength ? { page: row.page + 1, skip: 0 } : { page: row.page, skip: row.index + 1 },
    toRecord: (row) => {
      const record = mapZortDocument({ kind: 'purchase_order', document: row.order }, kind);
      recencyOf.set(record, zortRecency(kind, row.order));
      return record;
    },
    recency: (record) => recencyOf.get(record) ?? null,
  };
}

/**
 * Candidates for the Zap editor's sample, the store's newest purchase orders: ZORT's list order
 * is undocumented, so the first page and the last (found from the answer's `count`) are read,
 * and the poller keeps the newest of both: right whichever end ZORT lists its newest at.
 */
export async function newestPurchaseOrders(z: ZObject, timeoutMs = POLL_LIMITS.timeBudgetMs): Promise<Row[]> {
  const read = (page: number) => listPurchaseOrderPage(z, { limit: SAMPLE_PAGE_SIZE, page, filter: {}, timeoutMs });
  const first = await read(1);
  const pages: [number, ZortListPage][] = [[1, first]];
  // By the rows received, not the size asked: ZORT may cap its pages below it.
  if (first.count !== null && first.received > 0 && first.count > first.received) {
    const last = Math.ceil(first.count / first.received);
    // A last page too short to hold a sample is read with the one before it.
    const onLast = first.count - (last - 1) * first.received;
    for (const page of onLast < SAMPLE_SIZE && last - 1 > 1 ? [last - 1, last] : [last]) pages.push([page, await read(page)]);
  }
  const rows = new Map<string, Row>();
  for (const [page, answer] of pages) {
    for (const { order, index } of answer.orders) rows.set(String(order.id), { order, page, index, pageLength: answer.received });
  }
  return [...rows.values()];
}

export type ZortPollOptions = { now?: () => number; limits?: PollLimits };

const KEYS = { new: 'zort_new_purchase_order_polling', updated: 'zort_updated_purchase_order_polling' } as const;

export function makeZortPoll(kind: Kind, options: ZortPollOptions = {}) {
  return (z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> => {
    if (bundle.meta?.isBulkRead) return zortHistory(z, bundle, (order) => mapZortDocument({ kind: 'purchase_order', document: order }, kind));
    return poll({ z, bundle, triggerKey: KEYS[kind], filters: {}, ...options }, zortSource(kind));
  };
}

const WHEN = {
  new: 'a purchase order is created in ZORT',
  updated: "a purchase order's status, payment status or lines (quantities, costs, SKUs) change in ZORT",
} as const;

/** The REST hook each polling trigger stands in for (src/vendors/zort/triggers.ts). */
const TWIN = { new: 'New Purchase Order in ZORT', updated: 'Updated Purchase Order in ZORT' } as const;

const defineZortPollingTrigger = (kind: Kind) => ({
  key: KEYS[kind],
  noun: 'Purchase Order',
  display: {
    label: ZORT_POLLING_LABELS[kind],
    description:
      `Triggers when ${WHEN[kind]}, checked every few minutes without a webhook: any number of Zaps can use it on one store, and the webhook settings stay as they are. ` +
      `For changes within seconds, pick ${TWIN[kind]}, which takes the store's one webhook URL for its event.`,
  },
  operation: {
    type: 'polling' as const,
    canPaginate: true,
    perform: makeZortPoll(kind),
    sample: zortPollSample(kind),
    outputFields: purchaseOrderOutputFields,
  },
});

export const zortPollingTriggers = [defineZortPollingTrigger('new'), defineZortPollingTrigger('updated')];
