/** How records, requests and messages name Auto Purchase Orders. */
import type { VendorIdentity } from '../../common/vendor-identity';

export const AUTO_PURCHASE_ORDERS = {
  source: 'auto_purchase_orders',
  name: 'Auto Purchase Orders',
} as const satisfies VendorIdentity;
