/** Webhook senders for the vendors whose webhooks are not tied to an API: as each vendor sends them. */
import { execFileSync } from 'node:child_process';
import { post } from './http';

/** Auto Purchase Orders: the payload as a JSON body, nothing else. */
export function sendAutoPurchaseOrder(url: string, payload: unknown): Promise<number> {
  return post(url, JSON.stringify(payload), { 'Content-Type': 'application/json' });
}

/** Apicbase's signer, run by Python itself: HMAC-SHA256 of json.dumps(json.loads(body)). */
export function apicbaseSignature(body: string, secret: string): string {
  return execFileSync(
    'python3',
    [
      '-c',
      'import hashlib, hmac, json, sys; ' +
        'print(hmac.new(sys.argv[1].encode(), json.dumps(json.loads(sys.stdin.read())).encode(), hashlib.sha256).hexdigest())',
      secret,
    ],
    { input: body, encoding: 'utf8' },
  ).trim();
}

/** Apicbase: a compact body, signed over Python's re-serialisation, in X-APIC-WEBHOOK-SIGNATURE. */
export function sendApicbaseOrder(url: string, order: unknown, signingSecret: string): Promise<number> {
  const body = JSON.stringify(order);
  return post(url, body, {
    'Content-Type': 'application/json',
    'X-APIC-WEBHOOK-SIGNATURE': apicbaseSignature(body, signingSecret),
  });
}
