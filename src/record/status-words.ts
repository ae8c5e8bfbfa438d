/**
 * The one status door: a vendor's own word -> the record's status (or payment status). Each vendor
 * folder writes its table; this reads a word with it. Words match without regard to case or
 * spacing ("Partial  Transfer " is "partial transfer"). A word the table does not know gets the
 * table's `otherwise` (for a status, `open`: the vendor says nothing more), and the mapper keeps
 * the word itself in `vendor_status`: an unknown word is never dropped.
 */
import type { PurchaseOrder } from './purchase-order';

/** A Map, not an object: a word such as "constructor" must not find Object.prototype's. */
export type WordTable<Value> = { readonly words: ReadonlyMap<string, Value>; readonly otherwise: Value };

export type StatusTable = WordTable<PurchaseOrder['status']>;
export type PaymentStatusTable = WordTable<PurchaseOrder['payment_status']>;

const lookupWord = (word: string) => word.trim().toLowerCase().replace(/\s+/g, ' ');

/** A table from the vendor's words as it writes them. */
export function wordTable<Value>(words: Readonly<Record<string, Value>>, otherwise: Value): WordTable<Value> {
  return { words: new Map(Object.entries(words).map(([word, value]) => [lookupWord(word), value])), otherwise };
}

/** What the vendor's word means in the record; no word, or one the table lacks, is `otherwise`. */
export function readWord<Value>(table: WordTable<Value>, word: string | null | undefined): Value {
  if (word === null || word === undefined) return table.otherwise;
  const value = table.words.get(lookupWord(word));
  return value === undefined ? table.otherwise : value;
}
