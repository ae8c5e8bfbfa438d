/** Shopify's own purchase orders (Stocky's successor): polling triggers and the search by id or number. */
import { generatedSamples, type VendorDescriptor } from '../../descriptor/vendor';
import { shopifyApi, shopifyConnection } from './connection';
import { SHOPIFY_KEYS } from './keys';
import samples from './samples.json';
import { statusInput } from './status-input';
import { SHOPIFY } from './identity';

const RETIRED_STOCKY = 'Shopify purchase orders replaced Stocky, whose API was switched off on 2026-08-31.';

/** The triggers' code, loaded on first use. */
const operations = async () => (await import('./triggers')).shopifyOperations;

export const shopify: VendorDescriptor = {
  ...SHOPIFY,
  connections: [
    {
      ...shopifyConnection,
      // The cheapest query that needs both a token and the purchase-order scope.
      check: async (z, authData) => {
        const { shopifyClient } = await import('./client');
        await shopifyClient(z, { authData }).testConnection();
      },
    },
  ],
  api: shopifyApi,
  triggers: [
    {
      key: SHOPIFY_KEYS.new,
      kind: 'polling',
      label: 'New Purchase Order in Shopify',
      description: `Triggers when a purchase order is created in Shopify. ${RETIRED_STOCKY}`,
      canPaginate: true,
      inputFields: [statusInput],
      load: async () => (await operations()).new,
    },
    {
      key: SHOPIFY_KEYS.ordered,
      kind: 'polling',
      label: 'Purchase Order Ordered in Shopify',
      description:
        'Triggers when a purchase order is marked as ordered in Shopify (once per purchase order, also for an old draft).',
      canPaginate: true,
      load: async () => (await operations()).ordered,
    },
    {
      key: SHOPIFY_KEYS.updated,
      kind: 'polling',
      label: 'Updated Purchase Order in Shopify',
      description:
        'Triggers when a purchase order changes in Shopify: its status, ordered or archived, or its lines (quantities, costs, SKUs).',
      canPaginate: true,
      inputFields: [statusInput],
      load: async () => (await operations()).updated,
    },
  ],
  finder: {
    find: async (z, input, authData) => (await import('./search')).findShopifyPurchaseOrder(z, authData, input),
  },
  samples: generatedSamples(samples),
};
