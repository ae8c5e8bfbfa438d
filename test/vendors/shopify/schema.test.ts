/**
 * Shopify answers' lists (listOf): a refused line never shifts the positions a check over every
 * line names, and lists of millions of refused items name a hundred and count the rest.
 */
import nock from 'nock';
import { createAppTester, type ZObject } from 'zapier-platform-core';
import app from '../../../src';
import { MAX_ITEMS_NAMED } from '../../../src/common/fields';
import { shopifyClient } from '../../../src/vendors/shopify/client';
import fixture from '../../../src/vendors/shopify/fixture-purchase-orders.json';
import { graphqlEnvelopeSchema, parsePurchaseOrderNode } from '../../../src/vendors/shopify/schema';
import { errorDetails } from '../../helpers/zapier';

const appTester = createAppTester(app);
const ORIGIN = 'https://my-shop.myshopify.com';
const GRAPHQL = '/admin/api/2026-10/graphql.json';
const TOKEN_AUTH = { shopify_store_domain: 'my-shop.myshopify.com', shopify_access_token: 'shpat_direct' };
const COST = {
  requestedQueryCost: 772,
  actualQueryCost: 26,
  throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1974, restoreRate: 100 },
};
const REFUSED = 10_000;

type Order = {
  currency: string;
  lineItems: { edges: { cursor: string; node: Record<string, unknown> }[] };
};

describe('a purchase order line in another currency, after a refused line', () => {
  it('is named at its own position, not at the position it has among the accepted lines', () => {
    const order = structuredClone(fixture.data.inventoryPurchaseOrders.edges[0]!.node) as unknown as Order;
    const line = order.lineItems.edges[0]!;
    const refused = structuredClone(line);
    refused.node.id = 'not a gid';
    const otherCurrency = structuredClone(line);
    otherCurrency.node.unitCost = { amount: '1.00', currencyCode: 'EUR' };
    order.lineItems.edges = [refused, otherCurrency];

    // The refused line is [0] (a USD line with a bad id); the EUR line is [1]. The check over every
    // line's currency waits until every line is readable, as zod's own checks wait for types.
    const { problem } = parsePurchaseOrderNode(order);
    expect(problem).toContain('lineItems.edges[0].node.id must be a Shopify id');
    expect(problem).not.toContain('currencyCode');

    order.lineItems.edges[0] = line;
    expect(parsePurchaseOrderNode(order).problem).toBe(
      `lineItems.edges[1].node.unitCost.currencyCode must be the purchase order's currency ${order.currency} (got "EUR")`,
    );
  });
});

describe.each([
  ['errors', { errors: Array.from({ length: REFUSED }, () => 1) }],
  ['extensions.search', { data: {}, extensions: { cost: COST, search: Array.from({ length: REFUSED }, () => 1) } }],
])('a GraphQL answer whose %s holds 10,000 refused items', (field, answer) => {
  it('names at most the first MAX_ITEMS_NAMED of them and counts the rest in one issue', () => {
    const result = graphqlEnvelopeSchema.safeParse(answer);
    expect(result.success).toBe(false);
    expect(result.error!.issues.length).toBeLessThanOrEqual(MAX_ITEMS_NAMED + 1);
  });

  it('is refused by the client saying the count is a lower bound, as every other list does', async () => {
    nock(ORIGIN).post(GRAPHQL).reply(200, answer);
    const error = await appTester((z: ZObject) => shopifyClient(z, { authData: TOKEN_AUTH }).listPage({ last: 10 }), {
      authData: TOKEN_AUTH,
    }).then(
      () => {
        throw new Error('expected a HaltedError');
      },
      (reason: Error) => reason,
    );
    expect(error.name).toBe('HaltedError');
    expect(errorDetails(error).message).toMatch(
      new RegExp(`${field.replace('.', '\\.')}\\[0\\] must be an object, not 1; .*; and at least 9,997 more problems`),
    );
  });
});
