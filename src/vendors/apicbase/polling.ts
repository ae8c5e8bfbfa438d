/**
 * New Purchase Order in Apicbase (Polling): the supplier API's order list on the shared poller
 * (docs/apicbase.md, "Polling"). The list's order is undocumented, so every sweep filters by
 * `ordered_on__gt` and pages to the end, with a page-and-position cursor; the poller orders the
 * output newest first by `ordered_at`.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod';
import { MARGINS } from '../../polling/poll-budgets';
import { poll, type PollLimits, type PollSource } from '../../polling/poller';
import type { TriggerOperations } from '../../descriptor/vendor';
import type { PurchaseOrder } from '../../record/purchase-order';
import { APICBASE_PAGE_SIZE, apicbaseClient, type ApicbaseClient, type OrderPage } from './client';
import { apicbaseHistory } from './history';
import { mapApicbaseOrder } from './mapper';
import type { ApicbaseOrder } from './schema';
import { APICBASE } from './identity';
import { APICBASE_POLLING_KEY } from './keys';

/** Orders placed after `after` (ordered_on__gt). */
type Floor = { after: string };
/** The next order to read: its page (of APICBASE_PAGE_SIZE) and its position in that page. */
type Cursor = { page: number; skip: number };
type Row = { order: ApicbaseOrder; after: Cursor };

const floorSchema = zod.object({ after: zod.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/) });
const cursorSchema = zod.object({ page: zod.number().int().min(1), skip: zod.number().int().min(0) });

/** Whole seconds, rounded down, so the filter never skips an order stamped within the second. */
const stamp = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function ordersSource(client: ApicbaseClient, now: () => number): PollSource<Row, Floor, Cursor, PurchaseOrder> {
  return {
    vendor: APICBASE.name,
    maxPageSize: APICBASE_PAGE_SIZE,
    resweepAfterSpan: true,
    // ordered_on__gt is strict: a second before `time`, so an order stamped at `time` is listed.
    floorAt: (time) => ({ after: stamp(time - 1000) }),
    marginMs: MARGINS.replication,
    floorSchema,
    cursorSchema,
    fetchPage: async (_z, { floor, cursor, timeoutMs }) => {
      // A sweep keeps one page size, so page numbers stay offsets.
      const { page, skip } = cursor ?? { page: 1, skip: 0 };
      const answer = await client.listPage({
        page,
        pageSize: APICBASE_PAGE_SIZE,
        orderedAfter: floor?.after,
        timeoutMs,
      });
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
    sample: (_z, { limit, timeoutMs }) => newestOrders(client, { size: limit, now, timeoutMs }),
    cursorAfter: (row) => row.after,
    toRecord: (row) => mapApicbaseOrder(row.order, { kind: 'new' }),
    recency: (record) => record.ordered_at,
  };
}

/**
 * How far back the sample looks, narrowest first: every order placed since, when Apicbase lists
 * them all in one page, holds the newest ones whatever order it lists them in. Few, for the
 * client's requests a run.
 */
const SAMPLE_WINDOWS_MS = [60 * 60_000, 24 * 60 * 60_000, 30 * 24 * 60 * 60_000];

/**
 * Candidates for the Zap editor's sample, the supplier's newest orders: the list's order is
 * undocumented, so the poller keeps the newest of what is read here. Page 1 asked newest first
 * (Django's `ordering`, unverified), enough when it holds the whole list; else the narrowest
 * recent window (`ordered_on__gt`) that fits one page and holds a sample; else the last page (from
 * `count`) beside what was read: right whether Apicbase honours the ordering, ignores it, or
 * lists in an order of its own.
 */
export async function newestOrders(
  client: ApicbaseClient,
  options: { size: number; now: () => number; timeoutMs: number },
): Promise<Row[]> {
  const deadline = Date.now() + options.timeoutMs;
  const read = (page: number, orderedAfter?: string) =>
    client.listPage({
      page,
      pageSize: APICBASE_PAGE_SIZE,
      ordering: '-ordered_on',
      ...(orderedAfter === undefined ? {} : { orderedAfter }),
      timeoutMs: Math.max(1, deadline - Date.now()),
    });
  // By the rows received, not the size asked: a server capping its pages below it pages on.
  const whole = (answer: OrderPage) =>
    answer.end === true || (answer.count !== null && answer.count <= answer.received);
  const first = await read(1);
  const pages: OrderPage[] = [first];
  // A sample is no sweep: its rows' cursors are never used.
  const rows = () =>
    new Map(
      pages.flatMap((page) => page.orders).map(({ order }) => [order.id, { order, after: { page: 1, skip: 0 } }]),
    );
  if (whole(first)) return [...rows().values()];
  for (const windowMs of SAMPLE_WINDOWS_MS) {
    const recent = await read(1, stamp(options.now() - windowMs));
    // A window too full for one page cannot say which are newest: the pages read so far must do.
    if (!whole(recent)) break;
    pages.push(recent);
    if (recent.orders.length >= options.size) return [...rows().values()];
  }
  if (first.count !== null && first.received > 0) pages.push(await read(Math.ceil(first.count / first.received)));
  return [...rows().values()];
}

export type ApicbasePollOptions = { now?: () => number; limits?: PollLimits };

/** Orders placed with you, each once, newest first (the list itself has no documented order). */
export function makePollApicbaseOrders(options: ApicbasePollOptions = {}) {
  return (z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> => {
    if (bundle.meta?.isBulkRead) return apicbaseHistory(z, bundle);
    return poll(
      { z, bundle, triggerKey: APICBASE_POLLING_KEY, filters: {}, ...options },
      ordersSource(apicbaseClient(z, bundle), options.now ?? Date.now),
    );
  };
}

export const pollApicbaseOrders = makePollApicbaseOrders();

/** The polling trigger's code (declared in ./index.ts). */
export const apicbasePollingOperations: TriggerOperations = { perform: pollApicbaseOrders };
