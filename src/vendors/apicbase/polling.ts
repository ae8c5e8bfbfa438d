/**
 * New Purchase Order in Apicbase API: the supplier API's order list on the shared poller
 * (docs/apicbase.md, "Polling"). The list's order is undocumented, so every sweep filters by
 * `ordered_on__gt` and pages to the end, with a page-and-position cursor, and the output is
 * sorted newest first here.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { POLL_LIMITS, poll, type PollLimits, type PollSource } from '../../common/poller';
import { purchaseOrderOutputFields } from '../../record/output-fields';
import type { PurchaseOrder } from '../../record/purchase-order';
import { APICBASE_PAGE_SIZE, apicbaseClient, type ApicbaseClient, type OrderPage } from './client';
import { mapApicbaseOrder } from './mapper';
import type { ApicbaseOrder } from './schema';
import { apicbaseSample } from './triggers';

export const APICBASE_POLLING_KEY = 'apicbase_new_purchase_order_polling';

/** How far back a poll looks when it has no stored progress: see docs/decisions.md, "Polling". */
export const LOOKBACK_MS = 24 * 60 * 60 * 1000;
/**
 * How far a new sweep reaches back before the previous sweep's start, and the first poll before
 * the Zap's turn-on: Apicbase's clock against Zapier's, and orders stamped before they are
 * listed. Orders read twice keep their id, so Zapier drops the repeat.
 */
export const MARGIN_MS = 60_000;
/** The most records a sample shows: Zapier's editor shows the first three. */
export const SAMPLE_SIZE = 10;

/** Orders placed after `after` (ordered_on__gt). */
type Floor = { after: string };
/** The next order to read: its page (of APICBASE_PAGE_SIZE) and its position in that page. */
type Cursor = { page: number; skip: number };
type Row = { order: ApicbaseOrder; after: Cursor };

/** Whole seconds, rounded down, so the filter never skips an order stamped within the second. */
const stamp = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function ordersSource(client: ApicbaseClient, now: () => number, populating: boolean): PollSource<Row, Floor, Cursor, PurchaseOrder> {
  // Turning the Zap on reads, and so marks as seen, what the first poll's margin reads again: an
  // order stamped up to the margin before turn-on but listed only after it still fires, once.
  const turnedOn: Floor = { after: stamp(now() - MARGIN_MS) };
  return {
    vendor: 'Apicbase',
    maxPageSize: APICBASE_PAGE_SIZE,
    resweepAfterSpan: true,
    fetchPage: async (_z, { floor, cursor, timeoutMs }) => {
      // A sweep keeps one page size, so page numbers stay offsets.
      const after = floor ?? (populating ? turnedOn : null);
      const { page, skip } = cursor ?? { page: 1, skip: 0 };
      const answer = await client.listPage({ page, pageSize: APICBASE_PAGE_SIZE, orderedAfter: after?.after, timeoutMs });
      const rows = answer.orders.filter((row) => row.index >= skip);
      const items = rows.map((row, position) => ({
        order: row.order,
        // After a page's last usable order the next page begins, so a malformed tail is never re-read.
        after: position + 1 < rows.length ? { page, skip: row.index + 1 } : { page: page + 1, skip: 0 },
      }));
      return {
        items,
        received: answer.received,
        bytes: answer.bytes,
        ...(answer.end === undefined ? {} : { end: answer.end }),
        // Past a page with nothing usable left on it (its rest malformed, or the list shrank since
        // the cursor was stored), the sweep goes on at the next page; the poller counts the request.
        ...(answer.received > 0 ? { lastCursor: { page: page + 1, skip: 0 } } : {}),
      };
    },
    cursorAfter: (row) => row.after,
    // Turned on: what the turn-on read. Later: the last sweep's start, less the margin, never
    // below the floor before it.
    nextFloor: ({ startedAt, floor }) =>
      floor === null ? turnedOn : { after: stamp(Math.max(Date.parse(floor.after), startedAt - MARGIN_MS)) },
    fallbackFloor: (now) => ({ after: stamp(now - LOOKBACK_MS) }),
    toRecord: (row) => mapApicbaseOrder(row.order, { kind: 'new' }),
  };
}

/** Ids in numeric order where they are numbers, as text otherwise. */
const byId = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/** Newest first: by `ordered_at` (an order without one last), ties by id, descending. */
export function newestFirst(a: PurchaseOrder, b: PurchaseOrder): number {
  const at = (record: PurchaseOrder) => (record.ordered_at === null ? null : Date.parse(record.ordered_at));
  const [left, right] = [at(a), at(b)];
  if (left !== right && !(Number.isNaN(left) && Number.isNaN(right))) {
    if (left === null || Number.isNaN(left)) return 1;
    if (right === null || Number.isNaN(right)) return -1;
    return right - left;
  }
  return byId(b.purchase_order_id, a.purchase_order_id);
}

/**
 * The Zap editor's sample: the supplier's newest orders, at most 10. The list's order is
 * undocumented: the first page is asked newest first (Django's `ordering`, unverified) and the
 * last page (from `count`) read too, so the newest are found whether Apicbase honours the
 * ordering, ignores it and lists oldest first, or lists newest first.
 */
export async function newestOrders(client: ApicbaseClient, timeoutMs = POLL_LIMITS.timeBudgetMs): Promise<PurchaseOrder[]> {
  const read = (page: number) => client.listPage({ page, pageSize: SAMPLE_SIZE, ordering: '-ordered_on', timeoutMs });
  const first = await read(1);
  const pages: OrderPage[] = [first];
  // By the rows received, not the size asked: a server capping its pages below it pages on.
  if (first.count !== null && first.received > 0 && first.count > first.received) {
    const last = Math.ceil(first.count / first.received);
    // A last page too short to hold a sample is read with the one before it.
    const onLast = first.count - (last - 1) * first.received;
    for (const page of onLast < SAMPLE_SIZE && last - 1 > 1 ? [last - 1, last] : [last]) pages.push(await read(page));
  }
  const unique = new Map(pages.flatMap((page) => page.orders).map(({ order }) => [order.id, order]));
  return [...unique.values()]
    .map((order) => mapApicbaseOrder(order, { kind: 'new' }))
    .sort(newestFirst)
    .slice(0, SAMPLE_SIZE);
}

export type ApicbasePollOptions = { now?: () => number; limits?: PollLimits };

/** Orders placed with you, each once, newest first (the list itself has no documented order). */
export function makePollApicbaseOrders(options: ApicbasePollOptions = {}) {
  return async (z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> => {
    const client = apicbaseClient(z, bundle);
    if (bundle.meta?.isLoadingSample) return newestOrders(client, (options.limits ?? POLL_LIMITS).timeBudgetMs);
    const now = options.now ?? Date.now;
    const records = await poll(
      { z, bundle, triggerKey: APICBASE_POLLING_KEY, filters: {}, ...options, now },
      ordersSource(client, now, Boolean(bundle.meta?.isPopulatingDedupe)),
    );
    return records.sort(newestFirst);
  };
}

export const pollApicbaseOrders = makePollApicbaseOrders();

export const apicbaseNewPurchaseOrderPolling = {
  key: APICBASE_POLLING_KEY,
  noun: 'Purchase Order',
  display: {
    label: 'New Purchase Order in Apicbase API',
    description:
      "Triggers when a customer places a purchase order with you in Apicbase, read from Apicbase's supplier API every few minutes with the connection's Apicbase Client ID and Apicbase Client Secret. " +
      'For suppliers whose ordering webhook is not set up, or as its safety net: New Purchase Order in Apicbase gets the same orders at once through the webhook, as the same record.',
  },
  operation: {
    type: 'polling' as const,
    perform: pollApicbaseOrders,
    sample: apicbaseSample({ kind: 'new' }),
    outputFields: purchaseOrderOutputFields,
  },
};
