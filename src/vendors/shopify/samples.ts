/**
 * The Shopify samples. Shopify has no seed, so the fixture is a list answer in the documented
 * 2026-10 shape, run through the same validation and mapper as a live answer.
 * The definition shows vendorSamples(): samples.json is written from it by `npm run samples`.
 */
import type { RecordOrigin } from '../../record/origin';
import type { VendorSamples } from '../../descriptor/vendor';
import fixture from './fixture-purchase-orders.json';
import { SHOPIFY_KEYS } from './keys';
import { mapShopifyPurchaseOrder } from './mapper';
import { purchaseOrderPageDataSchema, shopifyPurchaseOrderSchema, type ShopifyPurchaseOrder } from './schema';

// jitless: a one-off parse of a fixture need not compile zod's fast path at load time.
const orders: ShopifyPurchaseOrder[] = purchaseOrderPageDataSchema
  .parse(fixture.data, { jitless: true })
  .inventoryPurchaseOrders.edges.map(({ node }) => shopifyPurchaseOrderSchema.parse(node, { jitless: true }));

/** The newest fixture order that fits the kind ("ordered" needs one with an ordered time). */
export function shopifySample(kind: Exclude<RecordOrigin['kind'], 'hook'>) {
  const order = [...orders].reverse().find((candidate) => kind !== 'ordered' || candidate.orderedAt);
  if (!order) throw new Error('The Shopify fixture holds no purchase order for this sample.');
  return mapShopifyPurchaseOrder(order, { kind });
}

export function vendorSamples(): VendorSamples {
  return {
    search: shopifySample('search'),
    triggers: {
      [SHOPIFY_KEYS.new]: shopifySample('new'),
      [SHOPIFY_KEYS.ordered]: shopifySample('ordered'),
      [SHOPIFY_KEYS.updated]: shopifySample('updated'),
    },
  };
}
