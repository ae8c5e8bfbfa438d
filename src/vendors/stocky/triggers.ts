/**
 * The Stocky polling triggers, hidden legacy: Stocky's API was switched off on 2026-08-31. Their
 * keys, noun and sample stay so that live Zaps holding them get the retirement sentence.
 */
import type { ZObject } from 'zapier-platform-core';
import { purchaseOrderOutputFields } from '../../record/output-fields';
import { stockyRetired } from './retired';
import { stockySample } from './sample';

const perform = (z: ZObject): never => stockyRetired(z);

export const stockyNewPurchaseOrder = {
  key: 'stocky_new_purchase_order',
  noun: 'Purchase Order',
  display: {
    label: 'New Purchase Order in Stocky',
    description:
      'Triggers when a purchase order was created in Stocky, whose API Shopify switched off on 2026-08-31: use New Purchase Order in Shopify instead.',
    hidden: true,
  },
  operation: {
    type: 'polling' as const,
    perform,
    sample: stockySample('new'),
    outputFields: purchaseOrderOutputFields,
  },
};

export const stockyUpdatedPurchaseOrder = {
  key: 'stocky_updated_purchase_order',
  noun: 'Purchase Order',
  display: {
    label: 'Updated Purchase Order in Stocky',
    description:
      'Triggers when a purchase order was changed in Stocky, whose API Shopify switched off on 2026-08-31: use Updated Purchase Order in Shopify instead.',
    hidden: true,
  },
  operation: {
    type: 'polling' as const,
    perform,
    sample: stockySample('updated'),
    outputFields: purchaseOrderOutputFields,
  },
};
