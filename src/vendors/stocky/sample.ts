/** The Stocky samples: the first purchase order of the vendor's own list example, mapped. */
import { mapStockyPurchaseOrder, type StockyRecordKind } from './mapper';
import { stockyListResponseSchema } from './schema';
import seedListResponse from './seed-list-response.json';

// jitless: a one-off parse of a seed need not compile zod's fast path at load time.
const [seedOrder] = stockyListResponseSchema.parse(seedListResponse, { jitless: true }).purchase_orders;

export function stockySample(kind: StockyRecordKind) {
  if (!seedOrder) throw new Error('The Stocky seed list response holds no purchase order.');
  return mapStockyPurchaseOrder(seedOrder, kind);
}
