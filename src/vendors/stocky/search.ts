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
        'Use the Purchase Order ID from a Stocky trigger, or the number at the end of the purchase order page address in Stocky.',
    );
  }
  const order = await getPurchaseOrder(z, id);
  return order === null ? [] : [mapStockyPurchaseOrder(order, 'search')];
}
