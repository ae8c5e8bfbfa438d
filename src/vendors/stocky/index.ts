/**
 * Stocky, retired: Shopify switched its API off on 2026-08-31. Hidden triggers and the search's
 * old source answer the retirement sentence; no client, connection group or API host remains.
 * Their keys, noun and sample stay so that live Zaps holding them get that sentence.
 */
import { generatedSamples, type TriggerOperations, type VendorDescriptor } from '../../descriptor/vendor';
import { STOCKY_KEYS } from './keys';
import { STOCKY_LEGACY_FIELDS, STOCKY_RETIRED_MESSAGE, stockyRetired } from './retired';
import samples from './samples.json';
import { STOCKY } from './identity';

const retiredOperations: TriggerOperations = { perform: (z) => stockyRetired(z) };

export const stocky: VendorDescriptor = {
  ...STOCKY,
  connections: [],
  triggers: [
    {
      key: STOCKY_KEYS.new,
      kind: 'polling',
      label: 'New Purchase Order in Stocky',
      description:
        'Triggers when a purchase order was created in Stocky, whose API Shopify switched off on 2026-08-31: use New Purchase Order in Shopify instead.',
      hidden: true,
      load: () => Promise.resolve(retiredOperations),
    },
    {
      key: STOCKY_KEYS.updated,
      kind: 'polling',
      label: 'Updated Purchase Order in Stocky',
      description:
        'Triggers when a purchase order was changed in Stocky, whose API Shopify switched off on 2026-08-31: use Updated Purchase Order in Shopify instead.',
      hidden: true,
      load: () => Promise.resolve(retiredOperations),
    },
  ],
  retired: { message: STOCKY_RETIRED_MESSAGE, legacyFields: STOCKY_LEGACY_FIELDS },
  samples: generatedSamples(samples),
};
