/**
 * Python's `json.dumps(json.loads(text))` with its defaults, computed from the JSON text itself:
 * keys in received order (a repeated key keeps its first place and takes its last value, as a
 * dict does), integers exact at any size, floats in Python's repr, strings with `ensure_ascii`
 * escapes, and `", "` / `": "` separators. Apicbase signs exactly this (field notes).
 *
 * It parses and serialises in one pass over the text, building strings rather than JS objects,
 * whose key order JavaScript would rearrange (integer-like keys first). It recurses once per
 * level, so it refuses text nested past MAX_DEPTH rather than overflow the stack, and an array
 * or object past MAX_ITEMS as soon as it gets there rather than re-serialise megabytes of lines.
 */
import { MAX_DEPTH, MAX_ITEMS } from '../../common/limits';

export class PythonJsonError extends Error {}

/** Valid JSON, perhaps, but nested or long past src/common/limits.ts: the message names the top-level field. */
export class PythonJsonBoundsError extends PythonJsonError {}

// The letter after the backslash of json.dumps's short escapes: \" \\ \b \f \n \r \t.
const SHORT_ESCAPE_LETTERS: Record<number, number> = {
  0x22: 0x22,
  0x5c: 0x5c,
  0x08: 0x62,
  0x0c: 0x66,
  0x0a: 0x6e,
  0x0d: 0x72,
  0x09: 0x74,
};
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

// Printable ASCII except " and \: such text is written as it is.
const PLAIN_TEXT = /^[ !#-[\]-~]*$/;

/** json.dumps(s) with ensure_ascii: everything outside space..tilde is escaped, code unit by code unit. */
export function pythonString(value: string): string {
  if (PLAIN_TEXT.test(value)) return `"${value}"`;
  // Byte by byte into a buffer (at most six bytes per code unit): a replace() callback per
  // escaped character took 8x as long, 200 ms on a 10 MB delivery of accented text.
  const out = Buffer.allocUnsafe(value.length * 6 + 2);
  let at = 0;
  out[at++] = 0x22;
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code >= 0x20 && code <= 0x7e && code !== 0x22 && code !== 0x5c) {
      out[at++] = code;
      continue;
    }
    out[at++] = 0x5c;
    const letter = SHORT_ESCAPE_LETTERS[code];
    if (letter !== undefined) {
      out[at++] = letter;
      continue;
    }
    out[at++] = 0x75;
    for (const shift of [12, 8, 4, 0]) out[at++] = HEX_DIGITS[(code >> shift) & 15]!;
  }
  out[at++] = 0x22;
  return out.toString('latin1', 0, at);
}

/** repr(float): shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const expSign = exponent < 0 ? '-' : '+';
    return `${sign}${digits[0]}${fraction}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction || '0'}`;
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
// A string token of printable ASCII without escapes: its text is its value.
const PLAIN_STRING = /[ !#-[\]-~]*"/y;

class Reader {
  index = 0;
  private depth = 0;
  /** The top-level key being read, to name the field when the text nests too deep. */
  private field: string | null = null;
  constructor(private readonly text: string) {}

  fail(what: string): never {
    throw new PythonJsonError(`${what} at character ${this.index}`);
  }

  skipWhitespace(): void {
    while (WHITESPACE.has(this.text.charCodeAt(this.index))) this.index += 1;
  }

  value(): string {
    this.skipWhitespace();
    const char = this.text[this.index];
    if (char === '{' || char === '[') {
      this.depth += 1;
      if (this.depth > MAX_DEPTH) {
        throw new PythonJsonBoundsError(`${this.field ?? 'the body'} is nested more than ${MAX_DEPTH} levels deep`);
      }
      const out = char === '{' ? this.object() : this.array();
      this.depth -= 1;
      return out;
    }
    if (char === '"') return pythonString(this.string());
    if (char === 't') return this.literal('true');
    if (char === 'f') return this.literal('false');
    if (char === 'n') return this.literal('null');
    return this.number();
  }

  literal(word: string): string {
    if (!this.text.startsWith(word, this.index)) this.fail('Unexpected token');
    this.index += word.length;
    return word;
  }

  number(): string {
    NUMBER.lastIndex = this.index;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('Expected a value');
    this.index = NUMBER.lastIndex;
    const token = match[0];
    if (match[2] === undefined && match[3] === undefined) {
      // An integer: Python keeps every digit; "-0" is the int 0.
      return token === '-0' ? '0' : token;
    }
    return pythonFloat(Number(token));
  }

  /** Reads a string token and returns its value; JSON.parse decodes escapes natively. */
  string(): string {
    const start = this.index;
    PLAIN_STRING.lastIndex = start + 1;
    if (PLAIN_STRING.test(this.text)) {
      this.index = PLAIN_STRING.lastIndex;
      return this.text.slice(start + 1, this.index - 1);
    }
    let end = this.text.indexOf('"', start + 1);
    for (;;) {
      if (end < 0) this.fail('Unterminated string');
      let backslashes = 0;
      while (this.text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes += 1;
      if (backslashes % 2 === 0) break;
      end = this.text.indexOf('"', end + 1);
    }
    this.index = end + 1;
    try {
      return JSON.parse(this.text.slice(start, end + 1)) as string;
    } catch (error) {
      this.index = start;
      return this.fail(`Invalid string (${(error as Error).message})`);
    }
  }

  object(): string {
    this.index += 1;
    const entries = new Map<string, string>();
    this.skipWhitespace();
    if (this.text[this.index] === '}') {
      this.index += 1;
      return '{}';
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.index] !== '"') this.fail('Expected a key');
      const key = this.string();
      if (this.depth === 1) this.field = key;
      this.skipWhitespace();
      if (this.text[this.index] !== ':') this.fail("Expected ':'");
      this.index += 1;
      // Map.set keeps a repeated key in its first place with the newest value, like a dict.
      entries.set(key, this.value());
      if (entries.size > MAX_ITEMS) {
        throw new PythonJsonBoundsError(
          `${this.field ?? 'the body'} has more than ${MAX_ITEMS.toLocaleString('en')} fields, more than a purchase order needs`,
        );
      }
      this.skipWhitespace();
      const next = this.text[this.index];
      this.index += 1;
      if (next === '}') break;
      if (next !== ',') this.fail("Expected ',' or '}'");
    }
    let out = '{';
    for (const [key, value] of entries) out += `${out.length > 1 ? ', ' : ''}${pythonString(key)}: ${value}`;
    return `${out}}`;
  }

  array(): string {
    this.index += 1;
    this.skipWhitespace();
    if (this.text[this.index] === ']') {
      this.index += 1;
      return '[]';
    }
    const items: string[] = [];
    for (;;) {
      items.push(this.value());
      if (items.length > MAX_ITEMS) {
        throw new PythonJsonBoundsError(
          `${this.field ?? 'the body'} has more than the ${MAX_ITEMS.toLocaleString('en')} items a purchase order may have`,
        );
      }
      this.skipWhitespace();
      const next = this.text[this.index];
      this.index += 1;
      if (next === ']') break;
      if (next !== ',') this.fail("Expected ',' or ']'");
    }
    return `[${items.join(', ')}]`;
  }

  end(): void {
    this.skipWhitespace();
    if (this.index < this.text.length) this.fail('Unexpected data after the JSON value');
  }
}

/** The text Python's `json.dumps(json.loads(text))` produces; throws PythonJsonError on bad JSON. */
export function pythonJsonDumps(text: string): string {
  const reader = new Reader(text);
  const out = reader.value();
  reader.end();
  return out;
}
