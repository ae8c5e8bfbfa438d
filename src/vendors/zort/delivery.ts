/** Reading a ZORT webhook delivery: its key, its method and its payload. Pure. */
import { isAscii, isUtf8 } from 'node:buffer';
import { createHash, timingSafeEqual } from 'node:crypto';
import { jsonFault } from '../../common/validation';

function sameSecret(received: string, expected: string): boolean {
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // timingSafeEqual needs equal lengths; comparing b with itself keeps the time independent of a.
  return a.length === b.length ? timingSafeEqual(a, b) : !timingSafeEqual(b, b);
}

/** A key as compared: ZORT's settings and senders may keep surrounding spaces, the key is without them. */
const keyText = (key: string) => key.trim();

/** key1 as z.cache may keep it: its SHA-256, never the key. */
export const keyDigest = (key: string): string => createHash('sha256').update(keyText(key), 'utf8').digest('hex');

export type DeliveredKeys = { ok: true; keys: string[] } | { ok: false; problem: string };

/**
 * The keys a delivery carries: ZORT sends `Authorization: Basic {key1}`, the literal key
 * (unverified: base64 of the key is read too), and per its v4 docs a `key1` header.
 */
export function deliveredKeys(authorization: string | undefined, key1Header: string | undefined): DeliveredKeys {
  const keys: string[] = [];
  const basic = /^Basic\s+(.+)$/i.exec(authorization?.trim() ?? '')?.[1];
  if (basic !== undefined) {
    keys.push(keyText(basic));
    const decoded = Buffer.from(basic.trim(), 'base64').toString('utf8');
    keys.push(keyText(decoded), keyText(decoded.replace(/:$/, '')));
  }
  if (key1Header !== undefined) keys.push(keyText(key1Header));
  if (keys.length > 0) return { ok: true, keys };
  return {
    ok: false,
    problem: authorization?.trim()
      ? 'the Authorization header is not "Basic" followed by the webhook key1'
      : 'the Authorization header (Basic and the webhook key1) is missing',
  };
}

/** Whether one of the delivered keys is `key1`, surrounding spaces aside, in constant time. */
export function carriesKey(keys: readonly string[], key1: string): boolean {
  const expected = keyText(key1);
  if (expected === '') return false;
  let matched = false;
  for (const key of keys) matched = sameSecret(key, expected) || matched;
  return matched;
}

/** Whether one of the delivered keys has this digest (keyDigest), in constant time. */
export function carriesKeyWithDigest(keys: readonly string[], digest: string): boolean {
  const expected = Buffer.from(digest, 'hex');
  let matched = false;
  for (const key of keys) {
    const actual = Buffer.from(keyDigest(key), 'hex');
    matched = (actual.length === expected.length && timingSafeEqual(actual, expected)) || matched;
  }
  return matched;
}

export type PayloadRead = { ok: true; payload: unknown } | { ok: false; problem: string };

/**
 * The payload sent as text (a form field, a multipart part, a JSON string), read as a JSON body
 * is: however deep it nests (docs/decisions.md, "Bounds"), as the same payload gets the same
 * answer whichever way ZORT sends it.
 */
function parsePayloadText(text: string): PayloadRead {
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    const fault = jsonFault(error);
    return { ok: false, problem: `the payload is not JSON${fault === null ? '' : ` (${fault})`}` };
  }
  return { ok: true, payload };
}

/** NOT_A_BYTE, or the byte two hex digits spell, by (first digit's code << 8 | second's). */
const NOT_A_BYTE = 0x100;
const HEX_PAIR_VALUES = new Uint16Array(0x10000).fill(NOT_A_BYTE);
for (const [high, highDigit] of [...'0123456789abcdef0123456789ABCDEF'].entries()) {
  for (const [low, lowDigit] of [...'0123456789abcdef0123456789ABCDEF'].entries()) {
    HEX_PAIR_VALUES[(highDigit.charCodeAt(0) << 8) | lowDigit.charCodeAt(0)] = (high % 16 << 4) | low % 16;
  }
}

/**
 * Decodes form-encoded ASCII bytes in place ('+' a space, %XX a byte): the decoded length, or -1
 * at a '%' not followed by two hex digits. A loop over bytes with one look-up per escape: faster
 * than decodeURIComponent. It returns a number, not a Buffer: V8 compiles the loop while the first
 * call runs, and a property read after it (subarray) would undo that compiled code on every call.
 */
function percentDecodeInPlace(bytes: Buffer): number {
  let length = 0;
  // Read once: a typed array's length is checked again on every read of it in the loop.
  const end = bytes.length;
  for (let index = 0; index < end; index += 1) {
    const code = bytes[index]!;
    if (code === 0x25) {
      if (index + 2 >= end) return -1;
      const byte = HEX_PAIR_VALUES[(bytes[index + 1]! << 8) | bytes[index + 2]!]!;
      if (byte === NOT_A_BYTE) return -1;
      bytes[length++] = byte;
      index += 2;
    } else {
      bytes[length++] = code === 0x2b ? 0x20 : code;
    }
  }
  return length;
}

/** Why a form field is refused where decodeURIComponent would refuse it. */
const UNDECODABLE: PayloadRead = {
  ok: false,
  problem:
    'the form field payload is not percent-encoded UTF-8 text (an escape that is not %XX, or bytes that are not UTF-8)',
};

/**
 * The payload in one field of an application/x-www-form-urlencoded body, or null when it has none.
 * An ASCII field (as form encoders write one) is decoded as bytes; either way, what
 * decodeURIComponent refuses is refused.
 */
function formPayload(body: string, name: string): PayloadRead | null {
  const prefix = `${name}=`;
  for (const part of body.split('&')) {
    if (!part.startsWith(prefix)) continue;
    const value = part.slice(prefix.length);
    if (Buffer.byteLength(value, 'utf8') !== value.length) {
      let text: string;
      try {
        // A '+' is a space; a payload seldom has one, and replacing none still reads it all.
        text = decodeURIComponent(value.includes('+') ? value.replace(/\+/g, ' ') : value);
      } catch {
        return UNDECODABLE;
      }
      return parsePayloadText(text);
    }
    const encoded = Buffer.from(value, 'latin1');
    const length = percentDecodeInPlace(encoded);
    if (length < 0) return UNDECODABLE;
    const bytes = encoded.subarray(0, length);
    // ASCII bytes are their own latin1 text, read several times faster than as UTF-8.
    if (isAscii(bytes)) return parsePayloadText(bytes.toString('latin1'));
    return isUtf8(bytes) ? parsePayloadText(bytes.toString('utf8')) : UNDECODABLE;
  }
  return null;
}

/** A multipart boundary from the Content-Type header: 1 to 70 characters (RFC 2046), or why there is none. */
function multipartBoundary(contentType: string | undefined): { boundary: string } | { problem: string } | undefined {
  if (contentType === undefined || !/^\s*multipart\/form-data\b/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^\s;"]+))\s*(?:;|$)/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (boundary === undefined) return { problem: 'the multipart body has no boundary in its Content-Type header' };
  if (boundary.length > 70) return { problem: "the multipart body's boundary is longer than 70 characters (RFC 2046)" };
  return { boundary };
}

const PAYLOAD_NAME = /^content-disposition:.*;\s*name=(?:"payload"|payload)\s*(?:;|$)/im;

/**
 * The `payload` part of a multipart/form-data body, or null when it has none. One pass: each
 * part is searched only within itself (V8 slices without copying), lines end in CRLF or LF.
 */
function multipartField(body: string, boundary: string): string | null {
  const delimiter = `--${boundary}`;
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.startsWith('--', start)) return null;
    const next = body.indexOf(`\n${delimiter}`, start);
    if (next < 0) return null;
    // The part: its header lines, a blank line, its content; the line break before the next delimiter is not content.
    const part = body.slice(start, body[next - 1] === '\r' ? next - 1 : next);
    const headersEnd = /\r?\n\r?\n/.exec(part);
    if (headersEnd !== null && PAYLOAD_NAME.test(part.slice(0, headersEnd.index))) {
      return part.slice(headersEnd.index + headersEnd[0].length);
    }
    at = next + 1;
  }
  return null;
}

/**
 * The payload as a form field `payload`, as a multipart/form-data part `payload`, as a JSON body
 * with `payload` (text or object), or as a bare JSON body: ZORT's docs do not say which (field notes).
 */
export function readZortPayload(rawBody: string, contentType?: string): PayloadRead {
  if (rawBody.trim() === '') return { ok: false, problem: 'the body is empty' };
  const multipart = multipartBoundary(contentType);
  if (multipart !== undefined && 'problem' in multipart) return { ok: false, problem: multipart.problem };
  if (multipart !== undefined) {
    const field = multipartField(rawBody, multipart.boundary);
    if (field === null) return { ok: false, problem: 'the multipart body has no payload part' };
    return parsePayloadText(field);
  }
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return (
      formPayload(rawBody, 'payload') ?? {
        ok: false,
        problem: 'the body is neither JSON nor a form with a payload field',
      }
    );
  }
  if (body !== null && typeof body === 'object' && !Array.isArray(body) && 'payload' in body) {
    const payload: unknown = body.payload;
    return typeof payload === 'string' ? parsePayloadText(payload) : { ok: true, payload };
  }
  return { ok: true, payload: body };
}

/** `method` from the delivery's query string ("method=ADDPURCHASEORDER"); one that is not text has none. */
export function readZortMethod(querystring: unknown): string | null {
  return new URLSearchParams(typeof querystring === 'string' ? querystring : '').get('method');
}
