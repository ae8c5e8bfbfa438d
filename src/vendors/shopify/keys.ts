/** The Shopify trigger keys its code needs as well as its descriptor. */
export const SHOPIFY_KEYS = {
  new: 'shopify_new_purchase_order',
  ordered: 'shopify_purchase_order_ordered',
  updated: 'shopify_updated_purchase_order',
} as const;
