import { textNestsDeeperThan, utf8NestsDeeperThan } from '../../src/common/limits';

/** The scan character by character, as it was before indexOf found the ends of texts. */
function reference(text: string, limit: number): boolean {
  let depth = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 0x22) {
      for (index += 1; index < text.length && text.charCodeAt(index) !== 0x22; index += 1) {
        if (text.charCodeAt(index) === 0x5c) index += 1;
      }
    } else if (code === 0x5b || code === 0x7b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}

describe('textNestsDeeperThan', () => {
  it('agrees with a character-by-character scan on texts of brackets, quotes and backslashes', () => {
    let state = 20261204;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    // The last three end in the low bits of '"', '[' and '}'.
    const pieces = ['[', ']', '{', '}', '"', '\\', '\\"', '\\\\', 'a', ',', ':', '\u00a2', '\u015b', '\u017d'];
    const disagree: string[] = [];
    for (let round = 0; round < 20_000; round += 1) {
      const text = Array.from(
        { length: 1 + Math.floor(random() * 30) },
        () => pieces[Math.floor(random() * pieces.length)],
      ).join('');
      for (const limit of [0, 1, 2, 3]) {
        if (textNestsDeeperThan(text, limit) !== reference(text, limit)) disagree.push(`${limit} ${text}`);
      }
    }
    expect(disagree).toEqual([]);
  });

  it('passes over brackets inside texts, escaped quotes included', () => {
    expect(textNestsDeeperThan('{"a":"[[[\\"[[["}', 2)).toBe(false);
    expect(textNestsDeeperThan('{"a":"\\\\",[[[]]]}', 3)).toBe(true);
  });
});

describe('utf8NestsDeeperThan', () => {
  it('counts as textNestsDeeperThan does on the same texts held as UTF-8 bytes', () => {
    let state = 20261205;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    // Characters outside ASCII with a UTF-8 byte that is a quote, '[' or '\\' plus 0x80 (C2 A2, DB 80, DC 80).
    const pieces = ['[', ']', '{', '}', '"', '\\', '\\"', '\\\\', 'a', ',', '\u00a2', '\u06c0', '\u0700', '\u{1f35b}'];
    const disagree: string[] = [];
    for (let round = 0; round < 20_000; round += 1) {
      const text = Array.from(
        { length: 1 + Math.floor(random() * 30) },
        () => pieces[Math.floor(random() * pieces.length)],
      ).join('');
      const bytes = Buffer.from(text, 'utf8');
      for (const limit of [0, 1, 2, 3]) {
        if (utf8NestsDeeperThan(bytes, limit) !== textNestsDeeperThan(text, limit)) disagree.push(`${limit} ${text}`);
      }
    }
    expect(disagree).toEqual([]);
  });

  it('refuses past MAX_NESTING by default and passes over brackets inside texts', () => {
    expect(utf8NestsDeeperThan(Buffer.from('['.repeat(2_001)))).toBe(true);
    expect(utf8NestsDeeperThan(Buffer.from('['.repeat(2_000)))).toBe(false);
    expect(utf8NestsDeeperThan(Buffer.from('{"a":"[[[\\"[[["}'), 2)).toBe(false);
  });
});
