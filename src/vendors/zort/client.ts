/** A small ZORT API v4 client over z.request; credentials come from the app's beforeRequest. */
import type { ZObject } from 'zapier-platform-core';
import { baseUrlOf, refusedCredentialsMessage } from '../../common/api-host';
import { zortApi } from './connection';
import { text } from '../../common/fields';
import { parseJsonBody, validatePayload } from '../../common/validation';
import {
  zortPurchaseOrderListSchema,
  zortPurchaseOrderSchema,
  zortResultSchema,
  zortWebhookConfigSchema,
  type ZortPurchaseOrder,
  type ZortWebhookConfig,
} from './schema';

const RESPONSE = { name: 'ZORT', kind: 'response' } as const;

/** Fields of ZORT's answers that describe the call, not the webhook configuration. */
const ANSWER_FIELDS = new Set(['res', 'resCode', 'resDesc']);

/** Parses an answer and halts on a ZORT error code, which ZORT may send with HTTP 200. */
async function call(z: ZObject, request: Parameters<ZObject['request']>[0] & object): Promise<unknown> {
  const response = await z.request(request);
  const body = parseJsonBody(z, RESPONSE, response.content);
  const result = validatePayload(z, RESPONSE, zortResultSchema, body);
  const code = text(result.res?.resCode) ?? text(result.resCode);
  if (code !== null && code !== '200') {
    const description = text(result.res?.resDesc) ?? text(result.resDesc) ?? 'no description';
    if (code === '401' || code === '403') {
      throw new z.errors.ExpiredAuthError(refusedCredentialsMessage(zortApi, `code ${code}: ${description}`));
    }
    throw new z.errors.Error(`ZORT refused the request (code ${code}: ${description}).`);
  }
  return body;
}

export async function getWebhookConfig(z: ZObject): Promise<ZortWebhookConfig> {
  const body = await call(z, { url: `${baseUrlOf(zortApi)}/Webhook/GetWebhook` });
  const config = validatePayload(z, RESPONSE, zortWebhookConfigSchema, body);
  return Object.fromEntries(Object.entries(config).filter(([key]) => !ANSWER_FIELDS.has(key))) as ZortWebhookConfig;
}

/** Writes the whole configuration: ZORT replaces it, so every field read must go back. */
export async function updateWebhookConfig(z: ZObject, config: ZortWebhookConfig): Promise<void> {
  await call(z, {
    url: `${baseUrlOf(zortApi)}/Webhook/UpdateWebhook`,
    method: 'POST',
    body: config,
  });
}

export async function listPurchaseOrders(
  z: ZObject,
  options: { limit: number; page: number; numberList?: string },
): Promise<ZortPurchaseOrder[]> {
  const body = await call(z, {
    url: `${baseUrlOf(zortApi)}/PurchaseOrder/GetPurchaseOrders`,
    params: { limit: String(options.limit), page: String(options.page) },
    headers: options.numberList === undefined ? {} : { numberlist: options.numberList },
  });
  return validatePayload(z, RESPONSE, zortPurchaseOrderListSchema, body).list;
}

/** A purchase order by its numeric id (digits only: validated by the caller), or null. */
export async function getPurchaseOrderDetail(z: ZObject, id: string): Promise<ZortPurchaseOrder | null> {
  const response = await z.request({
    url: `${baseUrlOf(zortApi)}/PurchaseOrder/GetPurchaseOrderDetail`,
    params: { id },
    skipThrowForStatus: true,
  });
  if (response.status === 404) return null;
  response.throwForStatus();
  const body = parseJsonBody(z, RESPONSE, response.content);
  const result = validatePayload(z, RESPONSE, zortResultSchema, body);
  // An answer without an id is ZORT saying it has no such purchase order.
  if (typeof body !== 'object' || body === null || !('id' in body) || (text(result.res?.resCode) ?? text(result.resCode) ?? '200') !== '200') {
    return null;
  }
  return validatePayload(z, RESPONSE, zortPurchaseOrderSchema, body);
}
