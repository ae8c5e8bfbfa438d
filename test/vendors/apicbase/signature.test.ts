import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { pythonFloat, pythonJsonDumps, pythonString } from '../../../src/vendors/apicbase/python-json';
import { verifyApicbaseSignature } from '../../../src/vendors/apicbase/signature';

type SignedCase = { secret: string; signature: string; dumps: string; bodies: string[] };

const RANDOM_ORDERS = 500;
const signed: SignedCase[] = execFileSync(
  'python3',
  [join(__dirname, 'python_signer.py'), String(RANDOM_ORDERS), '20261123'],
  { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
)
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as SignedCase);

const sign = (secret: string, message: string) => createHmac('sha256', secret).update(message).digest('hex');

/** Changes one byte inside the order number, so the order itself is different. */
function tamper(body: string): string {
  const at = body.search(/"order_number":\s*"PO-/);
  if (at < 0) return body.replace('"id"', '"iD"');
  const index = body.indexOf('PO-', at) + 3;
  const digit = body[index] === '9' ? '8' : '9';
  return body.slice(0, index) + digit + body.slice(index + 1);
}

describe("the differential test against Python's signer", () => {
  it(`covers ${RANDOM_ORDERS} random orders, each sent compact and with Python's defaults, and hand-made bodies`, () => {
    expect(signed.length).toBe(RANDOM_ORDERS + 6);
    expect(signed.filter((item) => item.bodies.length === 2)).toHaveLength(RANDOM_ORDERS);
    const all = signed.flatMap((item) => item.bodies).join('\n');
    expect(all).toMatch(/[\u{10000}-\u{10FFFF}]/u);
    expect(all).toMatch(/[À-ÿ]/);
    expect(all).toMatch(/\b1e-05\b/);
    expect(all).toMatch(/\b1e\+16\b/);
    expect(all).toMatch(/\b1180591620717411303424\b/);
  });

  it('re-serialises every body exactly as json.dumps does', () => {
    const mismatches = signed.flatMap((item) =>
      item.bodies.filter((body) => pythonJsonDumps(body) !== item.dumps).map((body) => body.slice(0, 200)),
    );
    expect(mismatches).toEqual([]);
  });

  it('verifies every delivery', () => {
    const refused = signed.flatMap((item) =>
      item.bodies
        .map((body) => verifyApicbaseSignature(body, item.signature, item.secret))
        .filter((check) => !check.ok),
    );
    expect(refused).toEqual([]);
  });

  it('accepts the signature in upper case', () => {
    const [item] = signed;
    expect(verifyApicbaseSignature(item!.bodies[0]!, item!.signature.toUpperCase(), item!.secret)).toEqual({
      ok: true,
      signed: 'python re-serialisation',
      body: JSON.parse(item!.bodies[0]!) as unknown,
    });
    expect(verifyApicbaseSignature(item!.bodies[1]!, item!.signature, item!.secret)).toEqual({
      ok: true,
      signed: 'raw body',
    });
  });

  it('refuses every tampered copy: one body byte changed, another secret, a truncated signature', () => {
    const accepted: string[] = [];
    for (const item of signed) {
      for (const body of item.bodies) {
        const attempts: [string, string, string][] = [
          ['body byte', tamper(body), item.signature],
          ['truncated body', body.slice(0, -1), item.signature],
          ['truncated signature', body, item.signature.slice(0, 63)],
          ['signature of one byte less', body, item.signature.slice(0, 62)],
        ];
        for (const [what, tamperedBody, signature] of attempts) {
          if (verifyApicbaseSignature(tamperedBody, signature, item.secret).ok) accepted.push(what);
        }
        if (verifyApicbaseSignature(body, item.signature, `${item.secret}x`).ok) accepted.push('other secret');
      }
    }
    expect(accepted).toEqual([]);
  });
});

describe('verifyApicbaseSignature', () => {
  const body = '{"id":"1","packages":[]}';
  const secret = 'the-secret';
  const good = sign(secret, '{"id": "1", "packages": []}');

  it.each([
    [undefined, good, /no Apicbase Webhook Secret/],
    ['', good, /no Apicbase Webhook Secret/],
    [secret, undefined, /the X-APIC-WEBHOOK-SIGNATURE header is missing/],
    [secret, '  ', /the X-APIC-WEBHOOK-SIGNATURE header is missing/],
    [secret, 'sha256=abc', /is not a 64-digit hex HMAC-SHA256/],
    [secret, good.replace(/.$/, (c) => (c === '0' ? '1' : '0')), /does not match the body signed/],
  ])('refuses secret %j with signature %j, saying why', (key, signature, pattern) => {
    const check = verifyApicbaseSignature(body, signature, key);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problem).toMatch(pattern);
    expect(check.problem).not.toContain(secret);
    expect(check.problem).not.toContain(good);
  });

  it('reads a body whose object repeats a key as json.dumps does, and as written once', () => {
    const repeated = '{"id":"1","id":"2","packages":[]}';
    expect(verifyApicbaseSignature(repeated, sign(secret, '{"id": "2", "packages": []}'), secret)).toMatchObject({
      ok: true,
      body: { id: '2', packages: [] },
    });
    expect(
      verifyApicbaseSignature(repeated, sign(secret, '{"id": "1", "id": "2", "packages": []}'), secret),
    ).toMatchObject({ ok: true, body: { id: '2', packages: [] } });
    expect(verifyApicbaseSignature(repeated, sign(secret, '{"id": "1", "packages": []}'), secret).ok).toBe(false);
  });

  it.each([
    ['compact, signed as sent', body, sign(secret, body)],
    ['compact and not JSON, signed as sent', '{"id":', sign(secret, '{"id":')],
    ['spaced as json.dumps spaces it, signed as sent', '{"id": "1", "packages": []}', good],
    ['spaced as json.dumps spaces it, signed re-serialised', '{"id": "1", "packages": [ ]}', good],
  ])('accepts a body %s', (_name, sent, signature) => {
    expect(verifyApicbaseSignature(sent, signature, secret).ok).toBe(true);
  });

  it('says when a body whose signature does not match is not even JSON', () => {
    const check = verifyApicbaseSignature('{"id": ', good, secret);
    expect(check).toEqual({
      ok: false,
      problem: 'the X-APIC-WEBHOOK-SIGNATURE does not match, and the body is not JSON (it ends too soon)',
    });
  });
});

describe('Python formatting', () => {
  it('re-serialises long texts of escapes and of plain ASCII as its buffer grows', () => {
    const text = `${'é'.repeat(50_000)}${'x'.repeat(300_000)}"\\/\n${'\u{1f35b}'.repeat(20_000)}`;
    const compact = `{"a":[${JSON.stringify(text)},1.5,-0,12345678901234567890,true,false,null],"b":${JSON.stringify(text)}}`;
    const expected = `{"a": [${pythonString(text)}, 1.5, 0, 12345678901234567890, true, false, null], "b": ${pythonString(text)}}`;
    // Compared as booleans: a difference in 2 MB of text would flood the report.
    expect(pythonJsonDumps(compact) === expected).toBe(true);
    expect(pythonJsonDumps(compact.replace(/,(?=\d|t|f|n|")/g, ' ,\n\t')) === expected).toBe(true);
  });

  it.each([
    [1, '1.0'],
    [0.1, '0.1'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1e16, '1e+16'],
    [1e15, '1000000000000000.0'],
    [123456789.123, '123456789.123'],
    [-0, '-0.0'],
    [1.5e300, '1.5e+300'],
    [5e-324, '5e-324'],
    [Infinity, 'Infinity'],
    [-2.5e-7, '-2.5e-07'],
    [12345678901234568, '1.2345678901234568e+16'],
  ])('repr(%p) is %s', (value, text) => {
    expect(pythonFloat(value)).toBe(text);
  });

  it('writes every double as repr does, at every magnitude (Python formats them)', () => {
    // A seeded spread over the whole range: the edges of repr's decimal form (1e-4, 1e16) and JavaScript's (1e-6, 1e21) included.
    let state = 20261204;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const values = [
      1e-4,
      9.999999999999999e-5,
      1e-6,
      9.99e-7,
      1e-7,
      1e16,
      9999999999999998,
      1e21,
      1e20,
      123e18,
      5e-324,
      Number.MAX_VALUE,
      0.1,
      100,
      1.5,
    ];
    for (let index = 0; index < 4000; index += 1) {
      const value = (random() < 0.3 ? -1 : 1) * (random() + 0.5) * 10 ** Math.floor(random() * 60 - 30);
      values.push(index % 4 === 0 ? Math.round(value) : value);
    }
    const finite = values.filter((value) => Number.isFinite(value) && value !== 0);
    const repr = execFileSync(
      'python3',
      ['-c', 'import json, sys; print("\\n".join(repr(float(v)) for v in json.load(sys.stdin)))'],
      {
        input: JSON.stringify(finite),
        encoding: 'utf8',
      },
    )
      .trim()
      .split('\n');
    expect(finite.map(pythonFloat)).toEqual(repr);
  });

  it('escapes strings as ensure_ascii does', () => {
    expect(pythonString('é🍣\u007f"\\/\n\u0001')).toBe('"\\u00e9\\ud83c\\udf63\\u007f\\"\\\\/\\n\\u0001"');
  });

  it.each(['', '{', '{"a":1,}', '[1 2]', '"\\x"', '01', 'NaN', '{"a":1} x', '"\u0001"'])(
    'refuses %j as JSON',
    (text) => {
      expect(() => pythonJsonDumps(text)).toThrow();
    },
  );
});
