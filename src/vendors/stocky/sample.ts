/** The Stocky samples: the first purchase order of the vendor's own list example, mapped. */
import { mapStockyPurchaseOrder, type StockyRecordKind } from './mapper';
import { stockyListResponseSchema } from './schema';
import seedListResponse from './seed-list-response.json';

const [seedOrder] = stockyListResponseSchema.parse(seedListResponse).purchase_orders;

export function stockySample(kind: StockyRecordKind) {
  if (!seedOrder) throw new Error('The Stocky seed list response holds no purchase order.');
  return mapStockyPurchaseOrder(seedOrder, kind);
}
