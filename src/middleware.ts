/** The app's one beforeRequest and one afterResponse: credentials out, vendor errors in. */
import type { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Bundle, HttpRequestOptions, HttpResponse, ZObject } from 'zapier-platform-core';
import { apiHost, apiVendorForUrl } from './api-hosts';
import { refusedCredentialsMessage, retryAfterSeconds } from './common/api-host';

// Header values cannot carry line breaks, other control characters or non-Latin-1 text:
// Node would throw a bare TypeError while sending.
function isSendableHeaderValue(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code === 0x7f || code > 0xff) return false;
  }
  return true;
}

// Used only when Zapier's verifySSL is off: core then sets rejectUnauthorized on our agent's options.
const UNVERIFIED_HTTPS_AGENT = new HttpsAgent({ rejectUnauthorized: false });

/**
 * node-fetch keeps custom headers (ZORT's apikey and apisecret) when it
 * follows a redirect to another host, but asks a function agent for every hop before connecting:
 * a hop outside the vendor's API is stopped there, before anything is sent.
 */
function credentialsStayHome(vendor: string, z: ZObject) {
  const { name } = apiHost(vendor);
  const options: { rejectUnauthorized?: boolean } = {};
  // node-fetch hands over Node's legacy url.parse() result, which has href and protocol.
  const agent = (hop: { href: string; protocol: string }): Agent | undefined => {
    if (apiVendorForUrl(hop.href) !== vendor) {
      throw new z.errors.Error(
        `${name} redirected this request to ${new URL(hop.href).origin}, outside its API, so it was not followed and the connection's ${name} credentials were not sent there. ` +
          `If ${name} has moved its API, contact ${name} support to confirm the new address.`,
      );
    }
    return hop.protocol === 'https:' && options.rejectUnauthorized === false ? UNVERIFIED_HTTPS_AGENT : undefined;
  };
  return Object.assign(agent, { options });
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
  // node-fetch takes a function as agent; core's types only name an Agent.
  return { ...request, headers, agent: credentialsStayHome(vendor, z) as unknown as Agent };
}

/** The next step after a 4xx that is not a refusal of the credentials themselves. */
function clientErrorMessage(vendor: string, status: number, path: string): string {
  const { name, permissionHint } = apiHost(vendor);
  if (status === 403) {
    return `${name} answered HTTP 403 to ${path}: the connected ${name} account is not allowed to do this. ${permissionHint}`;
  }
  if (status === 404 || status === 410) {
    return `${name} answered HTTP ${status} to ${path}: there is nothing at that address. ${name} may have moved or retired this part of its API; if it keeps happening, contact ${name} support with this message.`;
  }
  return `${name} did not accept the request to ${path} (HTTP ${status}). If it keeps happening, contact ${name} support with this message.`;
}

/**
 * Vendor answers in words, never a raw dump. Only 401 expires the connection: that stops every
 * Zap on it, whichever vendor refused, so it is kept for credentials that reconnecting fixes.
 * 403 (not allowed), other 4xx and 5xx stop this run alone. A caller that asked to see statuses
 * itself (skipThrowForStatus) still sees 404, which it reads as "no such purchase order", and a
 * host whose client reads every answer itself (ZORT's codes come with any status) sees its 4xx.
 */
export function mapVendorErrors(response: HttpResponse, z: ZObject): HttpResponse {
  const vendor = response.request.url ? apiVendorForUrl(response.request.url) : null;
  if (vendor === null) return response;
  const host = apiHost(vendor);
  const { status } = response;
  if (status === 401) {
    throw new z.errors.ExpiredAuthError(refusedCredentialsMessage(host, `HTTP ${status}`));
  }
  if (status >= 500) {
    throw new z.errors.ThrottledError(
      `${host.name} answered HTTP ${status}, a problem on its side; Zapier will try again shortly.`,
      retryAfterSeconds(response),
    );
  }
  const callerReads = response.skipThrowForStatus && (status === 404 || host.readsOwnStatuses === true);
  if (status >= 400 && !callerReads) {
    throw new z.errors.Error(clientErrorMessage(vendor, status, new URL(response.request.url ?? '').pathname));
  }
  return response;
}
