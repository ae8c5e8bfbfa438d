/**
 * Exact decimal money as integer units at a scale (value = units / 10^scale), on BigInt: no
 * float ever touches an amount, nothing is rounded, and any size is exact.
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

/** A vendor amount (checked by optionalAmount in its payload schema) as record money. */
export function toMoney(value: string | number): string {
  return formatDecimal(parseDecimal(value));
}

export function multiplyMoney(amount: string, quantity: number): string {
  const a = parseDecimal(amount);
  const b = parseDecimal(quantity);
  return formatDecimal({ units: a.units * b.units, scale: a.scale + b.scale });
}

function sum(values: readonly (string | number)[]): Decimal {
  const decimals = values.map(parseDecimal);
  const scale = decimals.reduce((widest, decimal) => Math.max(widest, decimal.scale), 0);
  return { units: decimals.reduce((total, decimal) => total + atScale(decimal, scale), 0n), scale };
}

/** The exact sum, or null when any part is unknown. An empty list sums to "0.00". */
export function sumMoney(amounts: readonly (string | null)[]): string | null {
  if (amounts.some((amount) => amount === null)) return null;
  return formatDecimal(sum(amounts as string[]));
}

/** Sums quantities exactly, so 0.1 + 0.2 kg of stock is 0.3 and not 0.30000000000000004. */
export function sumQuantities(quantities: readonly number[]): number {
  return Number(decimalText(sum(quantities), 0));
}
