/**
 * Shopify's connection group and API host: the store's domain, and a Dev Dashboard app's client
 * credentials or an access token. Data only: the group's check, which needs the client, is wired in ./index.ts.
 */
import { isFilled } from '../../descriptor/connection-group';
import type { ApiHost, ConnectionField, ConnectionGroup } from '../../descriptor/vendor';

/** The connection fields this client reads, with the labels its messages name. */
export const SHOPIFY_FIELD_LABELS = {
  shopify_store_domain: 'Shopify Store Domain',
  shopify_client_id: 'Shopify Client ID',
  shopify_client_secret: 'Shopify Client Secret',
  shopify_access_token: 'Shopify Access Token',
} as const;

export const SHOPIFY_SCOPE = 'read_inventory_purchase_orders';

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
const ADMIN_URL = /^admin\.shopify\.com\/store\/([a-z0-9][a-z0-9-]*)(?:[/?#]|$)/;

/**
 * The shop's `x.myshopify.com` domain from what a merchant pastes: the domain, any URL on it
 * (scheme, path and capitals dropped), or the admin's `admin.shopify.com/store/x` address.
 * Null for anything else (a custom domain does not serve the Admin API).
 */
export function normaliseShopifyDomain(value: string): string | null {
  const bare = value
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '');
  const admin = ADMIN_URL.exec(bare);
  const domain = admin ? `${admin[1]}.myshopify.com` : bare.replace(/[/?#].*$/, '');
  return SHOP_DOMAIN.test(domain) ? domain : null;
}

const storeDomain: ConnectionField = {
  key: 'shopify_store_domain',
  label: SHOPIFY_FIELD_LABELS.shopify_store_domain,
  type: 'string',
  helpText:
    "Your store's myshopify.com domain, such as `my-shop.myshopify.com` (Shopify admin > **Settings > Domains**; the admin's address `admin.shopify.com/store/my-shop` works too). Fill in with a Client ID and Client Secret, or an Access Token, to use the Shopify triggers and search.",
};

const clientId: ConnectionField = {
  key: 'shopify_client_id',
  label: SHOPIFY_FIELD_LABELS.shopify_client_id,
  type: 'string',
  helpText: `In Shopify's [Dev Dashboard](https://dev.shopify.com/dashboard), create an app for your own store: give its version the Admin API scope \`${SHOPIFY_SCOPE}\`, release it and install it on the store. Then open the app's **Settings** and copy the Client ID.`,
};

const clientSecret: ConnectionField = {
  key: 'shopify_client_secret',
  label: SHOPIFY_FIELD_LABELS.shopify_client_secret,
  type: 'password',
  helpText:
    "On the same [Dev Dashboard](https://dev.shopify.com/dashboard) page (the app's **Settings**), copy the Client Secret. Zapier uses it to get a 24-hour access token and reuses that token until it expires.",
};

const accessToken: ConnectionField = {
  key: 'shopify_access_token',
  label: SHOPIFY_FIELD_LABELS.shopify_access_token,
  type: 'password',
  helpText: `Instead of a Client ID and Secret: the Admin API access token (\`shpat_...\`) of a custom app made in Shopify admin before 2026 (**Settings > Apps > Develop apps >** the app **> API credentials**), with the scope \`${SHOPIFY_SCOPE}\` ([Shopify's guide](https://help.shopify.com/en/manual/apps/app-types/custom-apps)).`,
};

/**
 * The shop's own host (or SHOPIFY_BASE_URL, whatever the shop): a pasted access token goes there
 * as a connection field, a minted one as the client hands it over, both in X-Shopify-Access-Token.
 */
export const shopifyApi: ApiHost = {
  name: 'Shopify',
  defaultBaseUrl: (authData) => {
    const domain = normaliseShopifyDomain(authData.shopify_store_domain ?? '');
    return domain === null ? null : `https://${domain}`;
  },
  baseUrlVariable: 'SHOPIFY_BASE_URL',
  credentials: [{ header: 'X-Shopify-Access-Token', field: accessToken }],
  mintedToken: { header: 'X-Shopify-Access-Token', label: 'The access token Shopify issued' },
  readsStatuses: 'every-status',
  renewHint:
    "In the Dev Dashboard, open the app, copy its Client ID and Secret again (or the custom app's Admin API access token), and reconnect.",
  permissionHint: `Check that the app is installed on the store with the scope ${SHOPIFY_SCOPE}.`,
};

export const shopifyConnection = {
  name: 'Shopify',
  serves: 'for the Shopify triggers and the search',
  fields: [storeDomain, clientId, clientSecret, accessToken],
  // Not every field: an access token stands in for the client ID and secret.
  needs: 'the Store Domain, and either the Client ID and Client Secret or an Access Token',
  emptyFields: (authData) => {
    const domain = isFilled(authData, storeDomain.key) ? [] : [storeDomain];
    if (isFilled(authData, accessToken.key)) return domain;
    return [...domain, ...[clientId, clientSecret].filter((field) => !isFilled(authData, field.key))];
  },
  label: (authData) =>
    `Shopify: ${normaliseShopifyDomain(authData.shopify_store_domain ?? '') ?? (authData.shopify_store_domain ?? '').trim()}`,
} satisfies ConnectionGroup;
