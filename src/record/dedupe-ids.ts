import { createHash } from 'node:crypto';
import type { PurchaseOrder, PurchaseOrderEvent } from './purchase-order';

const BODY_HASH_CHARS = 16;

/**
 * A hook record's id (contract section 3): hooks are not deduped by Zapier, but a stable id
 * lets a Zap's later steps recognise a redelivery of the same version.
 */
export function hookRecordId(
  source: PurchaseOrder['source'],
  purchaseOrderId: string,
  event: PurchaseOrderEvent,
  updatedAt: string | null,
  rawBody: string,
): string {
  const version =
    updatedAt ?? createHash('sha256').update(rawBody).digest('hex').slice(0, BODY_HASH_CHARS);
  return `${source}:${purchaseOrderId}:${event}:${version}`;
}

/** A polling "new" or search record's id: one record per purchase order. */
export function purchaseOrderRecordId(source: PurchaseOrder['source'], purchaseOrderId: string): string {
  return `${source}:${purchaseOrderId}`;
}

/** A polling "updated" record's id: one record per version of a purchase order. */
export function versionRecordId(
  source: PurchaseOrder['source'],
  purchaseOrderId: string,
  updatedAt: string,
): string {
  return `${source}:${purchaseOrderId}:${updatedAt}`;
}

/** A record for one event in a purchase order's life, e.g. `shopify:<id>:ordered:<ordered_at>`. */
export function eventRecordId(
  source: PurchaseOrder['source'],
  purchaseOrderId: string,
  event: PurchaseOrderEvent,
  at: string,
): string {
  return `${source}:${purchaseOrderId}:${event}:${at}`;
}
