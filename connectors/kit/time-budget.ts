/** How much time a run has left; on Lambda, the invocation's remaining time. */
export interface TimeBudget {
  remainingMs(): number;
}

/** No limit (CLI runs, tests that do not exercise the budget). */
export const unlimitedTimeBudget: TimeBudget = { remainingMs: () => Number.POSITIVE_INFINITY };

/** A budget of `ms` from now on the given clock. */
export const timeBudgetOf = (ms: number, now: () => number): TimeBudget => {
  const deadline = now() + ms;
  return { remainingMs: () => deadline - now() };
};
