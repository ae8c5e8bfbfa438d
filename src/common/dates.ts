import { z as zod } from 'zod';

/** An ISO-8601 timestamp that states its zone (Z or an offset). */
export const TIMESTAMP_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
// The numbers of a date or a zoned timestamp, each checked against the calendar by isRealDate.
const DATE_PARTS = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:Z|[+-](\d{2}):?(\d{2})))?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/**
 * Whether the date exists on the calendar: Date.parse takes "2025-02-30" for March 2nd. Hours
 * run 00-23, minutes and seconds 00-59, and a zone offset at most 23:59.
 */
function isRealDate(value: string): boolean {
  const parts = DATE_PARTS.exec(value);
  if (!parts) return false;
  const [year, month, day, hour = 0, minute = 0, second = 0, offsetHours = 0, offsetMinutes = 0] = parts
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  return (
    month !== undefined &&
    month >= 1 &&
    month <= 12 &&
    day !== undefined &&
    day >= 1 &&
    day <= daysInMonth(year ?? 0, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59
  );
}

const LEADING_DATE = /^\d{4}-\d{2}-\d{2}/;

/** Text kept as the vendor wrote it may be anything, but text that starts as a date must be on the calendar. */
export function startsWithRealDateIfAny(value: string): boolean {
  if (!LEADING_DATE.test(value)) return true;
  return isRealDate(DATE_PARTS.test(value) ? value : value.slice(0, 10));
}

/** True for a real timestamp that says its zone: a zone is never guessed. */
export function isZonedTimestamp(value: string): boolean {
  return TIMESTAMP_WITH_ZONE.test(value) && isRealDate(value);
}

/** An ISO-8601 timestamp that carries its zone ("2025-02-23T09:17:40.288Z"), kept as sent. */
export const isoTimestampSchema = zod.string().refine(isZonedTimestamp, {
  error: 'must be an ISO-8601 timestamp with a time zone, on the calendar, such as "2025-02-23T09:17:40Z"',
});

/** True for "YYYY-MM-DD" or a zoned timestamp, naming a real day. */
export function isIsoDateOrTimestamp(value: string): boolean {
  return (DATE_ONLY.test(value) || TIMESTAMP_WITH_ZONE.test(value)) && isRealDate(value);
}

/** A calendar date, either "YYYY-MM-DD" or a zoned timestamp whose local date is meant. */
export const isoDateOrTimestampSchema = zod.string().refine(isIsoDateOrTimestamp, {
  error: 'must be a date on the calendar such as "2025-02-23", or an ISO-8601 timestamp',
});

/** The date as the vendor wrote it: the first ten characters of a date or a zoned timestamp; null stays null. */
export function toIsoDate(value: string | null): string | null {
  return value === null ? null : value.slice(0, 10);
}
