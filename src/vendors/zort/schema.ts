/** ZORT webhook payloads and API answers (seed 003), validated at the edge. */
import { z as zod } from 'zod';
import {
  amountField,
  decimalQuantityField,
  checkedList,
  nullable,
  optionalAmount,
  optionalText,
  requiredId,
  textField,
} from '../../common/fields';
import { zortDateToIso } from './dates';

/** ZORT's .NET dates: "/Date(1644944400000)/", milliseconds since the epoch (15 digits at most: a real date). */
const netDate = nullable(
  zod
    .string()
    .regex(/^\/Date\(-?\d{1,15}([+-]\d{4})?\)\/$/, {
      error: 'must be a date such as "/Date(1644944400000)/"',
      abort: true,
    })
    // The record's timestamps have four-digit years: a date past 9999 or before 0000 is refused.
    .refine((value) => /^\d{4}-/.test(zortDateToIso(value)), {
      error: 'must be a date such as "/Date(1644944400000)/", in the years 0000 to 9999',
    }),
);

/**
 * A creation or change time the list may carry (unverified): epoch milliseconds, or null when it
 * is missing or in a shape not known, never a reason to leave the purchase order out.
 */
const listedTime = zod
  .unknown()
  .optional()
  .transform((value) => {
    const milliseconds =
      typeof value === 'string' ? /^\/Date\((-?\d{1,15})([+-]\d{4})?\)\/$/.exec(value)?.[1] : undefined;
    return milliseconds === undefined ? null : Number(milliseconds);
  });

const lines = checkedList({
  productid: textField,
  sku: textField,
  name: textField,
  // Quantities in ZORT may be fractional (kilograms, litres).
  number: decimalQuantityField,
  pricepernumber: amountField,
  discount: textField,
  totalprice: amountField,
});

const documentFields = {
  id: requiredId,
  number: optionalText,
  customerid: optionalText,
  customername: optionalText,
  customeridnumber: optionalText,
  customerphone: optionalText,
  customeremail: optionalText,
  customeraddress: optionalText,
  description: optionalText,
  reference: optionalText,
  referenceid: optionalText,
  vattype: optionalText,
  list: lines,
  discount: optionalText,
  vatamount: optionalAmount,
  amount: optionalAmount,
  paymentamount: optionalAmount,
  paymentstatus: optionalText,
  status: optionalText,
};

export const zortPurchaseOrderSchema = zod.object({
  ...documentFields,
  purchaseorderdate: netDate,
  purchaseorderdateString: optionalText,
  // ZORT's sales orders list these; whether its purchase orders do is unverified: used when present.
  createdatetime: listedTime,
  updatedatetime: listedTime,
});

export const zortPurchaseReturnSchema = zod.object({
  ...documentFields,
  returnpurchaseorderdate: netDate,
  returnpurchaseorderdateString: optionalText,
});

export type ZortPurchaseOrder = zod.infer<typeof zortPurchaseOrderSchema>;
export type ZortPurchaseReturn = zod.infer<typeof zortPurchaseReturnSchema>;

/** A webhook key as text: accepting numbers too means no validation message ever quotes one. */
const webhookKey = nullable(zod.union([zod.string(), zod.number()]).transform(String));

/** GetWebhook's answer: key1..key3 and one URL per event, kept whole so it can be written back. */
export const zortWebhookConfigSchema = zod.looseObject({
  key1: webhookKey,
  key2: webhookKey,
  key3: webhookKey,
});

export type ZortWebhookConfig = zod.infer<typeof zortWebhookConfigSchema>;

/** ZORT's answer envelope: `res.resCode` "200" on success (unverified: tolerate it missing). */
export const zortResultSchema = zod.looseObject({
  res: nullable(zod.looseObject({ resCode: optionalText, resDesc: optionalText })),
  resCode: optionalText,
  resDesc: optionalText,
});

export type ZortResult = zod.infer<typeof zortResultSchema>;

/** A list answer's envelope: its orders are validated one by one (validateListItemsAt). */
export const zortPurchaseOrderPageSchema = zod.looseObject({
  list: nullable(zod.array(zod.unknown())).transform((value) => value ?? []),
  /**
   * How many purchase orders match the filters, over all pages (unverified): null when missing or
   * not a count, never a reason to refuse the page.
   */
  count: zod
    .unknown()
    .optional()
    .transform((value) => {
      const count = typeof value === 'string' && /^\d{1,15}$/.test(value.trim()) ? Number(value) : value;
      return typeof count === 'number' && Number.isSafeInteger(count) && count >= 0 ? count : null;
    }),
});
