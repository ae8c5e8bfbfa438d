/** ZORT purchase order or purchase return -> the shared record. Pure: no I/O, no Zapier objects. */
import { toMoney } from '../../common/money';
import { hookRecordId, purchaseOrderRecordId } from '../../record/dedupe-ids';
import {
  completePurchaseOrder,
  type PurchaseOrder,
  type PurchaseOrderEvent,
} from '../../record/purchase-order';
import type { ZortPurchaseOrder, ZortPurchaseReturn } from './schema';

/** ZORT stores are in Thailand: its local dates are UTC+7. */
const STORE_OFFSET_MS = 7 * 60 * 60 * 1000;

/** "/Date(1644944400000)/" -> "2022-02-16T00:00:00+07:00". */
export function zortDateToIso(value: string): string {
  const milliseconds = Number(/-?\d+/.exec(value)?.[0]);
  const local = new Date(milliseconds + STORE_OFFSET_MS).toISOString();
  return `${local.slice(0, 19)}+07:00`;
}

const PAYMENT_STATUSES: Record<string, PurchaseOrder['payment_status']> = {
  pending: 'unpaid',
  paid: 'paid',
  'partial payment': 'partially_paid',
  'excess payment': 'overpaid',
};

function status(vendorStatus: string | null): PurchaseOrder['status'] {
  const word = vendorStatus?.toLowerCase() ?? '';
  if (word === 'success') return 'completed';
  if (word.startsWith('void') || word.startsWith('cancel')) return 'cancelled';
  return 'open';
}

const money = (amount: string | number | null) => (amount === null ? null : toMoney(amount));

export type ZortDocument =
  | { kind: 'purchase_order'; document: ZortPurchaseOrder }
  | { kind: 'purchase_return'; document: ZortPurchaseReturn };

/** A hook delivery's event and body, or null for a search or sample list result. */
export type ZortDelivery = { event: PurchaseOrderEvent; rawBody: string } | null;

export function mapZortDocument(input: ZortDocument, delivery: ZortDelivery): PurchaseOrder {
  const { document } = input;
  const date =
    input.kind === 'purchase_order' ? input.document.purchaseorderdate : input.document.returnpurchaseorderdate;
  const localDate =
    input.kind === 'purchase_order'
      ? input.document.purchaseorderdateString
      : input.document.returnpurchaseorderdateString;
  return completePurchaseOrder({
    // ZORT payloads carry no update time: a hook's id ends in a hash of the body.
    id:
      delivery === null
        ? purchaseOrderRecordId('zort', document.id)
        : hookRecordId('zort', document.id, delivery.event, null, delivery.rawBody),
    source: 'zort',
    event: delivery?.event ?? null,
    document_type: input.kind,
    purchase_order_id: document.id,
    number: document.number,
    status: status(document.status),
    vendor_status: document.status,
    payment_status: PAYMENT_STATUSES[document.paymentstatus?.toLowerCase() ?? ''] ?? null,
    currency: null,
    // On a ZORT purchase order the contact is the supplier.
    supplier: {
      id: document.customerid,
      name: document.customername,
      email: document.customeremail,
      phone: document.customerphone,
      customer_number: null,
    },
    created_at: null,
    updated_at: null,
    ordered_at: date === null ? null : zortDateToIso(date),
    completed_at: null,
    expected_on: null,
    notes: document.description,
    billing_address: null,
    shipping_address: null,
    line_items: document.list.map((line) => ({
      id: null,
      sku: line.sku,
      supplier_sku: null,
      title: line.name,
      variant_title: null,
      quantity: line.number,
      unit_cost: money(line.pricepernumber),
      total: money(line.totalprice),
      tax_rate: null,
      product_id: line.productid,
      variant_id: null,
      status: null,
      received_at: null,
    })),
    shipping: null,
    adjustments: null,
    stated_total: money(document.amount),
    vendor_fields: {
      document_date: localDate,
      supplier_tax_id: document.customeridnumber,
      supplier_address: document.customeraddress,
      reference: document.reference,
      reference_id: document.referenceid,
      vat_type: document.vattype,
      vat_amount: money(document.vatamount),
      discount: document.discount,
      payment_amount: money(document.paymentamount),
      payment_status: document.paymentstatus,
      line_discounts: document.list.map((line) => line.discount),
    },
  });
}
