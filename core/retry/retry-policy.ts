/**
 * The one retry policy of hub360: how many attempts an operation gets and how long it waits between
 * them. Connectors (HTTP), store writes (DynamoDB), event publishing (EventBridge) and the local bus all
 * back off with {@link backoffDelayMs}. Throttling the AWS SDK already retries is left to the SDK.
 * (A rule target's retry policy — EventBridge's MaximumRetryAttempts and event age — is another thing:
 * `RuleTargetRetryPolicy` in the topology.)
 */
export interface RetryPolicy {
  /** Attempts in total, the first included. */
  readonly maxAttempts: number;
  /** Ceiling of the first wait; doubled for every further retry. */
  readonly baseDelayMs: number;
  /** No single wait (a server's Retry-After included) is longer than this. */
  readonly maxDelayMs: number;
}

/**
 * The wait before retry number `retry` (1-based): exponential backoff with jitter, between half and all
 * of `baseDelayMs × 2^(retry-1)` (capped at `maxDelayMs`). Jitter spreads retries of callers that failed
 * together; the lower half keeps a retry from following the failure at once. Never shorter than
 * `atLeastMs` (what a server asked for), never longer than `maxDelayMs`.
 */
export const backoffDelayMs = (
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  retry: number,
  random: () => number = Math.random,
  atLeastMs = 0,
): number => {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(retry - 1, 0));
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return Math.min(policy.maxDelayMs, Math.max(jittered, atLeastMs));
};

/** Resolves after `ms` milliseconds (the default sleep of every retry loop). */
// Stryker disable next-line ArrowFunction: a static mutant (made when the module loads; the config leaves static mutants out, this survivor is a result reused from before that), killed by hand by retry-policy.test.ts ("resolves once its time has passed on the timer, not before")
export const sleepMs = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Thrown when an operation still asked for another try after every attempt of its policy. */
export class RetriesExhaustedError extends Error {
  override readonly name = 'RetriesExhaustedError';
}

/** Marker an attempt returns to ask for another try. */
export const RETRY: unique symbol = Symbol('retry');

/** How {@link withRetries} waits; injectable so tests run retries without waiting. */
export interface RetryTiming {
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/**
 * Runs `attempt` (given the 1-based attempt number) until it returns a value instead of {@link RETRY},
 * backing off between tries; throws {@link RetriesExhaustedError} naming `what` when the policy runs out.
 */
export const withRetries = async <T>(
  policy: RetryPolicy,
  what: string,
  attempt: (n: number) => Promise<T | typeof RETRY>,
  timing: RetryTiming = {},
): Promise<T> => {
  const sleep = timing.sleep ?? sleepMs;
  for (let n = 1; n <= policy.maxAttempts; n++) {
    const result = await attempt(n);
    if (result !== RETRY) return result as T;
    if (n < policy.maxAttempts) await sleep(backoffDelayMs(policy, n, timing.random));
  }
  throw new RetriesExhaustedError(`${what}: still failing after ${policy.maxAttempts} attempts`);
};
