/**
 * Draft -> record: completePurchaseOrder derives the event, counts, totals and id, so that every
 * vendor computes them the same way.
 */
import { sumMoney, sumQuantities } from '../common/money';
import { dedupeId } from './dedupe-ids';
import { eventOf, type RecordOrigin } from './origin';
import type { PurchaseOrder } from './purchase-order';

/** What a mapper knows; the event (from the origin) and the derived fields are left to completePurchaseOrder. */
export type PurchaseOrderDraft = Omit<
  PurchaseOrder,
  'id' | 'event' | 'line_item_count' | 'total_quantity' | 'subtotal' | 'total'
> & {
  /** The vendor's own stated total, when it states one. */
  stated_total: string | null;
};

/** The finished record: its event, counts, totals, and the id by the one dedupe policy for its origin. */
export function completePurchaseOrder(draft: PurchaseOrderDraft, origin: RecordOrigin): PurchaseOrder {
  const subtotal = sumMoney(draft.line_items.map((item) => item.total));
  // A charge the vendor does not send counts as none; an unknown line total makes the sum unknown.
  const computedTotal =
    subtotal === null ? null : sumMoney([subtotal, draft.shipping ?? '0', draft.adjustments ?? '0']);
  // Built field by field so every record lists its fields in the contract's order.
  const fields: Omit<PurchaseOrder, 'id'> = {
    source: draft.source,
    event: eventOf(origin),
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
