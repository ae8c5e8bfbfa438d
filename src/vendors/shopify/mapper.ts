/**
 * Shopify purchase order (GraphQL Admin 2026-10) -> the shared record. Pure: no I/O, no Zapier
 * objects. The order must carry all its lines (client.completeLineItems), since the lines are
 * part of both the record and the version.
 */
import { text } from '../../common/fields';
import { multiplyMoney, sumMoney, toMoney } from '../../common/money';
import { completePurchaseOrder } from '../../record/complete';
import type { RecordOrigin } from '../../record/origin';
import type { Address, LineItem, PurchaseOrder } from '../../record/purchase-order';
import { readWord, wordTable, type StatusTable } from '../../record/status-words';
import { gidNumber, type ShopifyLineItem, type ShopifyPurchaseOrder } from './schema';
import { SHOPIFY } from './identity';

/** Shopify's words for an open purchase order; a word it adds later reads as open, kept as the vendor status. */
export const SHOPIFY_STATUSES: StatusTable = wordTable({ DRAFT: 'draft', ORDERED: 'ordered' }, 'open');

/** The lines are part of the record and of its version: a partly read order is never mapped. */
function requireAllLines(order: ShopifyPurchaseOrder): void {
  if (order.lineItems.pageInfo.hasNextPage) {
    throw new Error(
      `Shopify purchase order ${order.name} has more lines than were read: complete them (completeLineItems) before mapping it.`,
    );
  }
}

function mapLineItem(item: ShopifyLineItem): LineItem {
  const unitCost = item.unitCost ? toMoney(item.unitCost.amount) : null;
  const variant = item.inventoryItem?.variant;
  return {
    id: gidNumber(item.id),
    sku: text(item.inventoryItem?.sku),
    supplier_sku: text(item.supplierSku),
    title: text(item.title),
    variant_title: text(item.variantTitle),
    quantity: item.totalQuantity,
    unit_cost: unitCost,
    // Shopify's own subtotal (unit cost x quantity) is the figure the merchant sees; computed
    // only when Shopify leaves it out.
    total: item.subtotal
      ? toMoney(item.subtotal.amount)
      : unitCost === null
        ? null
        : multiplyMoney(unitCost, item.totalQuantity),
    tax_rate: text(item.taxPercent),
    product_id: variant?.product ? String(variant.product.legacyResourceId) : null,
    variant_id: variant ? String(variant.legacyResourceId) : null,
    status: null,
    received_at: null,
  };
}

function shippingAddress(order: ShopifyPurchaseOrder): Address | null {
  const destination = order.destination;
  if (!destination) return null;
  const address = destination.address;
  return {
    // The destination is one of the merchant's locations: its name is who receives the goods.
    company: text(destination.name),
    contact_name: null,
    phone: text(address?.phone),
    line1: text(address?.address1),
    line2: text(address?.address2),
    city: text(address?.city),
    region: text(address?.province),
    postal_code: text(address?.zip),
    country: text(address?.country),
    country_code: text(address?.countryCode),
  };
}

export function mapShopifyPurchaseOrder(order: ShopifyPurchaseOrder, origin: RecordOrigin): PurchaseOrder {
  requireAllLines(order);
  if (origin.kind === 'ordered' && !order.orderedAt) {
    throw new Error(`Shopify purchase order ${order.name} is not ordered yet, so it makes no "ordered" record.`);
  }
  const purchaseOrderId = gidNumber(order.id);
  const lines = order.lineItems.edges.map(({ node }) => node);
  const archivedAt = order.archivedAt ?? null;
  const record = completePurchaseOrder(
    {
      source: SHOPIFY.source,
      document_type: 'purchase_order',
      purchase_order_id: purchaseOrderId,
      number: order.name,
      // Archiving closes a purchase order whatever its status; Shopify keeps the status word.
      status: archivedAt !== null ? 'completed' : readWord(SHOPIFY_STATUSES, order.status),
      vendor_status: order.status,
      payment_status: null,
      currency: order.currency,
      supplier: { id: null, name: text(order.origin?.supplierName), email: null, phone: null, customer_number: null },
      created_at: order.dateCreated,
      // Shopify keeps no update time; a made-up one would mislead, so a version is in the id instead.
      updated_at: null,
      ordered_at: order.orderedAt ?? null,
      completed_at: archivedAt,
      expected_on: null,
      notes: null,
      billing_address: null,
      shipping_address: shippingAddress(order),
      line_items: lines.map(mapLineItem),
      shipping: null,
      adjustments: null,
      stated_total: null,
      vendor_fields: {
        gid: order.id,
        destination_location_id: order.destination?.location
          ? String(order.destination.location.legacyResourceId)
          : null,
        destination_province_code: text(order.destination?.address?.provinceCode),
        destination_snapshotted_at: order.destination?.snapshottedAt ?? null,
        line_items: lines.map((item) => ({
          id: gidNumber(item.id),
          gid: item.id,
          total_cost: item.totalCost ? toMoney(item.totalCost.amount) : null,
          inventory_item_id: item.inventoryItem ? String(item.inventoryItem.legacyResourceId) : null,
        })),
      },
    },
    origin,
  );
  // Shopify states no order total; its lines' totalCost includes taxes, so their sum is the
  // total. Without it for every line the taxed total is unknown: null, never a pre-tax sum.
  return { ...record, total: sumMoney(lines.map((item) => (item.totalCost ? toMoney(item.totalCost.amount) : null))) };
}
