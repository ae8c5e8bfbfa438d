/**
 * A factory for "static" hook triggers: the user pastes the Zap's URL into the vendor by hand
 * (there is no API to subscribe), so the trigger has no subscribe step and shows directions.
 */
import { errors, type Bundle, type ZObject } from 'zapier-platform-core';
import { fieldNestedDeeperThan, nestingProblem } from '../common/limits';
import { purchaseOrderOutputFields } from '../record/output-fields';
import type { PurchaseOrder } from '../record/purchase-order';

export type StaticHookTriggerSpec = {
  key: string;
  label: string;
  description: string;
  directions: string;
  sample: PurchaseOrder;
  /** Verifies and maps one delivery; it never sees a vendor's raw shape leave it. */
  toRecords: (z: ZObject, bundle: Bundle, rawBody: string) => PurchaseOrder[];
};

/**
 * The body exactly as it arrived. Zapier gives hooks `rawRequest.content`; should it be absent,
 * the parsed body is serialised again, which is all a delivery without a signature needs.
 */
export function rawBodyOf(bundle: Bundle): string {
  const content = bundle.rawRequest?.content;
  if (typeof content === 'string') return content;
  const cleaned: unknown = bundle.cleanedRequest;
  if (cleaned === undefined || cleaned === null) return '';
  // JSON.stringify recurses: a body nested past what it survives is refused before it overflows.
  const field = fieldNestedDeeperThan(cleaned);
  if (field !== null) {
    throw new errors.HaltedError(
      `Refused this delivery: ${nestingProblem(field || 'the body')}. No record was made from it.`,
    );
  }
  return JSON.stringify(cleaned);
}

export function defineStaticHookTrigger(spec: StaticHookTriggerSpec) {
  const perform = (z: ZObject, bundle: Bundle): PurchaseOrder[] => spec.toRecords(z, bundle, rawBodyOf(bundle));
  const performList = (): PurchaseOrder[] => [spec.sample];
  return {
    key: spec.key,
    noun: 'Purchase Order',
    display: {
      label: spec.label,
      description: spec.description,
      directions: spec.directions,
    },
    operation: {
      type: 'hook' as const,
      perform,
      performList,
      sample: spec.sample,
      outputFields: purchaseOrderOutputFields,
    },
  };
}
