/**
 * Python's `json.dumps(json.loads(text))` with its defaults, computed from the JSON text itself:
 * keys in received order (a repeated key keeps its first place and takes its last value, as a
 * dict does), integers exact at any size, floats in Python's repr, strings with `ensure_ascii`
 * escapes, and `", "` / `": "` separators. Apicbase signs exactly this (field notes).
 *
 * Any size and any nesting, in time linear in the text: JSON.parse checks the text first (it
 * reads deep nesting without recursion) and counts the keys that survive; one pass over the
 * text then writes the output's ASCII bytes into a growing Buffer, token by token, with no
 * recursion, no string built character by character and no regex over values. Only when an
 * object repeats a key (the text has more keys than survive) does a second, tree-building pass
 * put each repeated key in its first place.
 */
import { jsonFault } from '../../common/validation';

export class PythonJsonError extends Error {}

const HEX = Buffer.from('0123456789abcdef', 'latin1');
// The letter after the backslash of json.dumps's short escapes: \" \\ \b \f \n \r \t.
const SHORT_ESCAPE = new Uint8Array(128);
for (const [code, letter] of [
  [0x22, 0x22],
  [0x5c, 0x5c],
  [0x08, 0x62],
  [0x0c, 0x66],
  [0x0a, 0x6e],
  [0x0d, 0x72],
  [0x09, 0x74],
] as const) {
  SHORT_ESCAPE[code] = letter;
}
// The code unit a JSON short escape stands for, by its letter: json.dumps's escapes read backwards,
// and \/, which JSON allows and json.dumps never writes.
const UNESCAPE = new Uint8Array(128);
SHORT_ESCAPE.forEach((letter, code) => {
  if (letter !== 0) UNESCAPE[letter] = code;
});
UNESCAPE[0x2f] = 0x2f;
/** The output bytes: ensure_ascii makes every one ASCII. Grows by doubling. */
class Output {
  buffer: Buffer;
  length = 0;

  constructor(size: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(64, size));
  }

  /** Room for `bytes` more; the buffer to write to (it may be a new one). */
  reserve(bytes: number): Buffer {
    if (this.length + bytes <= this.buffer.length) return this.buffer;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
    return grown;
  }

  ascii(text: string): void {
    this.reserve(text.length);
    this.length += this.buffer.write(text, this.length, 'latin1');
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

/** Runs at least this long are copied in one native write, shorter ones byte by byte. */
const BULK_RUN = 64;

/** Printable ASCII other than " and \: written as it is. */
const isPlain = (code: number) => code >= 0x20 && code <= 0x7e && code !== 0x22 && code !== 0x5c;

/** One UTF-16 code unit as json.dumps writes it with ensure_ascii, at `at` (room for six bytes); the index after it. */
function writeCodeUnit(buffer: Buffer, at: number, code: number): number {
  if (isPlain(code)) {
    buffer[at] = code;
    return at + 1;
  }
  buffer[at] = 0x5c;
  if (code < 0x80 && SHORT_ESCAPE[code] !== 0) {
    buffer[at + 1] = SHORT_ESCAPE[code]!;
    return at + 2;
  }
  buffer[at + 1] = 0x75;
  buffer[at + 2] = HEX[(code >> 12) & 15]!;
  buffer[at + 3] = HEX[(code >> 8) & 15]!;
  buffer[at + 4] = HEX[(code >> 4) & 15]!;
  buffer[at + 5] = HEX[code & 15]!;
  return at + 6;
}

const hexValue = (code: number) => (code <= 0x39 ? code - 0x30 : (code | 0x20) - 0x57);

/**
 * Writes the rest of a JSON string token from `start` (inside it, its opening quote written) as
 * json.dumps writes its value, and returns the index after its closing quote. The text is valid
 * JSON. The buffer and its length are kept in locals: reading them from `out` per character took
 * most of the time.
 */
function writeStringRest(text: string, start: number, out: Output): number {
  let buffer = out.reserve(8);
  let length = out.length;
  let index = start;
  for (;;) {
    if (length + 8 > buffer.length) {
      out.length = length;
      buffer = out.reserve(8);
    }
    const code = text.charCodeAt(index);
    if (isPlain(code)) {
      // A run of printable ASCII other than " and \ is written as it is: byte by byte, and the
      // rest of a long one in one native write.
      if (length + BULK_RUN + 8 > buffer.length) {
        out.length = length;
        buffer = out.reserve(BULK_RUN + 8);
      }
      const stop = index + BULK_RUN;
      let end = index;
      for (let plain = code; end < stop && isPlain(plain); plain = text.charCodeAt(end)) {
        buffer[length++] = plain;
        end += 1;
      }
      if (end === stop && isPlain(text.charCodeAt(end))) {
        const start = end;
        while (isPlain(text.charCodeAt(end))) end += 1;
        out.length = length;
        out.ascii(text.slice(start, end));
        buffer = out.buffer;
        length = out.length;
      }
      index = end;
    } else if (code === 0x22) {
      break;
    } else if (code !== 0x5c) {
      length = writeCodeUnit(buffer, length, code);
      index += 1;
    } else if (text.charCodeAt(index + 1) === 0x75) {
      const unit =
        (hexValue(text.charCodeAt(index + 2)) << 12) |
        (hexValue(text.charCodeAt(index + 3)) << 8) |
        (hexValue(text.charCodeAt(index + 4)) << 4) |
        hexValue(text.charCodeAt(index + 5));
      length = writeCodeUnit(buffer, length, unit);
      index += 6;
    } else {
      length = writeCodeUnit(buffer, length, UNESCAPE[text.charCodeAt(index + 1)]!);
      index += 2;
    }
  }
  buffer[length++] = 0x22;
  out.length = length;
  return index + 1;
}

/** Writes the JSON string token starting at `start` (its opening quote); returns the index after it. */
function writeStringToken(text: string, start: number, out: Output): number {
  out.reserve(1)[out.length++] = 0x22;
  return writeStringRest(text, start + 1, out);
}

/** json.dumps(s) with ensure_ascii: everything outside space..tilde is escaped, code unit by code unit. */
export function pythonString(value: string): string {
  const buffer = Buffer.allocUnsafe(value.length * 6 + 2);
  let length = 0;
  buffer[length++] = 0x22;
  for (let index = 0; index < value.length; index += 1) length = writeCodeUnit(buffer, length, value.charCodeAt(index));
  buffer[length++] = 0x22;
  return buffer.toString('latin1', 0, length);
}

/**
 * repr(float): shortest round-trip digits, exponent form below 1e-4 and from 1e16. JavaScript's
 * String() has the same digits (decimal form from 1e-6 to 1e21) and is several times faster than
 * toExponential(): a body of millions of short floats must stay within a small multiple of JSON.parse.
 */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const text = String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e16) return text.includes('.') ? text : `${text}.0`;
  const e = text.indexOf('e');
  // JavaScript's exponent form ("1.5e-7", "1e+21"): Python writes at least two exponent digits.
  if (e >= 0) return text.length - e === 3 ? `${text.slice(0, e + 2)}0${text.slice(e + 2)}` : text;
  // Decimal in JavaScript, exponent form in Python: "0.0000123" (1e-6 to 1e-4) or whole digits (1e16 to 1e21).
  const sign = value < 0 ? '-' : '';
  let digits: string;
  let exponent: number;
  if (magnitude < 1) {
    const point = text.indexOf('.') + 1;
    let first = point;
    while (text.charCodeAt(first) === 0x30) first += 1;
    digits = text.slice(first);
    exponent = point - first - 1;
  } else {
    const start = sign.length;
    let end = text.length;
    while (text.charCodeAt(end - 1) === 0x30) end -= 1;
    digits = text.slice(start, end);
    exponent = text.length - start - 1;
  }
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/** Writes the number token at `start` as Python prints what json.loads made of it; returns the index after it. */
function writeNumberToken(text: string, start: number, out: Output): number {
  let index = start;
  if (text.charCodeAt(index) === 0x2d) index += 1;
  while (isDigit(text.charCodeAt(index))) index += 1;
  let integer = true;
  if (text.charCodeAt(index) === 0x2e) {
    integer = false;
    index += 1;
    while (isDigit(text.charCodeAt(index))) index += 1;
  }
  const exponent = text.charCodeAt(index) | 0x20;
  if (exponent === 0x65) {
    integer = false;
    index += 1;
    const sign = text.charCodeAt(index);
    if (sign === 0x2b || sign === 0x2d) index += 1;
    while (isDigit(text.charCodeAt(index))) index += 1;
  }
  if (!integer) {
    out.ascii(pythonFloat(Number(text.slice(start, index))));
    return index;
  }
  // An integer: Python keeps every digit; "-0" is the int 0. Copied as it is, without a substring.
  const negativeZero = index - start === 2 && text.charCodeAt(start) === 0x2d && text.charCodeAt(start + 1) === 0x30;
  copyAscii(text, negativeZero ? start + 1 : start, index, out);
  return index;
}

/** Copies text[start, end), all ASCII, to the output byte by byte (a native write costs more for short runs). */
function copyAscii(text: string, start: number, end: number, out: Output): void {
  const buffer = out.reserve(end - start);
  let length = out.length;
  for (let index = start; index < end; index += 1) buffer[length++] = text.charCodeAt(index);
  out.length = length;
}

/** Writes the scalar token at `start` (string, number, true, false, null); returns the index after it. */
function writeScalarToken(text: string, start: number, out: Output): number {
  const code = text.charCodeAt(start);
  if (code === 0x22) return writeStringToken(text, start, out);
  const length = code === 0x74 || code === 0x6e ? 4 : code === 0x66 ? 5 : 0;
  if (length === 0) return writeNumberToken(text, start, out);
  // true, false or null: written as it stands in valid JSON.
  copyAscii(text, start, start + length, out);
  return start + length;
}

const isWhitespace = (code: number) => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

const BIG_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 0;

/** The text's UTF-16 code units as a typed array: a long loop reads them faster than with charCodeAt. */
function codeUnits(text: string): Uint16Array {
  // Not zero-filled first. Buffer's pool keeps buffers at offsets a Uint16Array can start at;
  // should one not be, it is copied to one that is.
  const bytes = Buffer.from(text, 'utf16le');
  if (BIG_ENDIAN) bytes.swap16();
  if (bytes.byteOffset % 2 === 0) return new Uint16Array(bytes.buffer, bytes.byteOffset, text.length);
  const units = new Uint16Array(text.length);
  Buffer.from(units.buffer).set(bytes);
  return units;
}

/**
 * The text re-serialised token by token; returns how many keys it wrote (one per ':'). One loop
 * copies the printable ASCII of short strings itself, the bulk of a purchase order; an escape, a
 * character outside it or a long string hands the rest of that string to writeStringRest, a
 * number goes to writeNumberToken.
 */
function writeTokens(text: string, out: Output): number {
  const units = codeUnits(text);
  let keys = 0;
  let index = 0;
  let buffer = out.reserve(8);
  let length = out.length;
  // Every step below writes at most 5 bytes before the room is checked again.
  let room = buffer.length - 8;
  const resume = () => {
    buffer = out.reserve(8);
    length = out.length;
    room = buffer.length - 8;
  };
  while (index < units.length) {
    if (length > room) {
      out.length = length;
      resume();
    }
    const code = units[index]!;
    if (code === 0x22) {
      buffer[length++] = code;
      index += 1;
      // A long string goes on in writeStringRest, which copies long runs in native writes.
      const bulk = index + BULK_RUN;
      for (;;) {
        if (length > room) {
          out.length = length;
          resume();
        }
        const unit = units[index]!;
        if (isPlain(unit) && index < bulk) {
          buffer[length++] = unit;
          index += 1;
        } else if (unit === 0x22) {
          buffer[length++] = unit;
          index += 1;
          break;
        } else {
          out.length = length;
          index = writeStringRest(text, index, out);
          resume();
          break;
        }
      }
    } else if (code === 0x2c || code === 0x3a) {
      buffer[length++] = code;
      buffer[length++] = 0x20;
      if (code === 0x3a) keys += 1;
      index += 1;
    } else if (code === 0x2d || isDigit(code)) {
      out.length = length;
      index = writeNumberToken(text, index, out);
      resume();
    } else if (code === 0x74 || code === 0x6e || code === 0x66) {
      // true, null or false: written as it stands in valid JSON.
      for (const end = index + (code === 0x66 ? 5 : 4); index < end; index += 1) buffer[length++] = units[index]!;
    } else {
      // A bracket is written as it is, whitespace left out.
      if (!isWhitespace(code)) buffer[length++] = code;
      index += 1;
    }
  }
  out.length = length;
  return keys;
}

/** Keys of every object in a parsed value, without recursion and without listing them. */
function countKeys(value: unknown): number {
  let keys = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const top = stack.pop();
    if (top === null || typeof top !== 'object') continue;
    if (Array.isArray(top)) {
      for (const child of top as unknown[]) if (child !== null && typeof child === 'object') stack.push(child);
      continue;
    }
    for (const key in top) {
      keys += 1;
      const child = (top as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
  return keys;
}

/** Keys as json.dumps writes them (one text per decoded key), each to its piece. */
type Container = { object: true; entries: Map<string, Piece> } | { object: false; items: Piece[] };
/** Python text of a scalar, or a container still to be written. */
type Piece = string | Container;

/** The index of the first character at or after `index` that is not whitespace. */
function skipWhitespace(text: string, index: number): number {
  let at = index;
  while (isWhitespace(text.charCodeAt(at))) at += 1;
  return at;
}

/**
 * The re-serialisation of a text whose objects repeat keys: a tree of containers built with an
 * explicit stack (a Map keeps a repeated key in its first place with its newest value, as a dict
 * does; keys are compared as json.dumps writes them, which is one text per decoded key), then
 * written out with another.
 */
function writeWithRepeatedKeys(text: string, out: Output): void {
  const scratch = new Output(64);
  const scalar = (start: number): [string, number] => {
    scratch.length = 0;
    const end = writeScalarToken(text, start, scratch);
    return [scratch.buffer.toString('latin1', 0, scratch.length), end];
  };
  const root: Container = { object: false, items: [] };
  const open: Container[] = [root];
  let pendingKey: string | null = null;
  const add = (piece: Piece) => {
    const parent = open[open.length - 1]!;
    if (parent.object) parent.entries.set(pendingKey!, piece);
    else parent.items.push(piece);
    pendingKey = null;
  };
  let index = skipWhitespace(text, 0);
  while (index < text.length) {
    const code = text.charCodeAt(index);
    const parent = open[open.length - 1]!;
    if (code === 0x7b || code === 0x5b) {
      const container: Container = code === 0x7b ? { object: true, entries: new Map() } : { object: false, items: [] };
      add(container);
      open.push(container);
      index += 1;
    } else if (code === 0x7d || code === 0x5d) {
      open.pop();
      index += 1;
    } else if (code === 0x2c || code === 0x3a || isWhitespace(code)) {
      index += 1;
    } else if (parent.object && pendingKey === null) {
      [pendingKey, index] = scalar(index);
    } else {
      const [valueText, end] = scalar(index);
      add(valueText);
      index = end;
    }
  }
  // Written with a stack of frames, each walking its container's pieces.
  type Frame =
    | { object: true; entries: Iterator<[string, Piece]>; first: boolean }
    | { object: false; items: Piece[]; at: number };
  const writing: Frame[] = [];
  const begin = (piece: Piece) => {
    if (typeof piece === 'string') {
      out.ascii(piece);
      return;
    }
    out.ascii(piece.object ? '{' : '[');
    writing.push(
      piece.object
        ? { object: true, entries: piece.entries.entries(), first: true }
        : { object: false, items: piece.items, at: 0 },
    );
  };
  begin(root.items[0]!);
  while (writing.length > 0) {
    const top = writing[writing.length - 1]!;
    if (top.object) {
      const next = top.entries.next();
      if (next.done === true) {
        out.ascii('}');
        writing.pop();
        continue;
      }
      out.ascii(top.first ? `${next.value[0]}: ` : `, ${next.value[0]}: `);
      top.first = false;
      begin(next.value[1]);
    } else {
      if (top.at === top.items.length) {
        out.ascii(']');
        writing.pop();
        continue;
      }
      if (top.at > 0) out.ascii(', ');
      top.at += 1;
      begin(top.items[top.at - 1]!);
    }
  }
}

/**
 * Python's `json.dumps(json.loads(text))` in two steps, for a signature check: `bytes`, written in
 * one pass, is its output unless an object repeats a key; `exact()` is its output whatever the
 * text (it counts the keys JSON.parse kept, and rewrites only when one was repeated). `parsed` is
 * the text as JSON.parse read it, so that a caller need not parse it again. Throws
 * PythonJsonError on text that is not JSON.
 */
export function pythonJsonSteps(text: string): { parsed: unknown; bytes: Buffer; exact: () => Buffer } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new PythonJsonError(jsonFault(error) ?? 'it cannot be read');
  }
  // Room for the usual growth (", " and ": " for "," and ":"); escapes grow it further as needed.
  const out = new Output(text.length + (text.length >> 2) + 16);
  const written = writeTokens(text, out);
  const bytes = out.bytes();
  const exact = () => {
    if (written === countKeys(parsed)) return bytes;
    const rewritten = new Output(bytes.length);
    writeWithRepeatedKeys(text, rewritten);
    return rewritten.bytes();
  };
  return { parsed, bytes, exact };
}

/** The bytes of Python's `json.dumps(json.loads(text))`; throws PythonJsonError on text that is not JSON. */
export function pythonJsonDumpsBuffer(text: string): Buffer {
  return pythonJsonSteps(text).exact();
}

/** The text Python's `json.dumps(json.loads(text))` produces; throws PythonJsonError on bad JSON. */
export function pythonJsonDumps(text: string): string {
  return pythonJsonDumpsBuffer(text).toString('latin1');
}
