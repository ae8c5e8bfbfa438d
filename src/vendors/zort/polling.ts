/**
 * The ZORT polling triggers, on the shared poller (docs/zort.md, "Polling"): for any number of
 * Zaps per store, where the REST hooks share ZORT's one URL per event. GetPurchaseOrders filters
 * by time at minute resolution and lists in an undocumented order, so every sweep pages to the
 * end of what the time filter returns, and Zapier's dedupe drops what a margin reads twice. The
 * poller orders the output newest first by each source's recency.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod';
import { MARGINS, SAMPLE_SIZE } from '../../polling/poll-budgets';
import { POLL_LIMITS, poll, type PollLimits, type PollSource } from '../../polling/poller';
import type { TriggerOperations } from '../../descriptor/vendor';
import type { PurchaseOrder } from '../../record/purchase-order';
import { listPurchaseOrderPage, type ZortListFilter, type ZortListPage } from './client';
import { zortHistory } from './history';
import { STORE_OFFSET_MS } from './dates';
import { mapZortDocument } from './mapper';
import type { ZortPurchaseOrder } from './schema';
import { ZORT } from './identity';
import { ZORT_POLLING_KEYS } from './hooks';

/**
 * Purchase orders asked per page, one size for every page of a sweep (page numbers are offsets
 * only then): ZORT's maximum, since a poll returns every new purchase order that fits its budgets.
 */
export const ZORT_PAGE_SIZE = 500;

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

function zortSource(kind: Kind, now: () => number): PollSource<Row, Floor, Cursor, PurchaseOrder> {
  // Each record's recency, kept beside it: the record itself has no creation or change time.
  const recencyOf = new WeakMap<PurchaseOrder, number | null>();
  return {
    vendor: ZORT.name,
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
    sample: (z, { timeoutMs }) => newestPurchaseOrders(z, { kind, now, timeoutMs }),
    // Past a page's last row the next page starts, whatever size ZORT made the pages.
    cursorAfter: (row) =>
      row.index + 1 >= row.pageLength ? { page: row.page + 1, skip: 0 } : { page: row.page, skip: row.index + 1 },
    toRecord: (row) => {
      const record = mapZortDocument({ kind: 'purchase_order', document: row.order }, { kind });
      recencyOf.set(record, zortRecency(kind, row.order));
      return record;
    },
    recency: (record) => recencyOf.get(record) ?? null,
  };
}

/**
 * How far back the sample looks, narrowest first: every purchase order created (or changed) since,
 * when ZORT lists them all in one page, holds the newest ones whatever order ZORT lists them in.
 */
const SAMPLE_WINDOWS_MS = [
  60 * 60_000,
  24 * 60 * 60_000,
  7 * 24 * 60 * 60_000,
  30 * 24 * 60 * 60_000,
  365 * 24 * 60 * 60_000,
];

/**
 * Candidates for the Zap editor's sample, the store's newest purchase orders (created, or changed
 * for Updated): ZORT's list order is undocumented, so the poller keeps the newest of what is read
 * here. The whole list when it fits one page; else the narrowest recent window (by the trigger's
 * time filter) that fits one page and holds a sample; else, as a last resort, the list's first
 * and last pages with what the windows gave.
 */
export async function newestPurchaseOrders(
  z: ZObject,
  options: { kind: Kind; now: () => number; timeoutMs?: number },
): Promise<Row[]> {
  const deadline = Date.now() + (options.timeoutMs ?? POLL_LIMITS.timeBudgetMs);
  const read = (page: number, filter: ZortListFilter = {}) =>
    listPurchaseOrderPage(z, { limit: ZORT_PAGE_SIZE, page, filter, timeoutMs: Math.max(1, deadline - Date.now()) });
  const rows = new Map<string, Row>();
  const keep = (page: number, answer: ZortListPage) => {
    for (const { order, index } of answer.orders)
      rows.set(String(order.id), { order, page, index, pageLength: answer.received });
  };
  // By the rows received, not the size asked: ZORT may cap its pages below it.
  const whole = (answer: ZortListPage) =>
    answer.count === null ? answer.received < ZORT_PAGE_SIZE : answer.count <= answer.received;
  const first = await read(1);
  keep(1, first);
  if (whole(first)) return [...rows.values()];
  for (const windowMs of SAMPLE_WINDOWS_MS) {
    const recent = await read(1, { [FILTERS[options.kind]]: listedFrom(options.now() - windowMs) });
    // A window too full for one page cannot say which are newest: the rows read so far must do.
    if (!whole(recent)) break;
    keep(1, recent);
    if (recent.orders.length >= SAMPLE_SIZE) return [...rows.values()];
  }
  if (first.count !== null && first.received > 0) {
    // The list's last page: its newest end, when ZORT lists oldest first.
    const last = Math.ceil(first.count / first.received);
    keep(last, await read(last));
  }
  return [...rows.values()];
}

export type ZortPollOptions = { now?: () => number; limits?: PollLimits };

export function makeZortPoll(kind: Kind, options: ZortPollOptions = {}) {
  return (z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> => {
    if (bundle.meta?.isBulkRead)
      return zortHistory(z, bundle, (order) => mapZortDocument({ kind: 'purchase_order', document: order }, { kind }));
    return poll(
      { z, bundle, triggerKey: ZORT_POLLING_KEYS[kind], filters: {}, ...options },
      zortSource(kind, options.now ?? Date.now),
    );
  };
}

/** The polling triggers' code (declared in ./index.ts). */
export const zortPollingOperations = {
  new: { perform: makeZortPoll('new') },
  updated: { perform: makeZortPoll('updated') },
} satisfies Record<Kind, TriggerOperations>;
