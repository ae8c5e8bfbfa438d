/**
 * Where a record came from, in one type that every mapper takes: which vendor (its `source` in
 * the record and its name in messages) is the descriptor's; how the record was obtained is this.
 * It decides the record's event and, by the one dedupe policy (dedupe-ids.ts), its id.
 */
import type { PurchaseOrderEvent } from './purchase-order';

/** A poll ("new", "updated", "ordered"), a search, or a hook delivery of an event with its raw body. */
export type RecordOrigin =
  | { kind: 'new' | 'updated' | 'ordered' | 'search' }
  | { kind: 'hook'; event: PurchaseOrderEvent; rawBody: string };

const EVENT_OF_POLL = { new: 'created', updated: 'updated', ordered: 'ordered', search: null } as const;

/** The record's event: a hook's own, a poll's by its kind; a search reports none. */
export function eventOf(origin: RecordOrigin): PurchaseOrderEvent | null {
  return origin.kind === 'hook' ? origin.event : EVENT_OF_POLL[origin.kind];
}
