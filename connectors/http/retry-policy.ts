import * as z from 'zod';

/**
 * A connector's `retry` config: the shared `RetryPolicy` of core/retry, with defaults that suit an ERP that
 * throttles with 429 + Retry-After.
 */
export const RetryPolicySchema = z.strictObject({
  /** Attempts in total, the first included. */
  maxAttempts: z.number().int().min(1).max(20).default(6),
  /** Delay before the first retry; doubled each attempt, then jittered. */
  baseDelayMs: z.number().int().min(0).default(500),
  /** No single wait (Retry-After included) is longer than this. */
  maxDelayMs: z.number().int().min(0).default(60_000),
});

/** Statuses worth another attempt: throttling and server-side trouble, never a client mistake. */
export const isRetryableStatus = (status: number): boolean =>
  status === 429 || status === 408 || (status >= 500 && status <= 599);

/** Parses `Retry-After` (delta-seconds or an HTTP date) into milliseconds from `now`. */
export const parseRetryAfter = (value: string | undefined, now: number): number | undefined => {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
};
