import type { Bundle } from 'zapier-platform-core';

/** Header names as the sender wrote them, Zapier's `Http-` prefix and case set aside. */
function normaliseHeaderName(name: string): string {
  return name.toLowerCase().replace(/_/g, '-').replace(/^http-/, '');
}

/**
 * A delivery's header, read case-insensitively with or without Zapier's `Http-` prefix
 * (`Http-X-Apic-Webhook-Signature` for `X-APIC-WEBHOOK-SIGNATURE`).
 */
export function headerValue(bundle: Bundle, name: string): string | undefined {
  const wanted = normaliseHeaderName(name);
  const headers = bundle.rawRequest?.headers ?? {};
  for (const [key, value] of Object.entries(headers)) {
    if (normaliseHeaderName(key) === wanted) return value;
  }
  return undefined;
}
