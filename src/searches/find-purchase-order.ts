/** Find Purchase Order: one search over every vendor with an API, returning the shared record. */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { SEARCH_KEYS } from '../keys';
import { purchaseOrderOutputFields } from '../record/output-fields';
import type { PurchaseOrder } from '../record/purchase-order';
import { stockySample } from '../vendors/stocky/sample';
import { findStockyPurchaseOrder } from '../vendors/stocky/search';
import { findZortPurchaseOrder } from '../vendors/zort/search';

const SOURCES = { stocky: 'Stocky', zort: 'ZORT' } as const;

const text = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;

export async function findPurchaseOrder(z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> {
  const { source } = bundle.inputData;
  const purchaseOrderId = text(bundle.inputData.purchase_order_id);
  if (source === 'zort') return findZortPurchaseOrder(z, purchaseOrderId, text(bundle.inputData.number));
  if (source !== 'stocky') {
    throw new z.errors.Error(
      `Source must be one of ${Object.keys(SOURCES).join(', ')}, not ${JSON.stringify(source)}. Pick it from the list.`,
    );
  }
  if (purchaseOrderId === undefined || purchaseOrderId.trim() === '') {
    throw new z.errors.Error('For Stocky, Purchase Order ID is required: map it from an earlier step or type it in.');
  }
  return findStockyPurchaseOrder(z, purchaseOrderId);
}

export const findPurchaseOrderSearch = {
  key: SEARCH_KEYS.findPurchaseOrder,
  noun: 'Purchase Order',
  display: {
    label: 'Find Purchase Order',
    description: 'Finds a purchase order in Stocky by its id, or in ZORT by its id or number.',
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
        required: false,
        helpText:
          "The purchase order's id in that system (not its number): the Purchase Order ID field of a trigger, or the number at the end of the purchase order page address in Stocky or ZORT. Required for Stocky.",
      },
      {
        key: 'number',
        label: 'Purchase Order Number',
        required: false,
        helpText: 'ZORT only: the number people see, such as PO-0001. Used when Purchase Order ID is empty.',
      },
    ],
    perform: findPurchaseOrder,
    sample: stockySample('search'),
    outputFields: purchaseOrderOutputFields,
  },
};
