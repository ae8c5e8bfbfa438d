/** The samples the definition shows: samples.json is written from these by `npm run samples`. */
import type { VendorSamples } from '../../descriptor/vendor';
import { ZORT_HOOKS, ZORT_POLLING_KEYS } from './hooks';
import { zortPollSample, zortSample } from './triggers';

export function vendorSamples(): VendorSamples {
  return {
    search: zortSample('purchase_order', null),
    triggers: {
      ...Object.fromEntries(ZORT_HOOKS.map((spec) => [spec.key, zortSample(spec.documentType, spec.event)])),
      [ZORT_POLLING_KEYS.new]: zortPollSample('new'),
      [ZORT_POLLING_KEYS.updated]: zortPollSample('updated'),
    },
  };
}
