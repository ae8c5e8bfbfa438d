/** Find Purchase Order, ZORT side: by id (GetPurchaseOrderDetail) or by number (GetPurchaseOrders). */
import type { ZObject } from 'zapier-platform-core';
import type { PurchaseOrder } from '../../record/purchase-order';
import { getPurchaseOrderDetail, listPurchaseOrders } from './client';
import { text } from '../../common/fields';
import { mapZortDocument } from './mapper';

const DIGITS = /^[1-9]\d*$/;
// The number travels in the numberlist header, a comma-separated list: one printable number only.
const SINGLE_NUMBER = /^[\x21-\x2b\x2d-\x7e]+$/;

export async function findZortPurchaseOrder(
  z: ZObject,
  purchaseOrderId: string | undefined,
  number: string | undefined,
): Promise<PurchaseOrder[]> {
  const id = purchaseOrderId?.trim() ?? '';
  const wanted = number?.trim() ?? '';
  if (id !== '') {
    if (!DIGITS.test(id)) {
      throw new z.errors.Error(
        `Purchase Order ID must be ZORT's numeric purchase order id, such as 1234, not ${JSON.stringify(purchaseOrderId)}. ` +
          'To search by a number such as PO-0001, leave the ID empty and fill in Purchase Order Number.',
      );
    }
    const order = await getPurchaseOrderDetail(z, id);
    return order === null ? [] : [mapZortDocument({ kind: 'purchase_order', document: order }, { kind: 'search' })];
  }
  if (wanted === '') {
    throw new z.errors.Error('For ZORT, fill in Purchase Order ID or Purchase Order Number (such as PO-0001).');
  }
  if (!SINGLE_NUMBER.test(wanted)) {
    throw new z.errors.Error(
      `Purchase Order Number must be one number without spaces or commas, such as PO-0001, not ${JSON.stringify(number)}.`,
    );
  }
  const orders = await listPurchaseOrders(z, { limit: 10, page: 1, numberList: wanted });
  return orders
    .filter((order) => text(order.number) === wanted)
    .map((order) => mapZortDocument({ kind: 'purchase_order', document: order }, { kind: 'search' }));
}
