import type { ZObject } from 'zapier-platform-core';
import type { z as zod } from 'zod';
import { itemsNotNamed, MAX_ITEMS_NAMED } from './fields';
import { fieldNestedDeeperThan, nestingProblem } from './limits';
import type { PayloadSource } from './vendor-identity';

const MAX_ISSUES_SHOWN = 3;
const MAX_VALUE_CHARS = 40;

function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    text += typeof part === 'number' ? `[${part}]` : `${text ? '.' : ''}${String(part)}`;
  }
  return text || 'the body';
}

/** A value as a message shows it: a text quoted and cut at MAX_VALUE_CHARS, anything else by its kind. */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string': {
      const shown = value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS)}…` : value;
      return JSON.stringify(shown);
    }
    case 'object':
      return value === null ? 'null' : Array.isArray(value) ? 'an array' : 'an object';
    case 'function':
      return 'a function';
    default:
      return String(value);
  }
}

function describeIssue(issue: zod.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  // zod's own type messages start "Invalid input"; ours are written as "must be ..." predicates.
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
    if (issue.input === undefined) return `${where} is missing`;
    return `${where} must be ${issue.expected === 'array' || issue.expected === 'object' ? 'an' : 'a'} ${issue.expected}, not ${describeValue(issue.input)}`;
  }
  const got = 'input' in issue && issue.input !== undefined ? ` (got ${describeValue(issue.input)})` : '';
  return `${where} ${issue.message}${got}`;
}

/**
 * "products[0].quantity must be a whole number (got 1.5); id is missing". Items refused without
 * being named (checkedList) count as a problem each, so the count is then a lower bound.
 */
export function describeIssues(error: zod.ZodError): string {
  const shown = error.issues.slice(0, MAX_ISSUES_SHOWN).map(describeIssue);
  let more = 0;
  let atLeast = false;
  for (const issue of error.issues.slice(MAX_ISSUES_SHOWN)) {
    const items = itemsNotNamed(issue);
    more += items ?? 1;
    atLeast ||= items !== null;
  }
  const tail = `${atLeast ? 'at least ' : ''}${more.toLocaleString('en')} more problem${more === 1 ? '' : 's'}`;
  return shown.join('; ') + (more > 0 ? `; and ${tail}` : '');
}

/** Halts a webhook delivery that will not become a record, saying why and what to do next. */
export function refuseDelivery(z: ZObject, sourceName: string, problem: string, nextStep = ''): never {
  throw new z.errors.HaltedError(
    `Refused this ${sourceName} delivery: ${problem}. No record was made from it.${nextStep ? ` ${nextStep}` : ''}`,
  );
}

/** Halts on a payload that cannot be read, delivered or answered, saying why and what to do next. */
export function refuse(z: ZObject, source: PayloadSource, problem: string): never {
  if (source.kind === 'delivery') {
    refuseDelivery(
      z,
      source.name,
      problem,
      `If ${source.name} really sent this, contact its support with this message.`,
    );
  }
  throw new z.errors.HaltedError(
    `${source.name} answered with data this integration cannot read: ${problem}. ` +
      `No record was made from it. If it happens again, contact ${source.name} support with this message.`,
  );
}

/**
 * Where JSON.parse stopped, in words that quote nothing ("from character 12", "it ends too soon"),
 * or null: V8's own message quotes the text around the fault, which may hold a secret.
 */
export function jsonFault(error: unknown): string | null {
  const message = error instanceof Error ? error.message : '';
  const position = /position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return `from character ${position}`;
  return /end of JSON input/i.test(message) ? 'it ends too soon' : null;
}

/**
 * Parses a body's raw text, halting with a sentence that says what is wrong with it. A delivery
 * is not walked as a whole: schemas read the fields a mapper needs and pass over the rest,
 * however deep or long (JSON.parse itself reads deep nesting without recursion). An answer to
 * our own call may be written back or measured whole (JSON.stringify recurses), so one nested
 * past MAX_NESTING is refused, naming the field.
 */
export function parseJsonBody(z: ZObject, source: PayloadSource, content: string): unknown {
  if (content.trim() === '') refuse(z, source, 'the body is empty');
  let body: unknown;
  try {
    body = JSON.parse(content);
  } catch (error) {
    const fault = jsonFault(error);
    return refuse(z, source, `the body is not JSON${fault === null ? '' : ` (${fault})`}`);
  }
  const field = source.kind === 'response' ? fieldNestedDeeperThan(body) : null;
  if (field !== null) refuse(z, source, nestingProblem(field || 'the body'));
  return body;
}

/** Validates a vendor payload at the edge: the result is typed by the schema, or the run halts. */
export function validatePayload<Schema extends zod.ZodType>(
  z: ZObject,
  source: PayloadSource,
  schema: Schema,
  data: unknown,
  /** A payload that carries a secret (a token answer): its problems name fields, never values. */
  holdsSecret = false,
): zod.output<Schema> {
  const result = schema.safeParse(data, { reportInput: !holdsSecret });
  if (!result.success) {
    refuse(
      z,
      source,
      holdsSecret
        ? result.error.issues
            .slice(0, MAX_ISSUES_SHOWN)
            .map((issue) => `${formatPath(issue.path)} is not usable`)
            .join('; ')
        : describeIssues(result.error),
    );
  }
  return result.data;
}

/** The id a malformed item carries, if any, to name it in the log. */
function rawId(item: unknown): string | null {
  const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

/**
 * Validates a list answer item by item, so one malformed item never stops the rest: it is
 * logged (with its id when it has one) and left out. An answer whose every item is malformed
 * halts a search or a sample, as nothing in it can be delivered; a poll (`pageOfAPoll`) walks
 * past it, since halting would stop the Zap for as long as the bad record stays in its window.
 * Each usable item keeps its position in the answer, for cursors that count positions. Items are
 * records with an `id`: past the first MAX_ITEMS_NAMED malformed ones, one without an id is counted
 * without zod, and the rest are logged in one line.
 */
export function validateListItemsAt<Schema extends zod.ZodType>(
  z: ZObject,
  source: PayloadSource,
  noun: string,
  schema: Schema,
  items: readonly unknown[],
  pageOfAPoll = false,
): { value: zod.output<Schema>; index: number }[] {
  const valid: { value: zod.output<Schema>; index: number }[] = [];
  let firstProblem = '';
  let refused = 0;
  items.forEach((item, index) => {
    const id = rawId(item);
    if (refused >= MAX_ITEMS_NAMED && id === null) {
      refused += 1;
      return;
    }
    const result = schema.safeParse(item, { reportInput: true });
    if (result.success) {
      valid.push({ value: result.data, index });
      return;
    }
    if ((refused += 1) > MAX_ITEMS_NAMED) return;
    const problem = describeIssues(result.error);
    firstProblem ||= problem;
    z.console.log(
      `Skipped ${source.name} ${noun} ${id === null ? `at position ${index + 1} (no id)` : id}: ${problem}. The other ${noun}s are delivered.`,
    );
  });
  if (refused > MAX_ITEMS_NAMED) {
    const more = refused - MAX_ITEMS_NAMED;
    z.console.log(
      `Skipped ${more.toLocaleString('en')} more ${source.name} ${noun}s that could not be read, not named one by one. The other ${noun}s are delivered.`,
    );
  }
  if (items.length > 0 && valid.length === 0 && !pageOfAPoll) {
    refuse(
      z,
      source,
      `none of its ${items.length.toLocaleString('en')} ${noun}s is usable (the first: ${firstProblem})`,
    );
  }
  return valid;
}
