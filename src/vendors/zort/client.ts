/** A small ZORT API v4 client over z.request; credentials come from the app's beforeRequest. */
import { Readable } from 'node:stream';
import type { HttpRequestOptionsWithUrl, ZObject } from 'zapier-platform-core';
import { baseUrlOf, refusedCredentialsMessage, retryAfterSeconds } from '../../descriptor/api-host';
import { zortApi } from './connection';
import { text } from '../../common/fields';
import { parseJsonBody, validateListItemsAt, validatePayload } from '../../common/validation';
import {
  zortPurchaseOrderPageSchema,
  zortPurchaseOrderSchema,
  zortResultSchema,
  zortWebhookConfigSchema,
  type ZortPurchaseOrder,
  type ZortResult,
  type ZortWebhookConfig,
} from './schema';
import { responseFrom } from '../../common/vendor-identity';
import { ZORT } from './identity';

const RESPONSE = responseFrom(ZORT);

/** Fields of ZORT's answers that describe the call, not the webhook configuration. */
const ANSWER_FIELDS = new Set(['res', 'resCode', 'resDesc']);

/** ZORT's word for refused credentials, whatever resCode comes with it (field notes). */
// The whole answer only: "Invalid API Request Limits ..." is a quota, and expiring the
// connection for it would stop every Zap on it.
const INVALID_API = /^\s*invalid\s*api(\s*(key|secret|credentials?))?\s*[.!]?\s*$/i;
/** The daily quota; list answers may carry it as a warning beside their data. */
const REQUEST_LIMIT = /request\s*limit/i;
/** GetWebhook on a store that never set a webhook (unverified wording: both readings). */
// Only these whole answers: anything else about a webhook is an error, not an empty store (an
// empty configuration written back would blank every other URL and renew the keys).
const NO_WEBHOOK = /^\s*(webhook\s*not\s*found|invalid\s*webhook|no\s*webhooks?(\s*found)?)\s*\.?\s*$/i;
const NOT_FOUND = /not\s*found|does\s*not\s*exist|no\s*data/i;
/** A day's quota is spent: asking again within the hour is pointless. */
const QUOTA_RETRY_SECONDS = 3600;
const MAX_DESCRIPTION_CHARS = 200;

type Call = {
  /** ZORT's name for the method, for messages: "Webhook/GetWebhook". */
  method: string;
  request: HttpRequestOptionsWithUrl;
  /** Whether an answer carries what was asked for: a quota warning may come with the data. */
  hasData: (answer: Record<string, unknown>) => boolean;
  /** An answer that means "there is none" rather than a failure: the call returns null. */
  absent?: RegExp;
  /** HTTP 404 means "there is none" (GetPurchaseOrderDetail). */
  absentOnHttp404?: boolean;
  /**
   * The call carries key1..key3 (UpdateWebhook's body, GetWebhook's answer). Core's log scrubber
   * does not count those names as secrets, but it logs neither a streamed request body nor a raw
   * response ("<streaming data>"), so such a call is sent as a stream and read raw.
   */
  carriesKeys?: boolean;
};

type Answer = { status: number; content: string; retryAfter: number | undefined };

// Every status is read here, a 429 included: core's own 429 error names no vendor.
const READ_EVERY_STATUS = { skipThrowForStatus: true, throwForThrottlingEarly: false } as const;

async function send(z: ZObject, call: Call): Promise<Answer> {
  if (!call.carriesKeys) {
    const response = await z.request({ ...call.request, ...READ_EVERY_STATUS });
    return { status: response.status, content: response.content, retryAfter: retryAfterSeconds(response) };
  }
  const { body, headers } = call.request;
  const json = body === undefined ? null : Buffer.from(JSON.stringify(body), 'utf8');
  const response = await z.request({
    ...call.request,
    ...(json === null
      ? {}
      : {
          body: Readable.from([json]),
          // A known length keeps the body out of chunked encoding, as a JSON body would be sent.
          headers: {
            ...headers,
            'content-type': 'application/json; charset=utf-8',
            'content-length': String(json.length),
          },
        }),
    raw: true,
    ...READ_EVERY_STATUS,
  });
  return { status: response.status, content: await response.text(), retryAfter: retryAfterSeconds(response) };
}

/** resDesc as shown in a message: quoted text, never a JSON dump, never long. */
function shown(description: string | null): string {
  if (description === null) return 'no description';
  const cut =
    description.length > MAX_DESCRIPTION_CHARS ? `${description.slice(0, MAX_DESCRIPTION_CHARS)}…` : description;
  return JSON.stringify(cut);
}

/**
 * Calls ZORT and reads its answer. ZORT answers HTTP 200 and reports errors in `resCode`, at
 * `res.resCode` or at top level (field notes): every outcome becomes the data, null for
 * "none", or an error that says what to do next.
 */
async function call(z: ZObject, spec: Call): Promise<Record<string, unknown> | null> {
  const { status, content, retryAfter } = await send(z, spec);
  const httpFailed = status < 200 || status >= 300;
  let body: unknown = null;
  if (!httpFailed) {
    body = parseJsonBody(z, RESPONSE, content);
  } else {
    try {
      body = JSON.parse(content);
    } catch {
      // An error page: the HTTP status says enough.
    }
  }
  const parsed: ZortResult = httpFailed
    ? (zortResultSchema.safeParse(body).data ?? { res: null })
    : validatePayload(z, RESPONSE, zortResultSchema, body);
  const code = text(parsed.res?.resCode) ?? text(parsed.resCode);
  const description = text(parsed.res?.resDesc) ?? text(parsed.resDesc);
  const detail = `resCode ${code ?? 'none'}: ${shown(description)}`;

  if (INVALID_API.test(description ?? '') || code === '401') {
    // The only answer where reconnecting is the fix: ExpiredAuthError stops every Zap on the connection.
    throw new z.errors.ExpiredAuthError(refusedCredentialsMessage(zortApi, detail));
  }
  if (
    (code !== '500' && (spec.absent?.test(description ?? '') ?? false)) ||
    (httpFailed && status === 404 && spec.absentOnHttp404)
  ) {
    return null;
  }
  if (httpFailed && status === 429) {
    throw new z.errors.ThrottledError(
      `ZORT is limiting how often this app may call it (HTTP 429 to ${spec.method}); Zapier will try again shortly.`,
      retryAfter,
    );
  }
  if (httpFailed && status === 403) {
    throw new z.errors.Error(
      `ZORT answered HTTP 403 to /v4/${spec.method}: the connected ZORT account is not allowed to do this. ${zortApi.permissionHint}`,
    );
  }
  if (httpFailed) {
    throw new z.errors.Error(
      `ZORT answered HTTP ${status} to ${spec.method}${description === null ? '' : ` (${shown(description)})`}. ` +
        'If it keeps happening, contact ZORT support with this message.',
    );
  }
  if (code === null || code === '200') return parsed;
  if (REQUEST_LIMIT.test(description ?? '')) {
    if (spec.hasData(parsed)) {
      z.console.log(
        `ZORT warned about its API request limit on ${spec.method} (${detail}) but sent the data; it was used.`,
      );
      return parsed;
    }
    throw new z.errors.ThrottledError(
      `ZORT refused ${spec.method}: this store's daily API request limit is used up (${detail}). ` +
        'Zapier will try again later; if it keeps happening, ask ZORT about the limit or make fewer requests (fewer ZORT Zaps or searches).',
      QUOTA_RETRY_SECONDS,
    );
  }
  if (code === '500') {
    throw new z.errors.ThrottledError(
      `ZORT reported a problem on its side on ${spec.method} (${detail}); Zapier will try again shortly.`,
    );
  }
  throw new z.errors.Error(
    `ZORT refused ${spec.method} (${detail}). If the description names something to fix in ZORT, fix it and try again; ` +
      'otherwise contact ZORT support with this message.',
  );
}

const EMPTY_CONFIG: ZortWebhookConfig = { key1: null, key2: null, key3: null };

/** The store's webhook configuration; a store that never set one has an empty one. */
export async function getWebhookConfig(z: ZObject): Promise<ZortWebhookConfig> {
  const answer = await call(z, {
    method: 'Webhook/GetWebhook',
    request: { url: `${baseUrlOf(zortApi)}/Webhook/GetWebhook` },
    hasData: (body) => Object.keys(body).some((key) => !ANSWER_FIELDS.has(key)),
    absent: NO_WEBHOOK,
    carriesKeys: true,
  });
  if (answer === null) return { ...EMPTY_CONFIG };
  const config = validatePayload(z, RESPONSE, zortWebhookConfigSchema, answer);
  return Object.fromEntries(Object.entries(config).filter(([key]) => !ANSWER_FIELDS.has(key))) as ZortWebhookConfig;
}

/** Writes the whole configuration: ZORT replaces it, so every field read must go back. */
export async function updateWebhookConfig(z: ZObject, config: ZortWebhookConfig): Promise<void> {
  await call(z, {
    method: 'Webhook/UpdateWebhook',
    request: { url: `${baseUrlOf(zortApi)}/Webhook/UpdateWebhook`, method: 'POST', body: config },
    hasData: () => true,
    carriesKeys: true,
  });
}

export async function listPurchaseOrders(
  z: ZObject,
  options: { limit: number; page: number; numberList?: string },
): Promise<ZortPurchaseOrder[]> {
  const answer = await call(z, {
    method: 'PurchaseOrder/GetPurchaseOrders',
    request: {
      url: `${baseUrlOf(zortApi)}/PurchaseOrder/GetPurchaseOrders`,
      params: { limit: String(options.limit), page: String(options.page) },
      headers: options.numberList === undefined ? {} : { numberlist: options.numberList },
    },
    hasData: (body) => Array.isArray(body.list),
  });
  if (answer === null) return [];
  // One malformed purchase order is logged and left out; the rest are still shown and searched.
  const { list } = validatePayload(z, RESPONSE, zortPurchaseOrderPageSchema, answer);
  return validateListItemsAt(z, RESPONSE, 'purchase order', zortPurchaseOrderSchema, list).map((item) => item.value);
}

/** GetPurchaseOrders' time filters: `yyyy-MM-dd HH:mm` in store time (UTC+7). */
export type ZortListFilter = Partial<Record<'createdatetimeafter' | 'updatedatetimeafter', string>>;

export type ZortListPage = {
  /** The usable purchase orders, each with its position on the page; malformed ones are logged and left out. */
  orders: { order: ZortPurchaseOrder; index: number }[];
  /** Purchase orders on the page, malformed ones included. */
  received: number;
  bytes: number;
  /** Purchase orders matching the filters over all pages, when ZORT says (`count`). */
  count: number | null;
};

/** One page of GetPurchaseOrders for polling: `timeoutMs` bounds the request (the poll's time left). */
export async function listPurchaseOrderPage(
  z: ZObject,
  options: { limit: number; page: number; filter: ZortListFilter; timeoutMs: number },
): Promise<ZortListPage> {
  const answer = await call(z, {
    method: 'PurchaseOrder/GetPurchaseOrders',
    request: {
      url: `${baseUrlOf(zortApi)}/PurchaseOrder/GetPurchaseOrders`,
      params: { limit: String(options.limit), page: String(options.page), ...options.filter },
      timeout: Math.max(1, Math.floor(options.timeoutMs)),
    },
    hasData: (body) => Array.isArray(body.list),
  });
  const { list, count } = validatePayload(z, RESPONSE, zortPurchaseOrderPageSchema, answer);
  const orders = validateListItemsAt(z, RESPONSE, 'purchase order', zortPurchaseOrderSchema, list, true);
  return {
    orders: orders.map(({ value, index }) => ({ order: value, index })),
    received: list.length,
    bytes: Buffer.byteLength(JSON.stringify(list)),
    count,
  };
}

/** A purchase order by its numeric id (digits only: validated by the caller), or null. */
export async function getPurchaseOrderDetail(z: ZObject, id: string): Promise<ZortPurchaseOrder | null> {
  const answer = await call(z, {
    method: 'PurchaseOrder/GetPurchaseOrderDetail',
    request: { url: `${baseUrlOf(zortApi)}/PurchaseOrder/GetPurchaseOrderDetail`, params: { id } },
    hasData: (body) => 'id' in body,
    absent: NOT_FOUND,
    absentOnHttp404: true,
  });
  // An answer without an id is ZORT saying it has no such purchase order.
  if (answer === null || !('id' in answer)) return null;
  return validatePayload(z, RESPONSE, zortPurchaseOrderSchema, answer);
}
