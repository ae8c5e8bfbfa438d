/** How records, requests and messages name Apicbase. */
import type { VendorIdentity } from '../../common/vendor-identity';

export const APICBASE = { source: 'apicbase', name: 'Apicbase' } as const satisfies VendorIdentity;
