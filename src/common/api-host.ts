/** Base URLs and refusal messages for any vendor API host (src/common/vendor.ts). */
import type { HttpResponse } from 'zapier-platform-core';
import type { ApiHost } from './vendor';
import { joinWords } from './words';

/** The host's base URL, or its environment override (a local sandbox, tests, a proxy). */
export function baseUrlOf(host: ApiHost): string {
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
 * "ZORT refused the connection's Store Name, API Key and API Secret (HTTP 401). In ZORT, ...":
 * the fields without the vendor's name again, so the sentence names it once.
 */
export function refusedCredentialsMessage(host: ApiHost, detail: string): string {
  const prefix = `${host.name} `;
  const labels = host.credentials.map(({ field }) => (field.label.startsWith(prefix) ? field.label.slice(prefix.length) : field.label));
  const fields = joinWords(labels, 'and');
  return `${host.name} refused the connection's ${fields} (${detail}). ${host.renewHint}`;
}

/** A Retry-After header in seconds (it may be a number of seconds or an HTTP date). */
export function retryAfterSeconds(response: HttpResponse): number | undefined {
  const value = response.getHeader('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
