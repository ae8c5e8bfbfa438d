/** The samples the definition shows: samples.json is written from these by `npm run samples`. */
import type { VendorSamples } from '../../descriptor/vendor';
import { APICBASE_HOOK_KEY, APICBASE_POLLING_KEY } from './keys';
import { apicbaseSample } from './triggers';

export function vendorSamples(): VendorSamples {
  return {
    search: apicbaseSample(),
    triggers: { [APICBASE_HOOK_KEY]: apicbaseSample(), [APICBASE_POLLING_KEY]: apicbaseSample({ kind: 'new' }) },
  };
}
