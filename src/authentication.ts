/**
 * The connection (contract section 1): three optional groups of fields, one per vendor that
 * needs credentials. The test checks each filled group against its cheapest authenticated call.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { baseUrl, normaliseShopDomain } from './api-hosts';
import { CONNECTION_FIELDS, type GroupName } from './connection-fields';
import { getWebhookConfig } from './vendors/zort/client';

const fieldsOf = (group: GroupName) => CONNECTION_FIELDS.filter((field) => field.group === group);

type Group = {
  name: GroupName;
  fields: { key: string; label: string }[];
  /** What appears in the connection label, e.g. "Stocky: shop.myshopify.com". */
  label: (authData: Record<string, string>) => string;
  check?: (z: ZObject, authData: Record<string, string>) => Promise<void>;
};

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

const GROUPS: Group[] = [
  {
    name: 'Stocky',
    fields: fieldsOf('Stocky'),
    label: (authData) => `Stocky: ${normaliseShopDomain(authData.stocky_store_name ?? '')}`,
    check: async (z, authData) => {
      const domain = normaliseShopDomain(authData.stocky_store_name ?? '');
      if (!SHOP_DOMAIN.test(domain)) {
        throw new z.errors.Error(
          `Stocky Store Name must be your store's myshopify.com domain, such as "my-shop.myshopify.com", not ${JSON.stringify(domain)}. Shopify admin shows it under Settings > Domains.`,
        );
      }
      await z.request({ url: `${baseUrl('stocky')}/api/v2/purchase_orders.json`, params: { limit: 1 } });
    },
  },
  {
    name: 'ZORT',
    fields: fieldsOf('ZORT'),
    label: (authData) => `ZORT: ${(authData.zort_store_name ?? '').trim()}`,
    // Through the client, which also reads the error code ZORT may send with HTTP 200.
    check: async (z) => {
      await getWebhookConfig(z);
    },
  },
  {
    name: 'Apicbase',
    fields: fieldsOf('Apicbase'),
    // No Apicbase API is called with this secret: it only verifies incoming order webhooks.
    label: () => 'Apicbase',
  },
];

const filled = (authData: Record<string, string>, key: string): boolean =>
  (authData[key] ?? '').trim() !== '';

function groupsInUse(z: ZObject, authData: Record<string, string>): Group[] {
  const inUse = GROUPS.filter((group) => group.fields.some((field) => filled(authData, field.key)));
  for (const group of inUse) {
    const empty = group.fields.filter((field) => !filled(authData, field.key));
    if (empty.length > 0) {
      throw new z.errors.Error(
        `${group.name} needs ${group.fields.map((field) => field.label).join(' and ')}: ` +
          `${empty.map((field) => field.label).join(' and ')} ${empty.length === 1 ? 'is' : 'are'} empty. ` +
          `Fill ${empty.length === 1 ? 'it' : 'them'} in, or clear the other ${group.name} fields.`,
      );
    }
  }
  if (inUse.length === 0) {
    throw new z.errors.Error(
      'Fill in at least one group of fields: Stocky (Store Name and API Key), ' +
        'ZORT (Store Name, API Key and API Secret) or Apicbase (Webhook Secret). ' +
        'Auto Purchase Orders needs no credentials.',
    );
  }
  return inUse;
}

export function connectionLabel(authData: Record<string, string>): string {
  return GROUPS.filter((group) => group.fields.every((field) => filled(authData, field.key)))
    .map((group) => group.label(authData))
    .join(' · ');
}

async function testConnection(z: ZObject, bundle: Bundle) {
  const groups = groupsInUse(z, bundle.authData);
  for (const group of groups) {
    await group.check?.(z, bundle.authData);
  }
  return { connection_label: connectionLabel(bundle.authData), groups: groups.map((group) => group.name) };
}

export const authentication = {
  type: 'custom' as const,
  fields: CONNECTION_FIELDS.map(({ group: _group, ...field }) => ({ ...field, required: false })),
  test: testConnection,
  // Rendered by Zapier from the test's result, e.g. "Stocky: shop.myshopify.com · ZORT: mystore".
  connectionLabel: '{{bundle.inputData.connection_label}}',
};
