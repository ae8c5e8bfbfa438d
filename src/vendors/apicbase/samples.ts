/**
 * Apicbase's own sample order through the mapper. The definition shows vendorSamples():
 * samples.json is written from it by `npm run samples`.
 */
import type { VendorSamples } from '../../descriptor/vendor';
import { APICBASE_HOOK_KEY, APICBASE_POLLING_KEY } from './keys';
import { mapApicbaseOrder } from './mapper';
import sampleOrder from './sample-order.json';
import { apicbaseOrderSchema } from './schema';

/** The seed order through the mapper, with the id a delivery ('hook') or a poll ('new') gives it. */
export function apicbaseSample(origin: { kind: 'hook' } | { kind: 'new' } = { kind: 'hook' }) {
  // jitless: a one-off parse of a seed need not compile zod's fast path.
  const order = apicbaseOrderSchema.parse(sampleOrder, { jitless: true });
  return mapApicbaseOrder(
    order,
    origin.kind === 'new' ? origin : { kind: 'hook', event: 'created', rawBody: JSON.stringify(sampleOrder) },
  );
}

export function vendorSamples(): VendorSamples {
  return {
    search: apicbaseSample(),
    triggers: { [APICBASE_HOOK_KEY]: apicbaseSample(), [APICBASE_POLLING_KEY]: apicbaseSample({ kind: 'new' }) },
  };
}
