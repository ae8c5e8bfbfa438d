/** Apicbase order webhook -> the shared record. Pure: no I/O, no Zapier objects. */
import { isZonedTimestamp } from '../../common/dates';
import { toMoney } from '../../common/money';
import { hookRecordId } from '../../record/dedupe-ids';
import { completePurchaseOrder, type PurchaseOrder } from '../../record/purchase-order';
import type { ApicbaseOrder } from './schema';

const LEADING_DATE = /^\d{4}-\d{2}-\d{2}/;

const money = (amount: string | number | null) => (amount === null ? null : toMoney(amount));

const zonedTimestamp = (value: string | null) => (value !== null && isZonedTimestamp(value) ? value : null);

export function mapApicbaseOrder(order: ApicbaseOrder, rawBody: string): PurchaseOrder {
  return completePurchaseOrder({
    // The payload has no updated_at: the id ends in a hash of the body.
    id: hookRecordId('apicbase', order.id, 'created', null, rawBody),
    source: 'apicbase',
    event: 'created',
    document_type: 'purchase_order',
    purchase_order_id: order.id,
    number: order.order_number,
    status: order.status === 'ORDERED' ? 'ordered' : 'open',
    vendor_status: order.status,
    payment_status: null,
    currency: null,
    supplier: {
      id: null,
      name: null,
      email: null,
      phone: null,
      customer_number: order.supplier_customer_number,
    },
    created_at: null,
    updated_at: null,
    ordered_at: zonedTimestamp(order.ordered_on),
    completed_at: null,
    expected_on: order.expected_delivery_date?.match(LEADING_DATE)?.[0] ?? null,
    notes: order.order_remarks,
    billing_address: null,
    shipping_address: null,
    line_items: order.packages.map((line) => ({
      id: null,
      sku: line.supplier_package?.supplier_article_number ?? null,
      supplier_sku: line.supplier_package?.supplier_article_number ?? null,
      title: line.stock_item?.name ?? null,
      variant_title: null,
      quantity: line.quantity_ordered,
      unit_cost: money(line.supplier_package?.theoretical_price_per_package ?? null),
      total: money(line.total_theoretical_price),
      tax_rate: null,
      product_id: null,
      variant_id: null,
      status: null,
      received_at: null,
    })),
    shipping: null,
    adjustments: null,
    stated_total: money(order.theoretical_price),
    vendor_fields: {
      owned_by: order.owned_by,
      ordered_on: order.ordered_on,
      expected_delivery_date: order.expected_delivery_date,
    },
  });
}
