/**
 * The one dedupe-id policy (contract section 3): every record's `id` is decided here, from the
 * record itself and from how it was obtained. Zapier dedupes polls on it; hooks are not deduped,
 * but a stable id lets a Zap's later steps recognise a redelivery of the same version.
 */
import { createHash } from 'node:crypto';
import type { PurchaseOrder } from './purchase-order';

/** How a record was obtained: a poll ("new", "updated", "ordered"), a search, or a hook delivery. */
export type RecordOrigin =
  | { kind: 'new' }
  | { kind: 'search' }
  | { kind: 'updated' }
  | { kind: 'ordered' }
  | { kind: 'hook'; rawBody: string };

const HASH_CHARS = 16;

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, HASH_CHARS);

/**
 * What makes a version where the vendor keeps no update time: every field of the record but its
 * id and event, so any change the vendor exposes (status, dates, supplier, lines) is a new version.
 */
export function versionHash(record: Omit<PurchaseOrder, 'id'>): string {
  const { event: _event, ...fields } = record;
  return shortHash(JSON.stringify(fields));
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
      return `${base}:${record.event ?? 'delivered'}:${record.updated_at ?? shortHash(origin.rawBody)}`;
  }
}
