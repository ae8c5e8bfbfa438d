/**
 * What a vendor folder tells the rest of the app, in one descriptor: its connection groups, its
 * API host and credentials, its triggers, its search finder and its sample. The registry
 * (src/vendors/index.ts) lists the descriptors; shared code iterates it and names no vendor.
 */
import type { ZObject } from 'zapier-platform-core';
import type { OutputField } from '../record/output-fields';
import type { PurchaseOrder } from '../record/purchase-order';

export type AuthData = Record<string, string>;

export type ConnectionField = {
  key: string;
  label: string;
  type: 'string' | 'password';
  helpText: string;
};

export type ConnectionGroup = {
  /** How messages and the connection label name the group: "Shopify", "ZORT". */
  name: string;
  fields: readonly ConnectionField[];
  /** Which triggers and searches use the group, for the note atop the form: "for the ZORT triggers and the search". */
  serves: string;
  /**
   * A group whose fields are not all required says which it still needs, and how to say what it
   * needs, in a phrase that does not repeat the vendor ("the Store Domain, and ..."). Without
   * these, every field is required.
   */
  completeness?: { needs: string; emptyFields: (authData: AuthData) => ConnectionField[] };
  /** What appears in the connection label, e.g. "Shopify: shop.myshopify.com". */
  label: (authData: AuthData) => string;
  /** The group's cheapest authenticated call; absent when nothing can be checked. */
  check?: (z: ZObject, authData: AuthData) => Promise<void>;
};

/** A connection field sent as a request header, optionally reformatted ("API KEY=<key>"). */
export type CredentialHeader = {
  header: string;
  field: ConnectionField;
  format?: (value: string) => string;
};

/** A token the vendor's client minted (client credentials), put in a header by beforeRequest alone. */
export type MintedTokenHeader = {
  header: string;
  format?: (token: string) => string;
  /** How messages name it: "The access token Shopify issued". */
  label: string;
};

export type ApiHost = {
  name: string;
  /** A fixed URL, or one that depends on the connection (a Shopify shop's own host; null when it names none). */
  defaultBaseUrl: string | ((authData: AuthData) => string | null);
  /** The environment variable that overrides the base URL (a local sandbox, tests, a proxy). */
  baseUrlVariable: string;
  credentials: readonly CredentialHeader[];
  /**
   * Its client mints a token (src/tokens/client-token.ts). Such a client names its vendor on
   * every request it sends (vendorRequest) and reads every status itself, 401 included, since a
   * refused token is minted again before the connection is called expired.
   */
  mintedToken?: MintedTokenHeader;
  /** Where a user gets new credentials after the vendor refused them. */
  renewHint: string;
  /** What to check when the vendor answers 403: the account is not allowed to do this. */
  permissionHint: string;
  /** Its client reads every 4xx itself (skipThrowForStatus): the vendor's own codes come with any status. */
  readsOwnStatuses?: boolean;
};

export type FinderInput = { purchaseOrderId: string | undefined; number: string | undefined };

export type Finder = {
  /** Whether the search's Purchase Order Number input means anything for this vendor. */
  findsByNumber: boolean;
  find: (z: ZObject, input: FinderInput, authData: AuthData) => Promise<PurchaseOrder[]>;
};

/** A trigger as the app definition holds it; the rest of its operation is checked by Zapier's schema. */
export type AppTrigger = {
  key: string;
  noun: string;
  display: { label: string; description: string; directions?: string; hidden?: boolean };
  operation: { type: 'polling' | 'hook'; sample: PurchaseOrder; outputFields: readonly OutputField[] };
};

export type VendorDescriptor = {
  /** The record's `source`. */
  source: string;
  name: string;
  /** Its groups of connection fields, each filled and checked on its own (Apicbase: webhook, API). */
  connections?: readonly ConnectionGroup[];
  api?: ApiHost;
  triggers: readonly AppTrigger[];
  finder?: Finder;
  /**
   * A vendor whose API is gone: its triggers stay, hidden, for live Zaps, and every entry point
   * (their performs, the search given its source, a connection holding only its old fields)
   * answers `message` without a request.
   */
  retired?: { message: string; legacyFields: readonly string[] };
  /** The vendor's own sample through its mapper, as the search returns it (event null). */
  sample: PurchaseOrder;
};
