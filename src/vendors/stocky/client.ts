/** A small Stocky API v2 client over z.request; credentials come from the app's beforeRequest. */
import type { HttpRequestOptions, HttpResponse, ZObject } from 'zapier-platform-core';
import { baseUrlOf } from '../../common/api-host';
import { stockyApi } from './connection';
import type { Page } from '../../common/poller';
import { parseJsonBody, validateListItems, validatePayload } from '../../common/validation';
import {
  stockyListEnvelopeSchema,
  stockyPurchaseOrderSchema,
  type StockyPurchaseOrder,
} from './schema';

const RESPONSE = { name: 'Stocky', kind: 'response' } as const;

/** What every Stocky call says once it finds the API gone, instead of a raw error. */
export const STOCKY_RETIRED_MESSAGE =
  "Stocky's API was switched off by Shopify on 2026-08-31, so Stocky purchase orders can no longer be read. " +
  'Use the Shopify purchase order triggers (New Purchase Order in Shopify, Purchase Order Ordered in Shopify, ' +
  'Updated Purchase Order in Shopify) or Find Purchase Order with Source Shopify, and connect your Shopify store instead.';

const LIST_PATH = '/api/v2/purchase_orders.json';

export const stockyListUrl = () => `${baseUrlOf(stockyApi)}${LIST_PATH}`;

// Reconnecting cannot bring the API back, so neither ExpiredAuthError nor a retry.
const retired = (z: ZObject) => new z.errors.Error(STOCKY_RETIRED_MESSAGE);

/**
 * Throws the retired sentence for an answer that is not Stocky's API: an HTML page at any status
 * (the API only speaks JSON), 410 Gone, or 404 on the list, which a live Stocky answers even when
 * empty. A 404 for one order still means no such order. Stocky's checkAnswer, so it runs before
 * the app's 401/403/5xx mapping.
 */
export function throwIfRetiredAnswer(response: HttpResponse, z: ZObject): void {
  const html = /text\/html/i.test(response.getHeader('content-type') ?? '') || response.content.trimStart().startsWith('<');
  const list = response.request.url !== undefined && new URL(response.request.url).pathname.endsWith(LIST_PATH);
  // A 401 or 403 from a switched-off API is no reason to reconnect: that would stop every Zap
  // on the connection, whichever vendor, and reconnecting cannot bring Stocky back.
  if (html || response.status === 410 || response.status === 401 || response.status === 403 || (response.status === 404 && list)) {
    throw retired(z);
  }
}

/** A host that no longer resolves or listens: how a switched-off API fails before answering. */
function isGoneHost(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ECONNREFUSED';
}

/** Every Stocky call: z.request, with a host that is gone turned into the retired sentence. */
export async function stockyRequest(z: ZObject, options: HttpRequestOptions & { url: string }): Promise<HttpResponse> {
  try {
    return await z.request(options);
  } catch (error) {
    if (isGoneHost(error)) throw retired(z);
    throw error;
  }
}

/**
 * The largest page we ask for. Stocky documents no maximum; 250 is Shopify's usual cap, and
 * the poller detects a lower server cap from the pages it gets.
 */
export const STOCKY_PAGE_LIMIT = 250;

export const STOCKY_STATUSES = [
  'draft',
  'draft-archived',
  'draft-unarchived',
  'confirmed',
  'confirmed-archived',
  'confirmed-unarchived',
  'archived',
  'unarchived',
] as const;
export type StockyStatus = (typeof STOCKY_STATUSES)[number];

export type StockyListParams = {
  limit: number;
  /** Only ids lower than this: Stocky's paging cursor (lists come newest id first). */
  since_id?: number;
  updated_since?: string;
  confirmed_since?: string;
  status?: StockyStatus;
};

/**
 * One page of the list. Each order is validated alone: a malformed one is logged and left out.
 * `timeoutMs` bounds the whole request (the poll's time left).
 */
export async function listPurchaseOrders(
  z: ZObject,
  params: StockyListParams,
  timeoutMs?: number,
): Promise<Page<StockyPurchaseOrder, number>> {
  const response = await stockyRequest(z, {
    url: stockyListUrl(),
    params: Object.fromEntries(
      Object.entries(params)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => [key, String(value)]),
    ),
    headers: { Accept: 'application/json' },
    ...(timeoutMs === undefined ? {} : { timeout: Math.max(1, Math.floor(timeoutMs)) }),
  });
  const envelope = validatePayload(
    z,
    RESPONSE,
    stockyListEnvelopeSchema,
    parseJsonBody(z, RESPONSE, response.content),
  );
  const orders = validateListItems(z, RESPONSE, 'purchase order', stockyPurchaseOrderSchema, envelope.purchase_orders, true);
  const { since_id: sinceId } = params;
  // Paging relies on since_id; a Stocky that ignored it would send the same page forever.
  if (sinceId !== undefined && orders.some((order) => order.id >= sinceId)) {
    throw new z.errors.HaltedError(
      `Stocky ignored since_id=${sinceId} and sent the same purchase orders again, so paging cannot go on. Contact Stocky support with this message.`,
    );
  }
  // Paging goes on below the lowest id received, malformed orders included.
  const receivedIds = envelope.purchase_orders
    .map((order) => (typeof order === 'object' && order !== null ? (order as { id?: unknown }).id : undefined))
    .filter((id): id is number => Number.isSafeInteger(id) && (id as number) > 0);
  return {
    items: orders,
    received: envelope.purchase_orders.length,
    bytes: Buffer.byteLength(response.content),
    ...(receivedIds.length > 0 ? { lastCursor: Math.min(...receivedIds) } : {}),
  };
}

/** A purchase order id as it may sit in a URL path: a positive whole number, digits only. */
export const STOCKY_ID_PATTERN = /^[1-9]\d*$/;

/** One purchase order by its numeric id, or null when Stocky has none with that id. */
export async function getPurchaseOrder(
  z: ZObject,
  id: string,
): Promise<StockyPurchaseOrder | null> {
  if (!STOCKY_ID_PATTERN.test(id)) throw new Error(`Not a Stocky purchase order id: ${JSON.stringify(id)}`);
  const response = await stockyRequest(z, {
    url: `${baseUrlOf(stockyApi)}/api/v2/purchase_orders/${id}.json`,
    headers: { Accept: 'application/json' },
    skipThrowForStatus: true,
  });
  if (response.status === 404) return null;
  response.throwForStatus();
  return validatePayload(
    z,
    RESPONSE,
    stockyPurchaseOrderSchema,
    parseJsonBody(z, RESPONSE, response.content),
  );
}
