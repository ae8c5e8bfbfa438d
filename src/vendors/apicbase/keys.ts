/** The Apicbase trigger keys its code needs as well as its descriptor. */
export const APICBASE_HOOK_KEY = 'apicbase_new_purchase_order';
export const APICBASE_POLLING_KEY = 'apicbase_new_purchase_order_polling';
