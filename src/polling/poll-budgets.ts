/**
 * Every margin, lookback and budget a polling trigger uses, each in one place with its reason
 * (docs/decisions.md, "Polling"). A vendor folder picks a named margin; it never restates a number.
 */

/** Time a poll may spend: Zapier stops a perform at 30 s, and saving the state needs the rest. */
export const POLL_TIME_BUDGET_MS = 25_000;

/** A request is not started with less time left than this: it could not finish. */
export const MIN_REQUEST_MS = 1_000;

/** Response bytes a poll reads: Zapier's limit on a poll's HTTP payload is 20 MB. */
export const RESPONSE_BYTE_BUDGET = 15 * 1024 * 1024;

/** JSON bytes of the records a poll returns (the turn-on's included): Zapier's limit is 20 MB. */
export const OUTPUT_BYTE_BUDGET = 15 * 1024 * 1024;

/**
 * Requests a poll makes at most. Not a cap on records (a 5,000-record burst in 500-row pages is 10
 * requests): it protects a vendor's quota from pages that bring nothing the trigger keeps. 30 a
 * poll, polled every minute all day, stays under the strictest daily quota we meet (50,000).
 */
export const MAX_REQUESTS_PER_POLL = 30;

/** Records the Zap editor's sample holds at most; the editor shows three. */
export const SAMPLE_SIZE = 10;

/** How long a Zap's polling state is kept; every poll writes it again, so only a Zap off this long loses it. */
export const STATE_TTL_SECONDS = 7 * 24 * 60 * 60;

/**
 * How long one poll holds its Zap's state: longer than any perform runs (Zapier stops it at 30 s),
 * so a second poll of the Zap meanwhile stands aside, and a poll that died frees it soon after.
 */
export const STATE_LOCK_TTL_SECONDS = 60;

/**
 * How far back a poll with no stored progress (state lost, damaged or from another version) looks:
 * what it reads again Zapier's dedupe drops; what is older than this was delivered before the loss.
 */
export const FALLBACK_LOOKBACK_MS = 24 * 60 * 60 * 1000;

/**
 * How far before the last sweep's start (and before turn-on) a time-filtered sweep reads again.
 * Every vendor gets one: a record stamped before it is listed (replication lag, clocks apart)
 * still fires once; what is read twice keeps its id, so Zapier drops the repeat.
 */
export const MARGINS = {
  /** A vendor's clock against Zapier's, and a write listed shortly after it is stamped. */
  replication: 60_000,
  /**
   * A time filter of minute resolution whose "after" may exclude the whole minute named: the
   * replication margin plus that minute.
   */
  minuteFilter: 2 * 60_000,
} as const;

export type MarginName = keyof typeof MARGINS;
