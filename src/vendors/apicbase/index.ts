/** Apicbase: the signed ordering webhook, and the supplier API's order list polled as its stand-in. */
import { generatedSamples, type VendorDescriptor } from '../../descriptor/vendor';
import { apicbaseApi, apicbaseApiConnection, apicbaseWebhookConnection } from './connection';
import { APICBASE_HOOK_KEY, APICBASE_POLLING_KEY } from './keys';
import samples from './samples.json';
import { APICBASE } from './identity';

export const apicbase: VendorDescriptor = {
  ...APICBASE,
  connections: [
    apicbaseWebhookConnection,
    {
      ...apicbaseApiConnection,
      // Minting a token is the cheapest call that proves the credentials.
      check: async (z, authData) => {
        const { apicbaseClient } = await import('./client');
        await apicbaseClient(z, { authData }).testConnection();
      },
    },
  ],
  api: apicbaseApi,
  triggers: [
    {
      key: APICBASE_HOOK_KEY,
      kind: 'hook',
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
      load: async () => (await import('./triggers')).apicbaseHookOperations,
    },
    {
      key: APICBASE_POLLING_KEY,
      kind: 'polling',
      label: 'New Purchase Order in Apicbase (Polling)',
      description:
        "Triggers when a customer places a purchase order with you in Apicbase, read from the supplier API every few minutes with the connection's Client ID and Client Secret. " +
        'Pick it when your ordering webhook is not set up, or as its safety net; New Purchase Order in Apicbase gets the same orders at once through the webhook, as the same record.',
      canPaginate: true,
      load: async () => (await import('./polling')).apicbasePollingOperations,
    },
  ],
  samples: generatedSamples(samples),
};
