/** Reading a ZORT webhook delivery: its key, its method and its payload. Pure. */
import { timingSafeEqual } from 'node:crypto';
import { structureProblem } from '../../common/limits';

export type KeyCheck = { ok: true } | { ok: false; problem: string };

function sameSecret(received: string, expected: string): boolean {
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // timingSafeEqual needs equal lengths; comparing b with itself keeps the time independent of a.
  return a.length === b.length ? timingSafeEqual(a, b) : !timingSafeEqual(b, b);
}

/**
 * ZORT sends `Authorization: Basic {key1}`, the literal key (unverified: base64 of the key is
 * accepted too), and per its v4 docs a `key1` header. Either matching in constant time passes.
 */
export function checkZortKey(
  authorization: string | undefined,
  key1Header: string | undefined,
  key1: string | undefined,
): KeyCheck {
  if (!key1) {
    return {
      ok: false,
      problem: 'this Zap has no ZORT key to check it against. Turn the Zap off and on again to subscribe anew',
    };
  }
  const candidates: string[] = [];
  const basic = /^Basic\s+(.+)$/i.exec(authorization?.trim() ?? '')?.[1]?.trim();
  if (basic !== undefined) {
    candidates.push(basic);
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    candidates.push(decoded, decoded.replace(/:$/, ''));
  }
  if (key1Header !== undefined) candidates.push(key1Header.trim());
  if (candidates.length === 0) {
    return {
      ok: false,
      problem: authorization?.trim()
        ? 'the Authorization header is not "Basic" followed by the webhook key1'
        : 'the Authorization header (Basic and the webhook key1) is missing',
    };
  }
  let matched = false;
  for (const candidate of candidates) matched = sameSecret(candidate, key1) || matched;
  return matched
    ? { ok: true }
    : { ok: false, problem: 'the Authorization key does not match the webhook key1 this Zap set in ZORT' };
}

export type PayloadRead = { ok: true; payload: unknown } | { ok: false; problem: string };

/** The payload, unless it is nested or long past what a purchase order needs (src/common/limits.ts). */
function withinBounds(payload: unknown): PayloadRead {
  const problem = structureProblem(payload);
  return problem === null ? { ok: true, payload } : { ok: false, problem };
}

function parsePayloadText(text: string): PayloadRead {
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `the payload is not JSON (${(error as Error).message})` };
  }
  return withinBounds(payload);
}

/**
 * One field of an application/x-www-form-urlencoded body. Decoding just that field is several
 * times faster than URLSearchParams over a large body; a malformed escape reads as no field.
 */
function formField(body: string, name: string): string | null {
  const prefix = `${name}=`;
  for (const part of body.split('&')) {
    if (!part.startsWith(prefix)) continue;
    try {
      return decodeURIComponent(part.slice(prefix.length).replace(/\+/g, ' '));
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The payload as a form field `payload`, as a JSON body with `payload` (text or object), or as a
 * bare JSON body: ZORT's docs do not say which (field notes).
 */
export function readZortPayload(rawBody: string): PayloadRead {
  if (rawBody.trim() === '') return { ok: false, problem: 'the body is empty' };
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    const field = formField(rawBody, 'payload');
    if (field === null) {
      return { ok: false, problem: 'the body is neither JSON nor a form with a payload field' };
    }
    return parsePayloadText(field);
  }
  if (body !== null && typeof body === 'object' && !Array.isArray(body) && 'payload' in body) {
    const payload = (body as { payload: unknown }).payload;
    return typeof payload === 'string' ? parsePayloadText(payload) : withinBounds(payload);
  }
  return withinBounds(body);
}

/** `method` from the delivery's query string ("method=ADDPURCHASEORDER"); one that is not text has none. */
export function readZortMethod(querystring: unknown): string | null {
  return new URLSearchParams(typeof querystring === 'string' ? querystring : '').get('method');
}
