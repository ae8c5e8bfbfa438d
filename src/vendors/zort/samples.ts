/**
 * ZORT's own samples through the mapper. The definition shows vendorSamples(): samples.json is
 * written from it by `npm run samples`.
 */
import type { VendorSamples } from '../../descriptor/vendor';
import type { PurchaseOrder, PurchaseOrderEvent } from '../../record/purchase-order';
import { ZORT_HOOKS, ZORT_POLLING_KEYS, type DocumentType } from './hooks';
import { mapZortDocument } from './mapper';
import { zortPurchaseOrderSchema, zortPurchaseReturnSchema } from './schema';
import seedPurchaseOrder from './seed-purchase-order.json';
import seedPurchaseReturn from './seed-purchase-return.json';

// jitless: a one-off parse of a seed need not compile zod's fast path.
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

export function vendorSamples(): VendorSamples {
  return {
    search: zortSample('purchase_order', null),
    triggers: {
      ...Object.fromEntries(ZORT_HOOKS.map((spec) => [spec.key, zortSample(spec.documentType, spec.event)])),
      [ZORT_POLLING_KEYS.new]: zortPollSample('new'),
      [ZORT_POLLING_KEYS.updated]: zortPollSample('updated'),
    },
  };
}
