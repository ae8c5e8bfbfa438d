/** The Stocky samples: the first purchase order of the vendor's own list example, mapped. */
import type { RecordOrigin } from '../../record/origin';
import { mapStockyPurchaseOrder } from './mapper';
import { stockyListResponseSchema } from './schema';
import seedListResponse from './seed-list-response.json';

// jitless: a one-off parse of a seed need not compile zod's fast path at load time.
const [seedOrder] = stockyListResponseSchema.parse(seedListResponse, { jitless: true }).purchase_orders;

export function stockySample(kind: Exclude<RecordOrigin['kind'], 'hook'>) {
  if (!seedOrder) throw new Error('The Stocky seed list response holds no purchase order.');
  return mapStockyPurchaseOrder(seedOrder, { kind });
}
