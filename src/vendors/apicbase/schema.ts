/** The Apicbase ordering webhook (seed 002's "Purchase order data schema"), validated at the edge. */
import { z as zod } from 'zod';
import { startsWithRealDateIfAny } from '../../common/dates';
import { nullable, optionalAmount, optionalText, requiredId, wholeQuantity } from '../../common/fields';

/** A date kept as text whatever its form, but never one off the calendar ("2025-02-30"). */
const datedText = optionalText.refine((value) => typeof value !== 'string' || startsWithRealDateIfAny(value), {
  error: 'must be a date on the calendar, such as "2025-02-23T09:17:40Z"',
});

const packageLine = zod.object({
  // Per line item: nullish, not nullable(), to keep a transform off every line.
  stock_item: zod.object({ name: optionalText }).nullish(),
  supplier_package: zod
    .object({
      supplier_article_number: optionalText,
      theoretical_price_per_package: optionalAmount,
    })
    .nullish(),
  quantity_ordered: wholeQuantity,
  total_theoretical_price: optionalAmount,
});

export const apicbaseOrderSchema = zod.object({
  id: requiredId,
  order_number: optionalText,
  status: optionalText,
  // "datetime" in the schema: kept whatever its form, and read as a timestamp only when zoned.
  ordered_on: datedText,
  owned_by: nullable(zod.object({ username: optionalText })),
  order_remarks: optionalText,
  packages: zod.array(packageLine),
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
