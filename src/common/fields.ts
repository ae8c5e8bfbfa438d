/**
 * zod building blocks for vendor payloads: each says in its message what it expects. The ones
 * used per line item validate without transforming (a zod transform costs a pipe per value,
 * which was most of the time spent validating a 2,000-line purchase order), and come with a plain
 * test for checkedList() (see LineField); mappers read their values through text(), amountOf(),
 * quantityOf() and currencyOf().
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
  if (Number.isInteger(value)) return 0;
  const text = String(value);
  const e = text.indexOf('e');
  const point = text.indexOf('.');
  const fraction = point < 0 ? 0 : (e < 0 ? text.length : e) - point - 1;
  return Math.max(0, fraction - (e < 0 ? 0 : Number(text.slice(e + 1))));
}

/** At most `digits` digits before the point and `digits` after it. */
const withinDigits = (digits: number) => {
  const bound = 10 ** digits;
  return (value: number) => Math.abs(value) < bound && decimalPlaces(value) <= digits;
};

const AMOUNT_MESSAGE = 'must be a decimal amount such as "12.50"';
// Bounded: exact BigInt arithmetic on a 9.9-million-digit amount took half a minute.
const AMOUNT_DIGITS_MESSAGE = `must have at most ${MAX_AMOUNT_DIGITS} digits before and after the decimal point`;

const LOOSE_DECIMAL = /^[+-]?\d+(\.\d+)?$/;
const AMOUNT_TEXT = new RegExp(`^[+-]?\\d{1,${MAX_AMOUNT_DIGITS}}(\\.\\d{1,${MAX_AMOUNT_DIGITS}})?$`);
const withinAmountDigits = withinDigits(MAX_AMOUNT_DIGITS);

/** An amount as decimal text ("1155.00"), within the digits real amounts need: one test per value. */
export const decimalText = zod.string().regex(AMOUNT_TEXT, {
  error: (issue) =>
    typeof issue.input === 'string' && LOOSE_DECIMAL.test(issue.input) ? AMOUNT_DIGITS_MESSAGE : AMOUNT_MESSAGE,
});

/** An amount as a decimal string ("1155.00") or a JSON number (19.00), or null when unknown. */
export const optionalAmount = zod
  .union([decimalText, zod.number().refine(withinAmountDigits, { error: AMOUNT_DIGITS_MESSAGE })], {
    error: AMOUNT_MESSAGE,
  })
  .nullish();

/** An optionalAmount value as record money: exact, at least two decimals, or null when unknown. */
export function amountOf(value: zod.infer<typeof optionalAmount>): string | null {
  return value === undefined || value === null ? null : toMoney(value);
}

const QUANTITY_MESSAGE = 'must be a whole number of 0 or more';
const MAX_WHOLE_QUANTITY = 10 ** MAX_QUANTITY_DIGITS - 1;
const QUANTITY_DIGITS_MESSAGE = `must have at most ${MAX_QUANTITY_DIGITS} digits before and after the decimal point`;
// At most 15 digits, so the number it stands for is exact.
const WHOLE_QUANTITY_TEXT = new RegExp(`^\\d{1,${MAX_QUANTITY_DIGITS}}$`);
const DECIMAL_QUANTITY_TEXT = new RegExp(`^\\d{1,${MAX_QUANTITY_DIGITS}}(\\.\\d{1,${MAX_QUANTITY_DIGITS}})?$`);
const withinQuantityDigits = withinDigits(MAX_QUANTITY_DIGITS);

/** A count of units: a whole number of 0 or more, also accepted as digits in text ("3"). */
export const wholeQuantity = zod.union(
  [
    zod
      .number()
      .int({ error: 'must be a whole number' })
      .nonnegative({ error: 'must be 0 or more' })
      .max(MAX_WHOLE_QUANTITY, { error: QUANTITY_DIGITS_MESSAGE }),
    zod.string().regex(WHOLE_QUANTITY_TEXT, { error: QUANTITY_MESSAGE }),
  ],
  { error: QUANTITY_MESSAGE },
);

/** A quantity that may be fractional (kilograms, litres): a number of 0 or more, or its digits. */
export const decimalQuantity = zod.union(
  [
    zod
      .number()
      .nonnegative({ error: 'must be 0 or more' })
      .refine(withinQuantityDigits, { error: QUANTITY_DIGITS_MESSAGE }),
    zod.string().regex(DECIMAL_QUANTITY_TEXT, { error: 'must be a number of 0 or more' }),
  ],
  { error: 'must be a number of 0 or more' },
);

/** A wholeQuantity or decimalQuantity value as a number. */
export function quantityOf(value: number | string): number {
  return typeof value === 'number' ? value : Number(value);
}

const CURRENCY_CODE = /^[A-Za-z]{3}$/;

/** An ISO 4217 code such as "usd" or "USD", kept as sent (currencyOf reads it). */
export const currencyCode = zod
  .string()
  .regex(CURRENCY_CODE, { error: 'must be a three-letter currency code such as "USD"' })
  .nullish();

/** A currencyCode value as the record keeps it: upper-cased, or null. */
export const currencyOf = (value: string | null | undefined): string | null => (value ? value.toUpperCase() : null);

/** An ISO 4217 code such as "USD", upper-cased. */
export const optionalCurrency = currencyCode.transform(currencyOf);

/**
 * A line-item field: its zod schema, and the same rule as a plain test. zod's machinery per field
 * (optional and nullable wrappers, unions, checks) cost more than JSON.parse spends on the field,
 * on every field of every line: checkedList() tests each line at once, and hands each line its
 * test refuses to the zod schema, which decides and names what is wrong.
 * test/common/fields.test.ts holds each test to its schema. An accepted line is kept as sent, so a
 * field whose schema outputs another type than it reads (a transform) is refused by the type
 * checker where a list is built (checkedList).
 */
export type LineField<Schema extends zod.ZodType = zod.ZodType> = {
  schema: Schema;
  accepts: (value: unknown) => boolean;
};

const lineField = <Schema extends zod.ZodType>(
  schema: Schema,
  accepts: (value: unknown) => boolean,
): LineField<Schema> => ({ schema, accepts });

const isNullish = (value: unknown): value is null | undefined => value === null || value === undefined;

// zod's number() refuses NaN and the infinities (JSON.parse reads 1e400 as Infinity).
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

export const textField = lineField(
  optionalText,
  (value) => isNullish(value) || typeof value === 'string' || isNumber(value),
);

export const amountField = lineField(
  optionalAmount,
  (value) =>
    isNullish(value) ||
    (typeof value === 'string' ? AMOUNT_TEXT.test(value) : isNumber(value) && withinAmountDigits(value)),
);

export const wholeQuantityField = lineField(wholeQuantity, (value) =>
  typeof value === 'string'
    ? WHOLE_QUANTITY_TEXT.test(value)
    : isNumber(value) && Number.isInteger(value) && value >= 0 && value <= MAX_WHOLE_QUANTITY,
);

export const decimalQuantityField = lineField(decimalQuantity, (value) =>
  typeof value === 'string'
    ? DECIMAL_QUANTITY_TEXT.test(value)
    : isNumber(value) && value >= 0 && withinQuantityDigits(value),
);

export const currencyCodeField = lineField(
  currencyCode,
  (value) => isNullish(value) || (typeof value === 'string' && CURRENCY_CODE.test(value)),
);

type LineShape = Record<string, LineField>;

/** Each field whose schema outputs the type it reads, and never for one that transforms. */
type KeptAsSent<Shape extends LineShape> = {
  [Key in keyof Shape]: [zod.input<Shape[Key]['schema']>] extends [zod.output<Shape[Key]['schema']>]
    ? [zod.output<Shape[Key]['schema']>] extends [zod.input<Shape[Key]['schema']>]
      ? unknown
      : never
    : never;
};
type LineObject<Shape extends LineShape> = zod.ZodObject<{ [Key in keyof Shape]: Shape[Key]['schema'] }>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function objectParts<Shape extends LineShape>(shape: Shape) {
  const schema = zod.object(
    Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, field.schema])),
  ) as LineObject<Shape>;
  const keys = Object.keys(shape);
  const tests = Object.values(shape).map((field) => field.accepts);
  const accepts = (value: unknown) => {
    if (!isRecord(value)) return false;
    for (let index = 0; index < keys.length; index += 1) if (!tests[index]!(value[keys[index]!])) return false;
    return true;
  };
  return { schema, accepts };
}

/** An object inside a line item, which the vendor may leave out or send as null. */
export function optionalObjectField<Shape extends LineShape>(shape: Shape) {
  const { schema, accepts } = objectParts(shape);
  return lineField(schema.nullish(), (value) => isNullish(value) || accepts(value));
}

/**
 * How many refused items of a list zod names one by one. A 10 MB body holds millions of items, and
 * an issue for each took 46 to 49 s and 4.5 GB: past this, one issue counts the rest.
 */
export const MAX_ITEMS_NAMED = 100;

/** The refused items an issue stands for without naming them (checkedList), or null for an issue of its own. */
export function itemsNotNamed(issue: zod.core.$ZodIssue): number | null {
  const count: unknown = issue.code === 'custom' ? issue.params?.itemsNotNamed : undefined;
  return typeof count === 'number' ? count : null;
}

const notAList = (value: unknown): zod.core.$ZodRawIssue => ({ code: 'invalid_type', expected: 'array', input: value });

/** The one issue that counts the refused items past the first MAX_ITEMS_NAMED (itemsNotNamed reads it). */
function notNamedIssue(count: number): zod.core.$ZodRawIssue {
  return {
    code: 'custom',
    input: undefined,
    path: [],
    message: `has ${count.toLocaleString('en')} more refused item${count === 1 ? '' : 's'}, not named one by one`,
    params: { itemsNotNamed: count },
    continue: true,
  };
}

/**
 * The issues of a list's refused items: zod's own for the first MAX_ITEMS_NAMED, at their
 * positions, then one counting the rest. `refusal` answers null for an accepted item, or how to
 * get a refused one's issues, asked for the named ones only.
 */
function refusedItems(
  list: readonly unknown[],
  refusal: (item: unknown) => (() => readonly zod.core.$ZodIssue[]) | null,
): zod.core.$ZodRawIssue[] {
  const issues: zod.core.$ZodRawIssue[] = [];
  let refused = 0;
  for (let index = 0; index < list.length; index += 1) {
    const issuesOf = refusal(list[index]);
    if (issuesOf === null || (refused += 1) > MAX_ITEMS_NAMED) continue;
    for (const issue of issuesOf()) {
      issues.push({
        ...issue,
        path: [index, ...issue.path],
        input: issue.input,
        continue: true,
      } as zod.core.$ZodRawIssue);
    }
  }
  if (refused > MAX_ITEMS_NAMED) issues.push(notNamedIssue(refused - MAX_ITEMS_NAMED));
  return issues;
}

/**
 * zod.array(item) for a list a vendor may fill with millions of items: each item parsed alone, its
 * refused ones reported by refusedItems. A refused item stops the checks that read the whole value
 * (a refinement over every line would otherwise see the list without it, its positions shifted).
 */
export function listOf<Item extends zod.ZodType>(item: Item) {
  return zod.unknown().transform((value, context): zod.output<Item>[] => {
    if (!Array.isArray(value)) {
      context.issues.push(notAList(value));
      return zod.NEVER;
    }
    const items: zod.output<Item>[] = [];
    const issues = refusedItems(value, (element) => {
      const result = item.safeParse(element, { reportInput: true });
      if (!result.success) return () => result.error.issues;
      items.push(result.data);
      return null;
    });
    if (issues.length === 0) return items;
    for (const issue of issues) context.issues.push({ ...issue, continue: false });
    return zod.NEVER;
  });
}

/**
 * A list of objects, such as a purchase order's lines: one plain test of each item, and zod's own
 * validation of each refused item (zod decides, and names each problem with its item's position),
 * reported by refusedItems. Accepted items are kept as sent.
 */
export function checkedList<Shape extends LineShape>(
  shape: Shape & KeptAsSent<Shape>,
): zod.ZodType<zod.output<LineObject<Shape>>[]> {
  const { schema, accepts } = objectParts(shape);
  const issuesOf = (item: unknown) => () => schema.safeParse(item, { reportInput: true }).error?.issues ?? [];
  return zod.unknown().check((payload) => {
    const value = payload.value;
    if (!Array.isArray(value)) {
      payload.issues.push(notAList(value));
      return;
    }
    // Every line of a genuine list passes its plain test: one pass, and nothing more to do.
    if (value.every(accepts)) return;
    payload.issues.push(...refusedItems(value, (item) => (accepts(item) ? null : issuesOf(item))));
  }) as unknown as zod.ZodType<zod.output<LineObject<Shape>>[]>;
}
