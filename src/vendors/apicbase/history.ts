/**
 * The orders placed with this supplier, for Zapier's Transfer (src/polling/bulk-read.ts): the
 * supplier API's list walked newest first, 200 a request, from its length and order read on page 0.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { bulkRead, listedHistorySource } from '../../polling/bulk-read';
import type { PurchaseOrder } from '../../record/purchase-order';
import { APICBASE_PAGE_SIZE, MAX_LENGTH_SEARCH_REQUESTS, apicbaseClient } from './client';
import { mapApicbaseOrder } from './mapper';
import type { ApicbaseOrder } from './schema';
import { APICBASE } from './identity';

const orderedTime = (order: ApicbaseOrder) => Date.parse(String(order.ordered_on ?? '')) || 0;

/** By when it was ordered; orders of one time are a tie (the list may keep them in either order). */
const newer = (a: ApicbaseOrder, b: ApicbaseOrder) => Math.sign(orderedTime(a) - orderedTime(b));

/** One page of the supplier's order history, each order as the polling trigger's record. */
export function apicbaseHistory(z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> {
  const client = apicbaseClient(z, bundle);
  // Finding the length of a list that gives none (page 0, once a transfer) has requests of its own.
  const lengthClient = apicbaseClient(z, bundle, { maxRequests: MAX_LENGTH_SEARCH_REQUESTS });
  return bulkRead(
    z,
    bundle,
    listedHistorySource({
      vendor: APICBASE.name,
      pageSize: APICBASE_PAGE_SIZE,
      fetch: async (page, size, timeoutMs, lengthSearch) => {
        const answer = await (lengthSearch ? lengthClient : client).listPage({ page, pageSize: size, timeoutMs });
        return {
          rows: answer.orders.map(({ order, index }) => ({ index, item: order })),
          received: answer.received,
          bytes: answer.bytes,
          count: answer.count ?? undefined,
          end: answer.end,
        };
      },
      newer,
      key: (order) => order.id,
      toRecord: (order) => mapApicbaseOrder(order, { kind: 'new' }),
      log: (message) => z.console.log(message),
    }),
  );
}
