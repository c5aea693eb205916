/** Backoff settings for throttled or conflicting DynamoDB requests. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Full-jitter exponential backoff: attempt n waits a random time up to base × 2^n. */
export const backoffDelay = (
  attempt: number,
  baseDelayMs: number,
  random: () => number = Math.random,
): number => Math.round(random() * baseDelayMs * 2 ** Math.min(attempt, 10));

/** Thrown when a request kept being throttled or conflicting after every attempt. */
export class RetriesExhaustedError extends Error {
  override readonly name = 'RetriesExhaustedError';
}

/** Runs `attempt` until it returns a value (not `retry`), backing off between tries. */
export const withBackoff = async <T>(
  policy: RetryPolicy,
  what: string,
  attempt: (n: number) => Promise<T | typeof RETRY>,
): Promise<T> => {
  const sleep = policy.sleep ?? defaultSleep;
  for (let n = 0; n < policy.maxAttempts; n++) {
    const result = await attempt(n);
    if (result !== RETRY) return result as T;
    await sleep(backoffDelay(n, policy.baseDelayMs));
  }
  throw new RetriesExhaustedError(
    `${what}: still throttled or conflicting after ${policy.maxAttempts} attempts`,
  );
};

/** Marker an attempt returns to ask for another try. */
export const RETRY: unique symbol = Symbol('retry');
