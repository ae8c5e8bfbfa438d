/**
 * Every trigger and search key of the contract (section 2). Zapier ties live Zaps to these strings:
 * the app must offer exactly these, and a key once shipped is never renamed.
 */
export const TRIGGER_KEYS = {
  apoCreated: 'apo_purchase_order_created',
  apoUpdated: 'apo_purchase_order_updated',
  apoCompleted: 'apo_purchase_order_completed',
  shopifyNew: 'shopify_new_purchase_order',
  shopifyOrdered: 'shopify_purchase_order_ordered',
  shopifyUpdated: 'shopify_updated_purchase_order',
  stockyNew: 'stocky_new_purchase_order',
  stockyUpdated: 'stocky_updated_purchase_order',
  apicbaseNew: 'apicbase_new_purchase_order',
  apicbaseNewPolling: 'apicbase_new_purchase_order_polling',
  zortCreated: 'zort_purchase_order_created',
  zortUpdated: 'zort_purchase_order_updated',
  zortPaymentUpdated: 'zort_purchase_order_payment_updated',
  zortReturnCreated: 'zort_purchase_return_created',
  zortReturnUpdated: 'zort_purchase_return_updated',
  zortReturnPaymentUpdated: 'zort_purchase_return_payment_updated',
  zortNewPolling: 'zort_new_purchase_order_polling',
  zortUpdatedPolling: 'zort_updated_purchase_order_polling',
} as const;

export const SEARCH_KEYS = {
  findPurchaseOrder: 'find_purchase_order',
} as const;

export type TriggerKey = (typeof TRIGGER_KEYS)[keyof typeof TRIGGER_KEYS];
