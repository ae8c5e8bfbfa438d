import {
  carriesKey,
  carriesKeyWithDigest,
  deliveredKeys,
  keyDigest,
  readZortMethod,
  readZortPayload,
} from '../../../src/vendors/zort/delivery';

describe('readZortPayload', () => {
  const payload = { id: 1, name: 'ข้าว + น้ำ & = 🍚' };
  const text = JSON.stringify(payload);

  it.each([
    ['a form field', `payload=${encodeURIComponent(text)}`],
    [
      'a form field with + for spaces, among other fields',
      `x=1&payload=${encodeURIComponent(text).replace(/%20/g, '+')}&y=2`,
    ],
    ['a JSON body with payload as text', JSON.stringify({ payload: text })],
    ['a JSON body with payload as an object', JSON.stringify({ payload })],
    ['a bare JSON body', text],
  ])('reads %s', (_name, body) => {
    expect(readZortPayload(body)).toEqual({ ok: true, payload });
  });

  it.each([
    ['', 'the body is empty'],
    [
      'payload=%E0%A4%A',
      'the form field payload is not percent-encoded UTF-8 text (an escape that is not %XX, or bytes that are not UTF-8)',
    ],
    ['other=1', 'the body is neither JSON nor a form with a payload field'],
  ])('refuses %j: %s', (body, problem) => {
    expect(readZortPayload(body)).toEqual({ ok: false, problem });
  });

  it('says when the payload itself is not JSON, and where, never quoting it', () => {
    expect(readZortPayload('payload=%7Bnope')).toEqual({
      ok: false,
      problem: expect.stringMatching(/^the payload is not JSON/) as unknown,
    });
    // V8's own message quotes the text around the fault ("nope {"...).
    expect(readZortPayload(`payload=${encodeURIComponent('nope {"apisecret":"s3cr3t"}')}`)).toEqual({
      ok: false,
      problem: 'the payload is not JSON',
    });
    expect(readZortPayload(JSON.stringify({ payload: '{"key1":"s3cr3t" x}' }))).toEqual({
      ok: false,
      problem: 'the payload is not JSON (from character 17)',
    });
    expect(readZortPayload(JSON.stringify({ payload: '{"key1":"s3cr3t"' }))).toEqual({
      ok: false,
      problem: 'the payload is not JSON (from character 16)',
    });
    expect(readZortPayload(JSON.stringify({ payload: '' }))).toEqual({
      ok: false,
      problem: 'the payload is not JSON (it ends too soon)',
    });
  });
});

describe('the keys a delivery carries', () => {
  const carries = (authorization: string | undefined, header: string | undefined, key1: string) => {
    const delivered = deliveredKeys(authorization, header);
    return delivered.ok && carriesKey(delivered.keys, key1);
  };

  it('accepts the literal key, base64 of it, or the key1 header, surrounding spaces aside', () => {
    expect(carries('Basic k-1', undefined, 'k-1')).toBe(true);
    expect(carries(`basic ${Buffer.from('k-1:').toString('base64')}`, undefined, 'k-1')).toBe(true);
    expect(carries(undefined, ' k-1 ', 'k-1')).toBe(true);
    expect(carries('Basic  k-1 ', undefined, '\tk-1 ')).toBe(true);
  });

  it('refuses a near miss, a blank key1 and a missing header', () => {
    expect(carries('Basic k-2', undefined, 'k-1')).toBe(false);
    expect(carries('Basic k-1x', 'k-1y', 'k-1')).toBe(false);
    expect(carries('Basic  ', ' ', '  ')).toBe(false);
    expect(deliveredKeys('Bearer k-1', undefined)).toEqual({
      ok: false,
      problem: 'the Authorization header is not "Basic" followed by the webhook key1',
    });
    expect(deliveredKeys(undefined, undefined)).toEqual({
      ok: false,
      problem: 'the Authorization header (Basic and the webhook key1) is missing',
    });
  });

  it('matches a key against the SHA-256 z.cache keeps, never the key', () => {
    const digest = keyDigest(' k-1 ');
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(carriesKeyWithDigest(['k-2', 'k-1'], digest)).toBe(true);
    expect(carriesKeyWithDigest(['k-2'], digest)).toBe(false);
  });
});

describe('a multipart/form-data body', () => {
  const payload = { id: 1, list: [] };
  const body = (newline: string) =>
    [
      '--XyZ',
      'Content-Disposition: form-data; name="other"',
      '',
      'x',
      '--XyZ',
      'Content-Disposition: form-data; name=payload',
      '',
      JSON.stringify(payload),
      '--XyZ--',
      '',
    ].join(newline);

  it.each([
    ['CRLF', '\r\n'],
    ['LF', '\n'],
  ])('reads the payload part, lines ending in %s', (_name, newline) => {
    expect(readZortPayload(body(newline), 'multipart/form-data; boundary=XyZ')).toEqual({ ok: true, payload });
  });

  it('says when there is no boundary or no payload part', () => {
    expect(readZortPayload(body('\r\n'), 'multipart/form-data')).toEqual({
      ok: false,
      problem: 'the multipart body has no boundary in its Content-Type header',
    });
    // One it has, but longer than RFC 2046's 70 characters: said as such, not as missing.
    expect(
      readZortPayload(
        body('\r\n').replaceAll('XyZ', 'b'.repeat(71)),
        `multipart/form-data; boundary=${'b'.repeat(71)}`,
      ),
    ).toEqual({
      ok: false,
      problem: "the multipart body's boundary is longer than 70 characters (RFC 2046)",
    });
    expect(
      readZortPayload(
        body('\r\n').replaceAll('XyZ', 'b'.repeat(70)),
        `multipart/form-data; boundary="${'b'.repeat(70)}"`,
      ),
    ).toEqual({ ok: true, payload });
    expect(readZortPayload(body('\r\n'), 'multipart/form-data; boundary=other')).toEqual({
      ok: false,
      problem: 'the multipart body has no payload part',
    });
    expect(
      readZortPayload(
        '--XyZ\r\nContent-Disposition: form-data; name="payload"\r\n\r\n{}',
        'multipart/form-data; boundary=XyZ',
      ),
    ).toEqual({
      ok: false,
      problem: 'the multipart body has no payload part',
    });
  });

  it('reads 100,000 parts without a payload to their end', () => {
    const many = `${'--XyZ\r\nContent-Disposition: form-data; name="n"\r\n'.repeat(100_000)}--XyZ--`;
    expect(readZortPayload(many, 'multipart/form-data; boundary=XyZ')).toEqual({
      ok: false,
      problem: 'the multipart body has no payload part',
    });
  });
});

describe('a payload sent as text, parsed a second time', () => {
  const nestedIn = (depth: number) =>
    JSON.stringify({ id: 1, x: 0 }).replace('0', '['.repeat(depth) + ']'.repeat(depth));
  const asText = (payload: string): [string, string, string | undefined][] => [
    ['a form field', `payload=${encodeURIComponent(payload)}`, undefined],
    [
      'a multipart part',
      `--B\r\nContent-Disposition: form-data; name="payload"\r\n\r\n${payload}\r\n--B--\r\n`,
      'multipart/form-data; boundary=B',
    ],
    ['a JSON string', JSON.stringify({ payload }), undefined],
  ];

  /** How deep an array nests, read iteratively (jest's toEqual recurses). */
  const depthOf = (value: unknown) => {
    let depth = 0;
    for (let inner = value; Array.isArray(inner); inner = inner[0] as unknown) depth += 1;
    return depth;
  };

  // JSON.parse reads deep nesting without recursion: the same payload, the same answer, however sent.
  it.each([...asText(nestedIn(100_000)), ['a JSON body', nestedIn(100_000), undefined] as const])(
    'reads a payload nested 100,000 levels as %s',
    (_name, body, contentType) => {
      const read = readZortPayload(body, contentType);
      const payload = (read.ok ? read.payload : null) as { id: number; x: unknown } | null;
      expect(payload?.id).toBe(1);
      expect(depthOf(payload?.x)).toBe(100_000);
    },
  );

  it.each(asText(JSON.stringify({ id: 1, note: `[{\\"${'['.repeat(5_000)}` })))(
    'does not count brackets inside texts, escaped quotes included, as %s',
    (_name, body, contentType) => {
      expect(readZortPayload(body, contentType)).toEqual({
        ok: true,
        payload: { id: 1, note: `[{\\"${'['.repeat(5_000)}` },
      });
    },
  );
});

it('reads the method from the query string', () => {
  expect(readZortMethod('method=ADDPURCHASEORDER&x=1')).toBe('ADDPURCHASEORDER');
  expect(readZortMethod(undefined)).toBeNull();
});

describe('a form field decoded as decodeURIComponent decodes it', () => {
  /** readZortPayload's answer for a form field, as decodeURIComponent and JSON.parse give it. */
  function reference(value: string) {
    let text: string;
    try {
      text = decodeURIComponent(value.replace(/\+/g, ' '));
    } catch {
      return {
        ok: false,
        problem:
          'the form field payload is not percent-encoded UTF-8 text (an escape that is not %XX, or bytes that are not UTF-8)',
      };
    }
    try {
      return { ok: true, payload: JSON.parse(text) as unknown };
    } catch {
      return { ok: false, problem: expect.stringMatching(/^the payload is not JSON/) as unknown };
    }
  }

  it('agrees on generated fields: escapes in either case, +, bytes that are not UTF-8, malformed escapes, raw non-ASCII', () => {
    let state = 20261206;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const texts = [
      '{"a":',
      '"b"',
      '[1,2]',
      '"x y"',
      '"\\""',
      '"é€🍣"',
      '"\\u00e9"',
      ',',
      '}',
      ']',
      '[',
      '{',
      '"+"',
      '1.5e3',
      'null',
    ];
    const raw = ['%41', '%2b', '%2B', '%25', '+', '%c3%a9', '%E2%82%AC', '%F0%9F%8D%A3', '%7b', '%7D', '%5B%5d', '%22'];
    const broken = ['%', '%4', '%G1', '%C3', '%ED%A0%80', '%C0%80', '%FF', '%F4%90%80%80', 'é', '%e9'];
    const disagree: string[] = [];
    for (let round = 0; round < 5_000; round += 1) {
      const pieces = Array.from({ length: 1 + Math.floor(random() * 12) }, () => {
        const choice = random();
        if (choice < 0.6) return encodeURIComponent(pick(texts));
        if (choice < 0.9) return pick(raw);
        return pick(broken);
      });
      const value = pieces.join('');
      const read = readZortPayload(`payload=${value}`);
      try {
        expect(read).toEqual(reference(value));
      } catch {
        disagree.push(value);
      }
    }
    expect(disagree).toEqual([]);
  });
});
