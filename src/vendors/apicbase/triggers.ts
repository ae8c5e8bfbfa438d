/** New Purchase Order in Apicbase: the signed ordering webhook. */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { defineStaticHookTrigger } from '../../common/hook-trigger';
import { headerValue } from '../../common/raw-request';
import { parseJsonBody, refuseDelivery, validatePayload } from '../../common/validation';
import { mapApicbaseOrder } from './mapper';
import { apicbaseOrderSchema } from './schema';
import { verifyApicbaseSignature } from './signature';
import sampleOrder from './sample-order.json';

const DELIVERY = { name: 'Apicbase', kind: 'delivery' } as const;

export function apicbaseSample() {
  // jitless: a one-off parse of a seed need not compile zod's fast path at load time.
  return mapApicbaseOrder(apicbaseOrderSchema.parse(sampleOrder, { jitless: true }), JSON.stringify(sampleOrder));
}

export function receiveApicbaseOrder(z: ZObject, bundle: Bundle, rawBody: string) {
  const check = verifyApicbaseSignature(
    rawBody,
    headerValue(bundle, 'X-APIC-WEBHOOK-SIGNATURE'),
    bundle.authData?.apicbase_webhook_secret?.trim(),
  );
  if (!check.ok) refuseDelivery(z, 'Apicbase', check.problem);
  const order = validatePayload(z, DELIVERY, apicbaseOrderSchema, parseJsonBody(z, DELIVERY, rawBody));
  return [mapApicbaseOrder(order, rawBody)];
}

export const apicbaseNewPurchaseOrder = defineStaticHookTrigger({
  key: 'apicbase_new_purchase_order',
  label: 'New Purchase Order in Apicbase',
  description: 'Triggers when a customer places a purchase order with you in Apicbase.',
  directions:
    "Copy this Zap's webhook URL and email it to Apicbase supplier support, asking them to " +
    'send your ordering webhook to it. Then put the client secret Apicbase signs with (the one you ' +
    'use to get API tokens, or the secret they set for this webhook) in the connection\'s ' +
    'Apicbase Webhook Secret: deliveries whose X-APIC-WEBHOOK-SIGNATURE does not match are refused.',
  sample: apicbaseSample(),
  toRecords: receiveApicbaseOrder,
});
