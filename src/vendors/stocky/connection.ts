/** Stocky's connection group and API host: its fields, credential headers and cheapest check. */
import type { ApiHost, ConnectionField, ConnectionGroup } from '../../common/vendor';
import { SHOP_DOMAIN, normaliseShopDomain } from '../../common/shop-domain';
import { STOCKY_RETIRED_MESSAGE, stockyListUrl, stockyRequest, throwIfRetiredAnswer } from './client';

const storeName: ConnectionField = {
  key: 'stocky_store_name',
  label: 'Stocky Store Name',
  type: 'string',
  helpText:
    "Stocky's API was switched off by Shopify on 2026-08-31 ([Stocky's API docs](https://stocky.shopifyapps.com/api/docs/v2.html)): leave this empty and fill in the Shopify fields instead.",
};

const apiKey: ConnectionField = {
  key: 'stocky_api_key',
  label: 'Stocky API Key',
  type: 'password',
  helpText:
    "Stocky's API was switched off by Shopify on 2026-08-31 ([Stocky's API docs](https://stocky.shopifyapps.com/api/docs/v2.html)): leave this empty and fill in the Shopify fields instead.",
};

export const stockyApi: ApiHost = {
  name: 'Stocky',
  defaultBaseUrl: 'https://stocky.shopifyapps.com',
  baseUrlVariable: 'STOCKY_BASE_URL',
  credentials: [
    { header: 'Store-Name', field: storeName, format: normaliseShopDomain },
    { header: 'Authorization', field: apiKey, format: (key) => `API KEY=${key.trim()}` },
  ],
  renewHint:
    'In Stocky, open Preferences > Stocky API, copy the API key again and reconnect this account.',
  permissionHint:
    'Check in Stocky (Preferences > Stocky API) that API access is switched on for this store and that the Store Name is the store the key belongs to.',
  checkAnswer: (response, z) => throwIfRetiredAnswer(response, z),
};

export const stockyConnection: ConnectionGroup = {
  name: 'Stocky',
  fields: [storeName, apiKey],
  label: (authData) => `Stocky: ${normaliseShopDomain(authData.stocky_store_name ?? '')}`,
  check: async (z, authData) => {
    const domain = normaliseShopDomain(authData.stocky_store_name ?? '');
    if (!SHOP_DOMAIN.test(domain)) {
      throw new z.errors.Error(
        `Stocky Store Name must be your store's myshopify.com domain, such as "my-shop.myshopify.com", not ${JSON.stringify(domain)}. Shopify admin shows it under Settings > Domains.`,
      );
    }
    try {
      await stockyRequest(z, { url: stockyListUrl(), params: { limit: 1 } });
    } catch (error) {
      // The connection may serve other systems too: say how to keep it.
      if (error instanceof Error && error.message.includes(STOCKY_RETIRED_MESSAGE)) {
        throw new z.errors.Error(`${STOCKY_RETIRED_MESSAGE} To keep this connection for other systems, clear its Stocky Store Name and Stocky API Key.`);
      }
      throw error;
    }
  },
};
