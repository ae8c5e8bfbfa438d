import type { Bundle, ZObject } from 'zapier-platform-core';

/**
 * An optional dropdown's value: one of `choices`, or undefined when left empty. Anything else
 * (a value typed in, or mapped from an earlier step) is refused naming the input and the choices.
 */
export function chosen<Choice extends string>(
  z: ZObject,
  bundle: Bundle,
  input: { key: string; label: string },
  choices: readonly Choice[],
): Choice | undefined {
  const value: unknown = bundle.inputData[input.key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as Choice;
  throw new z.errors.Error(
    `${input.label} must be one of ${choices.join(', ')}, not ${JSON.stringify(value)}. Pick it from the list.`,
  );
}
