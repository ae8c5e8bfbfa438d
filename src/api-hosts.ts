/**
 * The registered vendors' API hosts, looked up by source or by request URL. Credentials go only
 * to their own vendor's host (contract section 1).
 */
import { baseUrlOf } from './common/api-host';
import type { ApiHost } from './common/vendor';
import { VENDORS } from './vendors';

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

/**
 * Which vendor's API a request URL is for: same origin, and under the base URL's path. Two
 * overrides may share an origin (a sandbox with ZORT under /v4): the longest base path wins.
 */
export function apiVendorForUrl(requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  let match: { source: string; pathLength: number } | null = null;
  for (const [source, host] of API_HOSTS) {
    const base = new URL(baseUrlOf(host));
    const basePath = base.pathname.replace(/\/+$/, '');
    const under = url.pathname === basePath || url.pathname.startsWith(`${basePath}/`);
    if (url.origin === base.origin && under && (match === null || basePath.length > match.pathLength)) {
      match = { source, pathLength: basePath.length };
    }
  }
  return match?.source ?? null;
}
