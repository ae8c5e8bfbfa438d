/** ZORT's connection group and API host: its fields, credential headers and cheapest check. */
import { everyFieldRequired } from '../../descriptor/connection-group';
import type { ApiHost, ConnectionField } from '../../descriptor/vendor';

const storeName: ConnectionField = {
  key: 'zort_store_name',
  label: 'ZORT Store Name',
  type: 'string',
  helpText:
    'In [ZORT](https://secure.zortout.com), open **Setting > Integration > API Reference** and copy the Store Name (see [the ZORT API docs](https://developers.zortout.com)). Fill in all three ZORT fields to use the ZORT triggers and search.',
};

const apiKey: ConnectionField = {
  key: 'zort_api_key',
  label: 'ZORT API Key',
  type: 'string',
  helpText:
    'On the same [ZORT](https://secure.zortout.com) page (**Setting > Integration > API Reference**), copy the API Key.',
};

const apiSecret: ConnectionField = {
  key: 'zort_api_secret',
  label: 'ZORT API Secret',
  type: 'password',
  helpText:
    'On the same [ZORT](https://secure.zortout.com) page (**Setting > Integration > API Reference**), copy the API Secret.',
};

export const zortApi: ApiHost = {
  name: 'ZORT',
  defaultBaseUrl: 'https://open-api.zortout.com/v4',
  baseUrlVariable: 'ZORT_BASE_URL',
  credentials: [
    { header: 'storename', field: storeName },
    { header: 'apikey', field: apiKey },
    { header: 'apisecret', field: apiSecret },
  ],
  renewHint:
    'In ZORT, open Setting > Integration > API Reference, copy the Store Name, API Key and API Secret again and reconnect this account.',
  // ZORT's codes (resCode) come with any HTTP status, so its client reads them all.
  readsStatuses: 'client-errors',
  permissionHint:
    'Check in ZORT (Setting > Integration > API Reference) that the API is switched on for this store and that its user may read purchase orders and webhooks.',
};

/** The group without its check, which needs the client (src/vendors/zort/index.ts adds it). */
export const zortConnectionGroup = everyFieldRequired({
  name: 'ZORT',
  serves: 'for the ZORT triggers and the search',
  fields: [storeName, apiKey, apiSecret],
  label: (authData) => `ZORT: ${(authData.zort_store_name ?? '').trim()}`,
});
