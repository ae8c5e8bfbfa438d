/** Find Purchase Order, Stocky side: by Stocky's numeric purchase order id. */
import type { ZObject } from 'zapier-platform-core';
import type { PurchaseOrder } from '../../record/purchase-order';
import { STOCKY_ID_PATTERN, getPurchaseOrder } from './client';
import { mapStockyPurchaseOrder } from './mapper';

export async function findStockyPurchaseOrder(
  z: ZObject,
  purchaseOrderId: string,
): Promise<PurchaseOrder[]> {
  const id = purchaseOrderId.trim();
  // The id goes into the URL path, so only a positive whole number may pass.
  if (!STOCKY_ID_PATTERN.test(id)) {
    throw new z.errors.Error(
      `Purchase Order ID must be Stocky's numeric purchase order id, such as 1001, not ${JSON.stringify(purchaseOrderId)}. ` +
        "Stocky's API was switched off by Shopify on 2026-08-31, though: to find a purchase order kept in Shopify, set Source to Shopify.",
    );
  }
  const order = await getPurchaseOrder(z, id);
  return order === null ? [] : [mapStockyPurchaseOrder(order, 'search')];
}
