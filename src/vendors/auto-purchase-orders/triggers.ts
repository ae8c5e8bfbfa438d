/** The three Auto Purchase Orders triggers' code, one per webhook topic (declared in ./index.ts). */
import type { TriggerOperations } from '../../descriptor/vendor';
import { rawBodyOf } from '../../delivery/hook-trigger';
import { parseJsonBody, validatePayload } from '../../common/validation';
import { mapApoPurchaseOrder, type ApoEvent } from './mapper';
import { apoPayloadSchema } from './schema';
import { deliveryFrom } from '../../common/vendor-identity';
import { AUTO_PURCHASE_ORDERS } from './identity';

const DELIVERY = deliveryFrom(AUTO_PURCHASE_ORDERS);

/** One delivery of the topic: validated, then mapped; its raw shape never leaves here. */
export function apoOperations(event: ApoEvent): TriggerOperations {
  return {
    perform: (z, bundle) => {
      const rawBody = rawBodyOf(bundle);
      const payload = validatePayload(z, DELIVERY, apoPayloadSchema, parseJsonBody(z, DELIVERY, rawBody));
      return [mapApoPurchaseOrder(payload, { kind: 'hook', event, rawBody })];
    },
  };
}
