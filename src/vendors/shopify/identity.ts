/** How records, requests and messages name Shopify. */
import type { VendorIdentity } from '../../common/vendor-identity';

export const SHOPIFY = { source: 'shopify', name: 'Shopify' } as const satisfies VendorIdentity;
