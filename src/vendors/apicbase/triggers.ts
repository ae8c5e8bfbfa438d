/** New Purchase Order in Apicbase: the signed ordering webhook. */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { defineStaticHookTrigger } from '../../delivery/hook-trigger';
import { headerValue } from '../../delivery/raw-request';
import { parseJsonBody, refuseDelivery, validatePayload } from '../../common/validation';
import { mapApicbaseOrder } from './mapper';
import { apicbaseOrderSchema } from './schema';
import { verifyApicbaseSignature } from './signature';
import sampleOrder from './sample-order.json';

const DELIVERY = { name: 'Apicbase', kind: 'delivery' } as const;

/** The seed order through the mapper, with the id a delivery ('hook') or a poll ('new') gives it. */
export function apicbaseSample(origin: { kind: 'hook' } | { kind: 'new' } = { kind: 'hook' }) {
  // jitless: a one-off parse of a seed need not compile zod's fast path at load time.
  const order = apicbaseOrderSchema.parse(sampleOrder, { jitless: true });
  return mapApicbaseOrder(
    order,
    origin.kind === 'new' ? origin : { kind: 'hook', rawBody: JSON.stringify(sampleOrder) },
  );
}

export function receiveApicbaseOrder(z: ZObject, bundle: Bundle, rawBody: string) {
  // Apicbase signs with the client secret unless support set one for this webhook.
  const webhookSecret = bundle.authData?.apicbase_webhook_secret?.trim();
  const secret = webhookSecret || bundle.authData?.apicbase_client_secret?.trim();
  const secretLabel = webhookSecret ? 'Apicbase Webhook Secret' : 'Apicbase Client Secret';
  const check = verifyApicbaseSignature(rawBody, headerValue(bundle, 'X-APIC-WEBHOOK-SIGNATURE'), secret, secretLabel);
  if (!check.ok) return refuseDelivery(z, 'Apicbase', check.problem);
  const body = check.signed === 'python re-serialisation' ? check.body : parseJsonBody(z, DELIVERY, rawBody);
  const order = validatePayload(z, DELIVERY, apicbaseOrderSchema, body);
  return [mapApicbaseOrder(order, { kind: 'hook', rawBody })];
}

export const apicbaseNewPurchaseOrder = defineStaticHookTrigger({
  key: 'apicbase_new_purchase_order',
  label: 'New Purchase Order in Apicbase',
  description:
    'Triggers when a customer places a purchase order with you in Apicbase, at once through the ordering webhook Apicbase support sets up for you. ' +
    'Until it is set up, or as its safety net, pick New Purchase Order in Apicbase (Polling), which reads the same orders every few minutes.',
  directions:
    "Copy this Zap's webhook URL and email it to Apicbase supplier support, asking them to " +
    "send your ordering webhook to it. Then put the secret Apicbase signs with in the connection's " +
    'Webhook Secret (or leave it empty when it is your Client Secret, the default): ' +
    'deliveries whose signature does not match are refused. ' +
    'Until your webhook is set up, or as its safety net, use New Purchase Order in Apicbase (Polling), ' +
    'which reads the same orders from the supplier API with your Apicbase Client ID and Secret. ' +
    "The webhook only brings new orders: to bring over orders placed before, use Zapier's Transfer with New Purchase Order in Apicbase (Polling).",
  sample: apicbaseSample(),
  toRecords: receiveApicbaseOrder,
});
