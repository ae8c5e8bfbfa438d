/** How records, requests and messages name ZORT. */
import type { VendorIdentity } from '../../common/vendor-identity';

export const ZORT = { source: 'zort', name: 'ZORT' } as const satisfies VendorIdentity;
