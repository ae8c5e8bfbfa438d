/** The Apicbase ordering webhook (seed 002's "Purchase order data schema"), validated at the edge. */
import { z as zod } from 'zod';
import { startsWithRealDateIfAny } from '../../common/dates';
import {
  amountField,
  checkedList,
  nullable,
  optionalAmount,
  optionalObjectField,
  optionalText,
  requiredId,
  textField,
  wholeQuantityField,
} from '../../common/fields';

/** A date kept as text whatever its form, but never one off the calendar ("2025-02-30"). */
const datedText = optionalText.refine((value) => typeof value !== 'string' || startsWithRealDateIfAny(value), {
  error: 'must be a date on the calendar, such as "2025-02-23T09:17:40Z"',
});

const packages = checkedList({
  stock_item: optionalObjectField({ name: textField }),
  supplier_package: optionalObjectField({
    supplier_article_number: textField,
    theoretical_price_per_package: amountField,
  }),
  quantity_ordered: wholeQuantityField,
  total_theoretical_price: amountField,
});

export const apicbaseOrderSchema = zod.object({
  id: requiredId,
  order_number: optionalText,
  status: optionalText,
  // "datetime" in the schema: kept whatever its form, and read as a timestamp only when zoned.
  ordered_on: datedText,
  owned_by: nullable(zod.object({ username: optionalText })),
  order_remarks: optionalText,
  packages,
  expected_delivery_date: datedText,
  theoretical_price: optionalAmount,
  supplier_customer_number: optionalText,
});

export type ApicbaseOrder = zod.infer<typeof apicbaseOrderSchema>;

/**
 * The supplier API's order list: presumably Apicbase's usual `{count, next, previous, results}`
 * (unverified), so a bare array is read too. Orders are validated one by one (validateListItemsAt).
 */
export const apicbaseOrderListSchema = zod.union([
  zod.array(zod.unknown()),
  zod.object({
    count: zod.number().int().nonnegative().nullish(),
    next: zod.string().nullish(),
    results: zod.array(zod.unknown()),
  }),
]);
