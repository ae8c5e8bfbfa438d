/**
 * One Zap's polling state: ONE z.cache entry per Zap, trigger and set of filters, holding the
 * poller's progress and whatever the source keeps beside it (`extra`). What is saved is plain
 * JSON by construction (checked on the way out); what is read is validated with zod, and anything
 * missing, damaged, stale or foreign starts afresh from the fallback floor, saying so.
 */
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod';
import { withLock, type LockCache } from '../common/lock';
import { STATE_LOCK_TTL_SECONDS, STATE_TTL_SECONDS } from './poll-budgets';

/** Bumped whenever the slot's shape changes: a value of another version starts afresh. */
export const POLL_STATE_VERSION = 2;

export type SweepState<Floor, Cursor> = { cursor: Cursor | null; nextFloor: Floor };

export type PollState<Floor, Cursor, Extra = null> = {
  version: typeof POLL_STATE_VERSION;
  floor: Floor;
  /** The sweep a poll stopped in, to be continued; null: the next poll starts a fresh sweep. */
  sweep: SweepState<Floor, Cursor> | null;
  /** The longest page the vendor has returned: a shorter page is its end, one as long may be a cap. */
  largestPage: number;
  /** True while the one extra sweep after a sweep that spanned polls runs (resweepAfterSpan). */
  resweep: boolean;
  /** The source's own state (say, a table of versions seen), under its own schema; null without. */
  extra: Extra;
};

/** The schemas a source gives for its parts of the slot; without one, any JSON value but null. */
export type StateSchemas<Floor, Cursor, Extra> = {
  floor?: zod.ZodType<Floor>;
  cursor?: zod.ZodType<Cursor>;
  extra?: zod.ZodType<Extra>;
};

/** The cache the slot uses: z.cache fits; tests pass one honouring nx and TTLs. */
export type StateCache = LockCache;

const present = zod.unknown().refine((value) => value !== null && value !== undefined, 'missing');

const slotSchema = zod.strictObject({
  version: zod.literal(POLL_STATE_VERSION),
  floor: present,
  sweep: zod.strictObject({ cursor: zod.unknown(), nextFloor: present }).nullable(),
  largestPage: zod.number().int().nonnegative(),
  resweep: zod.boolean(),
  extra: zod.unknown(),
});

export type DecodedState<Floor, Cursor, Extra> =
  | { state: PollState<Floor, Cursor, Extra>; problem: null }
  | { state: null; problem: string };

/** Where one Zap's progress for one trigger and filter set lives; null without a Zap. */
export function pollStateKey(bundle: Bundle, triggerKey: string, filters: Record<string, unknown>): string | null {
  const zapId = (bundle.meta as { zap?: { id?: unknown } } | undefined)?.zap?.id;
  if ((typeof zapId !== 'string' && typeof zapId !== 'number') || zapId === '') return null;
  const sorted = Object.keys(filters)
    .sort()
    .map((key) => [key, filters[key] ?? null]);
  const filterHash = createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
  return `poll:v1:${zapId}:${triggerKey}:${filterHash}`;
}

/**
 * The state as a value z.cache can store and give back unchanged, or why not: a circular value,
 * a BigInt, a Date, an undefined field or a function would come back different (or not at all).
 */
export function encodeState<Floor, Cursor, Extra>(
  state: PollState<Floor, Cursor, Extra>,
): { ok: true; value: unknown } | { ok: false; problem: string } {
  let copy: unknown;
  try {
    copy = JSON.parse(JSON.stringify(state)) as unknown;
  } catch (error) {
    // Node's message for a cycle goes on over several lines: its first says what it is.
    return { ok: false, problem: (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '' };
  }
  if (!isDeepStrictEqual(copy, state)) return { ok: false, problem: 'it does not survive JSON unchanged' };
  return { ok: true, value: copy };
}

/**
 * The stored state if it is this version's and every part passes its schema; otherwise null and
 * the reason, for the log.
 */
export function decodeState<Floor, Cursor, Extra>(
  stored: unknown,
  schemas: StateSchemas<Floor, Cursor, Extra>,
): DecodedState<Floor, Cursor, Extra> {
  if (stored === null || stored === undefined) return { state: null, problem: 'none is stored' };
  if (typeof stored === 'object' && (stored as { version?: unknown }).version !== POLL_STATE_VERSION) {
    return {
      state: null,
      problem: `it was written by another version (${JSON.stringify((stored as { version?: unknown }).version ?? null)})`,
    };
  }
  const slot = slotSchema.safeParse(stored);
  if (!slot.success)
    return { state: null, problem: `it is damaged (${slot.error.issues[0]?.path.join('.') || 'the value'})` };
  const part = <T>(
    schema: zod.ZodType<T> | undefined,
    value: unknown,
    name: string,
  ): { ok: true; value: T } | { ok: false; problem: string } => {
    if (schema === undefined) return { ok: true, value: value as T };
    const parsed = schema.safeParse(value);
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, problem: `its ${name} is not this trigger's` };
  };
  const floor = part(schemas.floor, slot.data.floor, 'floor');
  if (!floor.ok) return { state: null, problem: floor.problem };
  let sweep: SweepState<Floor, Cursor> | null = null;
  if (slot.data.sweep !== null) {
    const cursor =
      slot.data.sweep.cursor === null
        ? ({ ok: true, value: null } as const)
        : part(schemas.cursor, slot.data.sweep.cursor, 'cursor');
    const nextFloor = part(schemas.floor, slot.data.sweep.nextFloor, 'floor');
    if (!cursor.ok) return { state: null, problem: cursor.problem };
    if (!nextFloor.ok) return { state: null, problem: nextFloor.problem };
    sweep = { cursor: cursor.value, nextFloor: nextFloor.value };
  }
  const extra = part(schemas.extra, slot.data.extra, 'own state');
  if (!extra.ok) return { state: null, problem: extra.problem };
  return {
    state: { ...slot.data, version: POLL_STATE_VERSION, floor: floor.value, sweep, extra: extra.value },
    problem: null,
  };
}

/** Reads and validates the slot; a cache that cannot give the value back counts as damaged. */
export async function loadState<Floor, Cursor, Extra>(
  cache: StateCache,
  key: string,
  schemas: StateSchemas<Floor, Cursor, Extra>,
): Promise<DecodedState<Floor, Cursor, Extra>> {
  let stored: unknown;
  try {
    stored = await cache.get(key);
  } catch (error) {
    return { state: null, problem: `it could not be read (${error instanceof Error ? error.message : String(error)})` };
  }
  return decodeState(stored, schemas);
}

/**
 * Saves the slot, or logs why it cannot (a source keeping a value JSON cannot carry): the next
 * poll then starts afresh from the fallback floor rather than fail for ever.
 */
export async function saveState<Floor, Cursor, Extra>(
  z: ZObject,
  cache: StateCache,
  key: string,
  state: PollState<Floor, Cursor, Extra>,
): Promise<boolean> {
  const encoded = encodeState(state);
  if (!encoded.ok) {
    z.console.log(`This Zap's polling progress was not saved: ${encoded.problem}. The next poll starts afresh.`);
    return false;
  }
  await cache.set(key, encoded.value, STATE_TTL_SECONDS);
  return true;
}

/**
 * Runs `work` holding the Zap's slot, or returns `{ acquired: false }` at once when another poll
 * of the Zap holds it (a retry overlapping a slow poll): that one saves the progress.
 */
export function withStateLock<T>(cache: StateCache, key: string, work: () => Promise<T>) {
  return withLock(
    cache,
    `${key}:lock`,
    { ttlSeconds: STATE_LOCK_TTL_SECONDS, waitMs: 0, pollMs: 0, sleep: () => Promise.resolve() },
    work,
  );
}
