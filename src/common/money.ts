/**
 * Exact decimal money as integer units at a scale (value = units / 10^scale), on BigInt: no
 * float ever touches an amount, nothing is rounded, and any size is exact. Amounts whose units
 * stay within the integers a number holds exactly (2^53) take a path without BigInt, checked at
 * every step, with the same results.
 */

/** The record's money format: a decimal string with at least two decimal places. */
export const MONEY_PATTERN = /^-?\d+\.\d{2,}$/;

type Decimal = { units: bigint; scale: number };

const POWERS: bigint[] = [];
function power(exponent: number): bigint {
  return (POWERS[exponent] ??= 10n ** BigInt(exponent));
}

const PLAIN_DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;
const EXPONENT_FORM = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/;

/** Reads "1155.00", "-0.5", or a JSON number through its shortest text (19 for 19.00, "1e-7"). */
function parseDecimal(value: string | number): Decimal {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return { units: BigInt(value), scale: 0 };
  const text = typeof value === 'number' ? String(value) : value;
  const match = PLAIN_DECIMAL.exec(text) ?? EXPONENT_FORM.exec(text);
  if (!match) throw new Error(`Not a decimal amount: ${JSON.stringify(text)}`);
  const [, sign, whole = '0', fraction = '', exponentText = '0'] = match;
  let scale = fraction.length - Number(exponentText);
  let units = BigInt(whole + fraction);
  if (scale < 0) {
    units *= power(-scale);
    scale = 0;
  }
  return { units: sign === '-' ? -units : units, scale };
}

function atScale(decimal: Decimal, scale: number): bigint {
  return decimal.units * power(scale - decimal.scale);
}

/** The decimal's exact text with at least `minimumPlaces` decimal places, never rounded. */
function decimalText(decimal: Decimal, minimumPlaces: number): string {
  const scale = Math.max(minimumPlaces, decimal.scale);
  const units = atScale(decimal, scale);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return `${negative ? '-' : ''}${text}`;
}

/** Formats money exactly: "3465" -> "3465.00", "1.125" stays "1.125". */
function formatDecimal(decimal: Decimal): string {
  return decimalText(decimal, 2);
}

// The units and scale readSmall last read: kept here, so that reading an amount allocates nothing.
let smallUnits = 0;
let smallScale = 0;

/**
 * Reads plain decimal text ("-12.50", "+7", "0.1") or a number whose digits are exact as a number
 * (units below 2^53) into smallUnits and smallScale, without BigInt; false for anything else
 * (exponent form, more digits), which parseDecimal reads. Most amounts are such: BigInt was most
 * of the time spent mapping a large purchase order.
 */
function readSmall(value: string | number): boolean {
  if (typeof value === 'number' && Number.isSafeInteger(value)) {
    smallUnits = value;
    smallScale = 0;
    return true;
  }
  const text = typeof value === 'number' ? String(value) : value;
  const first = text.charCodeAt(0);
  const start = first === 0x2d || first === 0x2b ? 1 : 0;
  let units = 0;
  let point = -1;
  for (let index = start; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 0x2e && point < 0 && index > start && index < text.length - 1) point = index;
    else if (code >= 0x30 && code <= 0x39) units = units * 10 + (code - 0x30);
    else return false;
  }
  if (text.length === start || !Number.isSafeInteger(units)) return false;
  smallUnits = first === 0x2d ? -units : units;
  smallScale = point < 0 ? 0 : text.length - point - 1;
  return true;
}

/**
 * `units / 10^scale` written with at least `minimumPlaces` decimal places, or null when widening
 * the scale leaves the numbers that are exact (formatDecimal writes it then).
 */
function smallText(units: number, scale: number, minimumPlaces: number): string | null {
  const places = Math.max(minimumPlaces, scale);
  const widened = places === scale ? units : units * 10 ** (places - scale);
  if (!Number.isSafeInteger(widened)) return null;
  const digits = String(Math.abs(widened)).padStart(places + 1, '0');
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return widened < 0 ? `-${text}` : text;
}

/** Text readSmall has read that is already record money: no "+", no leading zero, not "-0.00". */
function isRecordMoney(text: string): boolean {
  const start = text.charCodeAt(0) === 0x2d ? 1 : 0;
  return (
    smallScale >= 2 &&
    text.charCodeAt(0) !== 0x2b &&
    (text.charCodeAt(start) !== 0x30 || text.charCodeAt(start + 1) === 0x2e) &&
    !(start === 1 && smallUnits === 0)
  );
}

/** A vendor amount (checked by optionalAmount in its payload schema) as record money. */
export function toMoney(value: string | number): string {
  // `${-0}` is "0".
  if (typeof value === 'number' && Number.isSafeInteger(value)) return `${value}.00`;
  if (!readSmall(value)) return formatDecimal(parseDecimal(value));
  // Text already written as record money is kept as it is: nothing to allocate.
  if (typeof value === 'string' && isRecordMoney(value)) return value;
  return smallText(smallUnits, smallScale, 2) ?? formatDecimal(parseDecimal(value));
}

export function multiplyMoney(amount: string, quantity: number): string {
  if (readSmall(quantity)) {
    const [units, scale] = [smallUnits, smallScale];
    const product = readSmall(amount) ? units * smallUnits : NaN;
    const fast = Number.isSafeInteger(product) ? smallText(product, scale + smallScale, 2) : null;
    if (fast !== null) return fast;
  }
  const a = parseDecimal(amount);
  const b = parseDecimal(quantity);
  return formatDecimal({ units: a.units * b.units, scale: a.scale + b.scale });
}

/**
 * The exact sum written with at least `minimumPlaces` places, or null when a part or the sum
 * leaves the exact numbers.
 */
function smallSum(values: readonly (string | number)[], minimumPlaces: number): string | null {
  let units = 0;
  let scale = 0;
  for (const value of values) {
    if (!readSmall(value)) return null;
    if (smallScale > scale) {
      units *= 10 ** (smallScale - scale);
      scale = smallScale;
    }
    const term = smallScale < scale ? smallUnits * 10 ** (scale - smallScale) : smallUnits;
    // Each step checked: a product past the exact numbers may round back into them in a sum.
    if (!Number.isSafeInteger(units) || !Number.isSafeInteger(term)) return null;
    units += term;
    if (!Number.isSafeInteger(units)) return null;
  }
  return smallText(units, scale, minimumPlaces);
}

function sum(values: readonly (string | number)[]): Decimal {
  const decimals = values.map(parseDecimal);
  const scale = decimals.reduce((widest, decimal) => Math.max(widest, decimal.scale), 0);
  return { units: decimals.reduce((total, decimal) => total + atScale(decimal, scale), 0n), scale };
}

/** The exact sum, or null when any part is unknown. An empty list sums to "0.00". */
export function sumMoney(amounts: readonly (string | null)[]): string | null {
  if (amounts.some((amount) => amount === null)) return null;
  return smallSum(amounts as string[], 2) ?? formatDecimal(sum(amounts as string[]));
}

/** Sums quantities exactly, so 0.1 + 0.2 kg of stock is 0.3 and not 0.30000000000000004. */
export function sumQuantities(quantities: readonly number[]): number {
  return Number(smallSum(quantities, 0) ?? decimalText(sum(quantities), 0));
}
