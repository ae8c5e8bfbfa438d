/** ZORT: REST-hook and polling triggers for purchase orders, REST hooks for returns, and the search by id or number. */
import { generatedSamples, type TriggerSpec, type VendorDescriptor } from '../../descriptor/vendor';
import { zortApi, zortConnectionGroup } from './connection';
import { ZORT } from './identity';
import { ZORT_HOOKS, ZORT_POLLING_KEYS, ZORT_POLLING_LABELS, type ZortHookSpec } from './hooks';
import samples from './samples.json';

function restHook(spec: ZortHookSpec): TriggerSpec {
  // ZORT keeps one URL per event per store: where a polling trigger reads the same changes, say when to choose it.
  const instead =
    spec.polling === null
      ? ''
      : ` For more than one Zap on this event, or a store whose webhooks another tool manages, pick ${ZORT_POLLING_LABELS[spec.polling]}: it checks every few minutes and leaves the webhook settings alone.`;
  return {
    key: spec.key,
    kind: 'rest-hook',
    ...(spec.documentType === 'purchase_return' ? { noun: 'Purchase Return' } : {}),
    label: spec.label,
    description: `Triggers when ${spec.when}, within seconds.${instead}`,
    // The Zap subscribes itself: nothing to paste, but the user should know it takes the event's one URL.
    directions: `Turning this Zap on puts its URL in ZORT's webhook settings for this event: nothing to copy or paste.${instead}`,
    inputFields: [
      {
        key: 'replace_existing',
        label: 'Replace the Existing Webhook',
        type: 'boolean',
        required: false,
        default: 'false',
        helpText:
          `ZORT sends this event to one URL per store. If another URL already receives it, this Zap will not take it over unless this is Yes; ` +
          `the other URL is then given back when this Zap is turned off, unless it was a Zap that has been turned off since.${instead}`,
      },
    ],
    canPaginate: spec.documentType === 'purchase_order',
    load: async () => {
      const operations = (await import('./triggers')).zortHookOperations[spec.key];
      if (!operations) throw new Error(`ZORT has no code for the trigger ${spec.key}.`);
      return operations;
    },
  };
}

const WHEN = {
  new: 'a purchase order is created in ZORT',
  updated: "a purchase order's status, payment status or lines (quantities, costs, SKUs) change in ZORT",
} as const;

/** The REST hook each polling trigger stands in for. */
const TWIN = { new: 'New Purchase Order in ZORT', updated: 'Updated Purchase Order in ZORT' } as const;

const polling = (kind: keyof typeof ZORT_POLLING_KEYS): TriggerSpec => ({
  key: ZORT_POLLING_KEYS[kind],
  kind: 'polling',
  label: ZORT_POLLING_LABELS[kind],
  description:
    `Triggers when ${WHEN[kind]}, checked every few minutes without a webhook: any number of Zaps can use it on one store, and the webhook settings stay as they are. ` +
    `For changes within seconds, pick ${TWIN[kind]}, which takes the store's one webhook URL for its event.`,
  canPaginate: true,
  load: async () => (await import('./polling')).zortPollingOperations[kind],
});

export const zort: VendorDescriptor = {
  ...ZORT,
  connections: [
    {
      ...zortConnectionGroup,
      // Through the client, which also reads the error code ZORT may send with HTTP 200.
      check: async (z) => {
        await (await import('./client')).getWebhookConfig(z);
      },
    },
  ],
  api: zortApi,
  triggers: [...ZORT_HOOKS.map(restHook), polling('new'), polling('updated')],
  finder: {
    find: async (z, { purchaseOrderId, number }) =>
      (await import('./search')).findZortPurchaseOrder(z, purchaseOrderId, number),
  },
  samples: generatedSamples(samples),
};
