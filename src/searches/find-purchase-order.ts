/** Find Purchase Order: one search over every vendor with an API, returning the shared record. */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { SEARCH_KEYS } from '../keys';
import { purchaseOrderOutputFields } from '../record/output-fields';
import type { PurchaseOrder } from '../record/purchase-order';
import { findStockyPurchaseOrder } from '../vendors/stocky/search';
import { stockySample } from '../vendors/stocky/sample';

const SOURCES = { stocky: 'Stocky' } as const;

export async function findPurchaseOrder(z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> {
  const { source, purchase_order_id: purchaseOrderId } = bundle.inputData;
  if (source !== 'stocky') {
    throw new z.errors.Error(
      `Source must be one of ${Object.keys(SOURCES).join(', ')}, not ${JSON.stringify(source)}. Pick it from the list.`,
    );
  }
  if (typeof purchaseOrderId !== 'string' && typeof purchaseOrderId !== 'number') {
    throw new z.errors.Error('Purchase Order ID is required: map it from an earlier step or type it in.');
  }
  return findStockyPurchaseOrder(z, String(purchaseOrderId));
}

export const findPurchaseOrderSearch = {
  key: SEARCH_KEYS.findPurchaseOrder,
  noun: 'Purchase Order',
  display: {
    label: 'Find Purchase Order',
    description: 'Finds a purchase order by its id in Stocky.',
  },
  operation: {
    inputFields: [
      {
        key: 'source',
        label: 'Source',
        required: true,
        choices: SOURCES,
        helpText: 'The system that holds the purchase order.',
      },
      {
        key: 'purchase_order_id',
        label: 'Purchase Order ID',
        required: true,
        helpText:
          "The purchase order's id in that system (not its number): the Purchase Order ID field of a trigger, or the number at the end of the purchase order page address in Stocky.",
      },
    ],
    perform: findPurchaseOrder,
    sample: stockySample('search'),
    outputFields: purchaseOrderOutputFields,
  },
};
