/** How much time a run has left; on Lambda, the invocation's remaining time. */
export interface TimeBudget {
  remainingMs(): number;
}

/** No limit (CLI runs, tests that do not exercise the budget). */
// Stryker disable next-line ArrowFunction: a static mutant (made when the module loads; the config leaves static mutants out, the ed90e78 run predates that); time-budget.test.ts calls it.
export const unlimitedTimeBudget: TimeBudget = { remainingMs: () => Number.POSITIVE_INFINITY };

/** A budget of `ms` from now on the given clock. */
export const timeBudgetOf = (ms: number, now: () => number): TimeBudget => {
  const deadline = now() + ms;
  return { remainingMs: () => deadline - now() };
};
