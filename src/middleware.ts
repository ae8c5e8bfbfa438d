/** The app's one beforeRequest and one afterResponse: credentials out, vendor errors in. */
import type { Bundle, HttpRequestOptions, HttpResponse, ZObject } from 'zapier-platform-core';
import { apiHost, apiVendorForUrl } from './api-hosts';
import { refusedCredentialsMessage } from './common/api-host';

// Header values cannot carry line breaks, other control characters or non-Latin-1 text:
// Node would throw a bare TypeError while sending.
function isSendableHeaderValue(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code === 0x7f || code > 0xff) return false;
  }
  return true;
}

export function attachVendorCredentials(
  request: HttpRequestOptions & { url?: string },
  z: ZObject,
  bundle: Bundle,
): HttpRequestOptions {
  const vendor = request.url ? apiVendorForUrl(request.url) : null;
  if (vendor === null) return request;
  const headers: Record<string, string> = { ...request.headers };
  for (const { header, field, format } of apiHost(vendor).credentials) {
    const value = bundle.authData?.[field.key]?.trim();
    if (!value) continue;
    if (!isSendableHeaderValue(value)) {
      throw new z.errors.ExpiredAuthError(
        `${field.label} contains characters that cannot be sent (a line break, perhaps). Reconnect and paste it again.`,
      );
    }
    headers[header] = format ? format(value) : value;
  }
  return { ...request, headers };
}

function retryAfterSeconds(response: HttpResponse): number | undefined {
  const value = response.getHeader('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** 401/403: the vendor refused the credentials. 5xx: try again later (Zapier retries throttled runs). */
export function mapVendorErrors(response: HttpResponse, z: ZObject): HttpResponse {
  const vendor = response.request.url ? apiVendorForUrl(response.request.url) : null;
  if (vendor === null) return response;
  const host = apiHost(vendor);
  host.checkAnswer?.(response, z);
  const { status } = response;
  if (status === 401 || status === 403) {
    throw new z.errors.ExpiredAuthError(refusedCredentialsMessage(host, `HTTP ${status}`));
  }
  if (status >= 500) {
    throw new z.errors.ThrottledError(
      `${host.name} answered HTTP ${status}, a problem on its side; Zapier will try again shortly.`,
      retryAfterSeconds(response),
    );
  }
  return response;
}
