/** Base URLs, vendor-named requests and refusal messages for any vendor API host (src/descriptor/vendor.ts). */
import type { HttpRequestOptions, HttpResponse } from 'zapier-platform-core';
import type { ApiHost, AuthData } from './vendor';
import { joinWords } from '../common/words';

/** The base URL an environment variable sets (a local sandbox, tests, a proxy), or null when unset. */
export function overriddenBaseUrl(variable: string): string | null {
  const value = process.env[variable]?.trim();
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${variable} must be an http(s) URL, not ${JSON.stringify(value)}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`${variable} must be an http(s) URL, not ${JSON.stringify(value)}.`);
  }
  return value.replace(/\/+$/, '');
}

/** The base URL of a host with a fixed one, or its environment override. */
export function baseUrlOf(host: ApiHost): string {
  const override = overriddenBaseUrl(host.baseUrlVariable);
  if (override !== null) return override;
  if (typeof host.defaultBaseUrl !== 'string')
    throw new Error(`${host.name}'s base URL depends on the connection: use baseUrlFor.`);
  return host.defaultBaseUrl.replace(/\/+$/, '');
}

/** The host's base URL for a connection (a shop's own host), or its environment override; null when there is none. */
export function baseUrlFor(host: ApiHost, authData: AuthData): string | null {
  const override = overriddenBaseUrl(host.baseUrlVariable);
  if (override !== null) return override;
  return typeof host.defaultBaseUrl === 'string'
    ? host.defaultBaseUrl.replace(/\/+$/, '')
    : host.defaultBaseUrl(authData);
}

/** What a vendor client adds to z.request's options: the vendor it calls, and the token it minted for it. */
export type VendorApiOption = { source: string; token?: string };

export type VendorRequestOptions = HttpRequestOptions & { url?: string; vendorApi?: VendorApiOption };

/**
 * A request that names its vendor, with the token minted for it. Why the token rides in the
 * options rather than in a header: the token module knows which token a refusal was for, and the
 * app's one beforeRequest knows the hosts and headers, so it alone checks that the URL is that
 * vendor's API (overrides included, a shared base URL decided by this name) and puts the token
 * in the header, checked like every other credential.
 */
export function vendorRequest<Options extends HttpRequestOptions & { url: string }>(
  source: string,
  options: Options,
  token?: string,
): Options {
  const vendorApi: VendorApiOption = token === undefined ? { source } : { source, token };
  return { ...options, vendorApi };
}

/**
 * "ZORT refused the connection's Store Name, API Key and API Secret (HTTP 401). In ZORT, ...":
 * the fields without the vendor's name again, so the sentence names it once.
 */
export function refusedCredentialsMessage(host: ApiHost, detail: string): string {
  const prefix = `${host.name} `;
  const labels = host.credentials.map(({ field }) =>
    field.label.startsWith(prefix) ? field.label.slice(prefix.length) : field.label,
  );
  // A host with no credential header (its token is minted) is refused the connection's credentials as a whole.
  const fields = joinWords(labels, 'and') || `${host.name} credentials`;
  return `${host.name} refused the connection's ${fields} (${detail}). ${host.renewHint}`;
}

/** A Retry-After header in seconds (it may be a number of seconds or an HTTP date). */
export function retryAfterSeconds(response: Pick<HttpResponse, 'getHeader'>): number | undefined {
  const value = response.getHeader('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
