/**
 * The vendor APIs this integration calls, where they live, and which connection fields
 * authenticate them. Credentials go only to their own vendor's host (contract section 1).
 */
import { connectionFieldLabel } from './connection-fields';

export type ApiVendor = 'stocky' | 'zort';

type CredentialHeader = { header: string; field: string; format?: (value: string) => string };

type ApiHost = {
  name: string;
  defaultBaseUrl: string;
  baseUrlVariable: string;
  headers: CredentialHeader[];
  /** Where a user gets new credentials after the vendor refused them. */
  renewHint: string;
  /** What to check when the vendor answers 403: the credentials work but may not do this. */
  permissionHint: string;
};

/** "https://shop.myshopify.com/" and "SHOP.myshopify.com" both mean "shop.myshopify.com". */
export function normaliseShopDomain(value: string): string {
  return value
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

export const API_HOSTS: Record<ApiVendor, ApiHost> = {
  stocky: {
    name: 'Stocky',
    defaultBaseUrl: 'https://stocky.shopifyapps.com',
    baseUrlVariable: 'STOCKY_BASE_URL',
    headers: [
      { header: 'Store-Name', field: 'stocky_store_name', format: normaliseShopDomain },
      { header: 'Authorization', field: 'stocky_api_key', format: (key) => `API KEY=${key.trim()}` },
    ],
    renewHint:
      'In Stocky, open Preferences > Stocky API, copy the API key again and reconnect this account.',
    permissionHint:
      'Check in Stocky (Preferences > Stocky API) that API access is switched on for this store and that the Store Name is the store the key belongs to.',
  },
  zort: {
    name: 'ZORT',
    defaultBaseUrl: 'https://open-api.zortout.com/v4',
    baseUrlVariable: 'ZORT_BASE_URL',
    headers: [
      { header: 'storename', field: 'zort_store_name' },
      { header: 'apikey', field: 'zort_api_key' },
      { header: 'apisecret', field: 'zort_api_secret' },
    ],
    renewHint:
      'In ZORT, open Setting > Integration > API Reference, copy the Store Name, API Key and API Secret again and reconnect this account.',
    permissionHint:
      "Check in ZORT (Setting > Integration > API Reference) that the API is switched on for this store and that its user may read purchase orders and webhooks.",
  },
};

/** The vendor's base URL, or its environment override (a local sandbox, tests, a proxy). */
export function baseUrl(vendor: ApiVendor): string {
  const host = API_HOSTS[vendor];
  const override = process.env[host.baseUrlVariable]?.trim();
  const value = override || host.defaultBaseUrl;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${host.baseUrlVariable} must be an http(s) URL, not ${JSON.stringify(value)}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`${host.baseUrlVariable} must be an http(s) URL, not ${JSON.stringify(value)}.`);
  }
  return value.replace(/\/+$/, '');
}

/**
 * Which vendor's API a request URL is for: same origin, and under the base URL's path. Two
 * overrides may share an origin (a sandbox with ZORT under /v4): the longest base path wins.
 */
export function apiVendorForUrl(requestUrl: string): ApiVendor | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  let match: { vendor: ApiVendor; pathLength: number } | null = null;
  for (const vendor of Object.keys(API_HOSTS) as ApiVendor[]) {
    const base = new URL(baseUrl(vendor));
    const basePath = base.pathname.replace(/\/+$/, '');
    const under = url.pathname === basePath || url.pathname.startsWith(`${basePath}/`);
    if (url.origin === base.origin && under && (match === null || basePath.length > match.pathLength)) {
      match = { vendor, pathLength: basePath.length };
    }
  }
  return match?.vendor ?? null;
}

/** "Stocky refused the connection's Stocky Store Name, Stocky API Key (HTTP 401). In Stocky, ..." */
export function refusedCredentialsMessage(vendor: ApiVendor, detail: string): string {
  const host = API_HOSTS[vendor];
  const fields = host.headers.map((header) => connectionFieldLabel(header.field)).join(', ');
  return `${host.name} refused the connection's ${fields} (${detail}). ${host.renewHint}`;
}
