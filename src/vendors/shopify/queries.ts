/**
 * The GraphQL documents sent to Shopify (Admin API 2026-10), their page sizes, and what each
 * costs at those sizes (worked out by sandbox/shopify-cost.ts; test/vendors/shopify/queries.test.ts proves the
 * figures and validates every document against schema.graphql). Every query stays under
 * Shopify's 1,000-point cap for a single query, and well inside a Standard store's 2,000-point
 * bucket, so one poll can make a few of them.
 */

export const SHOPIFY_API_VERSION = '2026-10';

/** Purchase orders per list page: each carries its first LIST_LINE_ITEMS lines. */
export const LIST_PAGE_SIZE = 10;
export const LIST_LINE_ITEMS = 10;
/** Lines read with one purchase order, and per follow-up page for an order with more. */
export const ORDER_LINE_ITEMS = 100;
/** Purchase orders per page when scanning names only (the search by number). */
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

/** The next page of an order's lines, for an order with more than a first page holds. */
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
 * Ids, names and statuses only, from the newest end: 2026-10 documents no filter on the name,
 * so finding a purchase order by its number means scanning names, cheaply; the same scan with
 * `status:draft` lists the drafts an "ordered" trigger watches. Scalars cost nothing.
 */
export const NAME_SCAN_QUERY = `
query PurchaseOrderNames($last: Int!, $before: String, $query: String) {
  inventoryPurchaseOrders(last: $last, before: $before, query: $query) {
    edges { cursor node { id name status } }
    pageInfo { hasPreviousPage startCursor }
  }
}`;

/**
 * Each query's worst-case cost (Shopify's requestedQueryCost) at the page sizes above:
 * an order is 1 + origin 1 + destination 3 + its lines (2 + lines x 7: the line, three amounts,
 * the inventory item, its variant and product).
 */
export const QUERY_COSTS = {
  connectionTest: 2,
  purchaseOrderPage: 2 + LIST_PAGE_SIZE * (5 + 2 + LIST_LINE_ITEMS * 7),
  purchaseOrder: 5 + 2 + ORDER_LINE_ITEMS * 7,
  lineItems: 1 + 2 + ORDER_LINE_ITEMS * 7,
  nameScan: 2 + NAME_PAGE_SIZE,
} as const;
