import { z as zod } from 'zod';

/** An ISO-8601 timestamp that states its zone (Z or an offset). */
export const TIMESTAMP_WITH_ZONE =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(value: string): boolean {
  return !Number.isNaN(Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value));
}

/** True for a real timestamp that says its zone: a zone is never guessed. */
export function isZonedTimestamp(value: string): boolean {
  return TIMESTAMP_WITH_ZONE.test(value) && isRealDate(value);
}

/** An ISO-8601 timestamp that carries its zone ("2025-02-23T09:17:40.288Z"), kept as sent. */
export const isoTimestampSchema = zod
  .string()
  .refine(isZonedTimestamp, {
    error: 'must be an ISO-8601 timestamp with a time zone, such as "2025-02-23T09:17:40Z"',
  });

/** True for "YYYY-MM-DD" or a zoned timestamp, naming a real day. */
export function isIsoDateOrTimestamp(value: string): boolean {
  return (DATE_ONLY.test(value) || TIMESTAMP_WITH_ZONE.test(value)) && isRealDate(value);
}

/** A calendar date, either "YYYY-MM-DD" or a zoned timestamp whose local date is meant. */
export const isoDateOrTimestampSchema = zod
  .string()
  .refine(isIsoDateOrTimestamp, {
    error: 'must be a date such as "2025-02-23" or an ISO-8601 timestamp',
  });

/** The date as the vendor wrote it: the first ten characters of a date or a zoned timestamp; null stays null. */
export function toIsoDate(value: string | null): string | null {
  return value === null ? null : value.slice(0, 10);
}
