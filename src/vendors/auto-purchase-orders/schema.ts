/** The Auto Purchase Orders webhook payload (seed 000), validated at the edge. */
import { z as zod } from 'zod';
import { isoDateOrTimestampSchema, isoTimestampSchema } from '../../common/dates';
import {
  amountField,
  currencyCodeField,
  checkedList,
  nullable,
  optionalAmount,
  optionalCurrency,
  optionalObjectField,
  optionalText,
  requiredId,
  textField,
  wholeQuantityField,
} from '../../common/fields';
import { MAX_NESTING, nestsDeeperThan } from '../../common/limits';

// The shipping charge's price; a line's is checked by checkedList().
const price = zod.object({ pure: optionalAmount, currency_code: optionalCurrency }).nullish();

const address = nullable(
  zod.object({
    company: optionalText,
    contact_name: optionalText,
    phone: optionalText,
    address_line_1: optionalText,
    address_line_2: optionalText,
    city: optionalText,
    region: optionalText,
    postal_code: optionalText,
    country: optionalText,
    country_code: optionalText,
  }),
);

const products = checkedList({
  id: textField,
  product_id: textField,
  variant_id: textField,
  sku: textField,
  supplier_ref: textField,
  product_title: textField,
  variant_title: textField,
  tax_percent: amountField,
  quantity: wholeQuantityField,
  // Its currency kept as sent: the mapper reads it through currencyOf().
  unit_price: optionalObjectField({ pure: amountField, currency_code: currencyCodeField }),
});

const supplier = nullable(
  zod.object({
    company: optionalText,
    comment: optionalText,
    currency_code: optionalCurrency,
    address,
    email_recipients: checkedList({ email: textField, name: textField })
      .nullish()
      .transform((value) => value ?? []),
  }),
);

const optionalTimestamp = nullable(isoTimestampSchema);

/**
 * A value copied into vendor_fields as sent, whatever its shape or size, unless it nests deeper
 * than the record's serialisation (recursive, in Zapier) survives.
 */
const freeFormValue = zod
  .unknown()
  .optional()
  .refine((value) => !nestsDeeperThan(value), {
    error: `must be nested at most ${MAX_NESTING.toLocaleString('en')} levels deep`,
  });

export const apoPayloadSchema = zod.object({
  id: requiredId,
  po_number: optionalText,
  date_created: nullable(isoDateOrTimestampSchema),
  expected_date: nullable(isoDateOrTimestampSchema),
  supplier,
  billing_address: address,
  shipping_address: address,
  currency: optionalCurrency,
  comment: optionalText,
  products,
  authorized_by: freeFormValue,
  completed_at: optionalTimestamp,
  created_at: optionalTimestamp,
  updated_at: optionalTimestamp,
  shipping_and_handling_price: price,
  shopify_order_id: freeFormValue,
  shopify_order_name: freeFormValue,
  shopify_order_ids: freeFormValue,
  shopify_order_names: freeFormValue,
});

export type ApoPayload = zod.infer<typeof apoPayloadSchema>;
export type ApoAddress = ApoPayload['billing_address'];
