/** Connection groups: what a group needs, said once, for the groups whose every field is required. */
import type { AuthData, ConnectionField, ConnectionGroup } from './vendor';
import { joinWords } from '../common/words';

/** Whether the connection holds something other than blanks under this key. */
export const isFilled = (authData: AuthData, key: string): boolean => (authData[key] ?? '').trim() !== '';

/** A field as a sentence about its group names it: "API Key", not "ZORT API Key" again. */
export function shortLabel(group: Pick<ConnectionGroup, 'name'>, field: ConnectionField): string {
  const prefix = `${group.name.split(' ')[0]} `;
  return field.label.startsWith(prefix) ? field.label.slice(prefix.length) : field.label;
}

/** A group that needs every one of its fields: "the Store Name, API Key and API Secret". */
export function everyFieldRequired(group: Omit<ConnectionGroup, 'needs' | 'emptyFields'>): ConnectionGroup {
  return {
    ...group,
    needs: `the ${joinWords(
      group.fields.map((field) => shortLabel(group, field)),
      'and',
    )}`,
    emptyFields: (authData) => group.fields.filter((field) => !isFilled(authData, field.key)),
  };
}
