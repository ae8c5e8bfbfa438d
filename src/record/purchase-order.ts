/**
 * The shared purchase-order record of contract section 3: every trigger and search returns it.
 * Vendor mappers build a PurchaseOrderDraft; completePurchaseOrder derives the counts and totals
 * so that every vendor computes them the same way.
 */
import { z as zod } from 'zod';
import { TIMESTAMP_WITH_ZONE } from '../common/dates';
import { MONEY_PATTERN, sumMoney, sumQuantities } from '../common/money';
import { dedupeId, type RecordOrigin } from './dedupe-ids';

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

/** What a mapper knows; the derived fields are left to completePurchaseOrder. */
export type PurchaseOrderDraft = Omit<
  PurchaseOrder,
  'id' | 'line_item_count' | 'total_quantity' | 'subtotal' | 'total'
> & {
  /** The vendor's own stated total, when it states one. */
  stated_total: string | null;
};

/** The finished record: counts, totals, and the id by the one dedupe policy for its origin. */
export function completePurchaseOrder(draft: PurchaseOrderDraft, origin: RecordOrigin): PurchaseOrder {
  const subtotal = sumMoney(draft.line_items.map((item) => item.total));
  // A charge the vendor does not send counts as none; an unknown line total makes the sum unknown.
  const computedTotal =
    subtotal === null ? null : sumMoney([subtotal, draft.shipping ?? '0', draft.adjustments ?? '0']);
  // Built field by field so every record lists its fields in the contract's order.
  const fields: Omit<PurchaseOrder, 'id'> = {
    source: draft.source,
    event: draft.event,
    document_type: draft.document_type,
    purchase_order_id: draft.purchase_order_id,
    number: draft.number,
    status: draft.status,
    vendor_status: draft.vendor_status,
    payment_status: draft.payment_status,
    currency: draft.currency,
    supplier: draft.supplier,
    created_at: draft.created_at,
    updated_at: draft.updated_at,
    ordered_at: draft.ordered_at,
    completed_at: draft.completed_at,
    expected_on: draft.expected_on,
    notes: draft.notes,
    billing_address: draft.billing_address,
    shipping_address: draft.shipping_address,
    line_items: draft.line_items,
    line_item_count: draft.line_items.length,
    total_quantity: sumQuantities(draft.line_items.map((item) => item.quantity)),
    subtotal,
    shipping: draft.shipping,
    adjustments: draft.adjustments,
    total: draft.stated_total ?? computedTotal,
    vendor_fields: draft.vendor_fields,
  };
  return { id: dedupeId(fields, origin), ...fields };
}
