/** Stocky's retirement: what every Stocky entry point answers, at once and without a request. */
import type { ZObject } from 'zapier-platform-core';

/** One sentence: Stocky, its switch-off, and the Shopify triggers that replace it. */
export const STOCKY_RETIRED_MESSAGE =
  "Stocky's API was switched off by Shopify on 2026-08-31, so Stocky purchase orders can no longer be read: " +
  'connect your Shopify store and use New Purchase Order in Shopify, Purchase Order Ordered in Shopify or ' +
  'Updated Purchase Order in Shopify instead (or Find Purchase Order with Source Shopify).';

/** The connection fields of Stocky's old group: an older connection may still hold them. */
export const STOCKY_LEGACY_FIELDS = ['stocky_store_name', 'stocky_api_key'] as const;

// Reconnecting cannot bring the API back, and nothing is worth retrying: a plain error, never
// ExpiredAuthError (it would stop every Zap on the connection) or ThrottledError.
export function stockyRetired(z: ZObject): never {
  throw new z.errors.Error(STOCKY_RETIRED_MESSAGE);
}
