/** Find Purchase Order, Shopify side: by id (digits or the gid form) or by number (its name). */
import type { ZObject } from 'zapier-platform-core';
import type { FinderInput } from '../../descriptor/vendor';
import type { PurchaseOrder } from '../../record/purchase-order';
import { shopifyClient } from './client';
import { mapShopifyPurchaseOrder } from './mapper';
import { NUMERIC_ID_PATTERN } from './schema';

const GID = /^gid:\/\/shopify\/InventoryPurchaseOrder\/(\d+)$/;
/** Names scanned for a number at most: 4 queries of 250 (252 points each). */
const MAX_NAME_PAGES = 4;

export async function findShopifyPurchaseOrder(
  z: ZObject,
  authData: Record<string, string>,
  { purchaseOrderId, number }: FinderInput,
): Promise<PurchaseOrder[]> {
  const id = purchaseOrderId?.trim() ?? '';
  const wanted = number?.trim() ?? '';
  if (id !== '') {
    const digits = GID.exec(id)?.[1] ?? id;
    // The id goes into a GraphQL id: digits only, checked before any request.
    if (!NUMERIC_ID_PATTERN.test(digits)) {
      throw new z.errors.Error(
        `Purchase Order ID must be Shopify's numeric purchase order id, such as 1001 (the number at the end of its address in Shopify admin) or its gid://shopify/InventoryPurchaseOrder/1001 form, not ${JSON.stringify(purchaseOrderId)}. ` +
          'To search by a number such as PO1001, leave the ID empty and fill in Purchase Order Number.',
      );
    }
    const order = await shopifyClient(z, { authData }).getById(digits);
    return order === null ? [] : [mapShopifyPurchaseOrder(order, { kind: 'search' })];
  }
  if (wanted === '') {
    throw new z.errors.Error('For Shopify, fill in Purchase Order ID or Purchase Order Number (such as PO1001).');
  }
  const found = await shopifyClient(z, { authData }).findByName(wanted, MAX_NAME_PAGES);
  if (found.order !== null) return [mapShopifyPurchaseOrder(found.order, { kind: 'search' })];
  if (!found.complete) {
    throw new z.errors.Error(
      `No Shopify purchase order numbered ${JSON.stringify(wanted)} among the newest ${found.scanned}; Shopify cannot search older ones by number. Search by Purchase Order ID instead.`,
    );
  }
  return [];
}
