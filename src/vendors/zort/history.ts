/**
 * A store's purchase orders for Zapier's Transfer (src/polling/bulk-read.ts): GetPurchaseOrders
 * walked newest first, 500 a request, from the list's length and order read on page 0.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { bulkRead, listedHistorySource } from '../../polling/bulk-read';
import type { PurchaseOrder } from '../../record/purchase-order';
import { listPurchaseOrderPage } from './client';
import type { ZortPurchaseOrder } from './schema';
import { ZORT } from './identity';

/** ZORT's largest page. */
export const ZORT_HISTORY_PAGE_SIZE = 500;

/** ZORT numbers its purchase orders as it creates them: the higher id is the newer. */
const newer = (a: ZortPurchaseOrder, b: ZortPurchaseOrder) => a.id.localeCompare(b.id, 'en', { numeric: true });

/** One page of the store's history, each purchase order as `toRecord` makes the trigger's record. */
export function zortHistory(
  z: ZObject,
  bundle: Bundle,
  toRecord: (order: ZortPurchaseOrder) => PurchaseOrder,
): Promise<PurchaseOrder[]> {
  return bulkRead(
    z,
    bundle,
    listedHistorySource({
      vendor: ZORT.name,
      pageSize: ZORT_HISTORY_PAGE_SIZE,
      fetch: async (page, size, timeoutMs) => {
        const answer = await listPurchaseOrderPage(z, { limit: size, page, filter: {}, timeoutMs });
        return {
          rows: answer.orders.map(({ order, index }) => ({ index, item: order })),
          received: answer.received,
          bytes: answer.bytes,
          count: answer.count ?? undefined,
          end: undefined,
        };
      },
      newer,
      key: (order) => String(order.id),
      toRecord,
      log: (message) => z.console.log(message),
    }),
  );
}
