/**
 * Apicbase's two connection groups: the secret that verifies order webhooks, and the supplier
 * API's client credentials that the polling trigger reads orders with. Data only: the API
 * group's check, which needs the client, is wired in ./index.ts.
 */
import { everyFieldRequired } from '../../descriptor/connection-group';
import type { ApiHost } from '../../descriptor/vendor';

export const APICBASE_FIELD_LABELS = {
  apicbase_client_id: 'Apicbase Client ID',
  apicbase_client_secret: 'Apicbase Client Secret',
} as const;

export const APICBASE_DEFAULT_BASE_URL = 'https://api.apicbase.com';
export const APICBASE_SCOPE = 'supplier';

/**
 * The supplier API (or APICBASE_BASE_URL). No connection field goes there as a header: the client
 * id and secret travel only in the token request's body, and the minted token as a bearer.
 */
export const apicbaseApi: ApiHost = {
  name: 'Apicbase',
  defaultBaseUrl: APICBASE_DEFAULT_BASE_URL,
  baseUrlVariable: 'APICBASE_BASE_URL',
  credentials: [],
  mintedToken: {
    header: 'Authorization',
    format: (token) => `Bearer ${token}`,
    label: 'The access token Apicbase issued',
  },
  readsStatuses: 'every-status',
  renewHint: `Ask Apicbase's integrations team for your supplier API credentials (scope ${APICBASE_SCOPE}), then reconnect with them.`,
  permissionHint: `Ask Apicbase's integrations team to give these supplier API credentials the scope ${APICBASE_SCOPE}.`,
};

export const apicbaseWebhookConnection = everyFieldRequired({
  name: 'Apicbase webhook',
  serves: 'for New Purchase Order in Apicbase (empty when your Client Secret signs the webhook)',
  fields: [
    {
      key: 'apicbase_webhook_secret',
      label: 'Apicbase Webhook Secret',
      type: 'password',
      helpText:
        'The secret that signs your ordering webhook: the client secret of your Apicbase API credentials (the one you use to get tokens), or the secret Apicbase support set for the webhook ([ordering docs](https://developers.apicbase.com/docs/integrated-ordering)). It verifies the signature of each order. Leave it empty when the Client Secret below is the one that signs.',
    },
  ],
  // No Apicbase API is called with this secret: it only verifies incoming order webhooks.
  label: () => 'Apicbase webhook',
});

export const apicbaseApiConnection = everyFieldRequired({
  name: 'Apicbase API',
  serves: 'for New Purchase Order in Apicbase (Polling)',
  fields: [
    {
      key: 'apicbase_client_id',
      label: APICBASE_FIELD_LABELS.apicbase_client_id,
      type: 'string',
      helpText: `The client ID of your supplier API credentials (scope \`${APICBASE_SCOPE}\`), from Apicbase's integrations team ([API docs](https://developers.apicbase.com)). Fill it in with the Client Secret to use New Purchase Order in Apicbase (Polling).`,
    },
    {
      key: 'apicbase_client_secret',
      label: APICBASE_FIELD_LABELS.apicbase_client_secret,
      type: 'password',
      helpText:
        'The client secret of the same credentials. Zapier uses it to get a one-week access token and reuses that token until it expires; it also verifies the ordering webhook when the Webhook Secret above is empty (Apicbase signs with it by default; [API docs](https://developers.apicbase.com)).',
    },
  ],
  label: () => 'Apicbase API',
});
