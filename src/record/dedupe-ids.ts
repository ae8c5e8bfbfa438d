/**
 * The one dedupe-id policy (contract section 3): every record's `id` is decided here, from the
 * record itself and from how it was obtained. Zapier dedupes polls on it; hooks are not deduped,
 * but a stable id lets a Zap's later steps recognise a redelivery of the same version.
 */
import { createHash } from 'node:crypto';
import type { RecordOrigin } from './origin';
import type { PurchaseOrder } from './purchase-order';

const HASH_CHARS = 16;

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, HASH_CHARS);

/** "6.250" and "6.25" are one amount. */
const canonicalAmount = (amount: string | null) => amount?.replace(/(\.\d{2}\d*?)0+$/, '$1') ?? null;

/** Numeric ids of any length in numeric order, other ids after them as text. */
const byId = (a: string | null, b: string | null) =>
  (a ?? '').length - (b ?? '').length || (a ?? '').localeCompare(b ?? '');

/**
 * What makes a version where the vendor keeps no update time (Shopify, ZORT lists): the status
 * (the record's and the vendor's word), payment, when it was ordered and completed, the expected
 * date, the supplier, and each line's id, quantity, unit cost, tax rate and SKUs. Lines are taken in id order and amounts
 * without trailing zeros, so reading the same purchase order twice gives the same hash. Titles,
 * addresses and notes are left out: renaming a product is not a change to the purchase order.
 */
export function versionHash(record: Omit<PurchaseOrder, 'id'>): string {
  const lines = [...record.line_items]
    .sort((a, b) => byId(a.id, b.id))
    .map((line) => [
      line.id,
      line.quantity,
      canonicalAmount(line.unit_cost),
      line.tax_rate,
      line.sku,
      line.supplier_sku,
    ]);
  return shortHash(
    JSON.stringify([
      record.status,
      record.vendor_status,
      record.payment_status,
      record.ordered_at,
      record.completed_at,
      record.expected_on,
      record.supplier.name,
      lines,
    ]),
  );
}

export function dedupeId(record: Omit<PurchaseOrder, 'id'>, origin: RecordOrigin): string {
  const base = `${record.source}:${record.purchase_order_id}`;
  switch (origin.kind) {
    case 'new':
    case 'search':
      return base;
    case 'updated':
      return `${base}:${record.updated_at ?? versionHash(record)}`;
    case 'ordered':
      return `${base}:ordered:${record.ordered_at ?? 'unknown'}`;
    case 'hook':
      // Without an update time, the raw body itself is the version.
      return `${base}:${origin.event}:${record.updated_at ?? shortHash(origin.rawBody)}`;
  }
}
