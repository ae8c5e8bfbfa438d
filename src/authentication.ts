/**
 * The connection (contract section 1): the optional groups of fields of every registered vendor
 * that needs credentials. The test checks each filled group against its cheapest authenticated call.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import type { AuthData, ConnectionGroup } from './common/vendor';
import { VENDORS } from './vendors';
import { assertUniqueKeys } from './common/unique-keys';

const GROUPS: readonly ConnectionGroup[] = VENDORS.flatMap((vendor) => vendor.connections ?? []);
/** Vendors that work with no credentials at all: a connection with nothing filled is theirs. */
const NEEDS_NOTHING = VENDORS.filter((vendor) => (vendor.connections ?? []).length === 0).map((vendor) => vendor.name);

const filled = (authData: AuthData, key: string): boolean => (authData[key] ?? '').trim() !== '';

/** The fields a group still needs before it can be used. */
const emptyFields = (group: ConnectionGroup, authData: AuthData) =>
  group.completeness?.emptyFields(authData) ?? group.fields.filter((field) => !filled(authData, field.key));

function groupsInUse(z: ZObject, authData: AuthData): ConnectionGroup[] {
  const inUse = GROUPS.filter((group) => group.fields.some((field) => filled(authData, field.key)));
  for (const group of inUse) {
    const empty = emptyFields(group, authData);
    if (empty.length > 0) {
      throw new z.errors.Error(
        `${group.name} needs ${group.completeness?.needs ?? group.fields.map((field) => field.label).join(' and ')}: ` +
          `${empty.map((field) => field.label).join(' and ')} ${empty.length === 1 ? 'is' : 'are'} empty. ` +
          `Fill ${empty.length === 1 ? 'it' : 'them'} in, or clear the other ${group.name} fields.`,
      );
    }
  }
  return inUse;
}

/** The groups in use, or, with none filled, the vendors that need no credentials. */
export function connectionLabel(authData: AuthData): string {
  const labels = GROUPS.filter((group) => emptyFields(group, authData).length === 0).map((group) => group.label(authData));
  return labels.length > 0 ? labels.join(' · ') : NEEDS_NOTHING.join(' · ');
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
  fields: assertUniqueKeys(GROUPS.flatMap((group) => group.fields), 'connection field').map((field) => ({ ...field, required: false })),
  test: testConnection,
  // Rendered by Zapier from the test's result, e.g. "Stocky: shop.myshopify.com · ZORT: mystore".
  connectionLabel: '{{bundle.inputData.connection_label}}',
};
