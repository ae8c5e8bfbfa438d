/** The samples the definition shows: samples.json is written from these by `npm run samples`. */
import type { VendorSamples } from '../../descriptor/vendor';
import type { ApoEvent } from './mapper';
import { APO_TOPICS } from './topics';
import { apoSample } from './triggers';

export function vendorSamples(): VendorSamples {
  const events = Object.keys(APO_TOPICS) as ApoEvent[];
  return {
    search: apoSample('created'),
    triggers: Object.fromEntries(events.map((event) => [APO_TOPICS[event].key, apoSample(event)])),
  };
}
