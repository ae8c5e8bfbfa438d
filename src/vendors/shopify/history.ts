/**
 * A store's purchase orders for Zapier's Transfer (src/polling/bulk-read.ts). Shopify lists them
 * oldest first and pages from the newest end with `before` cursors: a cursor marks a place that
 * purchase orders created later never move, so the walk is anchored from its first request.
 * A page is paced as a poll is (./pacing.ts): one pacer whose deadline is the page's time budget,
 * so the page waits for refills that fit and ends, with its place kept, where the bucket cannot
 * pay for the next query in time.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod';
import { bulkRead } from '../../polling/bulk-read';
import type { PurchaseOrder } from '../../record/purchase-order';
import { shopifyClient, type ShopifyClient } from './client';
import { bucketSchema, createPacer, shopifyClock } from './pacing';
import { learntHint, linesHint, ordersPerPage } from './polling';
import { LIST_LINE_ITEMS, MAX_QUERY_COST, requestedCost } from './queries';
import { gidNumber, type ShopifyFingerprintNode, type ShopifyPurchaseOrder } from './schema';
import { SHOPIFY } from './identity';

export type ShopifyHistoryOptions = {
  /** Asked of Shopify's own filter. */
  serverStatus: 'DRAFT' | 'ORDERED' | undefined;
  /** What the trigger keeps of what Shopify lists. */
  keep: (order: ShopifyPurchaseOrder) => boolean;
  toRecord: (order: ShopifyPurchaseOrder) => PurchaseOrder;
  /**
   * For a filter Shopify cannot apply (archived): whether an order's fingerprint may be kept. The
   * walk then lists fingerprints (7 points an order, not 77) and reads only those in full, so a
   * long stretch of orders the filter leaves out fits a page instead of emptying it.
   */
  scan?: (node: ShopifyFingerprintNode) => boolean;
};

/** Fingerprints per scan query, one line each (its connection must be asked for). */
const SCAN_PAGE = Math.floor((MAX_QUERY_COST - 2) / (requestedCost.fingerprintPage(1, 1) - 2));

/**
 * Go on below this list cursor (Shopify's, opaque), with the lines the store's orders were last
 * seen to have and the bucket as last seen (so the next page paces from its first query).
 */
const position = zod.object({
  before: zod.string().min(1).max(2000),
  lines: linesHint.optional(),
  bucket: bucketSchema.nullable().optional(),
});
type Position = zod.infer<typeof position>;

/** One page of the store's history, newest first, each order with all its lines. */
export function shopifyHistory(z: ZObject, bundle: Bundle, options: ShopifyHistoryOptions): Promise<PurchaseOrder[]> {
  const query = options.serverStatus ? { status: options.serverStatus } : undefined;
  // One client, so one pacer, for the page (bulkRead may walk on past a stretch with nothing kept).
  let client: ShopifyClient | null = null;
  return bulkRead(
    z,
    bundle,
    {
      vendor: SHOPIFY.name,
      position,
      read: async (from, budget): Promise<Position | null> => {
        client ??= shopifyClient(z, bundle, {
          pacer: createPacer({ deadline: shopifyClock.now() + budget.timeLeft(), bucket: from?.bucket ?? null }),
        });
        const paced = client;
        let before = from?.before ?? null;
        let lines = from?.lines ?? LIST_LINE_ITEMS;
        // The page ends before the order at `before`; with none walked yet there is no place to keep.
        const stop = (): Position => {
          if (before === null)
            throw new z.errors.ThrottledError(
              'Shopify could not be read within this page of the transfer; Zapier will try again shortly.',
            );
          return { before, lines, bucket: paced.pacer.bucket() };
        };
        const scan = options.scan;
        while (scan) {
          if (!budget.mayRequest(SCAN_PAGE)) return stop();
          const page = await budget.request(() => paced.fingerprintPage({ last: SCAN_PAGE, before, lines: 1 }));
          if (page === null) return stop();
          budget.received(Buffer.byteLength(JSON.stringify(page.edges)), page.edges.length);
          for (const edge of [...page.edges].reverse()) {
            if (edge.node === null) {
              z.console.log(`Skipped a Shopify purchase order: ${edge.problem}`);
            } else if (scan(edge.node)) {
              const id = gidNumber(edge.node.id);
              if (!budget.mayRequest(1)) return stop();
              const read = await budget.request(async () => ({ order: await paced.getById(id, lines) }));
              if (read === null) return stop();
              const order = read.order;
              // Gone since it was listed, or no longer kept: nothing to send.
              if (order !== null && options.keep(order)) {
                if (!budget.take(options.toRecord(order))) return stop();
                lines = learntHint([order], lines);
              }
            }
            before = edge.cursor;
          }
          if (!page.hasPreviousPage || before === null) return null;
        }
        for (;;) {
          const last = ordersPerPage(lines);
          if (!budget.mayRequest(last)) return stop();
          // A spent budget (the pacer's wait does not fit the page) or a throttle ends the page
          // here; each request gives up at the pacer's deadline, the page's.
          const page = await budget.request(() => paced.listPage({ last, before, query, lines }));
          if (page === null) return stop();
          budget.received(Buffer.byteLength(JSON.stringify(page.edges)), page.edges.length);
          const read: ShopifyPurchaseOrder[] = [];
          // Newest first: the page is read from its end.
          for (const edge of [...page.edges].reverse()) {
            if (edge.problem !== null) {
              z.console.log(`Skipped a Shopify purchase order: ${edge.problem}`);
            } else if (options.keep(edge.order)) {
              const order = edge.order;
              const complete = order.lineItems.pageInfo.hasNextPage
                ? await budget.request(() => paced.completeLineItems(order, undefined))
                : order;
              // Its lines could not be paid for within the page: the next page starts with this order.
              if (complete === null || !budget.take(options.toRecord(complete))) return stop();
              read.push(complete);
            }
            before = edge.cursor;
          }
          lines = learntHint(read, lines);
          if (!page.hasPreviousPage || before === null) return null;
        }
      },
    },
    { now: () => shopifyClock.now(), sleep: (ms) => shopifyClock.sleep(ms) },
  );
}
