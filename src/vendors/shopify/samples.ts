/** The samples the definition shows: samples.json is written from these by `npm run samples`. */
import type { VendorSamples } from '../../descriptor/vendor';
import { SHOPIFY_KEYS } from './keys';
import { shopifySample } from './sample';

export function vendorSamples(): VendorSamples {
  return {
    search: shopifySample('search'),
    triggers: {
      [SHOPIFY_KEYS.new]: shopifySample('new'),
      [SHOPIFY_KEYS.ordered]: shopifySample('ordered'),
      [SHOPIFY_KEYS.updated]: shopifySample('updated'),
    },
  };
}
