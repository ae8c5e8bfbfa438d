/** A small Stocky API v2 client over z.request; credentials come from the app's beforeRequest. */
import type { ZObject } from 'zapier-platform-core';
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
): Promise<Page<StockyPurchaseOrder>> {
  const response = await z.request({
    url: `${baseUrlOf(stockyApi)}/api/v2/purchase_orders.json`,
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
  const orders = validateListItems(z, RESPONSE, 'purchase order', stockyPurchaseOrderSchema, envelope.purchase_orders);
  const { since_id: sinceId } = params;
  // Paging relies on since_id; a Stocky that ignored it would send the same page forever.
  if (sinceId !== undefined && orders.some((order) => order.id >= sinceId)) {
    throw new z.errors.HaltedError(
      `Stocky ignored since_id=${sinceId} and sent the same purchase orders again, so paging cannot go on. Contact Stocky support with this message.`,
    );
  }
  return { items: orders, received: envelope.purchase_orders.length, bytes: Buffer.byteLength(response.content) };
}

/** A purchase order id as it may sit in a URL path: a positive whole number, digits only. */
export const STOCKY_ID_PATTERN = /^[1-9]\d*$/;

/** One purchase order by its numeric id, or null when Stocky has none with that id. */
export async function getPurchaseOrder(
  z: ZObject,
  id: string,
): Promise<StockyPurchaseOrder | null> {
  if (!STOCKY_ID_PATTERN.test(id)) throw new Error(`Not a Stocky purchase order id: ${JSON.stringify(id)}`);
  const response = await z.request({
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
