/**
 * Zapier's Transfer (a bulk read): a trigger with `canPaginate` is called with
 * `bundle.meta.isBulkRead` and `bundle.meta.page` 0, 1, 2, ... and keeps its position in
 * `z.cursor` between pages; the first empty page ends the transfer (docs/decisions.md, "Transfer").
 *
 * A source walks its vendor's history newest first from a position it anchors when page 0 is
 * read, so purchase orders created during the transfer neither push an old one out nor bring
 * one back. Each page stays inside the poller's time and byte budgets; a throttle or a budget
 * ends it early with what it has, and a page before the end is never empty. A bulk read keeps
 * nothing in z.cache: every Zap's polling state stays as it was.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod';
import { POLL_LIMITS, isThrottled, isTimeout, type PollLimits } from './poller';

/** A page's budgets: the poll's own (time, request floor, bytes, requests), one policy for both. */
export type BulkLimits = Pick<PollLimits, 'timeBudgetMs' | 'minRequestMs' | 'maxBytes' | 'maxRequests'>;

export const BULK_LIMITS: BulkLimits = {
  timeBudgetMs: POLL_LIMITS.timeBudgetMs,
  minRequestMs: POLL_LIMITS.minRequestMs,
  maxBytes: POLL_LIMITS.maxBytes,
  maxRequests: POLL_LIMITS.maxRequests,
};

/** What a source may spend on one page, and where its records go. */
export type BulkBudget<Output> = {
  timeLeft: () => number;
  /** Whether a request for `rows` more rows fits the page's time, bytes and requests. */
  mayRequest: (rows: number) => boolean;
  /**
   * Runs one vendor request. A throttle or a timeout returns null (end the page here) once the
   * page has records; before that, a throttle is waited out when its delay fits the budget.
   */
  request: <T>(run: () => Promise<T>) => Promise<T | null>;
  /** Counts a response: its bytes and rows. */
  received: (bytes: number, rows: number) => void;
  /** Adds a record to the page; false when it does not fit (the page ends before it). */
  take: (record: Output) => boolean;
  /** Records taken so far. */
  taken: () => number;
};

export type BulkSource<Position, Output> = {
  /** The vendor's name, as sentences to the user say it. */
  vendor: string;
  /** Validates a position read back from z.cursor. */
  position: zod.ZodType<Position>;
  /**
   * Walks on from `from` (null: page 0, anchor the walk now), taking records into the budget,
   * and returns where the next page starts, or null at the end of the history.
   */
  read: (from: Position | null, budget: BulkBudget<Output>) => Promise<Position | null>;
};

export type BulkOptions = { limits?: BulkLimits; now?: () => number; sleep?: (ms: number) => Promise<void> };

const cursorSchema = <Position>(position: zod.ZodType<Position>) =>
  zod.union([
    zod.object({ v: zod.literal(1), end: zod.literal(true) }),
    zod.object({ v: zod.literal(1), at: position }),
  ]);

const THROTTLE_DELAY = /"delay"\s*:\s*(\d+(?:\.\d+)?)/;

/** Seconds a ThrottledError asks to wait (core keeps them in its JSON message), else null. */
function throttleDelay(error: unknown): number | null {
  if (!isThrottled(error)) return null;
  const match = THROTTLE_DELAY.exec((error as Error).message);
  return match ? Number(match[1]) : null;
}

/** One page of a transfer. */
export async function bulkRead<Position, Output>(
  z: ZObject,
  bundle: Bundle,
  source: BulkSource<Position, Output>,
  options: BulkOptions = {},
): Promise<Output[]> {
  const limits = options.limits ?? BULK_LIMITS;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const page = Number(bundle.meta?.page ?? 0);
  const schema = cursorSchema(source.position);

  let from: Position | null = null;
  if (page > 0) {
    const text: unknown = await z.cursor.get();
    // No position after page 0: the previous page was the last (Zapier's convention).
    if (typeof text !== 'string' || text === '') return [];
    let parsed: zod.infer<typeof schema> | null = null;
    try {
      const result = schema.safeParse(JSON.parse(text));
      parsed = result.success ? result.data : null;
    } catch {
      parsed = null;
    }
    if (parsed === null) {
      throw new z.errors.Error(
        `This transfer of ${source.vendor} purchase orders lost its place (the position Zapier kept between pages could not be read), so it stopped rather than send purchase orders twice. Start the transfer again.`,
      );
    }
    if ('end' in parsed) return [];
    from = parsed.at;
  }

  const started = now();
  const timeLeft = () => limits.timeBudgetMs - (now() - started);
  const records: Output[] = [];
  let recordBytes = 0;
  let responseBytes = 0;
  let largestRowBytes = 0;
  let requests = 0;
  const budget: BulkBudget<Output> = {
    timeLeft,
    mayRequest: (rows) =>
      requests < limits.maxRequests &&
      timeLeft() >= limits.minRequestMs &&
      responseBytes + rows * largestRowBytes <= limits.maxBytes,
    request: async (run) => {
      for (;;) {
        requests += 1;
        try {
          return await run();
        } catch (error) {
          if (!isThrottled(error) && !isTimeout(error)) throw error;
          if (records.length > 0) return null;
          const delay = throttleDelay(error);
          // Nothing read yet: an empty page would end the transfer, so wait while that fits.
          if (delay === null || delay * 1000 + limits.minRequestMs > timeLeft()) throw error;
          await sleep(delay * 1000);
        }
      }
    },
    received: (bytes, rows) => {
      responseBytes += bytes;
      if (rows > 0) largestRowBytes = Math.max(largestRowBytes, bytes / rows);
    },
    take: (record) => {
      const size = Buffer.byteLength(JSON.stringify(record));
      if (records.length > 0 && recordBytes + size > limits.maxBytes) return false;
      records.push(record);
      recordBytes += size;
      return true;
    },
    taken: () => records.length,
  };

  let next: Position | null = null;
  try {
    next = await source.read(from, budget);
    // A stretch with nothing to keep (say, malformed orders, or none with the trigger's status):
    // walk on while the budget lasts, since an empty page would end the transfer.
    while (records.length === 0 && next !== null && budget.mayRequest(0)) next = await source.read(next, budget);
  } catch (error) {
    if (isTimeout(error)) {
      throw new z.errors.ThrottledError(
        `${source.vendor} did not answer in time, so this page of the transfer read nothing. Zapier will try again shortly; if it keeps happening, start the transfer again later.`,
      );
    }
    throw error;
  }
  if (records.length === 0 && next !== null) {
    // Saved first, so the page asked again goes on from here.
    await z.cursor.set(JSON.stringify({ v: 1, at: next }));
    throw new z.errors.ThrottledError(
      `${source.vendor} gave this page of the transfer nothing within its limits (${source.vendor} is limiting requests or answering slowly). Zapier will try again shortly; if it keeps happening, start the transfer again later.`,
    );
  }
  await z.cursor.set(JSON.stringify(next === null ? { v: 1, end: true } : { v: 1, at: next }));
  return records;
}

/** One page of a numbered list: rows keep their place on the page (malformed ones left out). */
export type ListedPage<Item> = {
  rows: { index: number; item: Item }[];
  /** Rows on the page, malformed ones included. */
  received: number;
  bytes: number;
  /** The list's length, when the vendor says it. */
  count: number | undefined;
  /** Whether the list ends here, when the vendor says. */
  end: boolean | undefined;
};

export type ListedHistory<Item, Output> = {
  vendor: string;
  /** Rows asked per page: the vendor's largest. */
  pageSize: number;
  /** Pages from 1, `size` rows each; `lengthSearch` when page 0 asks it only to find the list's end. */
  fetch: (page: number, size: number, timeoutMs: number, lengthSearch: boolean) => Promise<ListedPage<Item>>;
  /** Above zero when `a` is newer than `b`, zero when neither is (a tie in time). */
  newer: (a: Item, b: Item) => number;
  /** The row's own id: where the last row walked is now tells how far the rows shifted. */
  key: (item: Item) => string;
  toRecord: (item: Item) => Output;
  log: (message: string) => void;
};

/**
 * Where a walk of a numbered list stands: the list's length (`total`) and order when page 0 was
 * read, the page size then, the length last seen (a newest-first list grows at its top, shifting
 * every row), how many rows of the anchored history were walked, newest first, and the last row
 * walked that could be read (its id and row number then).
 */
export const listedPosition = zod.object({
  order: zod.enum(['oldest', 'newest']),
  total: zod.number().int().nonnegative(),
  size: zod.number().int().positive(),
  count: zod.number().int().nonnegative(),
  done: zod.number().int().nonnegative(),
  last: zod.object({ key: zod.string(), row: zod.number().int().nonnegative() }).optional(),
});
export type ListedPosition = zod.infer<typeof listedPosition>;

/**
 * A numbered list in an undocumented order: page 0 reads its length and which end is newest
 * (oldest first, new rows appended; or newest first, new rows on top), then walks from the newest
 * row of that moment towards the oldest, by row number.
 */
export function listedHistorySource<Item, Output>(
  spec: ListedHistory<Item, Output>,
): BulkSource<ListedPosition, Output> {
  return {
    vendor: spec.vendor,
    position: listedPosition,
    read: async (from, budget) => {
      const pages = new Map<number, ListedPage<Item>>();
      const fetchPage = async (page: number, size: number, lengthSearch = false) => {
        const cached = pages.get(page);
        if (cached) return cached;
        if (!budget.mayRequest(size)) return null;
        const answer = await budget.request(() => spec.fetch(page, size, budget.timeLeft(), lengthSearch));
        if (answer !== null) budget.received(answer.bytes, answer.received);
        return answer;
      };

      let at: ListedPosition;
      if (from === null) {
        const first = await fetchPage(1, spec.pageSize);
        if (first === null)
          throw new Error(
            `${spec.vendor} could not be read within the first page of the transfer; start the transfer again.`,
          );
        let total = first.count ?? (first.end === true || first.received === 0 ? first.received : undefined);
        // A capped page shorter than asked, on a list longer than it: the vendor's own page size.
        const size =
          first.received > 0 && first.received < spec.pageSize && (total === undefined || first.received < total)
            ? first.received
            : spec.pageSize;
        // No length given: find the last page now, at the anchor, by doubling the page number
        // from a full page until one is past the end, then halving the gap (a few requests,
        // however long the list).
        let full = 1;
        let past: number | undefined;
        while (total === undefined) {
          const page = past === undefined ? full * 2 : Math.floor((full + past) / 2);
          if (page === full) {
            total = full * size;
            break;
          }
          const answer = await fetchPage(page, size, true);
          if (answer === null)
            throw new Error(
              `${spec.vendor} did not give the length of its list within the first page of the transfer; start the transfer again.`,
            );
          pages.set(page, answer);
          if (answer.received === 0) past = page;
          else if (answer.received < size || answer.end === true) total = (page - 1) * size + answer.received;
          else full = page;
        }
        pages.set(1, first);
        const items = first.rows.map((row) => row.item);
        const steps = items.slice(1).map((item, index) => Math.sign(spec.newer(items[index] as Item, item)));
        // Rows of one time (a tie) say nothing of the list's order: only the others decide.
        const order = steps.some((step) => step > 0) && steps.every((step) => step >= 0) ? 'newest' : 'oldest';
        if (steps.some((step) => step > 0) && steps.some((step) => step < 0)) {
          spec.log(
            `${spec.vendor} listed its purchase orders in no order of time: the transfer sends each once, from the end of the list where new ones appear.`,
          );
        }
        at = { order, total, size, count: total, done: 0 };
      } else {
        at = { ...from };
        const last = at.last;
        if (at.order === 'oldest' && last !== undefined) {
          // Rows that left the list, or were added, below the last row walked (anywhere, in a list
          // in no order) shifted the rows not yet walked: find that row (on its page, or across
          // the page's edge) and go on from where it is now.
          const pageOf = (row: number) => Math.floor(Math.max(0, row) / at.size) + 1;
          for (const number of new Set([pageOf(last.row), pageOf(last.row - 1), pageOf(last.row + 1)])) {
            const page = await fetchPage(number, at.size);
            if (page === null) return at;
            // The list as it is now: the walk reads on from these pages.
            pages.set(number, page);
            const found = page.rows.find((entry) => spec.key(entry.item) === last.key);
            if (found !== undefined) {
              at = { ...at, total: at.total + (number - 1) * at.size + found.index - last.row };
              break;
            }
          }
        }
      }

      while (at.done < at.total) {
        const shift = at.order === 'newest' ? at.count - at.total : 0;
        const row = at.order === 'newest' ? at.done + shift : at.total - 1 - at.done;
        const pageNumber = Math.floor(row / at.size) + 1;
        const page = await fetchPage(pageNumber, at.size);
        if (page === null) return at;
        if (at.order === 'newest' && page.count !== undefined && page.count !== at.count) {
          // Rows were added on top since: every row moved down; ask again where it is now.
          pages.clear();
          at = { ...at, count: page.count };
          continue;
        }
        const offset = row - (pageNumber - 1) * at.size;
        if (offset >= page.received) {
          spec.log(`${spec.vendor}'s list became shorter during the transfer (purchase orders removed): it ends here.`);
          return null;
        }
        const byIndex = new Map(page.rows.map((entry) => [entry.index, entry.item]));
        const left = at.total - at.done;
        const offsets =
          at.order === 'newest'
            ? Array.from({ length: Math.min(page.received - offset, left) }, (_, step) => offset + step)
            : Array.from({ length: Math.min(offset + 1, left) }, (_, step) => offset - step);
        for (const index of offsets) {
          const item = byIndex.get(index);
          if (item !== undefined && !budget.take(spec.toRecord(item))) return at;
          at = {
            ...at,
            done: at.done + 1,
            ...(item === undefined ? {} : { last: { key: spec.key(item), row: (pageNumber - 1) * at.size + index } }),
          };
        }
      }
      return null;
    },
  };
}
