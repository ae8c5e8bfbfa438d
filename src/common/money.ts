import Big from 'big.js';

/** A decimal amount as text: digits, an optional sign and fraction; no exponent, no grouping. */
export const DECIMAL_PATTERN = /^[+-]?\d+(\.\d+)?$/;

/** The record's money format: a decimal string with at least two decimal places. */
export const MONEY_PATTERN = /^-?\d+\.\d{2,}$/;

function decimalPlaces(amount: Big): number {
  // big.js keeps the digits in `c` and the exponent in `e`.
  return Math.max(0, amount.c.length - amount.e - 1);
}

/** Formats exactly, never rounding: "3465" -> "3465.00", "1.125" stays "1.125". */
export function formatMoney(amount: Big): string {
  return amount.toFixed(Math.max(2, decimalPlaces(amount)));
}

/** Parses a vendor amount that the payload schema has already checked against DECIMAL_PATTERN. */
export function toMoney(value: string | number): string {
  // String(number) is the shortest text that reads back as the same number (199 for 199.00).
  return formatMoney(new Big(typeof value === 'number' ? String(value) : value));
}

export function multiplyMoney(amount: string, quantity: number): string {
  return formatMoney(new Big(amount).times(quantity));
}

/** The exact sum, or null when any part is unknown. An empty list sums to "0.00". */
export function sumMoney(amounts: readonly (string | null)[]): string | null {
  let sum = new Big(0);
  for (const amount of amounts) {
    if (amount === null) return null;
    sum = sum.plus(amount);
  }
  return formatMoney(sum);
}

/** Sums quantities exactly, so 0.1 + 0.2 kg of stock is 0.3 and not 0.30000000000000004. */
export function sumQuantities(quantities: readonly number[]): number {
  return Number(quantities.reduce((sum, quantity) => sum.plus(String(quantity)), new Big(0)).toString());
}
