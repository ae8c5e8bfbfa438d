/**
 * zod building blocks for vendor payloads: each says in its message what it expects. The ones
 * used per line item validate without transforming (a zod transform costs a pipe per value,
 * which was most of the time spent validating a 2,000-line purchase order); mappers read their
 * values through text(), amountOf() and quantityOf().
 */
import { z as zod } from 'zod';
import { MAX_AMOUNT_DIGITS, MAX_ID_CHARS, MAX_QUANTITY_DIGITS } from './limits';
import { toMoney } from './money';

/** A value the vendor may leave out or send as null: always null then, never undefined. */
export const nullable = <Schema extends zod.ZodType>(schema: Schema) =>
  schema.nullish().transform((value) => value ?? null);

/** Text the vendor may leave out or send as null or ""; a number is read as its text by text(). */
export const optionalText = zod.union([zod.string(), zod.number()], { error: 'must be text' }).nullish();

export type RawText = zod.infer<typeof optionalText>;

/** An optionalText value as the record keeps it: "" and a missing value are null. */
export function text(value: RawText): string | null {
  return value === undefined || value === null || value === '' ? null : String(value);
}

/** A required identifier: a non-negative whole number or non-empty text, kept as text. */
export const requiredId = zod
  .union(
    [
      zod.number().int().nonnegative(),
      zod
        .string()
        .trim()
        .min(1)
        .max(MAX_ID_CHARS, { error: `must be at most ${MAX_ID_CHARS} characters` }),
    ],
    {
      error: (issue) => (issue.input === undefined ? 'is missing' : 'must be a whole number or non-empty text'),
    },
  )
  .transform(String);

/** Digits after the point of a JSON number, from its shortest text ("1e-7" has 7). */
function decimalPlaces(value: number): number {
  const [mantissa = '', exponent = '0'] = String(value).split('e');
  return Math.max(0, (mantissa.split('.')[1]?.length ?? 0) - Number(exponent));
}

/** At most `digits` digits before the point and `digits` after it. */
const withinDigits = (digits: number) => (value: number) =>
  Math.abs(value) < 10 ** digits && decimalPlaces(value) <= digits;

const AMOUNT_MESSAGE = 'must be a decimal amount such as "12.50"';
// Bounded: exact BigInt arithmetic on a 9.9-million-digit amount took half a minute.
const AMOUNT_DIGITS_MESSAGE = `must have at most ${MAX_AMOUNT_DIGITS} digits before and after the decimal point`;

/** An amount as decimal text ("1155.00"), within the digits real amounts need. */
export const decimalText = zod
  .string()
  .regex(/^[+-]?\d+(\.\d+)?$/, { error: AMOUNT_MESSAGE, abort: true })
  .regex(new RegExp(`^[+-]?\\d{1,${MAX_AMOUNT_DIGITS}}(\\.\\d{1,${MAX_AMOUNT_DIGITS}})?$`), {
    error: AMOUNT_DIGITS_MESSAGE,
  });

/** An amount as a decimal string ("1155.00") or a JSON number (19.00), or null when unknown. */
export const optionalAmount = zod
  .union(
    [decimalText, zod.number().finite().refine(withinDigits(MAX_AMOUNT_DIGITS), { error: AMOUNT_DIGITS_MESSAGE })],
    { error: AMOUNT_MESSAGE },
  )
  .nullish();

/** An optionalAmount value as record money: exact, at least two decimals, or null when unknown. */
export function amountOf(value: zod.infer<typeof optionalAmount>): string | null {
  return value === undefined || value === null ? null : toMoney(value);
}

const QUANTITY_MESSAGE = 'must be a whole number of 0 or more';
const MAX_WHOLE_QUANTITY = 10 ** MAX_QUANTITY_DIGITS - 1;
const QUANTITY_DIGITS_MESSAGE = `must have at most ${MAX_QUANTITY_DIGITS} digits before and after the decimal point`;

/** A count of units: a whole number of 0 or more, also accepted as digits in text ("3"). */
export const wholeQuantity = zod.union(
  [
    zod
      .number()
      .int({ error: 'must be a whole number' })
      .nonnegative({ error: 'must be 0 or more' })
      .max(MAX_WHOLE_QUANTITY, { error: QUANTITY_DIGITS_MESSAGE }),
    // At most 15 digits, so the number it stands for is exact.
    zod.string().regex(new RegExp(`^\\d{1,${MAX_QUANTITY_DIGITS}}$`), { error: QUANTITY_MESSAGE }),
  ],
  { error: QUANTITY_MESSAGE },
);

/** A quantity that may be fractional (kilograms, litres): a number of 0 or more, or its digits. */
export const decimalQuantity = zod.union(
  [
    zod
      .number()
      .finite()
      .nonnegative({ error: 'must be 0 or more' })
      .refine(withinDigits(MAX_QUANTITY_DIGITS), { error: QUANTITY_DIGITS_MESSAGE }),
    zod.string().regex(new RegExp(`^\\d{1,${MAX_QUANTITY_DIGITS}}(\\.\\d{1,${MAX_QUANTITY_DIGITS}})?$`), {
      error: 'must be a number of 0 or more',
    }),
  ],
  { error: 'must be a number of 0 or more' },
);

/** A wholeQuantity or decimalQuantity value as a number. */
export function quantityOf(value: number | string): number {
  return typeof value === 'number' ? value : Number(value);
}

/** An ISO 4217 code such as "USD", upper-cased. */
export const optionalCurrency = zod
  .string()
  .regex(/^[A-Za-z]{3}$/, { error: 'must be a three-letter currency code such as "USD"' })
  .nullish()
  .transform((value) => (value ? value.toUpperCase() : null));
