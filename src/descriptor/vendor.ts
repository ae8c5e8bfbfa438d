/**
 * What a vendor folder tells the rest of the app, in one descriptor: its connection groups, its
 * API host and credentials, its triggers, its search finder and its samples. The registry
 * (src/vendors/index.ts) lists the descriptors; shared code iterates it and names no vendor.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
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
   * What the group needs, in a phrase that does not repeat the vendor ("the Store Domain, and
   * ..."); everyFieldRequired (./connection-group.ts) says it for a group that needs every field.
   */
  needs: string;
  /** The fields it still needs before it can be used: none when it is complete. */
  emptyFields: (authData: AuthData) => ConnectionField[];
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
   * every request it sends (vendorRequest) and reads every status itself (`every-status`).
   */
  mintedToken?: MintedTokenHeader;
  /** Where a user gets new credentials after the vendor refused them. */
  renewHint: string;
  /** What to check when the vendor answers 403: the account is not allowed to do this. */
  permissionHint: string;
  /**
   * What its client reads itself when it asks to see statuses (skipThrowForStatus): `not-found`,
   * a 404 as "no such purchase order"; `client-errors`, every 4xx (the vendor's own codes come
   * with any status); `every-status`, 401 and 5xx too (a client that mints tokens mints a
   * refused one again before the connection is called expired).
   */
  readsStatuses: 'not-found' | 'client-errors' | 'every-status';
};

export type FinderInput = { purchaseOrderId: string | undefined; number: string | undefined };

export type Finder = {
  find: (z: ZObject, input: FinderInput, authData: AuthData) => Promise<PurchaseOrder[]>;
};

/** The records a vendor's triggers and search show in the Zap editor, each its mapper's output. */
export type VendorSamples = { search: PurchaseOrder; triggers: Readonly<Record<string, PurchaseOrder>> };

/**
 * A vendor's samples.json, written by `npm run samples` from its samples.ts (the mapper run on the
 * vendor's seed) and checked equal to it by test/vendors/samples.test.ts: the definition shows
 * them without loading a schema or a mapper at start.
 */
export const generatedSamples = (json: object): VendorSamples => json as VendorSamples;

/** What a trigger runs, loaded on first use so that starting the app loads no vendor's code. */
export type TriggerOperations = {
  perform: (z: ZObject, bundle: Bundle) => PurchaseOrder[] | Promise<PurchaseOrder[]>;
  /** A REST hook's: the sample records, or a transfer's page. */
  performList?: (z: ZObject, bundle: Bundle) => Promise<PurchaseOrder[]>;
  performSubscribe?: (z: ZObject, bundle: Bundle) => Promise<object>;
  performUnsubscribe?: (z: ZObject, bundle: Bundle) => Promise<object>;
};

export type TriggerInputField = {
  key: string;
  label: string;
  required: boolean;
  type?: 'boolean';
  default?: string;
  choices?: Readonly<Record<string, string>>;
  helpText: string;
};

/**
 * A trigger as its vendor declares it; src/surface/triggers.ts builds the definition (noun, output
 * fields, the vendor's sample). `hook`: the user pastes the Zap's URL into the vendor, its list is
 * the sample; `rest-hook`: the trigger subscribes itself; `polling`: Zapier polls `perform`.
 */
export type TriggerSpec = {
  key: string;
  kind: 'hook' | 'rest-hook' | 'polling';
  /** What it triggers on, when not the purchase-order record's own noun. */
  noun?: string;
  label: string;
  description: string;
  directions?: string;
  hidden?: boolean;
  inputFields?: readonly TriggerInputField[];
  canPaginate?: boolean;
  load: () => Promise<TriggerOperations>;
};

export type VendorDescriptor = {
  /** The record's `source`. */
  source: string;
  name: string;
  /** Its groups of connection fields, each filled and checked on its own (none: it needs no credentials). */
  connections: readonly ConnectionGroup[];
  api?: ApiHost;
  triggers: readonly TriggerSpec[];
  finder?: Finder;
  /**
   * A vendor whose API is gone: its triggers stay, hidden, for live Zaps, and every entry point
   * (their performs, the search given its source, a connection holding only its old fields)
   * answers `message` without a request.
   */
  retired?: { message: string; legacyFields: readonly string[] };
  samples: VendorSamples;
};
