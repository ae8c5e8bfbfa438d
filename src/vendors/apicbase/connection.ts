/** Apicbase's connection group: the secret that verifies order webhooks. */
import type { ConnectionGroup } from '../../common/vendor';

export const apicbaseConnection: ConnectionGroup = {
  name: 'Apicbase',
  fields: [
    {
      key: 'apicbase_webhook_secret',
      label: 'Apicbase Webhook Secret',
      type: 'password',
      helpText:
        'The client secret of your Apicbase API credentials (the one you use to get tokens), or the secret Apicbase support set for the ordering webhook. It verifies the `X-APIC-WEBHOOK-SIGNATURE` of each order.',
    },
  ],
  // No Apicbase API is called with this secret: it only verifies incoming order webhooks.
  label: () => 'Apicbase',
};
