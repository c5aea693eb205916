import { type TimeBudget, timeBudgetOf } from '../../connectors/kit/time-budget.ts';

/** A page still running this close to the function's timeout is aborted, so the run releases its lease itself. */
export const ABORT_BEFORE_TIMEOUT_MS = 5_000;

/**
 * The time budget of one function invocation and a signal that aborts the sync shortly before the timeout:
 * the budget stops starting pages early, the signal cuts a page that runs long, and either way the sync's
 * own cleanup (checkpoint, status, lease release) still runs inside the invocation.
 */
export const invocationDeadline = (
  remainingMs: number,
  now: () => number = Date.now,
): { readonly timeBudget: TimeBudget; readonly signal: AbortSignal } => ({
  timeBudget: timeBudgetOf(remainingMs, now),
  signal: AbortSignal.timeout(Math.max(0, remainingMs - ABORT_BEFORE_TIMEOUT_MS)),
});
