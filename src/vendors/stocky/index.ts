/**
 * Stocky, retired: Shopify switched its API off on 2026-08-31. Hidden triggers and the search's
 * old source answer the retirement sentence; no client, connection group or API host remains.
 */
import type { VendorDescriptor } from '../../descriptor/vendor';
import { STOCKY_LEGACY_FIELDS, STOCKY_RETIRED_MESSAGE } from './retired';
import { stockySample } from './sample';
import { stockyNewPurchaseOrder, stockyUpdatedPurchaseOrder } from './triggers';
import { STOCKY } from './identity';

export const stocky: VendorDescriptor = {
  ...STOCKY,
  triggers: [stockyNewPurchaseOrder, stockyUpdatedPurchaseOrder],
  retired: { message: STOCKY_RETIRED_MESSAGE, legacyFields: STOCKY_LEGACY_FIELDS },
  sample: stockySample('search'),
};
