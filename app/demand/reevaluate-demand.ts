import { dayNumber, isoDay } from '../../core/calendar/calendar-day.ts';
import { dailyRotation } from '../../core/calendar/daily-rotation.ts';
import { runPooled } from '../../core/concurrency/run-pooled.ts';
import { partsDue } from '../../core/demand/demand-watch.ts';
import type { DemandStore, DemandWatchList } from '../../core/ports/demand-store.ts';
import { countAction, PARTS_AT_ONCE, type RecomputeDeps, recomputePart } from './recompute-demand.ts';

/** What one re-evaluation run did. */
export interface DemandRunResult {
  /** Watched parts not decided today yet when the run started: the ones it takes. */
  readonly parts: number;
  readonly raised: number;
  readonly superseded: number;
  readonly withdrawn: number;
  readonly unchanged: number;
  /** Parts whose demand no longer changes with time, no longer watched. */
  readonly unwatched: number;
  /** Parts due but not started before the run's time ran out (the next hour's run takes them). */
  readonly notReached: number;
  /** Watched parts decided today already (by a recompute or an earlier run), left alone. */
  readonly upToDate: number;
  /** Watched parts last decided before yesterday when the run started: a whole day went by without a decision. */
  readonly overdue: number;
  /** Parts that could not be re-decided (the next run tries again), with what went wrong. */
  readonly failed: readonly { readonly partNumber: string; readonly error: string }[];
}

export interface ReevaluateDemandDeps extends RecomputeDeps {
  readonly store: DemandStore & DemandWatchList;
  /** Milliseconds the run has left (a Lambda's remaining time); no part starts with less than a minute left. */
  readonly remainingMs?: () => number;
}

/** Time a part may take at most: a few reads and two writes, retried. */
const PART_RESERVE_MS = 60_000;

/**
 * The demand re-evaluation: re-decides every watched part not decided today yet as the stream recompute would,
 * so what only time changes reaches the signal (an order due beyond the lead time comes within it, web interest
 * leaves its window, a passed due date becomes today's demand), and ends the watch of parts where nothing can
 * change with time any more. It runs every hour: the day's first run takes every watched part, later runs only
 * what is left (a run that ran out of time, parts watched since by a backfill), so the parts one day can reach
 * are those of 24 Lambda runs. Parts are found through the watch index (one Query per 1 MB page), never by
 * scanning the table. One part failing does not stop the others; it is reported and the next run tries it again.
 * A run whose time runs out starts no further part and says how many it did not reach; each day starts at
 * another part.
 */
export const reevaluateDemand = async (deps: ReevaluateDemandDeps): Promise<DemandRunResult> => {
  const today = isoDay(deps.now());
  const { due, upToDate, overdue } = partsDue(await deps.store.watchedParts(), today);
  const parts = dailyRotation(due, dayNumber(today));
  const counts = { raised: 0, superseded: 0, withdrawn: 0, unchanged: 0, unwatched: 0, notReached: 0 };
  const failed: { partNumber: string; error: string }[] = [];
  await runPooled(parts, deps.partsAtOnce ?? PARTS_AT_ONCE, async (partNumber) => {
    if (deps.remainingMs && deps.remainingMs() < PART_RESERVE_MS) {
      counts.notReached += 1;
      return;
    }
    try {
      const { action, watch } = await recomputePart(partNumber, [], deps, 'unwatch');
      countAction(counts, action);
      if (watch === 'unwatched') counts.unwatched += 1;
    } catch (err: unknown) {
      failed.push({ partNumber, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
    }
  });
  return { parts: parts.length, ...counts, upToDate, overdue, failed };
};
