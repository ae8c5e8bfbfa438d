/**
 * New Purchase Order in Apicbase API: the supplier API's order list on the shared poller
 * (docs/apicbase.md, "Polling"). The list's order is undocumented, so every sweep filters by
 * `ordered_on__gt` and pages to the end, with a page-and-position cursor.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { poll, type PollLimits, type PollSource } from '../../common/poller';
import { purchaseOrderOutputFields } from '../../record/output-fields';
import type { PurchaseOrder } from '../../record/purchase-order';
import { APICBASE_PAGE_SIZE, apicbaseClient, type ApicbaseClient } from './client';
import { mapApicbaseOrder } from './mapper';
import type { ApicbaseOrder } from './schema';
import { apicbaseSample } from './triggers';

export const APICBASE_POLLING_KEY = 'apicbase_new_purchase_order_polling';

/** How far back a poll looks when it has no stored progress: see docs/decisions.md, "Polling". */
export const LOOKBACK_MS = 24 * 60 * 60 * 1000;
/**
 * How far a new sweep reaches back before the previous sweep's start: Apicbase's clock against
 * Zapier's, and orders stamped before they are listed. Orders read twice keep their id, so
 * Zapier drops the repeat.
 */
export const MARGIN_MS = 60_000;

/** Orders placed after `after` (ordered_on__gt). */
type Floor = { after: string };
/** The next order to read: its page (of APICBASE_PAGE_SIZE) and its position in that page. */
type Cursor = { page: number; skip: number };
type Row = { order: ApicbaseOrder; after: Cursor };

/** Whole seconds, rounded down, so the filter never skips an order stamped within the second. */
const stamp = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function ordersSource(client: ApicbaseClient): PollSource<Row, Floor, Cursor, PurchaseOrder> {
  return {
    vendor: 'Apicbase',
    maxPageSize: APICBASE_PAGE_SIZE,
    resweepAfterSpan: true,
    fetchPage: async (_z, { floor, cursor, limit, timeoutMs }) => {
      // A sweep keeps one page size, so page numbers stay offsets; the sample and the Zap being
      // turned on read one page of just what they return.
      const pageSize = floor === null ? limit : APICBASE_PAGE_SIZE;
      const { page, skip } = cursor ?? { page: 1, skip: 0 };
      const answer = await client.listPage({ page, pageSize, orderedAfter: floor?.after, timeoutMs });
      const rows = answer.orders.filter((row) => row.index >= skip).slice(0, floor === null ? limit : undefined);
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
    // Turned on: only orders placed from now on. Later: the last sweep's start, less the margin,
    // but never before the Zap's own start.
    nextFloor: ({ startedAt, floor }) =>
      floor === null
        ? { after: stamp(startedAt) }
        : { after: stamp(Math.max(Date.parse(floor.after), startedAt - MARGIN_MS)) },
    fallbackFloor: (now) => ({ after: stamp(now - LOOKBACK_MS) }),
    toRecord: (row) => mapApicbaseOrder(row.order, { kind: 'new' }),
    recency: (record) => record.ordered_at,
  };
}

export type ApicbasePollOptions = { now?: () => number; limits?: PollLimits };

/** Orders placed with you, each once, newest first (the list itself has no documented order). */
export function makePollApicbaseOrders(options: ApicbasePollOptions = {}) {
  return async (z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> => {
    return poll(
      { z, bundle, triggerKey: APICBASE_POLLING_KEY, filters: {}, ...options },
      ordersSource(apicbaseClient(z, bundle)),
    );
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
