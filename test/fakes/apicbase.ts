/**
 * Apicbase as the field notes describe it, one fake for jest (over nock, `serve`) and the demo
 * (over loopback HTTP, test/fakes/vendors.ts), and the signed webhook it sends. The supplier API: OAuth2 client credentials
 * (tokens live a week), the order list filtered by status and ordered_on__gt, pages of at most
 * 200 in an undocumented order (by default a hash of the id, so neither by id nor by time;
 * `options.order` plays the other readings, and `options.honoursOrdering` Django's usual
 * `ordering` parameter, which Apicbase does not document), Django's
 * 404 past the last page, and 100 requests a minute per client, then 429 with Retry-After.
 * Its clock is the one it is given: a test's moves only when the test says so.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import nock from 'nock';
import { post } from './http';

export type FakeRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  body: string;
};

export type FakeApicbaseOptions = {
  now: () => number;
  clientId: string;
  clientSecret: string;
  /** Answer lists as a bare array instead of {count, next, previous, results}. */
  bareArray?: boolean;
  /** Pages of at most this many, whatever page_size asks (the maximum is undocumented in practice). */
  pageCap?: number;
  /** An envelope with its count but without next and previous links (the envelope is unverified). */
  countOnly?: boolean;
  /** The list's own order when no `ordering` is honoured: by a hash of the id (the default), or by `ordered_on`. */
  order?: 'hashed' | 'oldest-first' | 'newest-first';
  /** Honour `ordering=ordered_on` / `-ordered_on`, as Django REST framework's OrderingFilter would. */
  honoursOrdering?: boolean;
};

const PER_MINUTE = 100;
const MAX_PAGE_SIZE = 200;
const TOKEN_SECONDS = 604800;

const shuffleKey = (id: string) => createHash('sha256').update(id).digest('hex');

export class FakeApicbase {
  readonly requests: FakeRequest[] = [];
  readonly orders: Record<string, unknown>[] = [];
  mints = 0;
  private readonly tokens = new Map<string, number>();
  private recent: number[] = [];
  private nextId = 1;

  constructor(private readonly options: FakeApicbaseOptions) {}

  /** An order placed now (or with the fields given), as the webhook would carry it. */
  create(fields: Record<string, unknown> = {}): Record<string, unknown> {
    const id = `po-${this.nextId}`;
    this.nextId += 1;
    const order = {
      id,
      order_number: `ORD-${id}`,
      status: 'ORDERED',
      ordered_on: new Date(this.options.now()).toISOString(),
      owned_by: { username: 'chef@restaurant.example' },
      order_remarks: null,
      packages: [
        {
          stock_item: { name: 'Tomatoes' },
          supplier_package: { supplier_article_number: 'TOM-5', theoretical_price_per_package: '4.10' },
          quantity_ordered: 3,
          total_theoretical_price: '12.30',
        },
      ],
      expected_delivery_date: null,
      theoretical_price: '12.30',
      supplier_customer_number: 'C-77',
      ...fields,
    };
    this.orders.push(order);
    return order;
  }

  seed(count: number): Record<string, unknown>[] {
    return Array.from({ length: count }, () => this.create());
  }

  /** The customer marks these orders delivered: they leave the ORDERED list. */
  deliver(ids: readonly string[]): void {
    for (const order of this.orders) if (ids.includes(String(order.id))) order.status = 'DELIVERED';
  }

  /** Every token issued so far stops working, as an expired or revoked one does. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** Requests made by other runs on the same credentials in the current minute. */
  spend(requests: number): void {
    for (let index = 0; index < requests; index += 1) this.recent.push(this.options.now());
  }

  answer(
    method: string,
    uri: string,
    authorization: string | undefined,
    body: string,
  ): [number, string, Record<string, string>] {
    const url = new URL(uri, 'http://fake');
    this.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization,
      body,
    });
    const now = this.options.now();
    this.recent = this.recent.filter((time) => time > now - 60_000);
    if (this.recent.length >= PER_MINUTE) {
      const retryAfter = Math.ceil(((this.recent[0] ?? now) + 60_000 - now) / 1000);
      return [
        429,
        JSON.stringify({ detail: `Request was throttled. Expected available in ${retryAfter} seconds.` }),
        { 'Retry-After': String(retryAfter) },
      ];
    }
    this.recent.push(now);
    if (method === 'POST' && url.pathname === '/oauth/token/') return this.mint(body);
    if (method === 'GET' && url.pathname === '/api/v2/integrations/suppliers/purchase_orders/')
      return this.list(url, authorization);
    return [404, JSON.stringify({ detail: 'Not found.' }), {}];
  }

  private mint(body: string): [number, string, Record<string, string>] {
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'client_credentials')
      return [400, JSON.stringify({ error: 'unsupported_grant_type' }), {}];
    if (form.get('client_id') !== this.options.clientId || form.get('client_secret') !== this.options.clientSecret) {
      return [401, JSON.stringify({ error: 'invalid_client' }), {}];
    }
    if (form.get('scope') !== 'supplier') return [400, JSON.stringify({ error: 'invalid_scope' }), {}];
    this.mints += 1;
    const token = `token-${this.mints}`;
    this.tokens.set(token, this.options.now() + TOKEN_SECONDS * 1000);
    return [
      200,
      JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: TOKEN_SECONDS, scope: 'supplier' }),
      {},
    ];
  }

  private comparator(ordering: string | null): (a: Record<string, unknown>, b: Record<string, unknown>) => number {
    const orderedOn = (order: Record<string, unknown>) => Date.parse(String(order.ordered_on));
    // An ordering the fake does not honour is ignored, as Django REST framework ignores an unknown field.
    const honoured =
      this.options.honoursOrdering && (ordering === 'ordered_on' || ordering === '-ordered_on') ? ordering : null;
    const order =
      honoured === 'ordered_on'
        ? 'oldest-first'
        : honoured === '-ordered_on'
          ? 'newest-first'
          : (this.options.order ?? 'hashed');
    // Sorting is stable: orders placed in the same millisecond keep the order they were placed in.
    if (order === 'oldest-first') return (a, b) => orderedOn(a) - orderedOn(b);
    if (order === 'newest-first') return (a, b) => orderedOn(b) - orderedOn(a);
    return (a, b) => shuffleKey(String(a.id)).localeCompare(shuffleKey(String(b.id)));
  }

  private list(url: URL, authorization: string | undefined): [number, string, Record<string, string>] {
    const token = authorization?.replace(/^Bearer /, '') ?? '';
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined || expiresAt <= this.options.now()) {
      return [401, JSON.stringify({ detail: 'Authentication credentials were not provided.' }), {}];
    }
    const status = url.searchParams.get('status');
    const after = url.searchParams.get('ordered_on__gt');
    const matching = this.orders
      .filter((order) => status === null || order.status === status)
      .filter((order) => after === null || Date.parse(String(order.ordered_on)) > Date.parse(after))
      .sort(this.comparator(url.searchParams.get('ordering')));
    const pageSize = Math.min(Number(url.searchParams.get('page_size') ?? '10'), this.options.pageCap ?? MAX_PAGE_SIZE);
    const page = Number(url.searchParams.get('page') ?? '1');
    const pages = Math.max(1, Math.ceil(matching.length / pageSize));
    if (page > pages) return [404, JSON.stringify({ detail: 'Invalid page.' }), {}];
    const results = matching.slice((page - 1) * pageSize, page * pageSize);
    if (this.options.bareArray) return [200, JSON.stringify(results), {}];
    const link = (to: number) => {
      const next = new URL(url.href);
      next.searchParams.set('page', String(to));
      return next.href;
    };
    if (this.options.countOnly) return [200, JSON.stringify({ count: matching.length, results }), {}];
    return [
      200,
      JSON.stringify({
        count: matching.length,
        next: page < pages ? link(page + 1) : null,
        previous: page > 1 ? link(page - 1) : null,
        results,
      }),
      {},
    ];
  }

  /** Serves the fake at `origin` over nock, for every path. */
  serve(origin: string): void {
    const answer = (method: string, uri: string, authorization: unknown, body: string) =>
      this.answer(method, uri, header(authorization), body);
    nock(origin)
      .persist()
      .intercept(/.*/, 'GET')
      .reply(function (uri) {
        return answer('GET', uri, this.req.headers.authorization, '');
      })
      .intercept(/.*/, 'POST')
      .reply(function (uri, body) {
        return answer(
          'POST',
          uri,
          this.req.headers.authorization,
          typeof body === 'string' ? body : JSON.stringify(body),
        );
      });
  }
}

/** nock hands a header over as a string or an array of them. */
const header = (value: unknown): string | undefined =>
  Array.isArray(value) ? header(value[0]) : typeof value === 'string' ? value : undefined;

/** Apicbase's signer, run by Python itself: HMAC-SHA256 of json.dumps(json.loads(body)). */
export function apicbaseSignature(body: string, secret: string): string {
  return execFileSync(
    'python3',
    [
      '-c',
      'import hashlib, hmac, json, sys; ' +
        'print(hmac.new(sys.argv[1].encode(), json.dumps(json.loads(sys.stdin.read())).encode(), hashlib.sha256).hexdigest())',
      secret,
    ],
    { input: body, encoding: 'utf8' },
  ).trim();
}

/** Apicbase's webhook: a compact body, signed over Python's re-serialisation, in X-APIC-WEBHOOK-SIGNATURE. */
export function sendApicbaseOrder(url: string, order: unknown, signingSecret: string): Promise<number> {
  const body = JSON.stringify(order);
  return post(url, body, {
    'Content-Type': 'application/json',
    'X-APIC-WEBHOOK-SIGNATURE': apicbaseSignature(body, signingSecret),
  });
}
