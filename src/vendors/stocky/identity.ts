/** How records, requests and messages name Stocky. */
import type { VendorIdentity } from '../../common/vendor-identity';

export const STOCKY = { source: 'stocky', name: 'Stocky' } as const satisfies VendorIdentity;
