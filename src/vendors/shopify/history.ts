/**
 * A store's purchase orders for Zapier's Transfer (src/common/bulk-read.ts). Shopify lists them
 * oldest first and pages from the newest end with `before` cursors: a cursor marks a place that
 * purchase orders created later never move, so the walk is anchored from its first request.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod';
import { bulkRead } from '../../common/bulk-read';
import type { PurchaseOrder } from '../../record/purchase-order';
import { shopifyClient } from './client';
import { LIST_PAGE_SIZE } from './queries';
import type { ShopifyPurchaseOrder } from './schema';

export type ShopifyHistoryOptions = {
  /** Asked of Shopify's own filter. */
  serverStatus: 'DRAFT' | 'ORDERED' | undefined;
  /** What the trigger keeps of what Shopify lists. */
  keep: (order: ShopifyPurchaseOrder) => boolean;
  toRecord: (order: ShopifyPurchaseOrder) => PurchaseOrder;
};

/** Go on below this list cursor (Shopify's, opaque). */
const position = zod.object({ before: zod.string().min(1).max(2000) });
type Position = zod.infer<typeof position>;

/** One page of the store's history, newest first, each order with all its lines. */
export function shopifyHistory(z: ZObject, bundle: Bundle, options: ShopifyHistoryOptions): Promise<PurchaseOrder[]> {
  const client = shopifyClient(z, bundle);
  const query = options.serverStatus ? { status: options.serverStatus } : undefined;
  return bulkRead(z, bundle, {
    vendor: 'Shopify',
    position,
    read: async (from, budget): Promise<Position | null> => {
      let before = from?.before ?? null;
      // The page ends before the order at `before`; with none walked yet there is no place to keep.
      const stop = (): Position => {
        if (before === null) throw new z.errors.ThrottledError('Shopify could not be read within this page of the transfer; Zapier will try again shortly.');
        return { before };
      };
      for (;;) {
        if (!budget.mayRequest(LIST_PAGE_SIZE)) return stop();
        const page = await budget.request(() => client.listPage({ last: LIST_PAGE_SIZE, before, query, timeoutMs: budget.timeLeft() }));
        if (page === null) return stop();
        budget.received(Buffer.byteLength(JSON.stringify(page.edges)), page.edges.length);
        // Newest first: the page is read from its end.
        for (const edge of [...page.edges].reverse()) {
          if (edge.problem !== null) {
            z.console.log(`Skipped a Shopify purchase order: ${edge.problem}`);
          } else if (options.keep(edge.order)) {
            const order = edge.order;
            // No deadline: a throttle ends the page here rather than waiting (the budget waits
            // only while the page has nothing).
            const complete = order.lineItems.pageInfo.hasNextPage ? await budget.request(() => client.completeLineItems(order)) : order;
            // Its lines could not be paid for now: the next page starts with this order.
            if (complete === null || !budget.take(options.toRecord(complete))) return stop();
          }
          before = edge.cursor;
        }
        if (!page.hasPreviousPage || before === null) return null;
        // Shopify's cost signal: the next list query would be throttled, so this page ends here.
        const cost = page.cost;
        if (cost && budget.taken() > 0 && cost.throttleStatus.currentlyAvailable < cost.requestedQueryCost) return { before };
      }
    },
  });
}
