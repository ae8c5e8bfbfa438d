/**
 * The one poller behind every polling trigger. A trigger plugs in a PollSource (how to fetch a
 * page of its vendor's list and read items off it); the poller decides how far a poll goes and
 * where the next one resumes, within Zapier's operating limits (docs/decisions.md, "Polling").
 *
 * A sweep walks the list from its top towards its end, or down to the floor (what the Zap has
 * already seen). A poll continues the current sweep from its item-level cursor and stops when a
 * limit is reached (time, bytes, records); the next poll resumes there. When a sweep completes,
 * the floor moves up to what the sweep saw at its start, and the poll may begin a fresh sweep.
 */
import { createHash } from 'node:crypto';
import type { Bundle, ZObject } from 'zapier-platform-core';

export type PollLimits = {
  /** Time a poll may spend, well inside Zapier's 30 s per perform. */
  timeBudgetMs: number;
  /** A request is not started with less time than this left: it could not finish. */
  minRequestMs: number;
  /** Records per poll: more than 100 new items trips Zapier's flood protection. */
  maxRecords: number;
  /** Response bytes per poll, and (separately) JSON bytes of the records returned: Zapier's limit is 20 MB. */
  maxBytes: number;
  /** How long progress is kept in z.cache; every poll writes it again. */
  stateTtlSeconds: number;
  /** The one request made while the Zap editor loads samples. */
  sampleLimit: number;
  /**
   * Pages per poll: a vendor that ignores its page parameter would otherwise be asked until the
   * time runs out, against its daily quota.
   */
  maxRequests: number;
};

export const POLL_LIMITS: PollLimits = {
  timeBudgetMs: 25_000,
  minRequestMs: 1_000,
  maxRecords: 100,
  maxBytes: 15 * 1024 * 1024,
  stateTtlSeconds: 7 * 24 * 60 * 60,
  sampleLimit: 3,
  maxRequests: 30,
};

/** What the poller asks a source for. `floor` null: no floor (sample, or the Zap being turned on). */
export type PageRequest<Floor, Cursor> = {
  floor: Floor | null;
  /** Continue after this item; null: from the top of the list. */
  cursor: Cursor | null;
  limit: number;
  /** The time left in the poll's budget: pass it to z.request as `timeout`. */
  timeoutMs: number;
};

export type Page<Item, Cursor = unknown> = {
  /** Usable items in walk order (newest first where the vendor allows); malformed ones left out. */
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
};

/** What a trigger plugs in. Output is its record: `id` is Zapier's dedupe key. */
export type PollSource<Item, Floor, Cursor, Output extends { id: string }> = {
  /** The vendor's name, as sentences to the user say it. */
  vendor: string;
  /** The most items one request asks for. */
  maxPageSize: number;
  fetchPage: (z: ZObject, request: PageRequest<Floor, Cursor>) => Promise<Page<Item, Cursor>>;
  cursorAfter: (item: Item) => Cursor;
  /** True for an item the Zap has already seen: the sweep ends there (lists walked newest first). */
  isBelowFloor?: (item: Item, floor: Floor) => boolean;
  /**
   * The floor to use once a sweep completes, from the sweep's first page and start time. `floor`
   * null: the Zap is being turned on, so everything that exists now counts as seen.
   */
  nextFloor: (sweep: { firstPage: Item[]; startedAt: number; floor: Floor | null }) => Floor;
  /**
   * Set for cursors that count positions (page numbers): a sweep that spanned polls is followed by
   * one more from the same floor, since rows leaving the list shift the rest onto read pages.
   */
  resweepAfterSpan?: boolean;
  /** The floor when no progress is stored (editor test, state lost): a bounded look back. */
  fallbackFloor: (now: number) => Floor;
  toRecord: (item: Item) => Output;
};

type SweepState<Floor, Cursor> = { cursor: Cursor | null; nextFloor: Floor };

export type PollState<Floor, Cursor> = {
  version: 1;
  floor: Floor;
  /** The sweep a poll stopped in, to be continued; null: the next poll starts a fresh sweep. */
  sweep: SweepState<Floor, Cursor> | null;
  /** The longest page the vendor has returned: a shorter page is its end, one as long may be a cap. */
  largestPage: number;
  /** True while the one extra sweep after a sweep that spanned polls runs (resweepAfterSpan). */
  resweep?: boolean;
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
};

/**
 * What z.cache hands back is checked before it is trusted: a state without a floor (written by
 * another version, or damaged) would report everything as new. The fallback floor replaces it.
 */
function isPollState<Floor, Cursor>(value: unknown): value is PollState<Floor, Cursor> {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Partial<PollState<Floor, Cursor>>;
  const sweep = state.sweep as Partial<SweepState<Floor, Cursor>> | null | undefined;
  return (
    state.version === 1 &&
    state.floor !== undefined &&
    state.floor !== null &&
    typeof state.largestPage === 'number' &&
    (sweep === null || (typeof sweep === 'object' && sweep !== undefined && sweep.nextFloor !== undefined && sweep.cursor !== undefined))
  );
}

/** Where one Zap's progress for one trigger and filter set lives; null without a Zap. */
export function pollStateKey(bundle: Bundle, triggerKey: string, filters: Record<string, unknown>): string | null {
  const zapId = (bundle.meta as { zap?: { id?: unknown } } | undefined)?.zap?.id;
  if (zapId === undefined || zapId === null || zapId === '') return null;
  const sorted = Object.keys(filters)
    .sort()
    .map((key) => [key, filters[key] ?? null]);
  const filterHash = createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
  return `poll:v1:${String(zapId)}:${triggerKey}:${filterHash}`;
}

/** node-fetch's `timeout`, or a socket that timed out: the vendor did not answer in time. */
export function isTimeout(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { type, code } = error as { type?: unknown; code?: unknown };
  return type === 'request-timeout' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT';
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

/** Zapier's ThrottledError, thrown by core for a 429 or by a vendor client for its rate limit. */
export function isThrottled(error: unknown): boolean {
  return error instanceof Error && error.name === 'ThrottledError';
}

/** Why a poll stopped before its sweep's end: logged, so a user reading the logs sees it. */
type Cut = 'time' | 'bytes' | 'records' | 'requests' | 'throttled' | null;

const CUT_REASONS: Record<Exclude<Cut, null>, string> = {
  time: 'its time limit',
  bytes: 'its size limit',
  records: 'its limit of 100 records, which keeps Zapier from holding them',
  requests: 'its limit of requests',
  throttled: `the vendor's rate limit`,
};

export async function poll<Item, Floor, Cursor, Output extends { id: string }>(
  context: PollContext,
  source: PollSource<Item, Floor, Cursor, Output>,
): Promise<Output[]> {
  const { z, bundle } = context;
  const now = context.now ?? Date.now;
  const limits = context.limits ?? POLL_LIMITS;
  const started = now();
  const timeLeft = () => limits.timeBudgetMs - (now() - started);

  if (bundle.meta?.isLoadingSample) {
    const page = await source.fetchPage(z, {
      floor: null,
      cursor: null,
      limit: limits.sampleLimit,
      timeoutMs: limits.timeBudgetMs,
    });
    return page.items.map(source.toRecord);
  }

  const key = pollStateKey(bundle, context.triggerKey, context.filters);
  const save = async (state: PollState<Floor, Cursor>) => {
    if (key !== null) await z.cache.set(key, state, limits.stateTtlSeconds);
  };

  let bytes = 0;
  let largestItemBytes = 0;
  let requests = 0;
  const fetchPage = async (request: Omit<PageRequest<Floor, Cursor>, 'timeoutMs'>) => {
    requests += 1;
    const page = await source.fetchPage(z, { ...request, timeoutMs: timeLeft() });
    bytes += page.bytes;
    if (page.received > 0) largestItemBytes = Math.max(largestItemBytes, page.bytes / page.received);
    return page;
  };
  const throttled = () =>
    new z.errors.ThrottledError(
      `${source.vendor} did not answer within ${Math.round(limits.timeBudgetMs / 1000)} seconds, so no purchase orders were read. Zapier will try again shortly; if it keeps happening, check whether ${source.vendor} is having problems.`,
    );

  // Turning the Zap on: Zapier stores what this returns as seen. One page marks the top of the
  // list, and the floor makes everything that exists now count as seen for later polls.
  if (bundle.meta?.isPopulatingDedupe) {
    const page = await fetchPage({ floor: null, cursor: null, limit: Math.min(source.maxPageSize, limits.maxRecords) }).catch(
      (error: unknown) => {
        throw isTimeout(error) ? throttled() : error;
      },
    );
    await save({
      version: 1,
      floor: source.nextFloor({ firstPage: page.items, startedAt: started, floor: null }),
      sweep: null,
      largestPage: page.received,
    });
    return page.items.map(source.toRecord);
  }

  const stored = key === null ? null : ((await z.cache.get(key)) as unknown);
  const state: PollState<Floor, Cursor> =
    isPollState<Floor, Cursor>(stored)
      ? stored
      : { version: 1, floor: source.fallbackFloor(started), sweep: null, largestPage: 0 };
  if (key !== null && !isPollState(stored)) {
    z.console.log(`No stored progress for this Zap: looking back from the fallback floor ${JSON.stringify(state.floor)}.`);
  }

  const seenIds = new Set<string>();
  const sweeps: Output[][] = [];
  let recordBytes = 0;
  let count = 0;
  let cut: Cut = null;
  // A poll continues the stored sweep; when that one completes it may begin one fresh sweep,
  // which catches what changed while the old one ran. A stateless poll makes one sweep.
  for (let sweepsLeft = state.sweep ? 2 : 1; sweepsLeft > 0 && cut === null; sweepsLeft -= 1) {
    const sweepStarted = now();
    const continued = state.sweep !== null;
    let cursor: Cursor | null = state.sweep ? state.sweep.cursor : null;
    let nextFloor: Floor | undefined = state.sweep?.nextFloor;
    const records: Output[] = [];
    sweeps.unshift(records);
    let done = false;
    while (!done) {
      // Once item sizes are known, ask only for as many as the response budget still holds.
      const bytesFit = largestItemBytes > 0 ? Math.floor((limits.maxBytes - bytes) / largestItemBytes) : Infinity;
      const limit = Math.min(source.maxPageSize, limits.maxRecords - count, bytesFit);
      if (limits.maxRecords - count <= 0) cut = 'records';
      else if (requests >= limits.maxRequests) cut = 'requests';
      else if (limit <= 0) cut = 'bytes';
      else if (timeLeft() < limits.minRequestMs) cut = 'time';
      if (cut !== null) break;
      let page: Page<Item, Cursor>;
      try {
        page = await fetchPage({ floor: state.floor, cursor, limit });
      } catch (error) {
        // A vendor that throttles us mid-poll is a cut like a timeout: what was read so far is
        // returned and the next poll resumes from the cursor. Before anything was read, it stands.
        if (isThrottled(error) && (count > 0 || JSON.stringify(cursor) !== JSON.stringify(state.sweep?.cursor ?? null))) {
          cut = 'throttled';
          break;
        }
        if (!isTimeout(error)) throw error;
        if (count === 0) throw throttled();
        cut = 'time';
        break;
      }
      if (nextFloor === undefined) {
        nextFloor = source.nextFloor({ firstPage: page.items, startedAt: sweepStarted, floor: state.floor });
      }
      const largestBefore = state.largestPage;
      state.largestPage = Math.max(state.largestPage, page.received);
      const cursorBefore = cursor;
      for (const item of page.items) {
        if (source.isBelowFloor?.(item, state.floor)) {
          done = true;
          break;
        }
        if (count >= limits.maxRecords) {
          cut = 'records';
          break;
        }
        const record = source.toRecord(item);
        const size = jsonBytes(record);
        if (recordBytes + size > limits.maxBytes && count > 0) {
          cut = 'bytes';
          break;
        }
        // One record per id in a poll: a continued and a fresh sweep may both see a version.
        if (!seenIds.has(record.id)) {
          seenIds.add(record.id);
          records.push(record);
          recordBytes += size;
          count += 1;
        }
        cursor = source.cursorAfter(item);
      }
      if (cut !== null) break;
      // Past items the source left out (malformed, or not what the trigger keeps) as well.
      if (!done && page.lastCursor !== undefined) cursor = page.lastCursor;
      // A page shorter than asked is the end only when it is also shorter than the longest page
      // the vendor has returned; otherwise it may be a server cap, and one more request tells.
      done ||=
        page.end ??
        (page.received === 0 || (page.received < limit && page.received < largestBefore));
      // No way past a short page (say, its only order has no id to page from): it is the end.
      if (!done && JSON.stringify(cursor) === JSON.stringify(cursorBefore) && page.received < limit) done = true;
      if (!done && JSON.stringify(cursor) === JSON.stringify(cursorBefore)) {
        throw new z.errors.HaltedError(
          `${source.vendor} answered the same page again, so reading its purchase orders cannot go on and no record was made. If it happens again, contact ${source.vendor} support with this message.`,
        );
      }
    }
    if (done && nextFloor !== undefined && source.resweepAfterSpan && continued && !state.resweep) {
      // Rows that left the list while this sweep spanned polls shifted others onto pages already
      // read: one more sweep from the same floor finds them (what it reads again, Zapier drops).
      state.resweep = true;
      state.sweep = null;
    } else if (done && nextFloor !== undefined) {
      state.floor = nextFloor;
      state.sweep = null;
      state.resweep = false;
    } else if (nextFloor !== undefined) {
      state.sweep = { cursor, nextFloor };
    }
  }
  if (cut !== null) {
    z.console.log(
      `Stopped reading ${source.vendor} after ${count} records (this poll reached ${CUT_REASONS[cut]}); the next poll resumes where this one stopped.`,
    );
  }
  await save(state);
  return sweeps.flat();
}
