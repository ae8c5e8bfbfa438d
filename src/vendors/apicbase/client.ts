/**
 * Apicbase's supplier API over z.request (docs/apicbase.md, "Polling"). Its bearer token comes
 * from the shared token module (minted by the OAuth2 client-credentials grant, one a week, reused
 * until it expires or is refused); beforeRequest puts it in the header, for Apicbase's host only.
 */
import type { Bundle, HttpResponse, ZObject } from 'zapier-platform-core';
import { overriddenBaseUrl, retryAfterSeconds, vendorRequest } from '../../descriptor/api-host';
import { OWN_STATUS_REQUEST, clientCredentialsToken } from '../../tokens/client-token';
import { parseJsonBody, validateListItemsAt, validatePayload } from '../../common/validation';
import { APICBASE_DEFAULT_BASE_URL, APICBASE_FIELD_LABELS, APICBASE_SCOPE } from './connection';
import { apicbaseOrderListSchema, apicbaseOrderSchema, type ApicbaseOrder } from './schema';
import { responseFrom } from '../../common/vendor-identity';
import { APICBASE } from './identity';

/** OAuth2 answers that mean the client id or secret itself was refused. */
const CREDENTIAL_REFUSALS = new Set(['invalid_client', 'unauthorized_client', 'invalid_grant']);

const RESPONSE = responseFrom(APICBASE);

/**
 * Where tokens are minted when APICBASE_BASE_URL is not set. Unverified: Apicbase's support page
 * names apicbase.com, its developer docs api.apicbase.com; change this one line if tokens are
 * refused there (docs/apicbase.md).
 */
export const APICBASE_TOKEN_URL = `${APICBASE_DEFAULT_BASE_URL}/oauth/token/`;
export const PURCHASE_ORDERS_PATH = '/api/v2/integrations/suppliers/purchase_orders/';
/** Apicbase's largest page. */
export const APICBASE_PAGE_SIZE = 200;
/**
 * Requests one client makes (one poll, one connection test), token included. Apicbase allows 100
 * a minute; a poll usually needs one, and this bound keeps even a busy connection's polls under it.
 */
export const MAX_REQUESTS_PER_RUN = 6;
/**
 * A transfer's page 0, once per transfer, may have to find the length of a list that gives none
 * (page 1, then doubling and halving: about twice log2 of its pages); this many finds it for a
 * list of up to 512 pages, still well under 100 a minute.
 */
export const MAX_LENGTH_SEARCH_REQUESTS = 20;

/** A token lives a week (expires_in 604800): a week when unsaid. */
const DEFAULT_TOKEN_SECONDS = 7 * 24 * 60 * 60;

/** When Apicbase says nothing of when to come back: its limit is per minute. */
const DEFAULT_THROTTLE_SECONDS = 60;

/** APICBASE_BASE_URL stands in for both the API and the token host (sandbox, tests, a proxy). */
function baseUrls(): { api: string; token: string } {
  const api = overriddenBaseUrl('APICBASE_BASE_URL');
  return api === null
    ? { api: APICBASE_DEFAULT_BASE_URL, token: APICBASE_TOKEN_URL }
    : { api, token: `${api}/oauth/token/` };
}

const filled = (authData: Record<string, unknown>, key: string): string => {
  const value = authData[key];
  return typeof value === 'string' ? value.trim() : '';
};

export type OrderRow = { index: number; order: ApicbaseOrder };

export type OrderPage = {
  /** Usable orders with their position in the page; malformed ones logged and left out. */
  orders: OrderRow[];
  /** Orders in the answer, malformed ones included. */
  received: number;
  bytes: number;
  /** Whether the list ends here, when the answer says (its `next` or `count`). */
  end: boolean | undefined;
  /** Orders matching the filters over all pages, when the answer says. */
  count: number | null;
};

export type ListPageOptions = {
  page: number;
  pageSize: number;
  /** `ordered_on__gt`: only orders placed after this time. */
  orderedAfter?: string;
  /**
   * Django's usual `ordering` parameter (`-ordered_on`: newest first). Apicbase does not document
   * it: the caller must be right whether it is honoured or ignored.
   */
  ordering?: string;
  timeoutMs?: number;
};

export function apicbaseClient(z: ZObject, bundle: Pick<Bundle, 'authData'>, options: { maxRequests?: number } = {}) {
  const maxRequests = options.maxRequests ?? MAX_REQUESTS_PER_RUN;
  const authData = bundle.authData ?? {};
  const clientId = filled(authData, 'apicbase_client_id');
  const clientSecret = filled(authData, 'apicbase_client_secret');
  if (!clientId || !clientSecret) {
    const missing = [
      clientId ? null : APICBASE_FIELD_LABELS.apicbase_client_id,
      clientSecret ? null : APICBASE_FIELD_LABELS.apicbase_client_secret,
    ].filter(Boolean);
    throw new z.errors.Error(
      `Polling Apicbase needs the connection's ${missing.join(' and ')}, the supplier API credentials Apicbase's integrations team gives you. Reconnect and fill them in.`,
    );
  }
  const urls = baseUrls();
  let requests = 0;

  /** Every request goes through here, so no run makes more than its share of Apicbase's 100 a minute. */
  function request(options: Parameters<ZObject['request']>[0] & object) {
    if (requests >= maxRequests) {
      throw new z.errors.ThrottledError(
        `This run has made its ${maxRequests} requests to Apicbase, which allows 100 a minute per connection; the next poll continues where this one stopped.`,
        DEFAULT_THROTTLE_SECONDS,
      );
    }
    requests += 1;
    return z.request({ ...options, ...OWN_STATUS_REQUEST });
  }

  const tokens = clientCredentialsToken(z, {
    ...APICBASE,
    tokenUrl: urls.token,
    audience: urls.api,
    clientId,
    clientSecret,
    extraFields: { scope: APICBASE_SCOPE },
    defaultLifetimeSeconds: DEFAULT_TOKEN_SECONDS,
    throttleSeconds: DEFAULT_THROTTLE_SECONDS,
    // Only a refusal of the credentials is fixed by reconnecting (and it stops every Zap on the connection).
    refusesCredentials: (_status, code) => code !== undefined && CREDENTIAL_REFUSALS.has(code),
    refusedMessage: (detail) =>
      `Apicbase refused the connection's ${APICBASE_FIELD_LABELS.apicbase_client_id} and ${APICBASE_FIELD_LABELS.apicbase_client_secret} (${detail}). ` +
      `Ask Apicbase's integrations team for your supplier API credentials (scope ${APICBASE_SCOPE}), then reconnect with them.`,
    notIssuedMessage: (status, detail) =>
      status >= 300 && status < 400
        ? `Apicbase answered the token request with a redirect (HTTP ${status}), which was not followed, so no credentials were sent on. If Apicbase has moved its API, contact Apicbase support to confirm the new address.`
        : `Apicbase would not issue a token (${detail}). If it keeps happening, ask Apicbase's integrations team whether the supplier API credentials have the scope ${APICBASE_SCOPE}.`,
    // Credentials good enough for a token but not for the list: the scope, not a reconnect.
    freshTokenRefused: () =>
      new z.errors.Error(
        `Apicbase issued a token but refused it for the purchase order list (HTTP 401). Ask Apicbase's integrations team to give these supplier API credentials the scope ${APICBASE_SCOPE}.`,
      ),
    request,
  });

  function throttled(response: HttpResponse): never {
    throw new z.errors.ThrottledError(
      'Apicbase is limiting requests from this connection (at most 100 a minute); Zapier will try again when it allows more.',
      retryAfterSeconds(response) ?? DEFAULT_THROTTLE_SECONDS,
    );
  }

  /** Statuses every answer shares; 401, 404 and 429 are read by the caller first. */
  function checkStatus(response: HttpResponse, what: string): void {
    const { status } = response;
    if (status >= 200 && status < 300) return;
    if (status === 429) throttled(response);
    if (status >= 300 && status < 400) {
      throw new z.errors.Error(
        `Apicbase answered ${what} with a redirect (HTTP ${status}), which was not followed, so no credentials were sent on. If Apicbase has moved its API, contact Apicbase support to confirm the new address.`,
      );
    }
    if (status === 403) {
      throw new z.errors.Error(
        `Apicbase answered HTTP 403 to ${what}: these credentials may not read supplier purchase orders. Ask Apicbase's integrations team to give them the scope ${APICBASE_SCOPE}, then try again.`,
      );
    }
    if (status >= 500) {
      throw new z.errors.ThrottledError(
        `Apicbase answered HTTP ${status}, a problem on its side; Zapier will try again shortly.`,
        DEFAULT_THROTTLE_SECONDS,
      );
    }
    throw new z.errors.Error(
      `Apicbase answered HTTP ${status} to ${what}. If it keeps happening, contact Apicbase support with this message.`,
    );
  }

  /** One page of the orders placed with this supplier, status ORDERED. */
  async function listPage(options: ListPageOptions): Promise<OrderPage> {
    const pageSize = Math.min(options.pageSize, APICBASE_PAGE_SIZE);
    const params: Record<string, string> = {
      status: 'ORDERED',
      page: String(options.page),
      page_size: String(pageSize),
      ...(options.orderedAfter === undefined ? {} : { ordered_on__gt: options.orderedAfter }),
      ...(options.ordering === undefined ? {} : { ordering: options.ordering }),
    };
    // One deadline for the token and the list together: each request gets only the time left.
    const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
    const left = () => (deadline === undefined ? undefined : Math.max(1, deadline - Date.now()));
    const get = (token: string) => {
      const timeoutMs = left();
      return request(
        vendorRequest(
          APICBASE.source,
          {
            ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }),
            url: `${urls.api}${PURCHASE_ORDERS_PATH}`,
            method: 'GET',
            params,
            headers: { Accept: 'application/json' },
          },
          token,
        ),
      );
    };
    const response = await tokens.send(get, left);
    // Past the last page Apicbase (Django) answers 404 "Invalid page": the list ends there.
    if (response.status === 404 && options.page > 1)
      return { orders: [], received: 0, bytes: Buffer.byteLength(response.content), end: true, count: null };
    checkStatus(response, 'the purchase order list');
    const answer = validatePayload(z, RESPONSE, apicbaseOrderListSchema, parseJsonBody(z, RESPONSE, response.content));
    const items = Array.isArray(answer) ? answer : answer.results;
    const orders = validateListItemsAt(z, RESPONSE, 'purchase order', apicbaseOrderSchema, items, true).map(
      ({ index, value }) => ({ index, order: value }),
    );
    let end: boolean | undefined;
    if (!Array.isArray(answer)) {
      if (answer.next !== undefined) end = answer.next === null;
      // By the rows received, not the size asked: a server capping its pages below it pages on.
      else if (answer.count !== undefined && answer.count !== null)
        end = items.length === 0 || options.page * items.length >= answer.count;
    }
    const count = Array.isArray(answer) ? null : (answer.count ?? null);
    return { orders, received: items.length, bytes: Buffer.byteLength(response.content), end, count };
  }

  return {
    listPage,
    /** The connection test: minting a token is the cheapest call that proves the credentials. */
    testConnection: async () => {
      await tokens.mint();
    },
  };
}

export type ApicbaseClient = ReturnType<typeof apicbaseClient>;
