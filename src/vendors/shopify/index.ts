/** Shopify's own purchase orders (Stocky's successor): polling triggers and the search by id or number. */
import type { VendorDescriptor } from '../../descriptor/vendor';
import { shopifyApi, shopifyConnection } from './connection';
import { shopifySample } from './sample';
import { findShopifyPurchaseOrder } from './search';
import { shopifyNewPurchaseOrder, shopifyPurchaseOrderOrdered, shopifyUpdatedPurchaseOrder } from './triggers';
import { SHOPIFY } from './identity';

export const shopify: VendorDescriptor = {
  ...SHOPIFY,
  connections: [shopifyConnection],
  api: shopifyApi,
  triggers: [shopifyNewPurchaseOrder, shopifyPurchaseOrderOrdered, shopifyUpdatedPurchaseOrder],
  finder: {
    findsByNumber: true,
    find: (z, input, authData) => findShopifyPurchaseOrder(z, authData, input),
  },
  sample: shopifySample('search'),
};
