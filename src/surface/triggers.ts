/**
 * The one trigger builder: every vendor declares its triggers as data (src/descriptor/vendor.ts),
 * and this turns each into the definition Zapier reads, checked against the platform's own types.
 * Noun, output fields and sample come from here and the vendor's samples, once; a trigger's code
 * loads on its first run, so starting the app loads no vendor's schemas or mappers.
 */
import type { BasicHookOperation, BasicPollingOperation, Bundle, Trigger, ZObject } from 'zapier-platform-core';
import type { TriggerOperations, TriggerSpec, VendorDescriptor } from '../descriptor/vendor';
import { purchaseOrderOutputFields } from '../record/output-fields';
import type { PurchaseOrder } from '../record/purchase-order';

/** What every trigger and the search return: the purchase-order record. */
export const RECORD_NOUN = 'Purchase Order';

/** The sample a vendor's samples.json holds for this key (the search's under `search`). */
export function sampleFor(vendor: VendorDescriptor, key: string): PurchaseOrder {
  const sample = vendor.samples.triggers[key];
  if (!sample) throw new Error(`${vendor.name} has no sample for ${key}: run npm run samples.`);
  return sample;
}

/**
 * The operations, loaded once: the first run pays for the vendor's modules, later runs reuse them.
 * A load that failed is forgotten, so the next run tries again (Node keeps no module that threw).
 */
function loadOnce(spec: TriggerSpec) {
  let loaded: Promise<TriggerOperations> | undefined;
  return () =>
    (loaded ??= spec.load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    }));
}

/** A step a REST hook must have: its absence is the vendor folder's mistake, said plainly. */
function required<Key extends 'performList' | 'performSubscribe' | 'performUnsubscribe'>(
  spec: TriggerSpec,
  operations: TriggerOperations,
  key: Key,
): NonNullable<TriggerOperations[Key]> {
  const step = operations[key];
  if (!step) throw new Error(`The REST hook ${spec.key} has no ${key}.`);
  return step;
}

function operationOf(spec: TriggerSpec, sample: PurchaseOrder) {
  const operations = loadOnce(spec);
  const perform = async (z: ZObject, bundle: Bundle) => (await operations()).perform(z, bundle);
  const inputFields = spec.inputFields ? { inputFields: spec.inputFields.map((field) => ({ ...field })) } : {};
  const canPaginate = spec.canPaginate ? { canPaginate: true } : {};
  const shown = { sample, outputFields: purchaseOrderOutputFields };
  switch (spec.kind) {
    case 'polling':
      return { type: 'polling', ...canPaginate, ...inputFields, perform, ...shown } satisfies BasicPollingOperation;
    case 'hook':
      // Nothing to list: the user pastes the URL by hand, so the editor shows the vendor's sample.
      return {
        type: 'hook',
        perform,
        performList: () => [sample],
        ...shown,
      } satisfies BasicHookOperation;
    case 'rest-hook': {
      const list = async (z: ZObject, bundle: Bundle) => required(spec, await operations(), 'performList')(z, bundle);
      const hookStep = (key: 'performSubscribe' | 'performUnsubscribe') => async (z: ZObject, bundle: Bundle) =>
        required(spec, await operations(), key)(z, bundle);
      return {
        type: 'hook',
        ...inputFields,
        performSubscribe: hookStep('performSubscribe'),
        performUnsubscribe: hookStep('performUnsubscribe'),
        perform,
        performList: list,
        ...canPaginate,
        ...shown,
      } satisfies BasicHookOperation;
    }
  }
}

/** The definition of one of the vendor's triggers. */
export function defineTrigger(vendor: VendorDescriptor, spec: TriggerSpec) {
  return {
    key: spec.key,
    noun: spec.noun ?? RECORD_NOUN,
    display: {
      label: spec.label,
      description: spec.description,
      ...(spec.directions === undefined ? {} : { directions: spec.directions }),
      ...(spec.hidden ? { hidden: true } : {}),
    },
    operation: operationOf(spec, sampleFor(vendor, spec.key)),
  } satisfies Trigger;
}
