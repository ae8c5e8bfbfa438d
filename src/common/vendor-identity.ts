/**
 * Which vendor something came from, in one type: the record's `source` and the vendor's name in
 * sentences. Each vendor folder declares its identity once (identity.ts); the descriptor, the
 * mapper's records, the client's requests and every message take it from there.
 */
export type VendorIdentity = { readonly source: string; readonly name: string };

/** Where a payload came from: the vendor's webhook delivery, or its answer to one of our API calls. */
export type PayloadSource = VendorIdentity & { readonly kind: 'delivery' | 'response' };

export const deliveryFrom = (vendor: VendorIdentity): PayloadSource => ({ ...vendor, kind: 'delivery' });

export const responseFrom = (vendor: VendorIdentity): PayloadSource => ({ ...vendor, kind: 'response' });
