import * as z from 'zod';
import type { Clock } from '../../core/ports/clock.ts';

/** A source's request budget: at most `requestsPerSecond` on average, `burst` at once. */
export const RateBudgetSchema = z.strictObject({
  requestsPerSecond: z.number().positive().max(10_000).default(10),
  burst: z.number().int().min(1).max(10_000).default(5),
});
export type RateBudget = z.infer<typeof RateBudgetSchema>;

/** Hands out permission to send one request; waits (on the injected clock) until the budget allows it. */
export interface RequestBudget {
  take(signal?: AbortSignal): Promise<void>;
}

/**
 * A token bucket: it starts full (`burst` tokens) and refills continuously at `requestsPerSecond`, so in
 * any window of t seconds no more than `burst + t * requestsPerSecond` requests go out.
 */
export const createTokenBucket = (budget: RateBudget, clock: Clock): RequestBudget => {
  let tokens = budget.burst;
  let refilledAt = clock.now();
  const refill = () => {
    const now = clock.now();
    tokens = Math.min(budget.burst, tokens + ((now - refilledAt) / 1000) * budget.requestsPerSecond);
    refilledAt = now;
  };
  // Callers are serialised so two waiting requests cannot both claim the same refilled token.
  let queue: Promise<void> = Promise.resolve();
  const takeOne = async (signal?: AbortSignal) => {
    refill();
    while (tokens < 1) {
      await clock.sleep(Math.ceil(((1 - tokens) / budget.requestsPerSecond) * 1000), signal);
      refill();
    }
    tokens -= 1;
  };
  return {
    take: (signal) => {
      const turn = queue.then(() => takeOne(signal));
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
};
