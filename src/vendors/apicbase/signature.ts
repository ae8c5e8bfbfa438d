/**
 * X-APIC-WEBHOOK-SIGNATURE: the hex HMAC-SHA256, keyed with the client secret, of Python's
 * `json.dumps(request.data)`. The bytes on the wire may differ from what was signed (a compact
 * body), so a delivery passes when the signature matches the raw body or its Python
 * re-serialisation (or that re-serialisation with a repeated key kept twice, which only the
 * secret's holder can sign either). Pure: no Zapier objects, and no secret or expected value in any result.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { PythonJsonError, pythonJsonSteps } from './python-json';

export type SignatureCheck =
  | { ok: true; signed: 'raw body' }
  /** `body`: the body as JSON.parse read it for the re-serialisation, so it is not parsed twice. */
  | { ok: true; signed: 'python re-serialisation'; body: unknown }
  | { ok: false; problem: string };

const HEX_SHA256 = /^[0-9a-f]{64}$/;

function hmac(secret: string, message: string | Buffer): Buffer {
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8'));
  return (typeof message === 'string' ? mac.update(message, 'utf8') : mac.update(message)).digest();
}

export function verifyApicbaseSignature(
  rawBody: string,
  signatureHeader: string | undefined,
  secret: string | undefined,
  /** The connection field the secret came from, as the refusal names it. */
  secretLabel = 'Apicbase Webhook Secret',
): SignatureCheck {
  if (!secret) {
    return {
      ok: false,
      problem:
        'the connection has no Apicbase Webhook Secret (nor an Apicbase Client Secret), so the signature cannot be checked. Add the secret to the connection',
    };
  }
  if (signatureHeader === undefined || signatureHeader.trim() === '') {
    return { ok: false, problem: 'the X-APIC-WEBHOOK-SIGNATURE header is missing' };
  }
  const signature = signatureHeader.trim().toLowerCase();
  if (!HEX_SHA256.test(signature)) {
    return {
      ok: false,
      problem: 'the X-APIC-WEBHOOK-SIGNATURE header is not a 64-digit hex HMAC-SHA256',
    };
  }
  const received = Buffer.from(signature, 'hex');
  if (timingSafeEqual(received, hmac(secret, rawBody))) return { ok: true, signed: 'raw body' };
  let reserialised: ReturnType<typeof pythonJsonSteps>;
  try {
    reserialised = pythonJsonSteps(rawBody);
  } catch (error) {
    if (!(error instanceof PythonJsonError)) throw error;
    return {
      ok: false,
      problem: `the X-APIC-WEBHOOK-SIGNATURE does not match, and the body is not JSON (${error.message})`,
    };
  }
  // The one-pass bytes differ from json.dumps's only where an object repeats a key, and no one
  // without the secret can sign them: a match is a match, and the exact output is needed only when
  // they do not match.
  const exact = timingSafeEqual(received, hmac(secret, reserialised.bytes)) ? null : reserialised.exact();
  if (exact === null || (exact !== reserialised.bytes && timingSafeEqual(received, hmac(secret, exact)))) {
    return { ok: true, signed: 'python re-serialisation', body: reserialised.parsed };
  }
  return {
    ok: false,
    problem: `the X-APIC-WEBHOOK-SIGNATURE does not match the body signed with the connection's ${secretLabel}. Check that the secret is the one Apicbase signs with`,
  };
}
