/**
 * The registered vendors' API hosts, looked up by source or by request URL. Credentials go only
 * to their own vendor's host (contract section 1).
 */
import { baseUrlFor, baseUrlOf } from '../descriptor/api-host';
import type { ApiHost, AuthData } from '../descriptor/vendor';
import { VENDORS } from '../vendors';

const API_HOSTS: ReadonlyMap<string, ApiHost> = new Map(
  VENDORS.flatMap((vendor) => (vendor.api ? [[vendor.source, vendor.api] as const] : [])),
);

export function apiHost(source: string): ApiHost {
  const host = API_HOSTS.get(source);
  if (!host) throw new Error(`No API host is registered for ${JSON.stringify(source)}.`);
  return host;
}

/** A registered vendor's base URL, or its environment override. */
export function baseUrl(source: string): string {
  return baseUrlOf(apiHost(source));
}

export type ApiVendorMatch = {
  /** The vendor whose API the URL is in, or null. */
  source: string | null;
  /** Vendors the URL belongs to equally, when the request did not say which it is for. */
  ambiguous: string[];
};

/**
 * Which vendor's API a request URL is for: same origin, and under the base URL's path (Shopify's
 * is the connection's shop, or SHOPIFY_BASE_URL). Overrides may share an origin (a sandbox with
 * ZORT under /zort/v4): the longest base path wins. Where several share the very same base URL,
 * the request's own name for its vendor (`named`, from vendorRequest) decides; a host whose client
 * mints tokens names every request, so an unnamed request is never its. A named request whose
 * vendor is not the URL's owner gets no vendor at all.
 */
export function matchApiVendor(requestUrl: string, authData: AuthData = {}, named?: string): ApiVendorMatch {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { source: null, ambiguous: [] };
  }
  let longest = -1;
  let owners: string[] = [];
  for (const [source, host] of API_HOSTS) {
    const baseText = baseUrlFor(host, authData);
    if (baseText === null) continue;
    const base = new URL(baseText);
    const basePath = base.pathname.replace(/\/+$/, '');
    const under = url.pathname === basePath || url.pathname.startsWith(`${basePath}/`);
    if (url.origin !== base.origin || !under || basePath.length < longest) continue;
    if (basePath.length > longest) owners = [];
    longest = basePath.length;
    owners.push(source);
  }
  if (named !== undefined) return { source: owners.includes(named) ? named : null, ambiguous: [] };
  const unnamed = owners.filter((source) => apiHost(source).mintedToken === undefined);
  if (unnamed.length > 1) return { source: null, ambiguous: unnamed };
  return { source: unnamed[0] ?? null, ambiguous: [] };
}

/** The vendor whose API a request URL is for, or null (see matchApiVendor). */
export function apiVendorForUrl(requestUrl: string, authData: AuthData = {}, named?: string): string | null {
  return matchApiVendor(requestUrl, authData, named).source;
}
