/** The six ZORT REST-hook triggers, made by one factory from the table of contract section 2. */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { headerValue } from '../../delivery/raw-request';
import { rawBodyOf } from '../../delivery/hook-trigger';
import { refuseDelivery, validatePayload } from '../../common/validation';
import { purchaseOrderOutputFields } from '../../record/output-fields';
import type { PurchaseOrder, PurchaseOrderEvent } from '../../record/purchase-order';
import type { RecordOrigin } from '../../record/origin';
import { listPurchaseOrders } from './client';
import { zortHistory } from './history';
import { readZortMethod, readZortPayload } from './delivery';
import { mapZortDocument } from './mapper';
import { zortPurchaseOrderSchema, zortPurchaseReturnSchema } from './schema';
import type { ZortSubscription } from './subscription';
import { LIVE_DEPS, checkDeliveryKey, subscribeToZort, unsubscribeFromZort } from './webhook-changes';
import seedPurchaseOrder from './seed-purchase-order.json';
import seedPurchaseReturn from './seed-purchase-return.json';
import { deliveryFrom } from '../../common/vendor-identity';
import { ZORT } from './identity';

const DELIVERY = deliveryFrom(ZORT);
/** How many purchase orders the Zap editor is shown as samples. */
const SAMPLE_LIMIT = 10;

type DocumentType = 'purchase_order' | 'purchase_return';

type ZortTriggerSpec = {
  key: string;
  method: string;
  field: string;
  event: PurchaseOrderEvent;
  documentType: DocumentType;
  label: string;
  when: string;
  /** The polling trigger that reads the same changes without a webhook, if there is one. */
  polling: keyof typeof ZORT_POLLING_LABELS | null;
};

/** The polling triggers' labels (src/vendors/zort/polling.ts), named here by the REST hooks they stand in for. */
export const ZORT_POLLING_LABELS = {
  new: 'New Purchase Order in ZORT (Polling)',
  updated: 'Updated Purchase Order in ZORT (Polling)',
} as const;

const SPECS: ZortTriggerSpec[] = [
  {
    key: 'zort_purchase_order_created',
    method: 'ADDPURCHASEORDER',
    field: 'addpurchaseurl',
    event: 'created',
    documentType: 'purchase_order',
    label: 'New Purchase Order in ZORT',
    when: 'a purchase order is created in ZORT',
    polling: 'new',
  },
  {
    key: 'zort_purchase_order_updated',
    method: 'UPDATEPURCHASEORDER',
    field: 'updatepurchaseurl',
    event: 'updated',
    documentType: 'purchase_order',
    label: 'Updated Purchase Order in ZORT',
    when: 'a purchase order or its status is changed in ZORT',
    polling: 'updated',
  },
  {
    key: 'zort_purchase_order_payment_updated',
    method: 'UPDATEPURCHASEORDERPAYMENT',
    field: 'updatepurchasepaymenturl',
    event: 'payment_updated',
    documentType: 'purchase_order',
    label: 'Purchase Order Payment Changed in ZORT',
    when: 'the payments of a purchase order change in ZORT',
    polling: 'updated',
  },
  {
    key: 'zort_purchase_return_created',
    method: 'ADDRETURNPURCHASEORDER',
    field: 'addreturnpurchaseurl',
    event: 'created',
    documentType: 'purchase_return',
    label: 'New Purchase Return in ZORT',
    when: 'a purchase return is created in ZORT',
    polling: null,
  },
  {
    key: 'zort_purchase_return_updated',
    method: 'UPDATERETURNPURCHASEORDER',
    field: 'updatereturnpurchaseurl',
    event: 'updated',
    documentType: 'purchase_return',
    label: 'Updated Purchase Return in ZORT',
    when: 'a purchase return or its status is changed in ZORT',
    polling: null,
  },
  {
    key: 'zort_purchase_return_payment_updated',
    method: 'UPDATERETURNPURCHASEORDERPAYMENT',
    field: 'updatereturnpurchasepaymenturl',
    event: 'payment_updated',
    documentType: 'purchase_return',
    label: 'Purchase Return Payment Changed in ZORT',
    when: 'the payments of a purchase return change in ZORT',
    polling: null,
  },
];

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

// jitless: a one-off parse of a seed need not compile zod's fast path at load time.
const parsedSeeds = {
  purchase_order: {
    kind: 'purchase_order',
    document: zortPurchaseOrderSchema.parse(seedPurchaseOrder, { jitless: true }),
  },
  purchase_return: {
    kind: 'purchase_return',
    document: zortPurchaseReturnSchema.parse(seedPurchaseReturn, { jitless: true }),
  },
} as const;

/** ZORT's own sample through the mapper: as a hook delivers it for an event, or as a search finds it (null). */
export function zortSample(documentType: DocumentType, event: PurchaseOrderEvent | null): PurchaseOrder {
  const seed = documentType === 'purchase_order' ? seedPurchaseOrder : seedPurchaseReturn;
  return mapZortDocument(
    parsedSeeds[documentType],
    event === null ? { kind: 'search' } : { kind: 'hook', event, rawBody: JSON.stringify(seed) },
  );
}

/** ZORT's own sample as a poll of the list reads it. */
export function zortPollSample(kind: 'new' | 'updated'): PurchaseOrder {
  return mapZortDocument(parsedSeeds.purchase_order, { kind });
}

/** Zapier hands a boolean field over as true, "true" or "yes". */
const isYes = (value: unknown) =>
  value === true || (typeof value === 'string' && ['true', 'yes'].includes(value.toLowerCase()));

function defineZortTrigger(spec: ZortTriggerSpec) {
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
    if (method !== spec.method) {
      refuse(
        `this trigger is for ${spec.method}, but the delivery's method is ${method === null ? 'missing' : JSON.stringify(method)}`,
      );
    }
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

  // ZORT keeps one URL per event per store: where a polling trigger reads the same changes, say when to choose it.
  const instead =
    spec.polling === null
      ? ''
      : ` For more than one Zap on this event, or a store whose webhooks another tool manages, pick ${ZORT_POLLING_LABELS[spec.polling]}: it checks every few minutes and leaves the webhook settings alone.`;

  return {
    key: spec.key,
    noun: spec.documentType === 'purchase_order' ? 'Purchase Order' : 'Purchase Return',
    display: {
      label: spec.label,
      description: `Triggers when ${spec.when}, within seconds.${instead}`,
      // The Zap subscribes itself: nothing to paste, but the user should know it takes the event's one URL.
      directions: `Turning this Zap on puts its URL in ZORT's webhook settings for this event: nothing to copy or paste.${instead}`,
    },
    operation: {
      type: 'hook' as const,
      inputFields: [
        {
          key: 'replace_existing',
          label: 'Replace the Existing Webhook',
          type: 'boolean' as const,
          required: false,
          default: 'false',
          helpText:
            `ZORT sends this event to one URL per store. If another URL already receives it, this Zap will not take it over unless this is Yes; ` +
            `the other URL is then given back when this Zap is turned off, unless it was a Zap that has been turned off since.${instead}`,
        },
      ],
      performSubscribe,
      performUnsubscribe,
      perform,
      performList,
      ...(spec.documentType === 'purchase_order' ? { canPaginate: true } : {}),
      sample,
      outputFields: purchaseOrderOutputFields,
    },
  };
}

export const zortTriggers = SPECS.map(defineZortTrigger);

/** The method ZORT names in each hook's delivery URL, by trigger key: what `npm run deliver` plays. */
export const ZORT_HOOK_METHODS: Readonly<Record<string, string>> = Object.fromEntries(
  SPECS.map((spec) => [spec.key, spec.method]),
);
