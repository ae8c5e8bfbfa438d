/**
 * Shopify GraphQL Admin 2026-10 answers, validated at the edge. A list page is validated per
 * purchase order (parsePurchaseOrderNode), so one malformed order can be skipped by a caller
 * while the rest of the page still makes records.
 */
import { z as zod } from 'zod';
import { isoTimestampSchema } from '../../common/dates';
import { decimalText, listOf } from '../../common/fields';
import { describeIssues } from '../../common/validation';

/** A Shopify global id, `gid://shopify/<Type>/<digits>`; the digits are the record's id. */
const GID_PATTERN = /^gid:\/\/shopify\/[A-Za-z]+\/([1-9]\d{0,19})$/;

/** A positive id as digits only: what may go into a gid, a filter or a record id. */
export const NUMERIC_ID_PATTERN = /^[1-9]\d{0,19}$/;

const gid = zod
  .string()
  .regex(GID_PATTERN, { error: 'must be a Shopify id such as "gid://shopify/InventoryPurchaseOrder/1"' });

/** UnsignedInt64 comes as text; a number is accepted while it is exact. */
const legacyId = zod.union(
  [
    zod.string().regex(/^\d{1,20}$/, { error: 'must be a whole number' }),
    zod.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  ],
  { error: 'must be a whole number' },
);

/** Shopify's CurrencyCode enum: ISO 4217 codes and a few more (USDC); a value added later is kept as sent. */
const currencyCode = zod.string().regex(/^[A-Z]{3,5}$/, { error: 'must be a currency code such as "USD"' });

/**
 * DRAFT or ORDERED in 2026-10; Shopify adds enum values without a new version, so any other
 * word is kept (the mapper gives it as the vendor status) rather than refused.
 */
const statusWord = zod
  .string()
  .regex(/^[A-Z][A-Z_]{0,39}$/, { error: 'must be a status word such as DRAFT or ORDERED' });

const money = zod
  .object({
    amount: decimalText,
    currencyCode,
  })
  .nullish();

const optionalString = zod.string().nullish();

const lineItemNode = zod.object({
  id: gid,
  title: optionalString,
  variantTitle: optionalString,
  supplierSku: optionalString,
  totalQuantity: zod.number().int({ error: 'must be a whole number' }).nonnegative({ error: 'must be 0 or more' }),
  taxPercent: decimalText.nullish(),
  unitCost: money,
  subtotal: money,
  totalCost: money,
  inventoryItem: zod
    .object({
      id: gid,
      legacyResourceId: legacyId,
      sku: optionalString,
      variant: zod
        .object({
          id: gid,
          legacyResourceId: legacyId,
          product: zod.object({ id: gid, legacyResourceId: legacyId }).nullish(),
        })
        .nullish(),
    })
    .nullish(),
});

const pageInfoForward = zod.object({ hasNextPage: zod.boolean(), endCursor: zod.string().nullish() });

const lineItemConnectionSchema = zod.object({
  edges: listOf(zod.object({ cursor: zod.string(), node: lineItemNode })),
  pageInfo: pageInfoForward,
});

const address = zod.object({
  address1: optionalString,
  address2: optionalString,
  city: optionalString,
  province: optionalString,
  provinceCode: optionalString,
  zip: optionalString,
  country: optionalString,
  countryCode: optionalString,
  phone: optionalString,
});

export const shopifyPurchaseOrderSchema = zod
  .object({
    id: gid,
    name: zod.string().trim().min(1, { error: 'must be the purchase order number, not empty' }),
    status: statusWord,
    currency: currencyCode,
    dateCreated: isoTimestampSchema,
    orderedAt: isoTimestampSchema.nullish(),
    archivedAt: isoTimestampSchema.nullish(),
    origin: zod.object({ supplierName: optionalString }).nullish(),
    destination: zod
      .object({
        name: optionalString,
        snapshottedAt: isoTimestampSchema.nullish(),
        address: address.nullish(),
        location: zod.object({ id: gid, legacyResourceId: legacyId }).nullish(),
      })
      .nullish(),
    lineItems: lineItemConnectionSchema,
  })
  .superRefine((order, context) => {
    // An amount in another currency than the order's would be summed as if it were the same.
    order.lineItems.edges.forEach(({ node }, index) => {
      for (const field of ['unitCost', 'subtotal', 'totalCost'] as const) {
        const amount = node[field];
        if (amount && amount.currencyCode !== order.currency) {
          context.addIssue({
            code: 'custom',
            path: ['lineItems', 'edges', index, 'node', field, 'currencyCode'],
            message: `must be the purchase order's currency ${order.currency}`,
            input: amount.currencyCode,
          });
        }
      }
    });
  });

export type ShopifyPurchaseOrder = zod.infer<typeof shopifyPurchaseOrderSchema>;
export type ShopifyLineItem = ShopifyPurchaseOrder['lineItems']['edges'][number]['node'];

/** One purchase order of a list, validated alone: the order, or what is wrong with it. */
export function parsePurchaseOrderNode(
  raw: unknown,
): { order: ShopifyPurchaseOrder; problem: null } | { order: null; problem: string } {
  const result = shopifyPurchaseOrderSchema.safeParse(raw, { reportInput: true });
  return result.success
    ? { order: result.data, problem: null }
    : { order: null, problem: describeIssues(result.error) };
}

const pageInfoBackward = zod.object({ hasPreviousPage: zod.boolean(), startCursor: zod.string().nullish() });

/** A list page; each node is checked by parsePurchaseOrderNode. */
export const purchaseOrderPageDataSchema = zod.object({
  inventoryPurchaseOrders: zod.object({
    edges: listOf(zod.object({ cursor: zod.string().min(1), node: zod.unknown() })),
    pageInfo: pageInfoBackward,
  }),
});

export const purchaseOrderDataSchema = zod.object({
  inventoryPurchaseOrder: shopifyPurchaseOrderSchema.nullable(),
});

export const lineItemsDataSchema = zod.object({
  inventoryPurchaseOrder: zod.object({ id: gid, lineItems: lineItemConnectionSchema }).nullable(),
});

const nameEdges = listOf(
  zod.object({
    cursor: zod.string().min(1),
    node: zod.object({
      id: gid,
      name: zod.string(),
      status: statusWord,
      dateCreated: isoTimestampSchema,
      orderedAt: isoTimestampSchema.nullish(),
    }),
  }),
);

export const nameScanDataSchema = zod.object({
  inventoryPurchaseOrders: zod.object({ edges: nameEdges, pageInfo: pageInfoBackward }),
});

export const nameProbeDataSchema = zod.object({
  inventoryPurchaseOrders: zod.object({ edges: nameEdges, pageInfo: zod.object({ hasNextPage: zod.boolean() }) }),
});

export type ShopifyNameNode = zod.infer<typeof nameScanDataSchema>['inventoryPurchaseOrders']['edges'][number]['node'];

const fingerprintLineNode = zod.object({
  id: gid,
  totalQuantity: zod.number().int(),
  supplierSku: optionalString,
  taxPercent: decimalText.nullish(),
  unitCost: zod.object({ amount: decimalText }).nullish(),
  inventoryItem: zod.object({ sku: optionalString }).nullish(),
});

export type ShopifyFingerprintLine = zod.infer<typeof fingerprintLineNode>;

const fingerprintLinesSchema = zod.object({
  nodes: listOf(fingerprintLineNode),
  pageInfo: pageInfoForward,
});

export const fingerprintNodeSchema = zod.object({
  id: gid,
  status: statusWord,
  orderedAt: isoTimestampSchema.nullish(),
  archivedAt: isoTimestampSchema.nullish(),
  origin: zod.object({ supplierName: optionalString }).nullish(),
  lineItems: fingerprintLinesSchema,
});

export type ShopifyFingerprintNode = zod.infer<typeof fingerprintNodeSchema>;

/** A fingerprint page; each node is checked alone, so one malformed order is skipped, not fatal. */
export const fingerprintPageDataSchema = zod.object({
  inventoryPurchaseOrders: zod.object({
    edges: listOf(zod.object({ cursor: zod.string().min(1), node: zod.unknown() })),
    pageInfo: pageInfoBackward,
  }),
});

export const fingerprintLinesDataSchema = zod.object({
  inventoryPurchaseOrder: zod.object({ id: gid, lineItems: fingerprintLinesSchema }).nullable(),
});

export const connectionTestDataSchema = zod.object({
  inventoryPurchaseOrders: zod.object({ edges: listOf(zod.object({ cursor: zod.string() })) }),
});

const throttleStatusSchema = zod.object({
  maximumAvailable: zod.number(),
  currentlyAvailable: zod.number(),
  restoreRate: zod.number().positive(),
});

const queryCostSchema = zod.object({
  requestedQueryCost: zod.number(),
  actualQueryCost: zod.number().nullish(),
  throttleStatus: throttleStatusSchema,
});

export type ShopifyQueryCost = zod.infer<typeof queryCostSchema>;

/** Every GraphQL answer, HTTP 200 or not: data, errors (THROTTLED, ACCESS_DENIED, ...), cost. */
export const graphqlEnvelopeSchema = zod.object({
  data: zod.unknown().optional(),
  errors: listOf(
    zod.object({
      message: zod.string(),
      extensions: zod.object({ code: zod.string().optional() }).loose().optional(),
    }),
  ).optional(),
  extensions: zod
    .object({
      cost: queryCostSchema.optional(),
      // A search filter Shopify did not apply comes back as a warning here, not as an error.
      search: listOf(
        zod
          .object({
            warnings: listOf(zod.object({ field: zod.string().nullish(), message: zod.string() }).loose()).nullish(),
          })
          .loose(),
      ).optional(),
    })
    .loose()
    .optional(),
});

export type GraphqlEnvelope = zod.infer<typeof graphqlEnvelopeSchema>;

/** The digits at the end of a gid that GID_PATTERN accepted. */
export function gidNumber(gidText: string): string {
  const digits = GID_PATTERN.exec(gidText)?.[1];
  if (digits === undefined) throw new Error(`Not a Shopify id: ${JSON.stringify(gidText)}`);
  return digits;
}
