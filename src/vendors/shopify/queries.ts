/**
 * The GraphQL documents sent to Shopify (Admin API 2026-10) and what each requests at the sizes
 * the client asks for (Shopify's requestedQueryCost, charged before a query runs). The cost
 * functions follow Shopify's rules (an object 1, a scalar 0, a connection 2 plus its size times
 * one item); test/vendors/shopify/queries.test.ts validates every document against Shopify's
 * published 2026-10 schema and proves each function against test/fakes/shopify-cost.ts.
 *
 * 2026-10 reports no line-item count on a purchase order, so every line connection is sized
 * from what the app last saw of that purchase order (or of the store), never a fixed 100.
 */

export const SHOPIFY_API_VERSION = '2026-10';

/** Shopify refuses a single query that requests more than this. */
export const MAX_QUERY_COST = 1000;
/** The most items one connection may ask for. */
export const MAX_PAGE = 250;
/** Lines read with each purchase order of a list page when nothing better is known. */
export const LIST_LINE_ITEMS = 10;
/** Purchase orders per page when scanning ids, names and statuses (1 point each). */
export const NAME_PAGE_SIZE = 250;

const LINE_ITEM_FIELDS = `
fragment LineItemFields on InventoryPurchaseOrderLineItem {
  id
  title
  variantTitle
  supplierSku
  totalQuantity
  taxPercent
  unitCost { amount currencyCode }
  subtotal { amount currencyCode }
  totalCost { amount currencyCode }
  inventoryItem {
    id
    legacyResourceId
    sku
    variant { id legacyResourceId product { id legacyResourceId } }
  }
}`;

const PURCHASE_ORDER_FIELDS = `
fragment PurchaseOrderFields on InventoryPurchaseOrder {
  id
  name
  status
  currency
  dateCreated
  orderedAt
  archivedAt
  origin { supplierName }
  destination {
    name
    snapshottedAt
    address { address1 address2 city province provinceCode zip country countryCode phone }
    location { id legacyResourceId }
  }
  lineItems(first: $lines, sortKey: ID) {
    edges { cursor node { ...LineItemFields } }
    pageInfo { hasNextPage endCursor }
  }
}
${LINE_ITEM_FIELDS}`;

/** The connection test: the cheapest authenticated read of purchase orders (needs the scope). */
export const CONNECTION_TEST_QUERY = `
query ConnectionTest {
  inventoryPurchaseOrders(first: 1) { edges { cursor } }
}`;

/**
 * A page from the newest end: Shopify lists oldest first with no reverse, so `last` with
 * `before` walks back from the newest. Variables: last, before, query, lines.
 */
export const PURCHASE_ORDER_PAGE_QUERY = `
query PurchaseOrderPage($last: Int!, $before: String, $query: String, $lines: Int!) {
  inventoryPurchaseOrders(last: $last, before: $before, query: $query) {
    edges { cursor node { ...PurchaseOrderFields } }
    pageInfo { hasPreviousPage startCursor }
  }
}
${PURCHASE_ORDER_FIELDS}`;

/** One purchase order by its gid. Variables: id, lines. */
export const PURCHASE_ORDER_QUERY = `
query PurchaseOrder($id: ID!, $lines: Int!) {
  inventoryPurchaseOrder(id: $id) { ...PurchaseOrderFields }
}
${PURCHASE_ORDER_FIELDS}`;

/** The next lines of an order with more than its first page held. Variables: id, after, lines. */
export const LINE_ITEMS_QUERY = `
query PurchaseOrderLineItems($id: ID!, $after: String, $lines: Int!) {
  inventoryPurchaseOrder(id: $id) {
    id
    lineItems(first: $lines, after: $after, sortKey: ID) {
      edges { cursor node { ...LineItemFields } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
${LINE_ITEM_FIELDS}`;

/**
 * Ids, names, statuses and times only, from the newest end, 1 point a purchase order: finding a
 * number (2026-10 has no name filter), probing for ids above a floor, and listing drafts.
 * Variables: last, before, query.
 */
export const NAME_SCAN_QUERY = `
query PurchaseOrderNames($last: Int!, $before: String, $query: String) {
  inventoryPurchaseOrders(last: $last, before: $before, query: $query) {
    edges { cursor node { id name status dateCreated orderedAt } }
    pageInfo { hasPreviousPage startCursor }
  }
}`;

/** The oldest `first` purchase orders a filter lets through (the probe above a floor, from its low end): 2 + n points. */
export const NAME_PROBE_QUERY = `
query PurchaseOrderNamesAbove($first: Int!, $query: String!) {
  inventoryPurchaseOrders(first: $first, query: $query) {
    edges { cursor node { id name status dateCreated orderedAt } }
    pageInfo { hasNextPage }
  }
}`;

const FINGERPRINT_LINE_FIELDS = `
fragment FingerprintLineFields on InventoryPurchaseOrderLineItem {
  id
  totalQuantity
  supplierSku
  taxPercent
  unitCost { amount }
  inventoryItem { sku }
}`;

/**
 * What makes a version of each purchase order, and nothing else (3 points a line instead of 7):
 * the Updated trigger's sweep, from the newest end. Variables: last, before, lines.
 */
export const FINGERPRINT_PAGE_QUERY = `
query PurchaseOrderFingerprints($last: Int!, $before: String, $lines: Int!) {
  inventoryPurchaseOrders(last: $last, before: $before) {
    edges {
      cursor
      node {
        id
        status
        orderedAt
        archivedAt
        origin { supplierName }
        lineItems(first: $lines, sortKey: ID) {
          nodes { ...FingerprintLineFields }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
    pageInfo { hasPreviousPage startCursor }
  }
}
${FINGERPRINT_LINE_FIELDS}`;

/** The rest of one purchase order's fingerprint lines. Variables: id, after, lines. */
export const FINGERPRINT_LINES_QUERY = `
query PurchaseOrderFingerprintLines($id: ID!, $after: String, $lines: Int!) {
  inventoryPurchaseOrder(id: $id) {
    id
    lineItems(first: $lines, after: $after, sortKey: ID) {
      nodes { ...FingerprintLineFields }
      pageInfo { hasNextPage endCursor }
    }
  }
}
${FINGERPRINT_LINE_FIELDS}`;

/** A purchase order in full: itself, origin, destination, address, location. */
const ORDER_OBJECTS = 5;
/** A full line: itself, three amounts, the inventory item, its variant and product. */
const LINE_OBJECTS = 7;
/** A fingerprint line: itself, its unit cost, its inventory item. */
const FINGERPRINT_LINE_OBJECTS = 3;

/** What each query requests (Shopify's requestedQueryCost) at the given sizes. */
export const requestedCost = {
  connectionTest: () => 2,
  purchaseOrderPage: (orders: number, lines: number) => 2 + orders * (ORDER_OBJECTS + 2 + lines * LINE_OBJECTS),
  purchaseOrder: (lines: number) => ORDER_OBJECTS + 2 + lines * LINE_OBJECTS,
  lineItems: (lines: number) => 1 + 2 + lines * LINE_OBJECTS,
  nameScan: (orders: number) => 2 + orders,
  fingerprintPage: (orders: number, lines: number) => 2 + orders * (2 + 2 + lines * FINGERPRINT_LINE_OBJECTS),
  fingerprintLines: (lines: number) => 1 + 2 + lines * FINGERPRINT_LINE_OBJECTS,
} as const;

/** The most lines one query may ask for within MAX_QUERY_COST, given what else it costs. */
export function linesWithin(fixed: number, perLine: number): number {
  return Math.min(MAX_PAGE, Math.floor((MAX_QUERY_COST - fixed) / perLine));
}

/** Lines to ask for with a purchase order in full, and per follow-up page. */
export const MAX_ORDER_LINES = linesWithin(ORDER_OBJECTS + 2, LINE_OBJECTS);
export const MAX_FOLLOW_UP_LINES = linesWithin(3, LINE_OBJECTS);
export const MAX_FINGERPRINT_LINES = linesWithin(3, FINGERPRINT_LINE_OBJECTS);
