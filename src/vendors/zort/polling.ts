/**
 * The ZORT polling triggers, on the shared poller (docs/zort.md, "Polling"): for any number of
 * Zaps per store, where the REST hooks share ZORT's one URL per event. GetPurchaseOrders filters
 * by time at minute resolution and lists in an undocumented order, so every sweep pages to the
 * end of what the time filter returns, Zapier's dedupe drops what a margin reads twice, and the
 * output is sorted newest first here.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { POLL_LIMITS, poll, type PollLimits, type PollSource } from '../../common/poller';
import { purchaseOrderOutputFields } from '../../record/output-fields';
import type { PurchaseOrder } from '../../record/purchase-order';
import { listPurchaseOrderPage, type ZortListPage } from './client';
import { STORE_OFFSET_MS, mapZortDocument } from './mapper';
import type { ZortPurchaseOrder } from './schema';
import { ZORT_POLLING_LABELS, zortPollSample } from './triggers';

/**
 * Purchase orders asked per page, one size for every page of a sweep (page numbers are offsets
 * only then): ZORT's maximum, since a poll returns every new purchase order that fits its budgets.
 */
export const ZORT_PAGE_SIZE = 500;
/** The most records a sample shows: Zapier's editor shows the first three. */
export const SAMPLE_SIZE = 10;
/** Pages read for a sample: the first and the last of the list, whichever end ZORT lists newest at. */
const SAMPLE_PAGE_SIZE = 100;
/**
 * How far before the last sweep's start (or the Zap's turn-on) the next one reads: ZORT's clock
 * and commits lag ours. What is read twice keeps its id, so Zapier drops the repeat.
 */
export const MARGIN_MS = 2 * 60_000;
/** How far back a poll looks when it has no stored progress: see docs/decisions.md, "Polling". */
export const LOOKBACK_MS = 24 * 60 * 60 * 1000;

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

/**
 * A purchase order's recency: when it was created (new) or last changed (updated), in epoch
 * milliseconds, when the list says (unverified: ZORT lists these times for sales orders); null
 * when it does not, and the id, ZORT's creation order, decides alone.
 */
export function zortRecency(kind: Kind, order: ZortPurchaseOrder): number | null {
  return kind === 'new' ? order.createdatetime : (order.updatedatetime ?? order.createdatetime);
}

/** Numeric ids in numeric order, others after them as text. */
const byId = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/** Newest first: by recency (a known one before an unknown one), ties by id, descending. */
export function newestFirst(a: { recency: number | null; id: string }, b: { recency: number | null; id: string }): number {
  if (a.recency !== b.recency) {
    if (a.recency === null) return 1;
    if (b.recency === null) return -1;
    return b.recency - a.recency;
  }
  return byId(b.id, a.id);
}

const ranked = (kind: Kind, order: ZortPurchaseOrder) => ({ order, recency: zortRecency(kind, order), id: String(order.id) });

/** How the Zap is being polled: the poller passes a floor of null both to turn a Zap on and for samples. */
type Occasion = { populating: boolean };

function zortSource(kind: Kind, now: () => number, occasion: Occasion): PollSource<Row, Floor, Cursor, PurchaseOrder> {
  // Turning the Zap on reads, and so marks as seen, what the first poll's margin will read again:
  // an order stamped up to the margin before turn-on but listed only after it still fires, once.
  const turnedOn: Floor = { after: listedFrom(now() - MARGIN_MS) };
  return {
    vendor: 'ZORT',
    maxPageSize: ZORT_PAGE_SIZE,
    resweepAfterSpan: true,
    fetchPage: async (z, { floor, cursor, timeoutMs }) => {
      const after = floor ?? (occasion.populating ? turnedOn : null);
      const at = cursor ?? { page: 1, skip: 0 };
      const page = await listPurchaseOrderPage(z, {
        limit: ZORT_PAGE_SIZE,
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
      const next = listedFrom(startedAt - MARGIN_MS);
      return { after: next > floor.after ? next : floor.after };
    },
    fallbackFloor: (time) => ({ after: listedFrom(time - LOOKBACK_MS) }),
    toRecord: (row) => mapZortDocument({ kind: 'purchase_order', document: row.order }, kind),
  };
}

/**
 * The Zap editor's sample: the store's newest purchase orders, at most 10. ZORT's list order is
 * undocumented, so the first page and the last (found from the answer's `count`) are read, and
 * the newest of both kept: right whichever end ZORT lists its newest at.
 */
export async function zortSample(z: ZObject, kind: Kind, timeoutMs = POLL_LIMITS.timeBudgetMs): Promise<PurchaseOrder[]> {
  const read = (page: number) => listPurchaseOrderPage(z, { limit: SAMPLE_PAGE_SIZE, page, filter: {}, timeoutMs });
  const first = await read(1);
  const pages: ZortListPage[] = [first];
  // By the rows received, not the size asked: ZORT may cap its pages below it.
  if (first.count !== null && first.received > 0 && first.count > first.received) {
    const last = Math.ceil(first.count / first.received);
    // A last page too short to hold a sample is read with the one before it.
    const onLast = first.count - (last - 1) * first.received;
    for (const page of onLast < SAMPLE_SIZE && last - 1 > 1 ? [last - 1, last] : [last]) pages.push(await read(page));
  }
  const unique = new Map(pages.flatMap((page) => page.orders).map(({ order }) => [String(order.id), ranked(kind, order)]));
  return [...unique.values()]
    .sort(newestFirst)
    .slice(0, SAMPLE_SIZE)
    .map(({ order }) => mapZortDocument({ kind: 'purchase_order', document: order }, kind));
}

export type ZortPollOptions = { now?: () => number; limits?: PollLimits };

const KEYS = { new: 'zort_new_purchase_order_polling', updated: 'zort_updated_purchase_order_polling' } as const;

export function makeZortPoll(kind: Kind, options: ZortPollOptions = {}) {
  return async (z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> => {
    if (bundle.meta?.isLoadingSample) return zortSample(z, kind, (options.limits ?? POLL_LIMITS).timeBudgetMs);
    const now = options.now ?? Date.now;
    const source = zortSource(kind, now, { populating: Boolean(bundle.meta?.isPopulatingDedupe) });
    // Each record's recency, kept beside it: the record itself has no creation or change time.
    const recency = new WeakMap<PurchaseOrder, number | null>();
    const toRecord = (row: Row) => {
      const record = source.toRecord(row);
      recency.set(record, zortRecency(kind, row.order));
      return record;
    };
    const records = await poll({ z, bundle, triggerKey: KEYS[kind], filters: {}, ...options, now }, { ...source, toRecord });
    const rank = (record: PurchaseOrder) => ({ recency: recency.get(record) ?? null, id: record.purchase_order_id });
    return records.sort((a, b) => newestFirst(rank(a), rank(b)));
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
