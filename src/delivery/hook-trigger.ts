/** A hook delivery's body, as every hook trigger's code reads it (src/surface/triggers.ts builds the definitions). */
import { errors, type Bundle } from 'zapier-platform-core';
import { fieldNestedDeeperThan, nestingProblem } from '../common/limits';

/**
 * The body exactly as it arrived. Zapier gives hooks `rawRequest.content`; should it be absent,
 * the parsed body is serialised again, which is all a delivery without a signature needs.
 */
export function rawBodyOf(bundle: Bundle): string {
  const content = bundle.rawRequest?.content;
  if (typeof content === 'string') return content;
  const cleaned: unknown = bundle.cleanedRequest;
  if (cleaned === undefined || cleaned === null) return '';
  // JSON.stringify recurses: a body nested past what it survives is refused before it overflows.
  const field = fieldNestedDeeperThan(cleaned);
  if (field !== null) {
    throw new errors.HaltedError(
      `Refused this delivery: ${nestingProblem(field || 'the body')}. No record was made from it.`,
    );
  }
  return JSON.stringify(cleaned);
}
