import { checkZortKey, readZortMethod, readZortPayload } from '../../../src/vendors/zort/delivery';

describe('readZortPayload', () => {
  const payload = { id: 1, name: 'ข้าว + น้ำ & = 🍚' };
  const text = JSON.stringify(payload);

  it.each([
    ['a form field', `payload=${encodeURIComponent(text)}`],
    ['a form field with + for spaces, among other fields', `x=1&payload=${encodeURIComponent(text).replace(/%20/g, '+')}&y=2`],
    ['a JSON body with payload as text', JSON.stringify({ payload: text })],
    ['a JSON body with payload as an object', JSON.stringify({ payload })],
    ['a bare JSON body', text],
  ])('reads %s', (_name, body) => {
    expect(readZortPayload(body)).toEqual({ ok: true, payload });
  });

  it.each([
    ['', 'the body is empty'],
    ['payload=%E0%A4%A', 'the body is neither JSON nor a form with a payload field'],
    ['other=1', 'the body is neither JSON nor a form with a payload field'],
  ])('refuses %j: %s', (body, problem) => {
    expect(readZortPayload(body)).toEqual({ ok: false, problem });
  });

  it('says when the payload itself is not JSON', () => {
    expect(readZortPayload('payload=%7Bnope')).toEqual({ ok: false, problem: expect.stringMatching(/^the payload is not JSON/) });
  });
});

describe('checkZortKey', () => {
  it('accepts the literal key, base64 of it, or the key1 header', () => {
    expect(checkZortKey('Basic k-1', undefined, 'k-1')).toEqual({ ok: true });
    expect(checkZortKey(`basic ${Buffer.from('k-1:').toString('base64')}`, undefined, 'k-1')).toEqual({ ok: true });
    expect(checkZortKey(undefined, ' k-1 ', 'k-1')).toEqual({ ok: true });
  });

  it('refuses a near miss, a missing header and a Zap without a key', () => {
    expect(checkZortKey('Basic k-2', undefined, 'k-1')).toMatchObject({ ok: false });
    expect(checkZortKey('Basic k-1x', 'k-1y', 'k-1')).toMatchObject({ ok: false });
    expect(checkZortKey('Bearer k-1', undefined, 'k-1')).toMatchObject({ ok: false, problem: 'the Authorization header is not "Basic" followed by the webhook key1' });
    expect(checkZortKey('Basic k-1', undefined, undefined)).toMatchObject({ ok: false, problem: expect.stringMatching(/no ZORT key/) });
  });
});

it('reads the method from the query string', () => {
  expect(readZortMethod('method=ADDPURCHASEORDER&x=1')).toBe('ADDPURCHASEORDER');
  expect(readZortMethod(undefined)).toBeNull();
});
