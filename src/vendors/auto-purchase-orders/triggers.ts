/** The three Auto Purchase Orders triggers, one per webhook topic. */
import { defineStaticHookTrigger } from '../../delivery/hook-trigger';
import { parseJsonBody, validatePayload } from '../../common/validation';
import { mapApoPurchaseOrder, type ApoEvent } from './mapper';
import { apoPayloadSchema } from './schema';
import seedPayload from './seed-payload.json';
import { deliveryFrom } from '../../common/vendor-identity';
import { AUTO_PURCHASE_ORDERS } from './identity';

const DELIVERY = deliveryFrom(AUTO_PURCHASE_ORDERS);

const TOPICS: Record<ApoEvent, { key: string; topic: string; label: string; when: string }> = {
  created: {
    key: 'apo_purchase_order_created',
    topic: 'purchase_orders/create',
    label: 'New Purchase Order in Auto Purchase Orders',
    when: 'a purchase order is created',
  },
  updated: {
    key: 'apo_purchase_order_updated',
    topic: 'purchase_orders/update',
    label: 'Updated Purchase Order in Auto Purchase Orders',
    when: 'a purchase order is updated',
  },
  completed: {
    key: 'apo_purchase_order_completed',
    topic: 'purchase_orders/complete',
    label: 'Completed Purchase Order in Auto Purchase Orders',
    when: 'a purchase order is marked as complete',
  },
};

// jitless: a one-off parse of a seed need not compile zod's fast path at load time.
const parsedSeed = apoPayloadSchema.parse(seedPayload, { jitless: true });

/** The vendor's own sample payload through the real mapper: the trigger's static sample. */
export function apoSample(event: ApoEvent) {
  return mapApoPurchaseOrder(parsedSeed, { kind: 'hook', event, rawBody: JSON.stringify(seedPayload) });
}

function defineApoTrigger(event: ApoEvent) {
  const { key, topic, label, when } = TOPICS[event];
  return defineStaticHookTrigger({
    key,
    label,
    description: `Triggers when ${when} in Auto Purchase Orders.`,
    directions:
      `Copy this Zap's webhook URL. In Shopify, open the Auto Purchase Orders app, go to ` +
      `Settings > Webhooks and click Register webhook. Choose the topic \`${topic}\`, paste the ` +
      'URL and save. Then create or change a purchase order so the Zap can find a sample. ' +
      "Past purchase orders cannot be brought over with Zapier's Transfer: Auto Purchase Orders sends each change as it happens and offers no list of earlier ones.",
    sample: apoSample(event),
    toRecords: (z, _bundle, rawBody) => {
      const payload = validatePayload(z, DELIVERY, apoPayloadSchema, parseJsonBody(z, DELIVERY, rawBody));
      return [mapApoPurchaseOrder(payload, { kind: 'hook', event, rawBody })];
    },
  });
}

export const apoTriggers = {
  created: defineApoTrigger('created'),
  updated: defineApoTrigger('updated'),
  completed: defineApoTrigger('completed'),
};
