/**
 * The one poller behind every polling trigger (docs/decisions.md, "Polling").
 *
 * How a source plugs in: a trigger's perform calls `poll(context, source)` with a PollSource:
 * - `fetchPage(z, request)`: one page of the vendor's list. `request.kind` says which poll this is
 *   ('sample', 'turnOn', 'poll'); `floor` is where the Zap's seen records end (null: none);
 *   `cursor` continues the walk (null: from the top); `limit` the items to ask for; `timeoutMs`
 *   the time left, for z.request's `timeout`.
 * - `cursorAfter(item)`, `toRecord(item)`, `recency(record)` (the record's creation time for
 *   "new", change time for "updated", `ordered_at` for "ordered"; null where there is none: the
 *   id decides), and either `floorAt(time)` (a time floor: everything stamped before `time` is
 *   seen; then turn-on, the margin and the fallback floor come for free) or `nextFloor` and
 *   `fallbackFloor` (an id floor).
 * - Optional: `sample` (the store's newest records, for a vendor whose list order is unknown),
 *   `marginMs` (one of MARGINS in poll-budgets.ts), `isBelowFloor`, `resweepAfterSpan`, schemas
 *   for its floor and cursor, its own `extra` state with a schema, and `finish` (a last step
 *   inside the Zap's lock, e.g. to keep a table of versions seen in `extra`).
 * The poller orders every output newest first, keeps all state in one z.cache slot per Zap
 * (poll-state.ts), stays within the budgets of poll-budgets.ts, and lets no two polls of one Zap
 * run at once.
 *
 * A sweep walks the list from its top towards its end, or down to the floor. A poll continues
 * the current sweep from its item-level cursor and stops when a budget is spent; the next poll
 * resumes exactly there. When a sweep completes, the floor moves up to what the sweep saw at its
 * start, and the poll may begin one fresh sweep.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import type { z as zod } from 'zod';
import { newestFirst, type RecencyKey } from './newest-first';
import {
  FALLBACK_LOOKBACK_MS,
  MARGINS,
  MAX_REQUESTS_PER_POLL,
  MIN_REQUEST_MS,
  OUTPUT_BYTE_BUDGET,
  POLL_TIME_BUDGET_MS,
  RESPONSE_BYTE_BUDGET,
  SAMPLE_SIZE,
  STATE_TTL_SECONDS,
} from './poll-budgets';
import {
  POLL_STATE_VERSION,
  loadState,
  pollStateKey,
  saveState,
  withStateLock,
  type PollState,
  type StateCache,
} from './poll-state';

export { pollStateKey, type PollState } from './poll-state';
export { newestFirst, compareIds, type RecencyKey } from './newest-first';

/** Which poll this is. ('bulk', Zapier's Transfer, is to come: it never touches the Zap's state.) */
export type PollKind = 'sample' | 'turnOn' | 'poll';

export type PollLimits = {
  /** Time a poll may spend, inside Zapier's 30 s per perform. */
  timeBudgetMs: number;
  /** A request is not started with less time than this left: it could not finish. */
  minRequestMs: number;
  /** Response bytes per poll, and (separately) JSON bytes of the records returned: Zapier's limit is 20 MB. */
  maxBytes: number;
  /** How long progress is kept in z.cache; every poll writes it again. */
  stateTtlSeconds: number;
  /** Records in the Zap editor's sample at most. */
  sampleLimit: number;
  /** Requests per poll: see MAX_REQUESTS_PER_POLL. */
  maxRequests: number;
};

/** The budgets of poll-budgets.ts, as one value a test may vary. */
export const POLL_LIMITS: PollLimits = {
  timeBudgetMs: POLL_TIME_BUDGET_MS,
  minRequestMs: MIN_REQUEST_MS,
  maxBytes: Math.min(RESPONSE_BYTE_BUDGET, OUTPUT_BYTE_BUDGET),
  stateTtlSeconds: STATE_TTL_SECONDS,
  sampleLimit: SAMPLE_SIZE,
  maxRequests: MAX_REQUESTS_PER_POLL,
};

/** What the poller asks a source for. */
export type PageRequest<Floor, Cursor, Extra = null> = {
  kind: PollKind;
  /** Where the Zap's seen records end; null for the sample, and for a turn-on without `floorAt`. */
  floor: Floor | null;
  /** Continue after this item; null: from the top of the list. */
  cursor: Cursor | null;
  limit: number;
  /** The time left in the poll's budget: pass it to z.request as `timeout`. */
  timeoutMs: number;
  /** The source's own state in the Zap's slot; changes to it are saved with the poll. */
  extra: Extra;
};

export type Page<Item, Cursor = unknown> = {
  /** Usable items in walk order; malformed ones left out. */
  items: Item[];
  /** Items in the answer, malformed ones included: a short page is judged on this. */
  received: number;
  /** Size of the response body. */
  bytes: number;
  /** Set when the vendor says whether more follows (a next link, a total count). */
  end?: boolean;
  /**
   * The cursor after the page's last item received, usable or not: the walk moves there once
   * the page's items are through, so a page of items the source leaves out is not read again.
   * Null starts the walk over from the top (a cursor the vendor no longer accepts).
   */
  lastCursor?: Cursor | null;
  /**
   * The source spent its own budget (a cost bucket) after this page: its items count, and the
   * poll ends here as a pause; the next resumes at `lastCursor`.
   */
  paused?: boolean;
};

/** What a trigger plugs in. Output is its record: `id` is Zapier's dedupe key. */
export type PollSource<Item, Floor, Cursor, Output extends { id: string }, Extra = null> = {
  /** The vendor's name, as sentences to the user say it. */
  vendor: string;
  /** The most items one request asks for. */
  maxPageSize: number;
  fetchPage: (z: ZObject, request: PageRequest<Floor, Cursor, Extra>) => Promise<Page<Item, Cursor>>;
  cursorAfter: (item: Item) => Cursor;
  toRecord: (item: Item) => Output;
  /** The record's place in time for newest-first order; null: no time, its id decides. */
  recency: (record: Output) => RecencyKey;
  /**
   * The store's newest records (at most `limit`), for the Zap editor's sample. Without it, the
   * first page the list gives, ordered newest first.
   */
  sample?: (z: ZObject, request: { limit: number; timeoutMs: number; extra: Extra }) => Promise<Item[]>;
  /**
   * A time floor: the floor below which everything stamped before `time` lies. With it, turn-on
   * reads down to `floorAt(turn-on - margin)` and the Zap's first poll starts there, the next
   * floor is `floorAt(sweep start - margin)`, and the fallback floor `floorAt(now - lookback)`.
   */
  floorAt?: (time: number) => Floor;
  /** The margin a time floor reads again (one of MARGINS); MARGINS.replication without it. */
  marginMs?: number;
  /** True for an item the Zap has already seen: the sweep ends there (lists walked newest first). */
  isBelowFloor?: (item: Item, floor: Floor) => boolean;
  /**
   * The floor once a sweep completes, from the sweep's first page and start time (an id floor).
   * `floor` null: the Zap is being turned on, so everything that exists now counts as seen.
   * Defaults to `floorAt(startedAt - margin)`.
   */
  nextFloor?: (sweep: { firstPage: Item[]; startedAt: number; floor: Floor | null }) => Floor;
  /** The floor when no progress is stored: a bounded look back. Defaults to `floorAt(now - FALLBACK_LOOKBACK_MS)`. */
  fallbackFloor?: (now: number) => Floor;
  /**
   * Set for cursors that count positions (page numbers): a sweep that spanned polls is followed by
   * one more from the same floor, since rows leaving the list shift the rest onto read pages.
   */
  resweepAfterSpan?: boolean;
  /** Checked when the state is read back: a value that fails starts afresh. */
  floorSchema?: zod.ZodType<Floor>;
  cursorSchema?: zod.ZodType<Cursor>;
  /** The source's own state in the Zap's slot: its schema, and its value for a fresh Zap. */
  extra?: { schema: zod.ZodType<Extra>; initial: () => Extra };
  /**
   * The last step of a turn-on or poll, inside the Zap's lock, before the records are ordered and
   * the state saved: it may drop or add records and change `extra`.
   */
  finish?: (z: ZObject, step: { kind: PollKind; records: Output[]; extra: Extra }) => Promise<Output[]>;
};

export type PollContext = {
  z: ZObject;
  bundle: Bundle;
  /** The trigger's key: part of the state key. */
  triggerKey: string;
  /** The trigger's input filters: progress is kept per set of filters. */
  filters: Record<string, unknown>;
  now?: () => number;
  limits?: PollLimits;
  /** Where the state lives: z.cache unless a test passes one. */
  cache?: StateCache;
};

/** node-fetch's `timeout`, or a socket that timed out: the vendor did not answer in time. */
export function isTimeout(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { type, code } = error as { type?: unknown; code?: unknown };
  return type === 'request-timeout' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT';
}

/** Zapier's ThrottledError, thrown by core for a 429 or by a vendor client for its rate limit. */
export function isThrottled(error: unknown): boolean {
  return error instanceof Error && error.name === 'ThrottledError';
}

/** Which poll Zapier is making, from the bundle. */
export function pollKindOf(bundle: Bundle): PollKind {
  if (bundle.meta?.isLoadingSample) return 'sample';
  if (bundle.meta?.isPopulatingDedupe) return 'turnOn';
  return 'poll';
}

/** A vendor that never answered a run with no state to resume from: Zapier retries. */
function notAnswered(z: ZObject, vendor: string, budgetMs: number): Error {
  return new z.errors.ThrottledError(
    `${vendor} did not answer within ${Math.round(budgetMs / 1000)} seconds, so no purchase orders were read. Zapier will try again shortly; if it keeps happening, check whether ${vendor} is having problems.`,
  );
}

/** Why a poll stopped before its sweep's end: logged, so a user reading the logs sees it. */
export type Cut = 'time' | 'bytes' | 'requests' | 'throttled' | 'paused';

const CUT_REASONS: Record<Cut, string> = {
  time: 'its time limit',
  bytes: 'its size limit',
  requests: 'its limit of requests',
  throttled: `the vendor's rate limit`,
  paused: `the vendor's request budget`,
};

type AnySource<Item, Floor, Cursor, Output extends { id: string }, Extra> = PollSource<
  Item,
  Floor,
  Cursor,
  Output,
  Extra
>;

const marginOf = (source: { marginMs?: number }) => source.marginMs ?? MARGINS.replication;

/** The floor a completed sweep leaves: the source's rule, or its time floor less the margin. */
function nextFloorOf<Item, Floor, Cursor, Output extends { id: string }, Extra>(
  source: AnySource<Item, Floor, Cursor, Output, Extra>,
  sweep: { firstPage: Item[]; startedAt: number; floor: Floor | null },
): Floor {
  if (source.nextFloor) return source.nextFloor(sweep);
  if (source.floorAt) return source.floorAt(sweep.startedAt - marginOf(source));
  throw new Error(`The ${source.vendor} polling source has neither nextFloor nor floorAt.`);
}

function fallbackFloorOf<Item, Floor, Cursor, Output extends { id: string }, Extra>(
  source: AnySource<Item, Floor, Cursor, Output, Extra>,
  now: number,
): Floor {
  if (source.fallbackFloor) return source.fallbackFloor(now);
  if (source.floorAt) return source.floorAt(now - FALLBACK_LOOKBACK_MS);
  throw new Error(`The ${source.vendor} polling source has neither fallbackFloor nor floorAt.`);
}

const initialExtra = <Extra>(source: { extra?: { initial: () => Extra } }): Extra =>
  source.extra ? source.extra.initial() : (null as Extra);

function freshState<Floor, Cursor, Extra>(floor: Floor, extra: Extra): PollState<Floor, Cursor, Extra> {
  return { version: POLL_STATE_VERSION, floor, sweep: null, largestPage: 0, resweep: false, extra };
}

/**
 * What one poll may still spend: time (each request's timeout is what is left), requests, and
 * bytes of responses and of records. One per poll, shared by its sweeps.
 */
export class PollBudget {
  private readonly started: number;
  private responseBytes = 0;
  private recordBytes = 0;
  private largestItemBytes = 0;
  requests = 0;
  /** Pages answered so far. */
  answers = 0;

  constructor(
    private readonly now: () => number,
    private readonly limits: PollLimits,
  ) {
    this.started = now();
  }

  get budgetMs(): number {
    return this.limits.timeBudgetMs;
  }

  timeLeft(): number {
    return this.limits.timeBudgetMs - (this.now() - this.started);
  }

  /** Items the next request may ask for, or why the poll must stop before it. */
  nextRequest(maxPageSize: number): { limit: number } | { cut: Cut } {
    // Once item sizes are known, ask only for as many as the response budget still holds.
    const bytesFit =
      this.largestItemBytes > 0
        ? Math.floor((this.limits.maxBytes - this.responseBytes) / this.largestItemBytes)
        : Infinity;
    const limit = Math.min(maxPageSize, bytesFit);
    if (this.requests >= this.limits.maxRequests) return { cut: 'requests' };
    if (limit <= 0) return { cut: 'bytes' };
    if (this.timeLeft() < this.limits.minRequestMs) return { cut: 'time' };
    return { limit };
  }

  spentOnPage(page: { bytes: number; received: number }): void {
    this.answers += 1;
    this.responseBytes += page.bytes;
    if (page.received > 0) this.largestItemBytes = Math.max(this.largestItemBytes, page.bytes / page.received);
  }

  /** Whether a record of `size` JSON bytes still fits; the first always does, so a poll moves on. */
  takeRecord(size: number, first: boolean): boolean {
    if (!first && this.recordBytes + size > this.limits.maxBytes) return false;
    this.recordBytes += size;
    return true;
  }
}

type SweepOutcome<Output> = { records: Output[]; cut: Cut | null };

/**
 * Reads sweeps into `state` (its cursor, floor and page-cap memory move as pages are read) until
 * the sweeps end or the budget is spent. A poll continues the stored sweep and, if that completes,
 * begins one fresh sweep that catches what changed meanwhile; `sweeps` says how many at most.
 * Newer sweeps' records come first; every id once.
 */
export async function readSweeps<Item, Floor, Cursor, Output extends { id: string }, Extra>(
  z: ZObject,
  source: AnySource<Item, Floor, Cursor, Output, Extra>,
  state: PollState<Floor, Cursor, Extra>,
  options: {
    kind: PollKind;
    budget: PollBudget;
    now: () => number;
    sweeps: number;
    /** No state to resume from (no Zap): a throttle or timeout before any answer is the run's error. */
    stateless?: boolean;
  },
): Promise<SweepOutcome<Output>> {
  const { budget, now, kind } = options;
  const seenIds = new Set<string>();
  const sweeps: Output[][] = [];
  let cut: Cut | null = null;
  for (let sweepsLeft = options.sweeps; sweepsLeft > 0 && cut === null; sweepsLeft -= 1) {
    const sweepStarted = now();
    const continued = state.sweep !== null;
    let cursor: Cursor | null = state.sweep ? state.sweep.cursor : null;
    let nextFloor: Floor | undefined = state.sweep?.nextFloor;
    const records: Output[] = [];
    sweeps.unshift(records);
    let done = false;
    while (!done) {
      const next = budget.nextRequest(source.maxPageSize);
      if ('cut' in next) {
        cut = next.cut;
        break;
      }
      const { limit } = next;
      let page: Page<Item, Cursor>;
      try {
        budget.requests += 1;
        page = await source.fetchPage(z, {
          kind,
          floor: state.floor,
          cursor,
          limit,
          timeoutMs: budget.timeLeft(),
          extra: state.extra,
        });
      } catch (error) {
        if (!isThrottled(error) && !isTimeout(error)) throw error;
        // Without a Zap (`zapier invoke`, the sandbox) there is no next poll to resume: say why.
        if (options.stateless && budget.answers === 0)
          throw isTimeout(error) ? notAnswered(z, source.vendor, budget.budgetMs) : error;
        // A throttle or a timeout is a pause, never a failed poll: what was read is returned, the
        // state keeps the cursor reached, and the next poll resumes there.
        cut = isThrottled(error) ? 'throttled' : 'time';
        break;
      }
      budget.spentOnPage(page);
      if (nextFloor === undefined) {
        nextFloor = nextFloorOf(source, { firstPage: page.items, startedAt: sweepStarted, floor: state.floor });
      }
      const largestBefore = state.largestPage;
      state.largestPage = Math.max(state.largestPage, page.received);
      const cursorBefore = cursor;
      for (const item of page.items) {
        if (source.isBelowFloor?.(item, state.floor)) {
          done = true;
          break;
        }
        const record = source.toRecord(item);
        // One record per id in a poll: a continued and a fresh sweep may both see a version.
        if (!seenIds.has(record.id)) {
          if (!budget.takeRecord(Buffer.byteLength(JSON.stringify(record)), seenIds.size === 0)) {
            cut = 'bytes';
            break;
          }
          seenIds.add(record.id);
          records.push(record);
        }
        cursor = source.cursorAfter(item);
      }
      if (cut !== null) break;
      // Past items the source left out (malformed, or not what the trigger keeps) as well.
      if (!done && page.lastCursor !== undefined) cursor = page.lastCursor;
      if (page.paused && !done) {
        cut = 'paused';
        break;
      }
      // A page shorter than asked is the end only when it is also shorter than the longest page
      // the vendor has returned; otherwise it may be a server cap, and one more request tells.
      done ||= page.end ?? (page.received === 0 || (page.received < limit && page.received < largestBefore));
      // No way past a short page (say, its only order has no id to page from): it is the end.
      if (!done && JSON.stringify(cursor) === JSON.stringify(cursorBefore) && page.received < limit) done = true;
      if (!done && JSON.stringify(cursor) === JSON.stringify(cursorBefore)) {
        throw new z.errors.HaltedError(
          `${source.vendor} answered the same page again, so reading its purchase orders cannot go on and no record was made. If it happens again, contact ${source.vendor} support with this message.`,
        );
      }
    }
    settleSweep(source, state, { done, continued, cursor, nextFloor });
  }
  return { records: sweeps.flat(), cut };
}

/** Where the state stands once a sweep ends or is cut: a new floor, one resweep, or the cursor kept. */
function settleSweep<Item, Floor, Cursor, Output extends { id: string }, Extra>(
  source: AnySource<Item, Floor, Cursor, Output, Extra>,
  state: PollState<Floor, Cursor, Extra>,
  sweep: { done: boolean; continued: boolean; cursor: Cursor | null; nextFloor: Floor | undefined },
): void {
  const { done, continued, cursor, nextFloor } = sweep;
  // Nothing read (cut before the first page answered): the state stays as it was.
  if (nextFloor === undefined) return;
  if (done && source.resweepAfterSpan && continued && !state.resweep) {
    // Rows that left the list while this sweep spanned polls shifted others onto pages already
    // read: one more sweep from the same floor finds them (what it reads again, Zapier drops).
    state.resweep = true;
    state.sweep = null;
  } else if (done) {
    state.floor = nextFloor;
    state.sweep = null;
    state.resweep = false;
  } else {
    state.sweep = { cursor, nextFloor };
  }
}

/** Step: the Zap's state, or a fresh one from the fallback floor, saying why in the log. */
async function loadOrStartAfresh<Item, Floor, Cursor, Output extends { id: string }, Extra>(
  z: ZObject,
  cache: StateCache,
  key: string,
  source: AnySource<Item, Floor, Cursor, Output, Extra>,
  now: number,
): Promise<PollState<Floor, Cursor, Extra>> {
  const loaded = await loadState<Floor, Cursor, Extra>(cache, key, {
    ...(source.floorSchema ? { floor: source.floorSchema } : {}),
    ...(source.cursorSchema ? { cursor: source.cursorSchema } : {}),
    ...(source.extra ? { extra: source.extra.schema } : {}),
  });
  if (loaded.state !== null) {
    if (!source.extra && loaded.state.extra !== null) loaded.state.extra = null as Extra;
    return loaded.state;
  }
  const state = freshState<Floor, Cursor, Extra>(fallbackFloorOf(source, now), initialExtra(source));
  z.console.log(
    `No usable polling progress for this Zap (${loaded.problem}): looking back from the fallback floor ${JSON.stringify(state.floor)}; what was seen before, Zapier drops.`,
  );
  return state;
}

/**
 * Step, turning a Zap on: Zapier stores what this returns as seen, and the state it saves makes
 * everything that exists now count as seen. With a time floor, it reads down to turn-on less the
 * margin and the first poll starts there: what turn-on returned Zapier drops, and a record stamped
 * inside the margin but listed after turn-on fires once. A turn-on cut short by a budget cannot
 * return all it would have, so it sets the floor at turn-on itself: nothing old fires. Without a
 * time floor, it reads one page and asks the source for the floor.
 */
async function turnOn<Item, Floor, Cursor, Output extends { id: string }, Extra>(
  z: ZObject,
  source: AnySource<Item, Floor, Cursor, Output, Extra>,
  options: { budget: PollBudget; now: () => number; extra: Extra },
): Promise<{ records: Output[]; state: PollState<Floor, Cursor, Extra> }> {
  const started = options.now();
  if (source.floorAt) {
    const floor = source.floorAt(started - marginOf(source));
    const state = freshState<Floor, Cursor, Extra>(floor, options.extra);
    const { records, cut } = await readSweeps(z, source, state, {
      kind: 'turnOn',
      budget: options.budget,
      now: options.now,
      sweeps: 1,
    });
    if (cut !== null) {
      z.console.log(
        `Turning the Zap on stopped reading ${source.vendor} at ${CUT_REASONS[cut]}: records listed late by ${source.vendor} in the minutes before now will not fire.`,
      );
    }
    return {
      records,
      state: { ...state, floor: cut === null ? floor : source.floorAt(started), sweep: null, resweep: false },
    };
  }
  let page: Page<Item, Cursor>;
  try {
    options.budget.requests += 1;
    page = await source.fetchPage(z, {
      kind: 'turnOn',
      floor: null,
      cursor: null,
      limit: source.maxPageSize,
      timeoutMs: options.budget.timeLeft(),
      extra: options.extra,
    });
  } catch (error) {
    // An id floor cannot be set without reading the top of the list: Zapier retries the turn-on.
    if (isTimeout(error)) throw notAnswered(z, source.vendor, options.budget.budgetMs);
    throw error;
  }
  const state = freshState<Floor, Cursor, Extra>(
    nextFloorOf(source, { firstPage: page.items, startedAt: started, floor: null }),
    options.extra,
  );
  state.largestPage = page.received;
  return { records: page.items.map(source.toRecord), state };
}

/** Step, the Zap editor's sample: the store's newest records, at most SAMPLE_SIZE, newest first. */
async function readSample<Item, Floor, Cursor, Output extends { id: string }, Extra>(
  z: ZObject,
  source: AnySource<Item, Floor, Cursor, Output, Extra>,
  limits: PollLimits,
): Promise<Output[]> {
  const limit = Math.min(limits.sampleLimit, SAMPLE_SIZE);
  const extra = initialExtra(source);
  const items = source.sample
    ? await source.sample(z, { limit, timeoutMs: limits.timeBudgetMs, extra })
    : (
        await source.fetchPage(z, {
          kind: 'sample',
          floor: null,
          cursor: null,
          limit,
          timeoutMs: limits.timeBudgetMs,
          extra,
        })
      ).items;
  return newestFirst(items.map(source.toRecord), source.recency).slice(0, limit);
}

/**
 * Step, one turn-on or poll of a Zap (or of no Zap, `key` null: one pass from the fallback floor,
 * nothing saved): load the state, read within the budgets, let the source finish, order, save.
 */
async function runPoll<Item, Floor, Cursor, Output extends { id: string }, Extra>(
  context: PollContext,
  source: AnySource<Item, Floor, Cursor, Output, Extra>,
  kind: 'turnOn' | 'poll',
  key: string | null,
): Promise<Output[]> {
  const { z } = context;
  const now = context.now ?? Date.now;
  const limits = context.limits ?? POLL_LIMITS;
  const cache = context.cache ?? z.cache;
  const budget = new PollBudget(now, limits);
  let state: PollState<Floor, Cursor, Extra>;
  let records: Output[];
  let cut: Cut | null = null;
  if (kind === 'turnOn') {
    ({ records, state } = await turnOn(z, source, { budget, now, extra: initialExtra(source) }));
  } else {
    state =
      key === null
        ? freshState<Floor, Cursor, Extra>(fallbackFloorOf(source, now()), initialExtra(source))
        : await loadOrStartAfresh(z, cache, key, source, now());
    ({ records, cut } = await readSweeps(z, source, state, {
      kind,
      budget,
      now,
      sweeps: key !== null && state.sweep ? 2 : 1,
      stateless: key === null,
    }));
  }
  if (cut !== null) {
    z.console.log(
      `Stopped reading ${source.vendor} after ${records.length} records (this poll reached ${CUT_REASONS[cut]}); the next poll resumes where this one stopped.`,
    );
  }
  if (source.finish) records = await source.finish(z, { kind, records, extra: state.extra });
  if (key !== null) await saveState(z, cache, key, { ...state, version: POLL_STATE_VERSION });
  return newestFirst(records, source.recency);
}

/**
 * A polling trigger's perform: the sample, the turn-on or a poll, as Zapier asks. A poll of a Zap
 * holds the Zap's state for its run: a second poll of the same Zap meanwhile (a retry overlapping
 * a slow poll) returns nothing and leaves the state to the first, so no record is lost or doubled.
 * A turn-on never stands aside: its state replaces whatever a poll from before left.
 */
export async function poll<Item, Floor, Cursor, Output extends { id: string }, Extra = null>(
  context: PollContext,
  source: PollSource<Item, Floor, Cursor, Output, Extra>,
): Promise<Output[]> {
  const { z, bundle } = context;
  const kind = pollKindOf(bundle);
  if (kind === 'sample') return readSample(z, source, context.limits ?? POLL_LIMITS);
  const key = pollStateKey(bundle, context.triggerKey, context.filters);
  if (key === null) return runPoll(context, source, kind, null);
  const outcome = await withStateLock(context.cache ?? z.cache, key, () => runPoll(context, source, kind, key));
  if (outcome.acquired) return outcome.value;
  // A lock left by the Zap's run before it was turned off (say, one that died): standing aside
  // would leave that run's state, and what was made while the Zap was off would fire.
  if (kind === 'turnOn') {
    z.console.log(`A poll from before this Zap was turned on still holds its progress: turning on replaces it.`);
    return runPoll(context, source, kind, key);
  }
  z.console.log(
    `Another poll of this Zap is still reading ${source.vendor}: this one returns nothing and leaves the progress to it.`,
  );
  return [];
}
