/** Auto Purchase Orders payload -> the shared record. Pure: no I/O, no Zapier objects. */
import { amountOf, currencyOf, quantityOf, text } from '../../common/fields';
import { multiplyMoney } from '../../common/money';
import { toIsoDate } from '../../common/dates';
import { completePurchaseOrder } from '../../record/complete';
import type { RecordOrigin } from '../../record/origin';
import type { Address, LineItem, PurchaseOrder } from '../../record/purchase-order';
import type { ApoAddress, ApoPayload } from './schema';
import { AUTO_PURCHASE_ORDERS } from './identity';

/** The payload never says which topic fired: the trigger's own topic is the event. */
export type ApoEvent = 'created' | 'updated' | 'completed';

/** Auto Purchase Orders only delivers: a hook of one of its topics. */
export type ApoOrigin = Extract<RecordOrigin, { kind: 'hook' }> & { event: ApoEvent };

function mapAddress(address: ApoAddress): Address | null {
  if (address === null) return null;
  return {
    company: text(address.company),
    contact_name: text(address.contact_name),
    phone: text(address.phone),
    line1: text(address.address_line_1),
    line2: text(address.address_line_2),
    city: text(address.city),
    region: text(address.region),
    postal_code: text(address.postal_code),
    country: text(address.country),
    country_code: text(address.country_code),
  };
}

function mapLineItem(product: ApoPayload['products'][number]): LineItem {
  const unitCost = amountOf(product.unit_price?.pure);
  const quantity = quantityOf(product.quantity);
  return {
    id: text(product.id),
    sku: text(product.sku),
    supplier_sku: text(product.supplier_ref),
    title: text(product.product_title),
    variant_title: text(product.variant_title),
    quantity,
    unit_cost: unitCost,
    total: unitCost === null ? null : multiplyMoney(unitCost, quantity),
    tax_rate: text(product.tax_percent),
    product_id: text(product.product_id),
    variant_id: text(product.variant_id),
    status: null,
    received_at: null,
  };
}

export function mapApoPurchaseOrder(payload: ApoPayload, origin: ApoOrigin): PurchaseOrder {
  const { event } = origin;
  const completed = event === 'completed' || payload.completed_at !== null;
  const firstRecipient = payload.supplier?.email_recipients[0];
  return completePurchaseOrder(
    {
      source: AUTO_PURCHASE_ORDERS.source,
      document_type: 'purchase_order',
      purchase_order_id: payload.id,
      number: text(payload.po_number),
      status: completed ? 'completed' : 'open',
      vendor_status: null,
      payment_status: null,
      currency:
        payload.currency ??
        payload.supplier?.currency_code ??
        currencyOf(payload.products.find((product) => product.unit_price?.currency_code)?.unit_price?.currency_code),
      supplier: {
        id: null,
        name: text(payload.supplier?.company) ?? text(payload.supplier?.address?.company),
        email: text(firstRecipient?.email),
        phone: text(payload.supplier?.address?.phone),
        customer_number: null,
      },
      created_at: payload.created_at,
      updated_at: payload.updated_at,
      ordered_at: null,
      // A "complete" delivery without its own timestamp was completed when it was last updated.
      completed_at: payload.completed_at ?? (event === 'completed' ? payload.updated_at : null),
      expected_on: toIsoDate(payload.expected_date),
      notes: text(payload.comment),
      billing_address: mapAddress(payload.billing_address),
      shipping_address: mapAddress(payload.shipping_address),
      line_items: payload.products.map(mapLineItem),
      shipping: amountOf(payload.shipping_and_handling_price?.pure),
      adjustments: null,
      stated_total: null,
      vendor_fields: {
        date_created: payload.date_created,
        authorized_by: payload.authorized_by ?? null,
        supplier_comment: text(payload.supplier?.comment),
        email_recipients: (payload.supplier?.email_recipients ?? []).map((recipient) => ({
          email: text(recipient.email),
          name: text(recipient.name),
        })),
        shopify_order_id: payload.shopify_order_id ?? null,
        shopify_order_name: payload.shopify_order_name ?? null,
        shopify_order_ids: payload.shopify_order_ids ?? [],
        shopify_order_names: payload.shopify_order_names ?? [],
      },
    },
    origin,
  );
}
