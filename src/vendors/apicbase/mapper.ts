/** An Apicbase order (from the webhook or the supplier API's list) -> the shared record. Pure: no I/O, no Zapier objects. */
import { isZonedTimestamp } from '../../common/dates';
import { amountOf, quantityOf, text } from '../../common/fields';
import { completePurchaseOrder } from '../../record/complete';
import type { RecordOrigin } from '../../record/origin';
import type { PurchaseOrder } from '../../record/purchase-order';
import { readWord, wordTable, type StatusTable } from '../../record/status-words';
import type { ApicbaseOrder } from './schema';
import { APICBASE } from './identity';

const LEADING_DATE = /^\d{4}-\d{2}-\d{2}/;

const zonedTimestamp = (value: string | null) => (value !== null && isZonedTimestamp(value) ? value : null);

/**
 * Apicbase's order statuses (field notes): the list is filtered on ORDERED. DELIVERED is set by
 * the customer by hand, so it says no more than open; any other word is open too, kept as the vendor status.
 */
export const APICBASE_STATUSES: StatusTable = wordTable({ ORDERED: 'ordered' }, 'open');

/**
 * A webhook delivery (a hook, its raw body the version) or a poll of the order list ('new': one
 * record per order). Either way the event is 'created': both report an order placed with you.
 */
export type ApicbaseOrigin = (Extract<RecordOrigin, { kind: 'hook' }> & { event: 'created' }) | { kind: 'new' };

export function mapApicbaseOrder(order: ApicbaseOrder, origin: ApicbaseOrigin): PurchaseOrder {
  const status = text(order.status);
  const orderedOn = text(order.ordered_on);
  const expectedDelivery = text(order.expected_delivery_date);
  return completePurchaseOrder(
    {
      source: APICBASE.source,
      document_type: 'purchase_order',
      purchase_order_id: order.id,
      number: text(order.order_number),
      status: readWord(APICBASE_STATUSES, status),
      vendor_status: status,
      payment_status: null,
      currency: null,
      supplier: {
        id: null,
        name: null,
        email: null,
        phone: null,
        customer_number: text(order.supplier_customer_number),
      },
      created_at: null,
      updated_at: null,
      ordered_at: zonedTimestamp(orderedOn),
      completed_at: null,
      expected_on: expectedDelivery?.match(LEADING_DATE)?.[0] ?? null,
      notes: text(order.order_remarks),
      billing_address: null,
      shipping_address: null,
      line_items: order.packages.map((line) => ({
        id: null,
        sku: text(line.supplier_package?.supplier_article_number),
        supplier_sku: text(line.supplier_package?.supplier_article_number),
        title: text(line.stock_item?.name),
        variant_title: null,
        quantity: quantityOf(line.quantity_ordered),
        unit_cost: amountOf(line.supplier_package?.theoretical_price_per_package),
        total: amountOf(line.total_theoretical_price),
        tax_rate: null,
        product_id: null,
        variant_id: null,
        status: null,
        received_at: null,
      })),
      shipping: null,
      adjustments: null,
      stated_total: amountOf(order.theoretical_price),
      vendor_fields: {
        owned_by: order.owned_by === null ? null : { username: text(order.owned_by.username) },
        ordered_on: orderedOn,
        expected_delivery_date: expectedDelivery,
      },
    },
    origin,
  );
}
