/** Stocky (switched off by Shopify on 2026-08-31): polling triggers and the search by id. */
import type { VendorDescriptor } from '../../common/vendor';
import { stockyApi, stockyConnection } from './connection';
import { stockySample } from './sample';
import { findStockyPurchaseOrder } from './search';
import { stockyNewPurchaseOrder, stockyUpdatedPurchaseOrder } from './triggers';

export const stocky: VendorDescriptor = {
  source: 'stocky',
  name: 'Stocky',
  connections: [stockyConnection],
  api: stockyApi,
  triggers: [stockyNewPurchaseOrder, stockyUpdatedPurchaseOrder],
  finder: {
    findsByNumber: false,
    find: (z, { purchaseOrderId }) => {
      if (purchaseOrderId === undefined || purchaseOrderId.trim() === '') {
        throw new z.errors.Error('For Stocky, Purchase Order ID is required: map it from an earlier step or type it in.');
      }
      return findStockyPurchaseOrder(z, purchaseOrderId);
    },
  },
  sample: stockySample('search'),
};
