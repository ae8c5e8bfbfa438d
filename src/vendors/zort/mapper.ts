/** ZORT purchase order or purchase return -> the shared record. Pure: no I/O, no Zapier objects. */
import { amountOf, quantityOf, text } from '../../common/fields';
import { completePurchaseOrder } from '../../record/complete';
import type { RecordOrigin } from '../../record/origin';
import type { PurchaseOrder } from '../../record/purchase-order';
import { readWord, wordTable, type PaymentStatusTable, type StatusTable } from '../../record/status-words';
import { zortDateToIso } from './dates';
import type { ZortPurchaseOrder, ZortPurchaseReturn } from './schema';
import { ZORT } from './identity';

/** ZORT's payment statuses (field notes); an unknown word is no payment status, kept in vendor_fields. */
export const ZORT_PAYMENT_STATUSES: PaymentStatusTable = wordTable(
  { Pending: 'unpaid', Paid: 'paid', 'Partial Payment': 'partially_paid', 'Excess Payment': 'overpaid' },
  null,
);

/**
 * ZORT's purchase statuses (v4 docs, field notes). Pending is the first state, and nothing says
 * the supplier has not seen it, so it is `open` rather than `draft`. Success means received into
 * stock, not paid: `received`. An unknown word is `open`; `vendor_status` keeps it.
 */
export const ZORT_STATUSES: StatusTable = wordTable(
  {
    Pending: 'open',
    Waiting: 'ordered',
    Shipping: 'ordered',
    Success: 'received',
    'Partial Transfer': 'partially_received',
    Voided: 'cancelled',
  },
  'open',
);

export type ZortDocument =
  | { kind: 'purchase_order'; document: ZortPurchaseOrder }
  | { kind: 'purchase_return'; document: ZortPurchaseReturn };

export function mapZortDocument(input: ZortDocument, origin: RecordOrigin): PurchaseOrder {
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
      source: ZORT.source,
      document_type: input.kind,
      purchase_order_id: document.id,
      number: text(document.number),
      status: readWord(ZORT_STATUSES, vendorStatus),
      vendor_status: vendorStatus,
      payment_status: readWord(ZORT_PAYMENT_STATUSES, paymentStatus),
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
    origin,
  );
}
