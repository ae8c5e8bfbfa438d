/** Base URLs and refusal messages for any vendor API host (src/common/vendor.ts). */
import type { ApiHost } from './vendor';

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

/** "Stocky refused the connection's Stocky Store Name, Stocky API Key (HTTP 401). In Stocky, ..." */
export function refusedCredentialsMessage(host: ApiHost, detail: string): string {
  const fields = host.credentials.map((credential) => credential.field.label).join(', ');
  return `${host.name} refused the connection's ${fields} (${detail}). ${host.renewHint}`;
}
