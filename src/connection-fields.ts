/** The connection's fields (contract section 1), in one place for the connection and its error messages. */

export type GroupName = 'Stocky' | 'ZORT' | 'Apicbase';

export const CONNECTION_FIELDS: {
  key: string;
  label: string;
  group: GroupName;
  type: 'string' | 'password';
  helpText: string;
}[] = [
  {
    key: 'stocky_store_name',
    label: 'Stocky Store Name',
    group: 'Stocky',
    type: 'string',
    helpText:
      "Your Shopify store's myshopify.com domain, such as `my-shop.myshopify.com` (Shopify admin > **Settings > Domains**). Fill in with the API key to use the Stocky triggers and search.",
  },
  {
    key: 'stocky_api_key',
    label: 'Stocky API Key',
    group: 'Stocky',
    type: 'password',
    helpText: 'In Stocky, open **Preferences > Stocky API** and copy the API key.',
  },
  {
    key: 'zort_store_name',
    label: 'ZORT Store Name',
    group: 'ZORT',
    type: 'string',
    helpText:
      'In ZORT, open **Setting > Integration > API Reference** and copy the Store Name. Fill in all three ZORT fields to use the ZORT triggers and search.',
  },
  {
    key: 'zort_api_key',
    label: 'ZORT API Key',
    group: 'ZORT',
    type: 'string',
    helpText: 'On the same ZORT page (**Setting > Integration > API Reference**), copy the API Key.',
  },
  {
    key: 'zort_api_secret',
    label: 'ZORT API Secret',
    group: 'ZORT',
    type: 'password',
    helpText: 'On the same ZORT page (**Setting > Integration > API Reference**), copy the API Secret.',
  },
  {
    key: 'apicbase_webhook_secret',
    label: 'Apicbase Webhook Secret',
    group: 'Apicbase',
    type: 'password',
    helpText:
      'The client secret of your Apicbase API credentials (the one you use to get tokens), or the secret Apicbase support set for the ordering webhook. It verifies the `X-APIC-WEBHOOK-SIGNATURE` of each order.',
  },
];

/** "Stocky API Key" for "stocky_api_key": how error messages name a field. */
export function connectionFieldLabel(key: string): string {
  return CONNECTION_FIELDS.find((field) => field.key === key)?.label ?? key;
}
