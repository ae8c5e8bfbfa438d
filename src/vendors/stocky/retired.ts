/** Stocky's retirement: what every Stocky entry point answers, at once and without a request. */
import type { ZObject } from 'zapier-platform-core';

/** One sentence: Stocky, its switch-off, and the Shopify triggers that replace it (named once, not per label). */
export const STOCKY_RETIRED_MESSAGE =
  "Stocky's API was switched off on 2026-08-31, so its purchase orders can no longer be read: use the Shopify " +
  'triggers instead (New Purchase Order, Purchase Order Ordered or Updated Purchase Order) with your store ' +
  'connected, or Find Purchase Order with Source Shopify.';

/** The connection fields of Stocky's old group: an older connection may still hold them. */
export const STOCKY_LEGACY_FIELDS = ['stocky_store_name', 'stocky_api_key'] as const;

// Reconnecting cannot bring the API back, and nothing is worth retrying: a plain error, never
// ExpiredAuthError (it would stop every Zap on the connection) or ThrottledError.
export function stockyRetired(z: ZObject): never {
  throw new z.errors.Error(STOCKY_RETIRED_MESSAGE);
}
