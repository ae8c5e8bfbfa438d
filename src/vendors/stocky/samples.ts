/** The samples the definition shows: samples.json is written from these by `npm run samples`. */
import type { VendorSamples } from '../../descriptor/vendor';
import { STOCKY_KEYS } from './keys';
import { stockySample } from './sample';

export function vendorSamples(): VendorSamples {
  return {
    search: stockySample('search'),
    triggers: { [STOCKY_KEYS.new]: stockySample('new'), [STOCKY_KEYS.updated]: stockySample('updated') },
  };
}
