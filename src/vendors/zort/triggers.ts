/** The six ZORT REST hooks' code, one factory over the table in ./hooks.ts (declared in ./index.ts). */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { headerValue } from '../../delivery/raw-request';
import { rawBodyOf } from '../../delivery/hook-trigger';
import { describeValue, refuseDelivery, validatePayload } from '../../common/validation';
import type { TriggerOperations } from '../../descriptor/vendor';
import type { PurchaseOrder } from '../../record/purchase-order';
import type { RecordOrigin } from '../../record/origin';
import { listPurchaseOrders } from './client';
import { zortHistory } from './history';
import { readZortMethod, readZortPayload } from './delivery';
import { ZORT_HOOKS, type DocumentType, type ZortHookSpec } from './hooks';
import { zortSample } from './samples';
import { mapZortDocument } from './mapper';
import { zortPurchaseOrderSchema, zortPurchaseReturnSchema } from './schema';
import type { ZortSubscription } from './subscription';
import { LIVE_DEPS, checkDeliveryKey, subscribeToZort, unsubscribeFromZort } from './webhook-changes';
import { deliveryFrom } from '../../common/vendor-identity';
import { ZORT } from './identity';

const DELIVERY = deliveryFrom(ZORT);
/** How many purchase orders the Zap editor is shown as samples. */
const SAMPLE_LIMIT = 10;

/** Validates and maps one ZORT document of the given type. */
function toRecord(z: ZObject, documentType: DocumentType, payload: unknown, delivery: RecordOrigin): PurchaseOrder {
  return documentType === 'purchase_order'
    ? mapZortDocument(
        { kind: 'purchase_order', document: validatePayload(z, DELIVERY, zortPurchaseOrderSchema, payload) },
        delivery,
      )
    : mapZortDocument(
        { kind: 'purchase_return', document: validatePayload(z, DELIVERY, zortPurchaseReturnSchema, payload) },
        delivery,
      );
}

/** Zapier hands a boolean field over as true, "true" or "yes". */
const isYes = (value: unknown) =>
  value === true || (typeof value === 'string' && ['true', 'yes'].includes(value.toLowerCase()));

/**
 * Halts a delivery sent for another event than the trigger's: ZORT names the event in the query
 * string (`method=`), and a Zap's address copied into another event's webhook field in ZORT gets
 * that event's deliveries.
 */
function refuseOtherEvent(z: ZObject, spec: ZortHookSpec, method: string | null): never {
  const sent = ZORT_HOOKS.find((other) => other.method === method);
  const what =
    method === null
      ? 'its address has no method, so its event is unknown'
      : `it was sent for ZORT's ${describeValue(method)} webhook${sent ? ` (${sent.label})` : ''}`;
  return refuseDelivery(
    z,
    ZORT.name,
    `${what}, and this Zap's trigger is ${spec.label} (${spec.method})`,
    "In ZORT's webhook settings this Zap's address belongs in its own event's field only: turning the Zap off and on again puts it back there.",
  );
}

/** A REST hook's code (declared in ./index.ts): subscribing, each delivery, and the list. */
function operationsOf(spec: ZortHookSpec): TriggerOperations {
  const sample = zortSample(spec.documentType, spec.event);

  const performSubscribe = (z: ZObject, bundle: Bundle): Promise<ZortSubscription> =>
    subscribeToZort(z, bundle, spec, isYes(bundle.inputData.replace_existing), LIVE_DEPS);

  const performUnsubscribe = async (z: ZObject, bundle: Bundle) => {
    await unsubscribeFromZort(z, bundle, LIVE_DEPS);
    return {};
  };

  const perform = async (z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> => {
    const refuse = (problem: string): never => refuseDelivery(z, ZORT.name, problem);
    await checkDeliveryKey(z, bundle, spec, LIVE_DEPS);
    const method = readZortMethod(bundle.rawRequest?.querystring);
    if (method !== spec.method) refuseOtherEvent(z, spec, method);
    const rawBody = rawBodyOf(bundle);
    const read = readZortPayload(rawBody, headerValue(bundle, 'Content-Type'));
    if (!read.ok) return refuse(read.problem);
    return [toRecord(z, spec.documentType, read.payload, { kind: 'hook', event: spec.event, rawBody })];
  };

  const performList = async (z: ZObject, bundle: Bundle): Promise<PurchaseOrder[]> => {
    if (bundle.meta?.isBulkRead && spec.documentType === 'purchase_order') {
      return zortHistory(z, bundle, (order) =>
        mapZortDocument(
          { kind: 'purchase_order', document: order },
          { kind: 'hook', event: spec.event, rawBody: JSON.stringify(order) },
        ),
      );
    }
    // The sources document no list of purchase returns: a return trigger shows ZORT's own sample.
    if (spec.documentType === 'purchase_return') return [sample];
    const orders = await listPurchaseOrders(z, { limit: SAMPLE_LIMIT, page: 1 });
    if (orders.length === 0) return [sample];
    return orders
      .map((order) =>
        mapZortDocument(
          { kind: 'purchase_order', document: order },
          { kind: 'hook', event: spec.event, rawBody: JSON.stringify(order) },
        ),
      )
      .sort((a, b) => Number(b.purchase_order_id) - Number(a.purchase_order_id));
  };

  return { perform, performList, performSubscribe, performUnsubscribe };
}

/** Each REST hook's code, by trigger key. */
export const zortHookOperations: Readonly<Record<string, TriggerOperations>> = Object.fromEntries(
  ZORT_HOOKS.map((spec) => [spec.key, operationsOf(spec)]),
);
