/** The Apicbase ordering webhook (seed 002's "Purchase order data schema"), validated at the edge. */
import { z as zod } from 'zod';
import { nullable, optionalAmount, optionalText, requiredId, wholeQuantity } from '../../common/fields';

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
  ordered_on: optionalText,
  owned_by: nullable(zod.object({ username: optionalText })),
  order_remarks: optionalText,
  packages: zod.array(packageLine),
  expected_delivery_date: optionalText,
  theoretical_price: optionalAmount,
  supplier_customer_number: optionalText,
});

export type ApicbaseOrder = zod.infer<typeof apicbaseOrderSchema>;
