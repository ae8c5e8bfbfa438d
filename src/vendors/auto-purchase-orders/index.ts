/** Auto Purchase Orders: three webhook topics, registered by hand in the app; no credentials. */
import { generatedSamples, type TriggerSpec, type VendorDescriptor } from '../../descriptor/vendor';
import type { ApoEvent } from './mapper';
import { APO_TOPICS } from './topics';
import samples from './samples.json';
import { AUTO_PURCHASE_ORDERS } from './identity';

function apoTrigger(event: ApoEvent): TriggerSpec {
  const { key, topic, label, when } = APO_TOPICS[event];
  return {
    key,
    kind: 'hook',
    label,
    description: `Triggers when ${when} in Auto Purchase Orders.`,
    directions:
      `Copy this Zap's webhook URL. In Shopify, open the Auto Purchase Orders app, go to ` +
      `Settings > Webhooks and click Register webhook. Choose the topic \`${topic}\`, paste the ` +
      'URL and save. Then create or change a purchase order so the Zap can find a sample. ' +
      "Past purchase orders cannot be brought over with Zapier's Transfer: Auto Purchase Orders sends each change as it happens and offers no list of earlier ones.",
    load: async () => (await import('./triggers')).apoOperations(event),
  };
}

export const autoPurchaseOrders: VendorDescriptor = {
  ...AUTO_PURCHASE_ORDERS,
  connections: [],
  triggers: [apoTrigger('created'), apoTrigger('updated'), apoTrigger('completed')],
  samples: generatedSamples(samples),
};
