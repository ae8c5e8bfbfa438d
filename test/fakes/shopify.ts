/**
 * A fake Shopify for the sandbox and for jest: it executes the real GraphQL documents with
 * graphql-js over Shopify's published 2026-10 schema (../shared/reference; the subset in
 * src/vendors/shopify/schema.graphql where that is absent), so a field Shopify lacks fails here as
 * it would there. It keeps purchase orders oldest first, pages with first/after/last/before,
 * filters `id` ranges and `status:draft|ordered` (or, as a store may, ignores the id filter with a
 * warning in `extensions.search`), and charges cost as Shopify does on a Standard plan: each
 * query's requested cost is taken from a 2,000-point bucket before it runs (THROTTLED in HTTP 200
 * when short; a query requesting over 1,000 refused) and the difference to its actual cost is
 * refunded after, the bucket refilling at 100 points a second on its clock. It mints 24-hour
 * tokens by the client credentials grant (counting mints) and answers 401 to a token it does not know.
 */
import nock from 'nock';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildSchema, extendSchema, graphql, parse, validate, type GraphQLSchema } from 'graphql';
import { multiplyMoney } from '../../src/common/money';
import { actualCost, queryCost } from './shopify-cost';
import { SHOPIFY_API_VERSION } from '../../src/vendors/shopify/queries';
import type { Handler, Reply } from './http';

const SUBSET_PATH = join('src', 'vendors', 'shopify', 'schema.graphql');
const REFERENCE_FILE = 'shopify-admin-2026-10.graphql.gz';

/** The repository's root, found from here up, whether run from sandbox/ or compiled into build/. */
function repoRoot(): string {
  for (let directory = __dirname; ; directory = dirname(directory)) {
    if (existsSync(join(directory, SUBSET_PATH))) return directory;
    if (dirname(directory) === directory) throw new Error(`No ${SUBSET_PATH} above ${__dirname}.`);
  }
}

/** Shopify's published 2026-10 schema beside the repository (../shared/reference), or null. */
export function referenceSchemaPath(): string | null {
  const path = join(repoRoot(), '..', 'shared', 'reference', REFERENCE_FILE);
  return existsSync(path) ? path : null;
}

let loaded: GraphQLSchema | null = null;

/**
 * The schema the fake runs: Shopify's own where it is at hand, else the subset, with one status
 * value 2026-10 lacks (Shopify adds enum values without a new version), so the app's handling
 * of a status it does not know can be played.
 */
export function loadShopifySchema(): GraphQLSchema {
  if (loaded) return loaded;
  const reference = referenceSchemaPath();
  const sdl = reference
    ? gunzipSync(readFileSync(reference)).toString('utf8')
    : readFileSync(join(repoRoot(), SUBSET_PATH), 'utf8');
  loaded = extendSchema(buildSchema(sdl), parse(`extend enum InventoryPurchaseOrderStatus { ${FUTURE_STATUS} }`));
  return loaded;
}

/** A status word Shopify may add: the fake can answer it, the app must keep the order. */
export const FUTURE_STATUS = 'CLOSED';

const MAX_QUERY_COST = 1000;
const MAX_PAGE = 250;
const TOKEN_SECONDS = 24 * 60 * 60;

export type FakeLine = {
  id: number;
  title: string;
  variantTitle: string | null;
  supplierSku: string | null;
  sku: string | null;
  quantity: number;
  unitCost: string | null;
  taxPercent: string | null;
  /** Taxes included; when null it is the subtotal if the line has no tax, else unknown. */
  totalCost: string | null;
};

export type FakeOrder = {
  id: number;
  name: string;
  /** DRAFT, ORDERED, or a word Shopify adds later (FUTURE_STATUS). */
  status: string;
  currency: string;
  dateCreated: string;
  orderedAt: string | null;
  archivedAt: string | null;
  supplierName: string | null;
  lines: FakeLine[];
};

export type FakeShopifyOptions = {
  clientId?: string;
  clientSecret?: string;
  /** An Admin API access token (shpat_...) the fake accepts as well as minted ones. */
  accessToken?: string;
  scopes?: string[];
  maximumAvailable?: number;
  restoreRate?: number;
  /** Milliseconds since the epoch: tests move it by hand, never by waiting. */
  now?: () => number;
  /** A store that ignores `id:` filters: every order is listed and extensions.search warns. */
  ignoresIdFilter?: boolean;
};

type Request = { method: string; path: string; headers: Record<string, string | string[] | undefined>; body: string };

const encodeCursor = (id: number) => Buffer.from(JSON.stringify({ last_id: id })).toString('base64');

function decodeCursor(cursor: string): number {
  const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { last_id?: unknown };
  if (typeof parsed.last_id !== 'number') throw new Error(`Invalid cursor: ${cursor}`);
  return parsed.last_id;
}

type PageArgs = { first?: number | null; after?: string | null; last?: number | null; before?: string | null };

/** A Relay connection over items kept in ascending id order. */
function connection<T extends { id: number }, N>(items: T[], args: PageArgs, node: (item: T) => N) {
  const size = args.first ?? args.last;
  if (size === null || size === undefined) throw new Error('You must provide one of first or last.');
  if (size < 0 || size > MAX_PAGE) throw new Error(`first and last must be between 0 and ${MAX_PAGE}.`);
  let start = 0;
  let end = items.length;
  if (args.after) {
    const after = decodeCursor(args.after);
    while (start < end && items[start]!.id <= after) start += 1;
  }
  if (args.before) {
    const before = decodeCursor(args.before);
    while (end > start && items[end - 1]!.id >= before) end -= 1;
  }
  if (args.first !== null && args.first !== undefined) end = Math.min(end, start + args.first);
  else start = Math.max(start, end - size);
  const slice = items.slice(start, end);
  return {
    edges: slice.map((item) => ({ cursor: encodeCursor(item.id), node: node(item) })),
    nodes: slice.map(node),
    pageInfo: {
      hasPreviousPage: start > 0,
      hasNextPage: end < items.length,
      startCursor: slice[0] ? encodeCursor(slice[0].id) : null,
      endCursor: slice.at(-1) ? encodeCursor(slice.at(-1)!.id) : null,
    },
  };
}

/**
 * The documented filters: `id:>=n`, `id:<n` (and > <=), `status:draft|ordered`, ANDed. With
 * `ignoreIds` an id term is skipped and named in `ignored`, as Shopify warns of a field it does not filter.
 */
function matcher(
  query: string | null | undefined,
  ignoreIds = false,
  ignored: string[] = [],
): (order: FakeOrder) => boolean {
  const tests: ((order: FakeOrder) => boolean)[] = [];
  for (const term of (query ?? '').split(/\s+(?:AND\s+)?/).filter(Boolean)) {
    const id = /^id:(>=|<=|>|<)?(\d+)$/.exec(term);
    const status = /^status:(draft|ordered)$/i.exec(term);
    if (id && ignoreIds) {
      ignored.push(term);
    } else if (id) {
      const value = Number(id[2]);
      const compare = {
        '>=': (n: number) => n >= value,
        '<=': (n: number) => n <= value,
        '>': (n: number) => n > value,
        '<': (n: number) => n < value,
        '': (n: number) => n === value,
      }[id[1] ?? ''];
      tests.push((order) => compare!(order.id));
    } else if (status) {
      const wanted = status[1]!.toUpperCase();
      tests.push((order) => order.status === wanted);
    } else {
      throw new Error(`The fake Shopify does not filter on ${JSON.stringify(term)}.`);
    }
  }
  return (order) => tests.every((test) => test(order));
}

const header = (request: Request, name: string): string | undefined => {
  const entry = Object.entries(request.headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  return Array.isArray(entry) ? entry.join(',') : entry;
};

export class FakeShopify {
  readonly schema = loadShopifySchema();
  /** Oldest first, as Shopify lists them. */
  readonly orders: FakeOrder[] = [];
  mints = 0;
  requests = 0;
  /** Every GraphQL request's requested cost as charged, in order. */
  readonly charges: number[] = [];
  /** Requested and actual cost of every query that ran, in order. */
  readonly spent: { requested: number; actual: number }[] = [];
  /** THROTTLED answers given. */
  throttled = 0;
  private readonly tokens = new Map<string, number>();
  private nextId = 1;
  private nextLineId = 1;
  private available: number;
  private refilledAt: number;
  private readonly options: Required<Omit<FakeShopifyOptions, 'accessToken'>> & { accessToken: string | null };

  constructor(options: FakeShopifyOptions = {}) {
    this.options = {
      clientId: options.clientId ?? 'fake-client-id',
      clientSecret: options.clientSecret ?? 'fake-client-secret',
      accessToken: options.accessToken ?? null,
      scopes: options.scopes ?? ['read_inventory_purchase_orders'],
      maximumAvailable: options.maximumAvailable ?? 2000,
      restoreRate: options.restoreRate ?? 100,
      now: options.now ?? Date.now,
      ignoresIdFilter: options.ignoresIdFilter ?? false,
    };
    this.available = this.options.maximumAvailable;
    this.refilledAt = this.options.now();
  }

  private iso(at?: string): string {
    return at ?? new Date(this.options.now()).toISOString();
  }

  private find(id: number): FakeOrder {
    const order = this.orders.find((candidate) => candidate.id === id);
    if (!order) throw new Error(`The fake Shopify has no purchase order ${id}.`);
    return order;
  }

  /** A new purchase order (a draft unless said otherwise), newest of all. */
  create(
    options: Partial<Omit<FakeOrder, 'id' | 'lines'>> & { lines?: Partial<Omit<FakeLine, 'id'>>[] } = {},
  ): FakeOrder {
    const id = this.nextId++;
    const order: FakeOrder = {
      id,
      name: options.name ?? `PO${id}`,
      status: options.status ?? 'DRAFT',
      currency: options.currency ?? 'USD',
      dateCreated: this.iso(options.dateCreated),
      orderedAt: options.orderedAt ?? (options.status === 'ORDERED' ? this.iso() : null),
      archivedAt: options.archivedAt ?? null,
      supplierName: options.supplierName ?? 'Fake Supplier',
      lines: (options.lines ?? [{}]).map((line) => ({
        id: this.nextLineId++,
        title: line.title ?? 'Fake Product',
        variantTitle: line.variantTitle ?? null,
        supplierSku: line.supplierSku ?? null,
        sku: line.sku ?? `SKU-${id}`,
        quantity: line.quantity ?? 1,
        unitCost: line.unitCost === undefined ? '1.00' : line.unitCost,
        taxPercent: line.taxPercent ?? null,
        totalCost: line.totalCost ?? null,
      })),
    };
    this.orders.push(order);
    return order;
  }

  /** `count` purchase orders at once, one line each. */
  seed(count: number): void {
    for (let index = 0; index < count; index += 1) this.create();
  }

  markOrdered(id: number, at?: string): void {
    Object.assign(this.find(id), { status: 'ORDERED', orderedAt: this.iso(at) });
  }

  changeLine(id: number, lineId: number, changes: Partial<Omit<FakeLine, 'id'>>): void {
    const line = this.find(id).lines.find((candidate) => candidate.id === lineId);
    if (!line) throw new Error(`Purchase order ${id} has no line ${lineId}.`);
    Object.assign(line, changes);
  }

  archive(id: number, at?: string): void {
    this.find(id).archivedAt = this.iso(at);
  }

  /** A deleted purchase order vanishes from the API. */
  remove(id: number): void {
    this.orders.splice(this.orders.indexOf(this.find(id)), 1);
  }

  /** Takes points from the bucket, as the same app's other queries on the store would. */
  spend(points: number): void {
    this.currentlyAvailable();
    this.available = Math.max(0, this.available - points);
  }

  /** What the bucket holds now, after refilling since the last charge. */
  currentlyAvailable(): number {
    const now = this.options.now();
    // Rounded to a millionth of a point: float steps must not leave a bucket a hair short.
    const refilled =
      Math.round((this.available + ((now - this.refilledAt) / 1000) * this.options.restoreRate) * 1e6) / 1e6;
    this.available = Math.min(this.options.maximumAvailable, refilled);
    this.refilledAt = now;
    return this.available;
  }

  private lineNode(line: FakeLine, currency: string) {
    const money = (amount: string | null) => (amount === null ? null : { amount, currencyCode: currency });
    const subtotal = line.unitCost === null ? null : multiplyMoney(line.unitCost, line.quantity);
    return {
      id: `gid://shopify/InventoryPurchaseOrderLineItem/${line.id}`,
      title: line.title,
      variantTitle: line.variantTitle,
      supplierSku: line.supplierSku,
      totalQuantity: line.quantity,
      taxPercent: line.taxPercent,
      unitCost: money(line.unitCost),
      subtotal: money(subtotal),
      totalCost: money(line.totalCost ?? (line.taxPercent === null ? subtotal : null)),
      inventoryItem: {
        id: `gid://shopify/InventoryItem/${line.id}`,
        legacyResourceId: String(line.id),
        sku: line.sku,
        variant: {
          id: `gid://shopify/ProductVariant/${line.id}`,
          legacyResourceId: String(line.id),
          sku: line.sku,
          title: line.variantTitle ?? 'Default Title',
          product: { id: `gid://shopify/Product/${line.id}`, legacyResourceId: String(line.id), title: line.title },
        },
      },
    };
  }

  private orderNode(order: FakeOrder) {
    return {
      id: `gid://shopify/InventoryPurchaseOrder/${order.id}`,
      name: order.name,
      status: order.status,
      currency: order.currency,
      dateCreated: order.dateCreated,
      orderedAt: order.orderedAt,
      archivedAt: order.archivedAt,
      origin: { supplierName: order.supplierName },
      destination: {
        name: 'Fake Warehouse',
        snapshottedAt: order.dateCreated,
        address: {
          address1: '1 Fake Street',
          city: 'Ottawa',
          province: 'Ontario',
          provinceCode: 'ON',
          zip: 'K1A 0A1',
          country: 'Canada',
          countryCode: 'CA',
        },
        location: { id: 'gid://shopify/Location/1', legacyResourceId: '1', name: 'Fake Warehouse' },
      },
      lineItems: (args: PageArgs) => connection(order.lines, args, (line) => this.lineNode(line, order.currency)),
    };
  }

  private rootValue(warnings: { path: string[]; query: string; warnings: { field: string; message: string }[] }[]) {
    return {
      inventoryPurchaseOrder: ({ id }: { id: string }) => {
        const match = /^gid:\/\/shopify\/InventoryPurchaseOrder\/(\d+)$/.exec(id);
        const order = match && this.orders.find((candidate) => candidate.id === Number(match[1]));
        return order ? this.orderNode(order) : null;
      },
      inventoryPurchaseOrders: (args: PageArgs & { query?: string | null }) => {
        const ignored: string[] = [];
        const orders = this.orders.filter(matcher(args.query, this.options.ignoresIdFilter, ignored));
        if (ignored.length > 0) {
          warnings.push({
            path: ['inventoryPurchaseOrders'],
            query: args.query ?? '',
            warnings: [{ field: 'id', message: 'Invalid search field for this query.' }],
          });
        }
        return connection(orders, args, (order) => this.orderNode(order));
      },
    };
  }

  private throttleStatus() {
    return {
      maximumAvailable: this.options.maximumAvailable,
      currentlyAvailable: Math.floor(this.currentlyAvailable()),
      restoreRate: this.options.restoreRate,
    };
  }

  private costExtension(requested: number, actual: number | null) {
    return { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: this.throttleStatus() } };
  }

  private async graphqlAnswer(request: Request): Promise<Reply> {
    const token = header(request, 'X-Shopify-Access-Token') ?? '';
    const expires = this.tokens.get(token);
    const known =
      (expires !== undefined && expires > this.options.now()) ||
      (this.options.accessToken !== null && token === this.options.accessToken);
    if (!known)
      return {
        status: 401,
        body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' },
      };
    let body: { query?: unknown; variables?: unknown };
    try {
      body = JSON.parse(request.body) as typeof body;
    } catch {
      return { status: 400, body: { errors: { query: 'Required parameter missing or invalid' } } };
    }
    const source = typeof body.query === 'string' ? body.query : '';
    const variables = (body.variables ?? {}) as Record<string, unknown>;
    let requested: number;
    try {
      const problems = validate(this.schema, parse(source));
      if (problems.length > 0)
        return {
          status: 200,
          body: {
            errors: problems.map((problem) => ({
              message: problem.message,
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            })),
          },
        };
      requested = queryCost(this.schema, source, variables);
    } catch (error) {
      return { status: 200, body: { errors: [{ message: (error as Error).message }] } };
    }
    if (requested > MAX_QUERY_COST) {
      return {
        status: 200,
        body: {
          errors: [
            {
              message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`,
              extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: MAX_QUERY_COST },
            },
          ],
          extensions: this.costExtension(requested, null),
        },
      };
    }
    if (this.currentlyAvailable() < requested) {
      this.throttled += 1;
      return {
        status: 200,
        body: {
          errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
          extensions: this.costExtension(requested, null),
        },
      };
    }
    if (!this.options.scopes.includes('read_inventory_purchase_orders')) {
      return {
        status: 200,
        body: {
          data: null,
          errors: [
            {
              message:
                'Access denied for inventoryPurchaseOrders field. Required access: `read_inventory_purchase_orders` access scope.',
              extensions: { code: 'ACCESS_DENIED' },
            },
          ],
          extensions: this.costExtension(requested, null),
        },
      };
    }
    // Requested cost first; what the answer did not use is refunded once it is known.
    this.available -= requested;
    const warnings: Parameters<FakeShopify['rootValue']>[0] = [];
    const result = await graphql({
      schema: this.schema,
      source,
      rootValue: this.rootValue(warnings),
      variableValues: variables,
    });
    const actual = Math.min(requested, actualCost(this.schema, source, variables, result.data ?? null));
    this.currentlyAvailable();
    this.available = Math.min(this.options.maximumAvailable, this.available + (requested - actual));
    this.charges.push(requested);
    this.spent.push({ requested, actual });
    return {
      status: 200,
      body: {
        ...(result.errors
          ? { errors: result.errors.map((error) => ({ message: error.message, path: error.path })) }
          : {}),
        data: result.data ?? null,
        extensions: { ...this.costExtension(requested, actual), ...(warnings.length > 0 ? { search: warnings } : {}) },
      },
    };
  }

  private tokenAnswer(request: Request): Reply {
    const form = new URLSearchParams(request.body);
    if (form.get('grant_type') !== 'client_credentials')
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    if (form.get('client_id') !== this.options.clientId || form.get('client_secret') !== this.options.clientSecret) {
      return { status: 400, body: { error: 'invalid_client', error_description: 'Client authentication failed.' } };
    }
    this.mints += 1;
    const token = `fake-token-${this.mints}`;
    this.tokens.set(token, this.options.now() + TOKEN_SECONDS * 1000);
    return {
      status: 200,
      body: { access_token: token, scope: this.options.scopes.join(','), expires_in: TOKEN_SECONDS - 1 },
    };
  }

  /** Forgets every minted token, as when Shopify revokes them. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** One HTTP request to the shop, `path` relative to https://<shop> (or SHOPIFY_BASE_URL). */
  async handle(request: Request): Promise<Reply> {
    this.requests += 1;
    const path = request.path.split('?')[0];
    if (request.method !== 'POST') return { status: 405, body: { errors: 'Method not allowed' } };
    if (path === '/admin/oauth/access_token') return this.tokenAnswer(request);
    if (path === `/admin/api/${SHOPIFY_API_VERSION}/graphql.json`) return this.graphqlAnswer(request);
    return { status: 404, body: { errors: 'Not Found' } };
  }
}

/** A handler for sandbox/http.ts's listen(): the fake at the root of a loopback server. */
export function shopifyHttpHandler(fake: FakeShopify): Handler {
  return (request, body, url) =>
    fake.handle({ method: request.method ?? 'GET', path: url.pathname, headers: request.headers, body });
}

/**
 * A nock reply function, as in `nock(origin).persist().post(() => true).reply(nockReply(fake))`; nock calls
 * it with `this.req` holding the request's headers.
 */
export function nockReply(fake: FakeShopify) {
  return async function reply(
    this: { req: { method?: string; path?: string; headers: Record<string, string | string[] | undefined> } },
    uri: string,
    body: unknown,
  ): Promise<[number, unknown, Record<string, string>]> {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const answer = await fake.handle({
      method: this.req.method ?? 'POST',
      path: uri,
      headers: this.req.headers,
      body: text,
    });
    return [answer.status, answer.body, { 'Content-Type': 'application/json', ...answer.headers }];
  };
}

export type NockServing = {
  /** An answer given before the fake's, when it returns one (a forced error). */
  answerFirst?: (uri: string) => [number, object] | undefined;
  /** Sees each GraphQL request's body the fake is about to answer. */
  onGraphql?: (body: unknown) => void;
};

/** The fake at `origin` for every POST, over nock: the one way the jest suites serve it. */
export function serveOverNock(fake: FakeShopify, origin: string, { answerFirst, onGraphql }: NockServing = {}): void {
  const reply = nockReply(fake);
  nock(origin)
    .persist()
    .post(() => true)
    .reply(function (uri, body) {
      const forced = answerFirst?.(uri);
      if (forced) return forced;
      if (uri.endsWith('/graphql.json')) onGraphql?.(body);
      return reply.call(this, uri, body);
    });
}
