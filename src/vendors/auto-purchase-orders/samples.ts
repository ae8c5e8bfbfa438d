/**
 * The vendor's own sample payload through the mapper. The definition shows vendorSamples():
 * samples.json is written from it by `npm run samples`.
 */
import type { VendorSamples } from '../../descriptor/vendor';
import { mapApoPurchaseOrder, type ApoEvent } from './mapper';
import { apoPayloadSchema } from './schema';
import seedPayload from './seed-payload.json';
import { APO_TOPICS } from './topics';

// jitless: a one-off parse of a seed need not compile zod's fast path.
const parsedSeed = apoPayloadSchema.parse(seedPayload, { jitless: true });

/** The vendor's own sample payload through the real mapper: the trigger's static sample. */
export function apoSample(event: ApoEvent) {
  return mapApoPurchaseOrder(parsedSeed, { kind: 'hook', event, rawBody: JSON.stringify(seedPayload) });
}

export function vendorSamples(): VendorSamples {
  const events = Object.keys(APO_TOPICS) as ApoEvent[];
  return {
    search: apoSample('created'),
    triggers: Object.fromEntries(events.map((event) => [APO_TOPICS[event].key, apoSample(event)])),
  };
}
