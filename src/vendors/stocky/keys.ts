/** The Stocky trigger keys, which live Zaps still hold. */
export const STOCKY_KEYS = { new: 'stocky_new_purchase_order', updated: 'stocky_updated_purchase_order' } as const;
