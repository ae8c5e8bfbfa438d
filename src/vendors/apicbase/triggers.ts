/** New Purchase Order in Apicbase's code: the signed ordering webhook (declared in ./index.ts). */
import type { Bundle, ZObject } from 'zapier-platform-core';
import type { TriggerOperations } from '../../descriptor/vendor';
import { rawBodyOf } from '../../delivery/hook-trigger';
import { headerValue } from '../../delivery/raw-request';
import { parseJsonBody, refuseDelivery, validatePayload } from '../../common/validation';
import { mapApicbaseOrder } from './mapper';
import { apicbaseOrderSchema } from './schema';
import { verifyApicbaseSignature } from './signature';
import { deliveryFrom } from '../../common/vendor-identity';
import { APICBASE } from './identity';

const DELIVERY = deliveryFrom(APICBASE);

export function receiveApicbaseOrder(z: ZObject, bundle: Bundle, rawBody: string) {
  // Apicbase signs with the client secret unless support set one for this webhook.
  const webhookSecret = bundle.authData?.apicbase_webhook_secret?.trim();
  const secret = webhookSecret || bundle.authData?.apicbase_client_secret?.trim();
  const secretLabel = webhookSecret ? 'Apicbase Webhook Secret' : 'Apicbase Client Secret';
  const check = verifyApicbaseSignature(rawBody, headerValue(bundle, 'X-APIC-WEBHOOK-SIGNATURE'), secret, secretLabel);
  if (!check.ok) refuseDelivery(z, APICBASE.name, check.problem);
  const body = check.signed === 'python re-serialisation' ? check.body : parseJsonBody(z, DELIVERY, rawBody);
  const order = validatePayload(z, DELIVERY, apicbaseOrderSchema, body);
  return [mapApicbaseOrder(order, { kind: 'hook', event: 'created', rawBody })];
}

/** The webhook's code: each delivery verified, validated and mapped. */
export const apicbaseHookOperations: TriggerOperations = {
  perform: (z, bundle) => receiveApicbaseOrder(z, bundle, rawBodyOf(bundle)),
};
