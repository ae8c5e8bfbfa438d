/**
 * The Stocky samples: the first purchase order of the vendor's own list example, mapped. The
 * definition shows vendorSamples(): samples.json is written from it by `npm run samples`.
 */
import type { RecordOrigin } from '../../record/origin';
import type { VendorSamples } from '../../descriptor/vendor';
import seedListResponse from './seed-list-response.json';
import { STOCKY_KEYS } from './keys';
import { mapStockyPurchaseOrder } from './mapper';
import { stockyListResponseSchema } from './schema';

// jitless: a one-off parse of a seed need not compile zod's fast path at load time.
const [seedOrder] = stockyListResponseSchema.parse(seedListResponse, { jitless: true }).purchase_orders;

export function stockySample(kind: Exclude<RecordOrigin['kind'], 'hook'>) {
  if (!seedOrder) throw new Error('The Stocky seed list response holds no purchase order.');
  return mapStockyPurchaseOrder(seedOrder, { kind });
}

export function vendorSamples(): VendorSamples {
  return {
    search: stockySample('search'),
    triggers: { [STOCKY_KEYS.new]: stockySample('new'), [STOCKY_KEYS.updated]: stockySample('updated') },
  };
}
