/** Stocky purchase order -> the shared record. Pure: no I/O, no Zapier objects. */
import { isIsoDateOrTimestamp, toIsoDate } from '../../common/dates';
import { amountOf, quantityOf, text } from '../../common/fields';
import { multiplyMoney } from '../../common/money';
import { completePurchaseOrder } from '../../record/complete';
import type { RecordOrigin } from '../../record/origin';
import type { LineItem, PurchaseOrder } from '../../record/purchase-order';
import type { StockyPurchaseItem, StockyPurchaseOrder } from './schema';
import { STOCKY } from './identity';

/** The cost on the purchase order; a retail (selling) price is never a cost. */
function unitCost(item: StockyPurchaseItem): string | null {
  return amountOf(item.cost_price ?? item.supplier_cost_price);
}

function mapLineItem(item: StockyPurchaseItem): LineItem {
  const cost = unitCost(item);
  const quantity = quantityOf(item.quantity);
  return {
    id: item.id,
    sku: text(item.sku),
    supplier_sku: null,
    title: text(item.product_title),
    variant_title: text(item.variant_title),
    quantity,
    unit_cost: cost,
    total: cost === null ? null : multiplyMoney(cost, quantity),
    tax_rate: null,
    product_id: null,
    variant_id: null,
    status: text(item.status),
    received_at: text(item.received_at),
  };
}

/** A date the record can hold ("YYYY-MM-DD"), or null when Stocky wrote it in the merchant's format. */
function isoDate(value: string | null): string | null {
  return value !== null && isIsoDateOrTimestamp(value) ? toIsoDate(value) : null;
}

/** A per-line value with no column in the record: one entry per line, in line_items order. */
type LineValues = Record<string, (string | null)[]>;

/**
 * Per-line values that have no column, as arrays aligned with line_items; an array that would
 * hold only nulls is left out. Never a second copy of a line (ids, costs, titles are columns).
 */
function lineValues(items: StockyPurchaseItem[]): LineValues {
  const columns: LineValues = {
    retail_price: items.map((item) => amountOf(item.retail_price)),
    // supplier_cost_price is the unit cost when cost_price is missing; only otherwise is it extra.
    supplier_cost_price: items.map((item) =>
      item.cost_price === null || item.cost_price === undefined ? null : amountOf(item.supplier_cost_price),
    ),
    inventory_item_id: items.map((item) => text(item.inventory_item_id)),
    asin: items.map((item) => text(item.asin)),
    account_code: items.map((item) => text(item.account_code)),
    tax_type_id: items.map((item) => text(item.tax_type_id)),
    accounting_tax_type: items.map((item) => text(item.accounting_tax_type)),
    updated_at: items.map((item) => text(item.updated_at)),
  };
  return Object.fromEntries(Object.entries(columns).filter(([, values]) => values.some((value) => value !== null)));
}

/** Stocky has no status field: confirmation (ordered_at) and item receipts say where an order is. */
function status(order: StockyPurchaseOrder): PurchaseOrder['status'] {
  if (order.ordered_at === null) return 'draft';
  const received = order.purchase_items.filter((item) => text(item.received_at) !== null).length;
  if (received === 0) return 'ordered';
  return received === order.purchase_items.length ? 'received' : 'partially_received';
}

export function mapStockyPurchaseOrder(order: StockyPurchaseOrder, origin: RecordOrigin): PurchaseOrder {
  const purchaseOrderId = String(order.id);
  return completePurchaseOrder(
    {
      source: STOCKY.source,
      document_type: 'purchase_order',
      purchase_order_id: purchaseOrderId,
      number: text(order.number) ?? text(order.sequential_id),
      status: status(order),
      // The words of Stocky's own status filter: draft or confirmed, and whether archived.
      vendor_status: `${order.ordered_at === null ? 'draft' : 'confirmed'}${order.archived ? '-archived' : ''}`,
      payment_status: order.paid === null ? null : order.paid ? 'paid' : 'unpaid',
      currency: order.currency,
      supplier: {
        id: text(order.supplier_id),
        name: text(order.supplier_name),
        email: null,
        phone: null,
        customer_number: null,
      },
      created_at: order.created_at,
      updated_at: order.updated_at,
      ordered_at: order.ordered_at,
      completed_at: null,
      expected_on: isoDate(order.expected_on),
      notes: null,
      billing_address: null,
      shipping_address: null,
      line_items: order.purchase_items.map(mapLineItem),
      shipping: amountOf(order.shipping),
      adjustments: amountOf(order.adjustments),
      stated_total: null,
      vendor_fields: {
        sequential_id: text(order.sequential_id),
        invoice_number: text(order.invoice_number),
        invoice_date: order.invoice_date,
        generated_at: order.generated_at,
        ship_on: order.ship_on,
        payment_due_on: order.payment_due_on,
        // Kept only when written in the merchant's format: an ISO date is the record's expected_on.
        expected_on: order.expected_on !== null && isoDate(order.expected_on) === null ? order.expected_on : null,
        archived: order.archived,
        paid: order.paid,
        shopify_receive_location_id: text(order.shopify_receive_location_id),
        shipping_local: amountOf(order.shipping_local),
        adjustments_local: amountOf(order.adjustments_local),
        shipping_tax_type: text(order.shipping_tax_type),
        line_item_fields: lineValues(order.purchase_items),
      },
    },
    origin,
  );
}
