/** The app's one beforeRequest and one afterResponse: credentials out, vendor errors in. */
import type { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Bundle, HttpRequestOptions, HttpResponse, ZObject } from 'zapier-platform-core';
import { apiHost, apiVendorForUrl, matchApiVendor } from './api-hosts';
import {
  baseUrlFor,
  refusedCredentialsMessage,
  retryAfterSeconds,
  type VendorRequestOptions,
} from '../descriptor/api-host';
import type { AuthData } from '../descriptor/vendor';
import { joinWords } from '../common/words';

/** Code points that show as nothing (no-break and zero-width spaces, joiners, marks, variation selectors). */
const INVISIBLE: readonly (readonly [number, number])[] = [
  [0xa0, 0xa0],
  [0xad, 0xad],
  [0x34f, 0x34f],
  [0x61c, 0x61c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180e],
  [0x200b, 0x200f],
  [0x202a, 0x202f],
  [0x205f, 0x206f],
  [0x3000, 0x3000],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
];

/**
 * What in a value a header cannot carry, or null: Node throws a bare TypeError (echoing the value)
 * for line breaks, other control characters and anything past Latin-1, and an invisible character
 * pasted with a key (a zero-width space) is never part of it.
 */
function unsendable(value: string): string | null {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    if (code === 0x0a || code === 0x0d) return 'a line break';
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `a control character (${name})`;
    if (INVISIBLE.some(([from, to]) => code >= from && code <= to)) return `an invisible character (${name})`;
    if (code > 0xff) return `a character outside Latin-1 (${name})`;
  }
  return null;
}

// Used only when Zapier's verifySSL is off: core then sets rejectUnauthorized on our agent's options.
const UNVERIFIED_HTTPS_AGENT = new HttpsAgent({ rejectUnauthorized: false });

/**
 * node-fetch keeps custom headers (ZORT's apikey and apisecret) when it
 * follows a redirect to another host, but asks a function agent for every hop before connecting:
 * a hop outside the vendor's API is stopped there, before anything is sent.
 */
function credentialsStayHome(vendor: string, z: ZObject, authData: AuthData, named: string | undefined) {
  const { name } = apiHost(vendor);
  const options: { rejectUnauthorized?: boolean } = {};
  // node-fetch hands over Node's legacy url.parse() result, which has href and protocol.
  const agent = (hop: { href: string; protocol: string }): Agent | undefined => {
    if (apiVendorForUrl(hop.href, authData, named) !== vendor) {
      throw new z.errors.Error(
        `${name} redirected this request to ${new URL(hop.href).origin}, outside its API, so it was not followed and the connection's ${name} credentials were not sent there. ` +
          `If ${name} has moved its API, contact ${name} support to confirm the new address.`,
      );
    }
    return hop.protocol === 'https:' && options.rejectUnauthorized === false ? UNVERIFIED_HTTPS_AGENT : undefined;
  };
  return Object.assign(agent, { options });
}

/** The value checked for what a header cannot carry: a clear sentence naming it, never the value. */
function sendable(z: ZObject, value: string, label: string, nextStep: string): string {
  const problem = unsendable(value);
  if (problem !== null) {
    throw new z.errors.Error(
      `${label} contains a character that cannot be sent in a request (${problem}), so nothing was sent. ${nextStep}`,
    );
  }
  return value;
}

/**
 * The one place credentials are attached: a connection field's header, or the token a vendor
 * client minted (handed over in the request's vendorApi, see vendorRequest), and only to the API
 * of the vendor they belong to.
 */
export function attachVendorCredentials(request: VendorRequestOptions, z: ZObject, bundle: Bundle): HttpRequestOptions {
  const authData: AuthData = bundle.authData ?? {};
  const named = request.vendorApi;
  // The token leaves the options here: what stays is only the vendor's name, for afterResponse.
  const rest: VendorRequestOptions = { ...request, ...(named ? { vendorApi: { source: named.source } } : {}) };
  if (!request.url) return rest;
  const match = matchApiVendor(request.url, authData, named?.source);
  if (named && match.source === null) {
    const host = apiHost(named.source);
    const { origin, pathname } = new URL(request.url);
    throw new z.errors.Error(
      `A request meant for ${host.name} was addressed to ${origin}${pathname}, which is outside ${host.name}'s API (${baseUrlFor(host, authData) ?? 'none for this connection'}) or inside another vendor's longer base URL, so it was not sent. Check ${host.baseUrlVariable} and the other base URLs if they are set.`,
    );
  }
  if (match.ambiguous.length > 0) {
    const names = match.ambiguous.map((source) => apiHost(source).baseUrlVariable).join(' and ');
    throw new z.errors.Error(
      `${names} name the same base URL, so it is unclear whose credentials this request should carry and none were sent. Give each its own base URL.`,
    );
  }
  const vendor = match.source;
  if (vendor === null) return rest;
  const host = apiHost(vendor);
  const headers: Record<string, string> = { ...request.headers };
  // A host whose credentials are all connection fields gets none of its calls without every one of
  // them: its refusal would call the connection expired, stopping the Zaps of every other vendor on it.
  const empty = host.mintedToken ? [] : host.credentials.filter(({ field }) => !authData[field.key]?.trim());
  if (empty.length > 0) {
    const short = ({ field }: { field: { label: string } }) =>
      field.label.startsWith(`${host.name} `) ? field.label.slice(host.name.length + 1) : field.label;
    throw new z.errors.Error(
      `${host.name} needs the connection's ${joinWords(host.credentials.map(short), 'and')}: ${joinWords(empty.map(short), 'and')} ${empty.length === 1 ? 'is' : 'are'} empty, so nothing was sent. Reconnect and fill ${empty.length === 1 ? 'it' : 'them'} in.`,
    );
  }
  for (const { header, field, format } of host.credentials) {
    const value = authData[field.key]?.trim();
    if (!value) continue;
    const checked = sendable(z, value, field.label, 'Reconnect and paste it again, from plain text.');
    headers[header] = format ? format(checked) : checked;
  }
  if (named?.token !== undefined) {
    const minted = host.mintedToken;
    if (!minted) throw new Error(`${host.name} has no minted-token header to put a token in.`);
    const token = sendable(
      z,
      named.token,
      minted.label,
      `If it happens again, contact ${host.name} support with this message.`,
    );
    headers[minted.header] = minted.format ? minted.format(token) : token;
  }
  // node-fetch takes a function as agent; core's types only name an Agent.
  return { ...rest, headers, agent: credentialsStayHome(vendor, z, authData, named?.source) as unknown as Agent };
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
export function mapVendorErrors(response: HttpResponse, z: ZObject, bundle?: Bundle): HttpResponse {
  const request = response.request as VendorRequestOptions;
  const authData: AuthData = bundle?.authData ?? {};
  const vendor = request.url ? apiVendorForUrl(request.url, authData, request.vendorApi?.source) : null;
  if (vendor === null) return response;
  const host = apiHost(vendor);
  // A client that mints tokens reads every status it asked to see: a refused token is minted again first.
  if (host.readsStatuses === 'every-status' && response.skipThrowForStatus) return response;
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
  const callerReads = response.skipThrowForStatus && (status === 404 || host.readsStatuses === 'client-errors');
  if (status >= 400 && !callerReads) {
    throw new z.errors.Error(clientErrorMessage(vendor, status, new URL(response.request.url ?? '').pathname));
  }
  return response;
}
