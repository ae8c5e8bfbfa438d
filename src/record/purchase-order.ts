/**
 * The shared purchase-order record of contract section 3: every trigger and search returns it.
 * Vendor mappers build a draft of it (complete.ts), which derives the counts, totals and id.
 */
import { z as zod } from 'zod';
import { TIMESTAMP_WITH_ZONE } from '../common/dates';
import { MONEY_PATTERN } from '../common/money';

const text = zod.string().nullable();
const money = zod.string().regex(MONEY_PATTERN).nullable();
const timestamp = zod.string().regex(TIMESTAMP_WITH_ZONE).nullable();

export const EVENTS = ['created', 'updated', 'ordered', 'completed', 'payment_updated'] as const;
export const STATUSES = [
  'draft',
  'open',
  'ordered',
  'partially_received',
  'received',
  'completed',
  'cancelled',
] as const;
export const PAYMENT_STATUSES = ['unpaid', 'partially_paid', 'paid', 'overpaid'] as const;

export const supplierSchema = zod.object({
  id: text,
  name: text,
  email: text,
  phone: text,
  customer_number: text,
});

export const addressSchema = zod.object({
  company: text,
  contact_name: text,
  phone: text,
  line1: text,
  line2: text,
  city: text,
  region: text,
  postal_code: text,
  country: text,
  country_code: text,
});

export const lineItemSchema = zod.object({
  id: text,
  sku: text,
  supplier_sku: text,
  title: text,
  variant_title: text,
  quantity: zod.number().finite(),
  unit_cost: money,
  total: money,
  tax_rate: text,
  product_id: text,
  variant_id: text,
  status: text,
  received_at: text,
});

export const purchaseOrderSchema = zod.object({
  id: zod.string().min(1),
  // A registered vendor's source (src/vendors/index.ts), such as "stocky".
  source: zod.string().regex(/^[a-z][a-z_]*$/),
  event: zod.enum(EVENTS).nullable(),
  document_type: zod.enum(['purchase_order', 'purchase_return']),
  purchase_order_id: zod.string().min(1),
  number: text,
  status: zod.enum(STATUSES),
  vendor_status: text,
  payment_status: zod.enum(PAYMENT_STATUSES).nullable(),
  currency: zod
    .string()
    .regex(/^[A-Z]{3,5}$/)
    .nullable(),
  supplier: supplierSchema,
  created_at: timestamp,
  updated_at: timestamp,
  ordered_at: timestamp,
  completed_at: timestamp,
  expected_on: zod
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  notes: text,
  billing_address: addressSchema.nullable(),
  shipping_address: addressSchema.nullable(),
  line_items: zod.array(lineItemSchema),
  line_item_count: zod.number().int().nonnegative(),
  total_quantity: zod.number().finite(),
  subtotal: money,
  shipping: money,
  adjustments: money,
  total: money,
  vendor_fields: zod.record(zod.string(), zod.unknown()),
});

export type PurchaseOrder = zod.infer<typeof purchaseOrderSchema>;
export type LineItem = zod.infer<typeof lineItemSchema>;
export type Address = zod.infer<typeof addressSchema>;
export type Supplier = zod.infer<typeof supplierSchema>;
export type PurchaseOrderEvent = (typeof EVENTS)[number];
