/** Stocky API v2 purchase orders (seed 001): only the seed that makes the retired triggers' sample is parsed now. */
import { z as zod } from 'zod';
import { isoTimestampSchema } from '../../common/dates';
import {
  nullable,
  optionalAmount,
  optionalCurrency,
  optionalText,
  requiredId,
  wholeQuantity,
} from '../../common/fields';

/** Stocky accepts true, false, 1 and 0 for its booleans. */
const flag = nullable(
  zod.union([zod.boolean(), zod.literal(0), zod.literal(1)], { error: 'must be true or false' }),
).transform((value) => (value === null ? null : Boolean(value)));

const purchaseItem = zod.object({
  id: requiredId,
  sku: optionalText,
  inventory_item_id: optionalText,
  product_title: optionalText,
  variant_title: optionalText,
  asin: optionalText,
  quantity: wholeQuantity,
  status: optionalText,
  retail_price: optionalAmount,
  cost_price: optionalAmount,
  supplier_cost_price: optionalAmount,
  account_code: optionalText,
  tax_type_id: optionalText,
  accounting_tax_type: optionalText,
  // Both use the merchant's chosen date format ("09/02/2021 00:23"), day or month first: kept as text.
  received_at: optionalText,
  updated_at: optionalText,
});

/** A date Stocky may write ISO or in the merchant's own format: never refused, never guessed. */
const merchantDate = nullable(zod.string({ error: 'must be a date written as text' }));

export const stockyPurchaseOrderSchema = zod.object({
  id: zod.number().int().positive({ error: 'must be a positive whole number' }),
  number: optionalText,
  sequential_id: optionalText,
  invoice_number: optionalText,
  created_at: nullable(isoTimestampSchema),
  updated_at: isoTimestampSchema,
  generated_at: nullable(isoTimestampSchema),
  ordered_at: nullable(isoTimestampSchema),
  // ISO ("2021-02-22") or the merchant's date format ("09/02/2021"), as received_at: kept as text.
  expected_on: merchantDate,
  ship_on: merchantDate,
  payment_due_on: merchantDate,
  invoice_date: merchantDate,
  archived: flag,
  supplier_name: optionalText,
  supplier_id: optionalText,
  currency: optionalCurrency,
  shopify_receive_location_id: optionalText,
  paid: flag,
  adjustments: optionalAmount,
  adjustments_local: optionalAmount,
  shipping: optionalAmount,
  shipping_local: optionalAmount,
  shipping_tax_type: optionalText,
  purchase_items: zod.array(purchaseItem),
});

export const stockyListResponseSchema = zod.object({
  purchase_orders: zod.array(stockyPurchaseOrderSchema),
});

export type StockyPurchaseOrder = zod.infer<typeof stockyPurchaseOrderSchema>;
export type StockyPurchaseItem = StockyPurchaseOrder['purchase_items'][number];
