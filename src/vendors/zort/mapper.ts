/** ZORT purchase order or purchase return -> the shared record. Pure: no I/O, no Zapier objects. */
import { amountOf, quantityOf, text } from '../../common/fields';
import { completePurchaseOrder, type PurchaseOrder, type PurchaseOrderEvent } from '../../record/purchase-order';
import type { ZortPurchaseOrder, ZortPurchaseReturn } from './schema';

/** ZORT stores are in Thailand: its local dates are UTC+7. */
export const STORE_OFFSET_MS = 7 * 60 * 60 * 1000;

/** "/Date(1644944400000)/" -> "2022-02-16T00:00:00+07:00". */
export function zortDateToIso(value: string): string {
  const milliseconds = Number(/-?\d+/.exec(value)?.[0]);
  const local = new Date(milliseconds + STORE_OFFSET_MS).toISOString();
  return `${local.slice(0, 19)}+07:00`;
}

// Maps, not object literals: a word such as "constructor" must not find Object.prototype's.
const PAYMENT_STATUSES = new Map<string, PurchaseOrder['payment_status']>([
  ['pending', 'unpaid'],
  ['paid', 'paid'],
  ['partial payment', 'partially_paid'],
  ['excess payment', 'overpaid'],
]);

/** "Partial  Transfer " and "partial transfer" are one word to look up. */
const lookupWord = (value: string | null) => value?.trim().toLowerCase().replace(/\s+/g, ' ') ?? '';

/**
 * ZORT's purchase statuses (v4 docs, field notes). Pending is the first state, and nothing says
 * the supplier has not seen it, so it is `open` rather than `draft`. Success means received into
 * stock, not paid: `received`. An unknown word is `open`; `vendor_status` keeps it.
 */
const STATUSES = new Map<string, PurchaseOrder['status']>([
  ['pending', 'open'],
  ['waiting', 'ordered'],
  ['shipping', 'ordered'],
  ['success', 'received'],
  ['partial transfer', 'partially_received'],
  ['voided', 'cancelled'],
]);

export type ZortDocument =
  | { kind: 'purchase_order'; document: ZortPurchaseOrder }
  | { kind: 'purchase_return'; document: ZortPurchaseReturn };

/** A hook delivery's event and body, or null for a search or sample list result. */
export type ZortDelivery = { event: PurchaseOrderEvent; rawBody: string } | null;

/** How a record was obtained: a delivery or search (ZortDelivery), or a poll of the list. */
export type ZortOrigin = ZortDelivery | 'new' | 'updated';

const EVENT_OF_POLL = { new: 'created', updated: 'updated' } as const;

export function mapZortDocument(input: ZortDocument, origin: ZortOrigin): PurchaseOrder {
  const { document } = input;
  const date =
    input.kind === 'purchase_order' ? input.document.purchaseorderdate : input.document.returnpurchaseorderdate;
  const localDate = text(
    input.kind === 'purchase_order'
      ? input.document.purchaseorderdateString
      : input.document.returnpurchaseorderdateString,
  );
  const vendorStatus = text(document.status);
  const paymentStatus = text(document.paymentstatus);
  return completePurchaseOrder(
    {
      source: 'zort',
      event: origin === null ? null : typeof origin === 'string' ? EVENT_OF_POLL[origin] : origin.event,
      document_type: input.kind,
      purchase_order_id: document.id,
      number: text(document.number),
      status: STATUSES.get(lookupWord(vendorStatus)) ?? 'open',
      vendor_status: vendorStatus,
      payment_status: PAYMENT_STATUSES.get(lookupWord(paymentStatus)) ?? null,
      currency: null,
      // On a ZORT purchase order the contact is the supplier.
      supplier: {
        id: text(document.customerid),
        name: text(document.customername),
        email: text(document.customeremail),
        phone: text(document.customerphone),
        customer_number: null,
      },
      created_at: null,
      updated_at: null,
      ordered_at: date === null ? null : zortDateToIso(date),
      completed_at: null,
      expected_on: null,
      notes: text(document.description),
      billing_address: null,
      shipping_address: null,
      line_items: document.list.map((line) => ({
        id: null,
        sku: text(line.sku),
        supplier_sku: null,
        title: text(line.name),
        variant_title: null,
        quantity: quantityOf(line.number),
        unit_cost: amountOf(line.pricepernumber),
        total: amountOf(line.totalprice),
        tax_rate: null,
        product_id: text(line.productid),
        variant_id: null,
        status: null,
        received_at: null,
      })),
      shipping: null,
      adjustments: null,
      stated_total: amountOf(document.amount),
      vendor_fields: {
        document_date: localDate,
        supplier_tax_id: text(document.customeridnumber),
        supplier_address: text(document.customeraddress),
        reference: text(document.reference),
        reference_id: text(document.referenceid),
        vat_type: text(document.vattype),
        vat_amount: amountOf(document.vatamount),
        discount: text(document.discount),
        payment_amount: amountOf(document.paymentamount),
        payment_status: paymentStatus,
        line_discounts: document.list.map((line) => text(line.discount)),
      },
    },
    origin === null
      ? { kind: 'search' }
      : typeof origin === 'string'
        ? { kind: origin }
        : { kind: 'hook', rawBody: origin.rawBody },
  );
}
