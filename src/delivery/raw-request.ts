import type { Bundle } from 'zapier-platform-core';

/** Header names as the sender wrote them, Zapier's `Http-` prefix and case set aside. */
function normaliseHeaderName(name: string): string {
  return name
    .toLowerCase()
    .replace(/_/g, '-')
    .replace(/^http-/, '');
}

/** A single header value as text: a number is its digits; null or an object is no value. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/**
 * A header value as text. Node joins a repeated header with ", ", and so does this for an array
 * (of scalars: anything deeper is no value). No value lets callers say the header is missing.
 */
function headerText(value: unknown): string | undefined {
  if (!Array.isArray(value)) return scalarText(value);
  const parts = value.map(scalarText).filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/**
 * A delivery's header, read case-insensitively with or without Zapier's `Http-` prefix
 * (`Http-X-Apic-Webhook-Signature` for `X-APIC-WEBHOOK-SIGNATURE`).
 */
export function headerValue(bundle: Bundle, name: string): string | undefined {
  const wanted = normaliseHeaderName(name);
  const headers: unknown = bundle.rawRequest?.headers;
  if (headers === null || typeof headers !== 'object') return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (normaliseHeaderName(key) === wanted) return headerText(value);
  }
  return undefined;
}
