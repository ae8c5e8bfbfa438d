/**
 * The connection (contract section 1): the optional groups of fields of every registered vendor
 * that needs credentials. The test checks each filled group against its cheapest authenticated call.
 */
import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';
import { isFilled as filled, shortLabel } from '../descriptor/connection-group';
import type { AuthData, ConnectionGroup } from '../descriptor/vendor';
import { VENDORS } from '../vendors';
import { assertUniqueKeys } from '../common/unique-keys';
import { joinWords } from '../common/words';

const GROUPS: readonly ConnectionGroup[] = VENDORS.flatMap((vendor) => vendor.connections);
/** Vendors that work with no credentials at all: a connection with nothing filled is theirs. */
const NEEDS_NOTHING = VENDORS.filter((vendor) => vendor.connections.length === 0 && !vendor.retired).map(
  (vendor) => vendor.name,
);
const RETIRED = VENDORS.flatMap((vendor) => (vendor.retired ? [vendor.retired] : []));

function groupsInUse(z: ZObject, authData: AuthData): ConnectionGroup[] {
  const inUse = GROUPS.filter((group) => group.fields.some((field) => filled(authData, field.key)));
  for (const group of inUse) {
    const empty = group.emptyFields(authData);
    if (empty.length > 0) {
      throw new z.errors.Error(
        `${group.name} needs ${group.needs}: ` +
          `${joinWords(
            empty.map((field) => shortLabel(group, field)),
            'and',
          )} ${empty.length === 1 ? 'is' : 'are'} empty. ` +
          `Fill ${empty.length === 1 ? 'it' : 'them'} in, or clear the other ${group.name} fields.`,
      );
    }
  }
  return inUse;
}

/** The groups in use, or, with none filled, the vendors that need no credentials. */
export function connectionLabel(authData: AuthData): string {
  const labels = GROUPS.filter((group) => group.emptyFields(authData).length === 0).map((group) =>
    group.label(authData),
  );
  return labels.length > 0 ? labels.join(' · ') : NEEDS_NOTHING.join(' · ');
}

async function testConnection(z: ZObject, bundle: Bundle) {
  const authData = bundle.authData ?? {};
  const groups = groupsInUse(z, authData);
  // A connection made before a vendor retired, holding nothing but its fields, serves nothing.
  const retired =
    groups.length === 0
      ? RETIRED.find((vendor) => vendor.legacyFields.some((key) => filled(authData, key)))
      : undefined;
  if (retired) throw new z.errors.Error(retired.message);
  for (const group of groups) {
    await group.check?.(z, authData);
  }
  return { connection_label: connectionLabel(authData), groups: groups.map((group) => group.name) };
}

/** The note at the top of the form: which group each trigger needs, and who needs none. */
const GUIDE =
  `Every field is optional: fill in only the groups for the triggers you use. ${joinWords(NEEDS_NOTHING, 'and')} needs none of them: leave every field empty.\n\n` +
  GROUPS.map((group) => `- **${group.name}**, ${group.serves}: ${group.needs}.`).join('\n');

export const authentication = {
  type: 'custom' as const,
  fields: [
    {
      key: 'connection_guide',
      label: 'Which Fields You Need',
      type: 'copy' as const,
      required: false,
      helpText: GUIDE,
    },
    ...assertUniqueKeys(
      GROUPS.flatMap((group) => group.fields),
      'connection field',
    ).map((field) => ({ ...field, required: false })),
  ],
  test: testConnection,
  // Rendered by Zapier from the test's result, e.g. "Shopify: shop.myshopify.com · ZORT: mystore".
  connectionLabel: '{{bundle.inputData.connection_label}}',
} satisfies Authentication;
