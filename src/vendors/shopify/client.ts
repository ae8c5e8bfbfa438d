/**
 * A Shopify GraphQL Admin (2026-10) client over z.request. A token minted by the client
 * credentials grant comes from the shared token module (one per shop and credentials, reused until
 * it expires or is refused); beforeRequest puts it, or a pasted access token, in the header.
 */
import type { Bundle, HttpResponse, ZObject } from 'zapier-platform-core';
import type { z as zod } from 'zod';
import { overriddenBaseUrl, vendorRequest } from '../../descriptor/api-host';
import { OWN_STATUS_REQUEST, clientCredentialsToken } from '../../tokens/client-token';
import { describeIssues, parseJsonBody, refuse, validatePayload } from '../../common/validation';
import { SHOPIFY_FIELD_LABELS, SHOPIFY_SCOPE, normaliseShopifyDomain } from './connection';
import { createPacer, shopifyClock, waitFor, type Pacer } from './pacing';
import {
  CONNECTION_TEST_QUERY,
  FINGERPRINT_LINES_QUERY,
  FINGERPRINT_PAGE_QUERY,
  LINE_ITEMS_QUERY,
  LIST_LINE_ITEMS,
  MAX_FINGERPRINT_LINES,
  MAX_FOLLOW_UP_LINES,
  MAX_ORDER_LINES,
  MAX_PAGE,
  MAX_QUERY_COST,
  NAME_PAGE_SIZE,
  NAME_PROBE_QUERY,
  NAME_SCAN_QUERY,
  PURCHASE_ORDER_PAGE_QUERY,
  PURCHASE_ORDER_QUERY,
  SHOPIFY_API_VERSION,
  requestedCost,
} from './queries';
import {
  connectionTestDataSchema,
  fingerprintLinesDataSchema,
  fingerprintNodeSchema,
  fingerprintPageDataSchema,
  gidNumber,
  graphqlEnvelopeSchema,
  lineItemsDataSchema,
  nameProbeDataSchema,
  nameScanDataSchema,
  NUMERIC_ID_PATTERN,
  parsePurchaseOrderNode,
  purchaseOrderDataSchema,
  purchaseOrderPageDataSchema,
  type GraphqlEnvelope,
  type ShopifyFingerprintNode,
  type ShopifyNameNode,
  type ShopifyPurchaseOrder,
  type ShopifyQueryCost,
} from './schema';
import { responseFrom } from '../../common/vendor-identity';
import { SHOPIFY } from './identity';

const RESPONSE = responseFrom(SHOPIFY);

// The connection's constants live with its fields, which load without the client.
export { SHOPIFY_FIELD_LABELS, SHOPIFY_SCOPE, normaliseShopifyDomain };

/** Tokens live 24 hours by third-party accounts (unverified): assumed when expires_in is absent. */
const DEFAULT_TOKEN_SECONDS = 24 * 60 * 60;

/** When Shopify says nothing about its bucket: the time a Standard store takes to refill 1,000 points. */
const DEFAULT_THROTTLE_SECONDS = 10;

/** Seconds until the bucket holds what the query asked for (Shopify's own arithmetic). */
export function throttleDelaySeconds(cost: ShopifyQueryCost | undefined): number {
  if (!cost) return DEFAULT_THROTTLE_SECONDS;
  const { currentlyAvailable, restoreRate } = cost.throttleStatus;
  return Math.max(1, Math.ceil((cost.requestedQueryCost - currentlyAvailable) / restoreRate));
}

/** THROTTLED answers in a row for one query before the poll gives its turn up. */
const MAX_THROTTLED_ANSWERS = 3;

export type ClientOptions = {
  /** The poll's pacer: its deadline and the bucket as last seen. Without one, 25 s from now. */
  pacer?: Pacer;
};

/** Filters Shopify documents for inventoryPurchaseOrders' `query`: id ranges and status. */
export type PurchaseOrderFilter = {
  idAtLeast?: string;
  idAbove?: string;
  idBelow?: string;
  status?: 'DRAFT' | 'ORDERED';
};

export type ListPageOptions = {
  last: number;
  before?: string | null;
  query?: PurchaseOrderFilter;
  /** Lines read with each purchase order (the rest by completeLineItems); LIST_LINE_ITEMS if unset. */
  lines?: number;
};

export type NamePage = {
  /** Oldest first, as Shopify lists them. */
  nodes: ShopifyNameNode[];
  hasPreviousPage: boolean;
  startCursor: string | null;
  /** Shopify did not apply a filter it was given (extensions.search warnings). */
  filterIgnored: boolean;
};

export type NameProbe = {
  /** Oldest first, as Shopify lists them. */
  nodes: ShopifyNameNode[];
  hasNextPage: boolean;
  /** Shopify did not apply the id filter (extensions.search warnings). */
  filterIgnored: boolean;
};

export type FingerprintEdge =
  | { cursor: string; node: ShopifyFingerprintNode; problem: null }
  | { cursor: string; node: null; problem: string };

export type FingerprintPage = { edges: FingerprintEdge[]; hasPreviousPage: boolean; startCursor: string | null };

/** One purchase order of a list: validated, or the reason it was skipped. */
export type PurchaseOrderEdge =
  | { cursor: string; order: ShopifyPurchaseOrder; problem: null }
  | { cursor: string; order: null; problem: string };

export type ListPage = {
  /** Oldest first, as Shopify lists them. */
  edges: PurchaseOrderEdge[];
  hasPreviousPage: boolean;
  /** Pass as `before` for the next older page. */
  startCursor: string | null;
  cost: ShopifyQueryCost | null;
};

export type FindByNameResult = {
  order: ShopifyPurchaseOrder | null;
  /** How many purchase orders were looked at, newest first. */
  scanned: number;
  /** True when every purchase order was looked at, so "not found" is definite. */
  complete: boolean;
};

type Credentials =
  | { domain: string; kind: 'token'; token: string }
  | { domain: string; kind: 'client'; clientId: string; clientSecret: string };

const filled = (authData: Record<string, unknown>, key: string): string => {
  const value = authData[key];
  return typeof value === 'string' ? value.trim() : '';
};

function credentials(z: ZObject, authData: Record<string, unknown>): Credentials {
  const pasted = filled(authData, 'shopify_store_domain');
  const domain = normaliseShopifyDomain(pasted);
  if (domain === null) {
    throw new z.errors.Error(
      `Shopify Store Domain must be your store's myshopify.com address, such as "my-shop.myshopify.com", not ${JSON.stringify(pasted)}. Shopify admin shows it under Settings > Domains; reconnect with it.`,
    );
  }
  const token = filled(authData, 'shopify_access_token');
  if (token) return { domain, kind: 'token', token };
  const clientId = filled(authData, 'shopify_client_id');
  const clientSecret = filled(authData, 'shopify_client_secret');
  if (clientId && clientSecret) return { domain, kind: 'client', clientId, clientSecret };
  const missing = clientId
    ? [SHOPIFY_FIELD_LABELS.shopify_client_secret]
    : clientSecret
      ? [SHOPIFY_FIELD_LABELS.shopify_client_id]
      : [SHOPIFY_FIELD_LABELS.shopify_client_id, SHOPIFY_FIELD_LABELS.shopify_client_secret];
  throw new z.errors.Error(
    `The Shopify connection needs ${missing.join(' and ')} (or a Shopify Access Token instead). Reconnect and fill them in.`,
  );
}

/** SHOPIFY_BASE_URL stands in for https://<shop> whatever the shop (sandbox, tests, a proxy). */
function shopBaseUrl(domain: string): string {
  return overriddenBaseUrl('SHOPIFY_BASE_URL') ?? `https://${domain}`;
}

function filterText(z: ZObject, filter: PurchaseOrderFilter | undefined): string | null {
  if (!filter) return null;
  const parts: string[] = [];
  for (const [key, operator] of [
    ['idAtLeast', '>='],
    ['idAbove', '>'],
    ['idBelow', '<'],
  ] as const) {
    const id = filter[key];
    if (id === undefined) continue;
    // 0 is a floor ("above 0": every purchase order), never an id of one.
    if (!NUMERIC_ID_PATTERN.test(id) && id !== '0') {
      throw new z.errors.Error(`A Shopify purchase order id must be digits only, not ${JSON.stringify(id)}.`);
    }
    parts.push(`id:${operator}${id}`);
  }
  if (filter.status) parts.push(`status:${filter.status === 'DRAFT' ? 'draft' : 'ordered'}`);
  return parts.length > 0 ? parts.join(' ') : null;
}

function requirePurchaseOrderId(z: ZObject, id: string): string {
  const trimmed = id.trim();
  if (!NUMERIC_ID_PATTERN.test(trimmed)) {
    throw new z.errors.Error(
      `A Shopify purchase order id is the number at the end of its address in Shopify admin (digits only), not ${JSON.stringify(id)}.`,
    );
  }
  return trimmed;
}

/** The scope Shopify says is missing ("Required access: `read_products` access scope"), else ours. */
const accessDeniedMessage = (shopifyWords = '') => {
  const scope = /`?([a-z_]+)`?\s+access scope/i.exec(shopifyWords)?.[1] ?? SHOPIFY_SCOPE;
  return (
    `Shopify denied access to purchase orders: the app needs the scope ${scope}, and the staff member who installed it must be allowed to view purchase orders. ` +
    'In the Dev Dashboard, add the scope to the app, release the version and approve it on the store (for an Admin API access token: add the scope to the custom app), then try again.'
  );
};

export function shopifyClient(z: ZObject, bundle: Pick<Bundle, 'authData'>, options: ClientOptions = {}) {
  const creds = credentials(z, bundle.authData ?? {});
  const pacer = options.pacer ?? createPacer();
  /** Each request gives up when the poll's time is up, so a stalled answer ends the poll in time. */
  const timeout = () => Math.max(1, pacer.remaining());
  const base = shopBaseUrl(creds.domain);

  function refusedClientMessage(detail: string): string {
    return (
      `Shopify refused the Shopify Client ID and Shopify Client Secret for ${creds.domain} (${detail}). ` +
      `In the Dev Dashboard, open the app, copy its Client ID and Secret again, make sure it is installed on ${creds.domain} with the scope ${SHOPIFY_SCOPE}, and reconnect.`
    );
  }

  const tokens =
    creds.kind === 'client'
      ? clientCredentialsToken(z, {
          ...SHOPIFY,
          tokenUrl: `${base}/admin/oauth/access_token`,
          audience: `${base} ${creds.domain}`,
          clientId: creds.clientId,
          clientSecret: creds.clientSecret,
          defaultLifetimeSeconds: DEFAULT_TOKEN_SECONDS,
          throttleSeconds: DEFAULT_THROTTLE_SECONDS,
          // Only a refusal of the client itself is fixed by reconnecting (and stops every Zap on the connection).
          refusesCredentials: (status, code) =>
            status === 401 || code === 'invalid_client' || code === 'unauthorized_client',
          refusedMessage: refusedClientMessage,
          notIssuedMessage: (status, detail) => {
            if (status >= 300 && status < 400) {
              return `Shopify answered ${creds.domain} with a redirect (HTTP ${status}), so no credentials were sent on. Check Shopify Store Domain is the store's myshopify.com address and reconnect.`;
            }
            if (status === 404) {
              return `Shopify found no store at ${creds.domain} to issue a token for (HTTP 404). Check Shopify Store Domain and reconnect.`;
            }
            return `Shopify would not issue a token for ${creds.domain} (${detail}). Check in the Dev Dashboard that the app is installed on the store and released with the scope ${SHOPIFY_SCOPE}, then try again.`;
          },
          // A token Shopify had just issued, refused with no newer one in sight: the app lost the store.
          freshTokenRefused: () =>
            new z.errors.ExpiredAuthError(refusedClientMessage('HTTP 401 for a token it had just issued')),
        })
      : null;

  /** Statuses every Shopify answer shares; 401 and 429 are dealt with by the caller first. */
  function checkStatus(response: HttpResponse): void {
    const { status } = response;
    if (status >= 200 && status < 300) return;
    if (status >= 300 && status < 400) {
      throw new z.errors.Error(
        `Shopify answered ${creds.domain} with a redirect (HTTP ${status}), so no credentials were sent on. Check Shopify Store Domain is the store's myshopify.com address and reconnect.`,
      );
    }
    if (status === 403) throw new z.errors.Error(accessDeniedMessage());
    if (status === 402 || status === 423) {
      throw new z.errors.Error(
        `Shopify says the store ${creds.domain} is ${status === 402 ? 'frozen for an unpaid bill' : 'locked'} (HTTP ${status}). Its owner must resolve that in Shopify admin; then the Zap can run again.`,
      );
    }
    if (status === 404) {
      throw new z.errors.Error(
        `Shopify found no store or no Admin API ${SHOPIFY_API_VERSION} at ${creds.domain} (HTTP 404). Check Shopify Store Domain and reconnect.`,
      );
    }
    if (status >= 500) {
      throw new z.errors.ThrottledError(
        `Shopify answered HTTP ${status}, a problem on its side; Zapier will try again shortly.`,
        DEFAULT_THROTTLE_SECONDS,
      );
    }
    throw new z.errors.Error(
      `Shopify answered HTTP ${status} to a request for ${creds.domain}. If it happens again, contact support with this message.`,
    );
  }

  /** A minted token is handed to beforeRequest; a pasted one it takes from the connection itself. */
  function post(token: string | undefined, query: string, variables: Record<string, unknown>) {
    const request = {
      timeout: timeout(),
      url: `${base}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`,
      method: 'POST' as const,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
      ...OWN_STATUS_REQUEST,
    };
    return z.request(vendorRequest(SHOPIFY.source, request, token));
  }

  /** The poll's budget cannot pay for the next query: a pause, resumed by the next poll. */
  function budgetSpent(requested: number): never {
    const bucket = pacer.bucket();
    const seconds = bucket
      ? Math.max(1, Math.ceil(waitFor(bucket, requested, shopifyClock.now()) / 1000))
      : DEFAULT_THROTTLE_SECONDS;
    throw new z.errors.ThrottledError(
      `Shopify's query cost allowance for ${creds.domain} is spent for now; Zapier will carry on where this stopped once it has refilled.`,
      seconds,
    );
  }

  function throttled(envelope: GraphqlEnvelope | null, retryAfter?: number): never {
    const cost = envelope?.extensions?.cost;
    throw new z.errors.ThrottledError(
      `Shopify is throttling this app on ${creds.domain} (its query cost allowance is spent); Zapier will try again when it has refilled.`,
      cost || retryAfter === undefined ? throttleDelaySeconds(cost) : retryAfter,
    );
  }

  function observeCost(envelope: GraphqlEnvelope | null): void {
    const cost = envelope?.extensions?.cost;
    if (!cost) return;
    pacer.observe(cost.throttleStatus);
    if (cost.actualQueryCost !== null && cost.actualQueryCost !== undefined) {
      pacer.spent.push({ requested: cost.requestedQueryCost, actual: cost.actualQueryCost });
    }
  }

  /** One answer to one query; a refused minted token is minted again by the token module, so only a pasted one is refused here. */
  async function answer(query: string, variables: Record<string, unknown>): Promise<HttpResponse> {
    const send = (token?: string) => post(token, query, variables);
    const response = tokens ? await tokens.send(send, timeout) : await send();
    if (response.status === 401) {
      throw new z.errors.ExpiredAuthError(
        `Shopify refused the Shopify Access Token for ${creds.domain} (HTTP 401). In Shopify admin, open the custom app's API credentials, copy the Admin API access token again (or use a Dev Dashboard app's Client ID and Secret), and reconnect.`,
      );
    }
    return response;
  }

  /**
   * A page's edges, refused when there are more than were asked for: Shopify never answers so,
   * and each order of a page is read and described alone, so a page of millions would outlast the
   * run.
   */
  function atMost<Edge>(asked: number, edges: readonly Edge[]): readonly Edge[] {
    if (edges.length > asked) {
      refuse(
        z,
        RESPONSE,
        `a page holds ${edges.length.toLocaleString('en')} purchase orders where ${asked} were asked for`,
      );
    }
    return edges;
  }

  /**
   * Runs one query and returns its validated data, turning Shopify's errors into sentences. It is
   * paced: it waits for `requested` points when the wait fits the deadline, and a THROTTLED
   * answer (HTTP 200 or 429) is waited out the same way; when the wait does not fit, the poll's
   * budget is spent (a ThrottledError the triggers take as a pause).
   */
  async function run<Schema extends zod.ZodType>(
    query: string,
    variables: Record<string, unknown>,
    schema: Schema,
    requested: number,
  ): Promise<{ data: zod.output<Schema>; envelope: GraphqlEnvelope }> {
    for (let throttledAnswers = 0; ; throttledAnswers += 1) {
      if (!(await pacer.reserve(requested))) budgetSpent(requested);
      const response = await answer(query, variables);
      if (response.status === 429) {
        const parsed = graphqlEnvelopeSchema.safeParse(safeJson(response.content));
        observeCost(parsed.success ? parsed.data : null);
        if (parsed.success && parsed.data.extensions?.cost && throttledAnswers < MAX_THROTTLED_ANSWERS) continue;
        const retryAfter = Number(response.getHeader('retry-after') ?? Number.NaN);
        throttled(
          parsed.success ? parsed.data : null,
          Number.isFinite(retryAfter) && retryAfter >= 0 ? Math.ceil(retryAfter) : undefined,
        );
      }
      checkStatus(response);
      const envelope = validatePayload(
        z,
        RESPONSE,
        graphqlEnvelopeSchema,
        parseJsonBody(z, RESPONSE, response.content),
      );
      observeCost(envelope);
      const errors = envelope.errors ?? [];
      if (errors.some((error) => error.extensions?.code === 'THROTTLED')) {
        // The bucket Shopify reported is now the pacer's: the next turn waits for it, or stops.
        if (envelope.extensions?.cost && throttledAnswers < MAX_THROTTLED_ANSWERS) continue;
        throttled(envelope);
      }
      if (errors.some((error) => error.extensions?.code === 'MAX_COST_EXCEEDED')) {
        throw new z.errors.Error(
          `Shopify refused a purchase order query as too costly (${errors[0]?.message ?? 'MAX_COST_EXCEEDED'}). Contact support with this message.`,
        );
      }
      if (errors.some((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR')) {
        throw new z.errors.ThrottledError(
          `Shopify reported a problem on its side (INTERNAL_SERVER_ERROR); Zapier will try again shortly.`,
          DEFAULT_THROTTLE_SECONDS,
        );
      }
      const denied = errors.find(
        (error) => error.extensions?.code === 'ACCESS_DENIED' || /access scope|access denied/i.test(error.message),
      );
      if (denied) {
        // A token minted before the scope was granted keeps lacking it: the next run mints afresh.
        await tokens?.forget();
        throw new z.errors.Error(accessDeniedMessage(denied.message));
      }
      if (errors.length > 0) {
        const messages = errors
          .slice(0, 3)
          .map((error) => `${error.message}${error.extensions?.code ? ` (${error.extensions.code})` : ''}`);
        throw new z.errors.Error(
          `Shopify could not run the purchase order query: ${messages.join('; ')}. If it happens again, contact support with this message.`,
        );
      }
      return { data: validatePayload(z, RESPONSE, schema, envelope.data), envelope };
    }
  }

  /**
   * Reads the rest of an order's lines so it can be mapped, each follow-up sized to `expected`
   * (the line count last seen of it) where known, else to the store's usual, within the cost cap.
   */
  async function completeLineItems(order: ShopifyPurchaseOrder, expected?: number): Promise<ShopifyPurchaseOrder> {
    let { edges, pageInfo } = order.lineItems;
    while (pageInfo.hasNextPage) {
      if (!pageInfo.endCursor) {
        throw new z.errors.HaltedError(
          `Shopify said purchase order ${order.name} has more lines but gave no cursor to read them. No record was made from it.`,
        );
      }
      const lines = followUpSize(expected, edges.length, MAX_FOLLOW_UP_LINES);
      const variables = { id: order.id, after: pageInfo.endCursor, lines };
      const { data } = await run(LINE_ITEMS_QUERY, variables, lineItemsDataSchema, requestedCost.lineItems(lines));
      if (!data.inventoryPurchaseOrder) {
        throw new z.errors.HaltedError(
          `Shopify purchase order ${order.name} vanished while its lines were read (deleted?). No record was made from it.`,
        );
      }
      edges = [...edges, ...data.inventoryPurchaseOrder.lineItems.edges];
      pageInfo = data.inventoryPurchaseOrder.lineItems.pageInfo;
    }
    return { ...order, lineItems: { edges, pageInfo } };
  }

  /** One purchase order with all its lines (`lines` expected, when known), or null when there is none. */
  async function getById(numericId: string, lines?: number): Promise<ShopifyPurchaseOrder | null> {
    const id = requirePurchaseOrderId(z, numericId);
    const first = firstSize(lines, MAX_ORDER_LINES);
    const { data } = await run(
      PURCHASE_ORDER_QUERY,
      { id: `gid://shopify/InventoryPurchaseOrder/${id}`, lines: first },
      purchaseOrderDataSchema,
      requestedCost.purchaseOrder(first),
    );
    return data.inventoryPurchaseOrder ? completeLineItems(data.inventoryPurchaseOrder, lines) : null;
  }

  /** Ids, names, statuses and times, newest end first (1 point a purchase order). */
  async function scanNames(
    options: { last?: number; before?: string | null; query?: PurchaseOrderFilter } = {},
  ): Promise<NamePage> {
    const last = Math.min(options.last ?? NAME_PAGE_SIZE, NAME_PAGE_SIZE);
    const query = filterText(z, options.query);
    const { data, envelope } = await run(
      NAME_SCAN_QUERY,
      { last, before: options.before ?? null, query },
      nameScanDataSchema,
      requestedCost.nameScan(last),
    );
    const connection = data.inventoryPurchaseOrders;
    const warned = (envelope.extensions?.search ?? []).some((entry) => (entry.warnings ?? []).length > 0);
    return {
      nodes: connection.edges.map(({ node }) => node),
      hasPreviousPage: connection.pageInfo.hasPreviousPage,
      startCursor: connection.pageInfo.startCursor ?? null,
      filterIgnored: query !== null && warned,
    };
  }

  /**
   * The oldest purchase orders above `floor` (ids, names, statuses and times, 1 point each), at
   * most a page: a probe that goes up from the floor, so a burst is read a page a step.
   */
  async function probeAbove(floor: string): Promise<NameProbe> {
    const query = filterText(z, { idAbove: floor })!;
    const { data, envelope } = await run(
      NAME_PROBE_QUERY,
      { first: NAME_PAGE_SIZE, query },
      nameProbeDataSchema,
      requestedCost.nameScan(NAME_PAGE_SIZE),
    );
    const connection = data.inventoryPurchaseOrders;
    return {
      nodes: connection.edges.map(({ node }) => node),
      hasNextPage: connection.pageInfo.hasNextPage,
      filterIgnored: (envelope.extensions?.search ?? []).some((entry) => (entry.warnings ?? []).length > 0),
    };
  }

  return {
    domain: creds.domain,
    pacer,
    probeAbove,

    /** The connection test: one purchase order's cursor, which needs a token and the scope. */
    async testConnection(): Promise<{ domain: string }> {
      await run(CONNECTION_TEST_QUERY, {}, connectionTestDataSchema, requestedCost.connectionTest());
      return { domain: creds.domain };
    },

    /** A page from the newest end, each order validated alone; at most MAX_PAGE orders within MAX_QUERY_COST. */
    async listPage({ last, before = null, query, lines = LIST_LINE_ITEMS }: ListPageOptions): Promise<ListPage> {
      if (
        !Number.isInteger(last) ||
        last < 1 ||
        last > MAX_PAGE ||
        requestedCost.purchaseOrderPage(last, lines) > MAX_QUERY_COST
      ) {
        throw new Error(
          `listPage reads 1 to ${MAX_PAGE} purchase orders within ${MAX_QUERY_COST} points, not ${last} of ${lines} lines.`,
        );
      }
      const { data, envelope } = await run(
        PURCHASE_ORDER_PAGE_QUERY,
        { last, before, query: filterText(z, query), lines },
        purchaseOrderPageDataSchema,
        requestedCost.purchaseOrderPage(last, lines),
      );
      const connection = data.inventoryPurchaseOrders;
      return {
        edges: atMost(last, connection.edges).map(({ cursor, node }) => ({ cursor, ...parsePurchaseOrderNode(node) })),
        hasPreviousPage: connection.pageInfo.hasPreviousPage,
        startCursor: connection.pageInfo.startCursor ?? null,
        cost: envelope.extensions?.cost ?? null,
      };
    },

    getById,
    scanNames,

    /** Fingerprints of `last` purchase orders before `before` (oldest first within the page), each with its first `lines` lines. */
    async fingerprintPage({
      last,
      before,
      lines,
    }: {
      last: number;
      before: string | null;
      lines: number;
    }): Promise<FingerprintPage> {
      const { data } = await run(
        FINGERPRINT_PAGE_QUERY,
        { last, before, lines },
        fingerprintPageDataSchema,
        requestedCost.fingerprintPage(last, lines),
      );
      const connection = data.inventoryPurchaseOrders;
      return {
        edges: atMost(last, connection.edges).map(({ cursor, node }) => {
          const parsed = fingerprintNodeSchema.safeParse(node, { reportInput: true });
          return parsed.success
            ? { cursor, node: parsed.data, problem: null }
            : { cursor, node: null, problem: describeIssues(parsed.error) };
        }),
        hasPreviousPage: connection.pageInfo.hasPreviousPage,
        startCursor: connection.pageInfo.startCursor ?? null,
      };
    },

    /** The rest of one fingerprint's lines (`expected` in all, when known); null when the order is gone. */
    async completeFingerprint(node: ShopifyFingerprintNode, expected?: number): Promise<ShopifyFingerprintNode | null> {
      let { nodes, pageInfo } = node.lineItems;
      while (pageInfo.hasNextPage && pageInfo.endCursor) {
        const lines = followUpSize(expected, nodes.length, MAX_FINGERPRINT_LINES);
        const { data } = await run(
          FINGERPRINT_LINES_QUERY,
          { id: node.id, after: pageInfo.endCursor, lines },
          fingerprintLinesDataSchema,
          requestedCost.fingerprintLines(lines),
        );
        if (!data.inventoryPurchaseOrder) return null;
        nodes = [...nodes, ...data.inventoryPurchaseOrder.lineItems.nodes];
        pageInfo = data.inventoryPurchaseOrder.lineItems.pageInfo;
      }
      return { ...node, lineItems: { nodes, pageInfo } };
    },

    /**
     * The newest purchase order whose name is `name`, ignoring case and surrounding spaces.
     * 2026-10 has no name filter, so names are scanned from the newest end, 250 a query
     * (252 points), for at most `maxPages` pages.
     */
    async findByName(name: string, maxPages = 4): Promise<FindByNameResult> {
      const wanted = name.trim().toLowerCase();
      if (wanted === '') throw new z.errors.Error('A Shopify purchase order number is needed to find one by number.');
      let before: string | null = null;
      let scanned = 0;
      for (let page = 0; page < maxPages; page += 1) {
        const { nodes, hasPreviousPage, startCursor } = await scanNames({ before });
        scanned += nodes.length;
        // Newest first; a name written exactly as asked beats one that differs only in case.
        const newestFirst = [...nodes].reverse();
        const match =
          newestFirst.find((node) => node.name.trim() === name.trim()) ??
          newestFirst.find((node) => node.name.trim().toLowerCase() === wanted);
        if (match) {
          // Null if it was deleted in between: then it is definitely not there.
          return { order: await getById(gidNumber(match.id)), scanned, complete: true };
        }
        if (!hasPreviousPage || !startCursor) return { order: null, scanned, complete: true };
        before = startCursor;
      }
      return { order: null, scanned, complete: false };
    },

    completeLineItems,
  };
}

export type ShopifyClient = ReturnType<typeof shopifyClient>;

/** Lines to ask for first: what is expected (at least 1), else the usual list size, within `max`. */
function firstSize(expected: number | undefined, max: number): number {
  return Math.min(max, Math.max(1, expected ?? LIST_LINE_ITEMS));
}

/** Lines to ask for after `read`: the rest expected, else as many again as were read, within `max`. */
function followUpSize(expected: number | undefined, read: number, max: number): number {
  const rest = expected !== undefined && expected > read ? expected - read : Math.max(read, LIST_LINE_ITEMS);
  return Math.min(max, Math.max(1, rest));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
