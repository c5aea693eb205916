import { isoDay } from '../../core/calendar/calendar-day.ts';
import { runPooled } from '../../core/concurrency/run-pooled.ts';
import { affectedParts, changedOrdersByPart, historyParts } from '../../core/demand/affected-parts.ts';
import { decidePartSignal } from '../../core/demand/decide-part-signal.ts';
import { changesWithTime, undecidedSince } from '../../core/demand/demand-watch.ts';
import type { DemandSignalDecision } from '../../core/demand/evaluate-demand-signal.ts';
import type { ChangeRecord } from '../../core/events/change-record.ts';
import type { DemandStore, OrderRef } from '../../core/ports/demand-store.ts';
import type { DemandConfig } from '../../schemas/config/demand-config.ts';

/** What one recompute did, per part. */
export interface RecomputeResult {
  readonly parts: number;
  readonly raised: number;
  readonly superseded: number;
  readonly withdrawn: number;
  readonly unchanged: number;
  /** Parts only history named, newly watched so the next re-evaluation run decides them. */
  readonly watchedFromHistory: number;
}

export interface RecomputeDeps {
  readonly store: DemandStore;
  readonly config: DemandConfig;
  readonly now: () => Date;
  /** Re-reads after a lost race before giving up (the stream then redelivers the batch). */
  readonly maxAttempts?: number;
  /** Parts re-decided at once; each is a few reads and at most two writes of its own. @default 8 */
  readonly partsAtOnce?: number;
}

/** Parts re-decided at once by default: enough to keep the store busy, few enough for one Lambda's sockets. */
export const PARTS_AT_ONCE = 8;

/** Thrown when a part's signal kept changing under us; the batch is retried by the stream. */
export class DemandRecomputeConflictError extends Error {
  override readonly name = 'DemandRecomputeConflictError';
}

/**
 * Re-decides the demand signal of every part a batch of table changes touches, and stores the new
 * state only when the decision changes it (conditional on the state it was decided on), so concurrent
 * recomputes and redelivered batches never raise a signal twice. The change feed announces the write.
 * Parts are independent (each has its own signal and its own condition), so several are re-decided at once;
 * after a failure no further part starts and the batch fails, to be delivered again. Parts that only history
 * names are not decided here but watched (`historyParts`), so the next re-evaluation run decides them.
 */
export const recomputeDemand = async (
  changes: readonly ChangeRecord[],
  deps: RecomputeDeps,
): Promise<RecomputeResult> => {
  const counts = { parts: 0, raised: 0, superseded: 0, withdrawn: 0, unchanged: 0, watchedFromHistory: 0 };
  const changedOrders = changedOrdersByPart(changes);
  const parts = affectedParts(changes);
  await runPooled(parts, deps.partsAtOnce ?? PARTS_AT_ONCE, async (partNumber) => {
    counts.parts += 1;
    const { action } = await recomputePart(partNumber, changedOrders.get(partNumber) ?? [], deps, 'watch');
    countAction(counts, action);
  });
  const decided = new Set(parts);
  const history = historyParts(changes).filter((part) => !decided.has(part));
  if (history.length > 0)
    counts.watchedFromHistory = await deps.store.watchUnwatched(history, undecidedSince(isoDay(deps.now())));
  return counts;
};

/** Signal actions by kind, as a recompute or the daily run reports them. */
export interface ActionCounts {
  raised: number;
  superseded: number;
  withdrawn: number;
  unchanged: number;
}

/** Counts one part's signal action. */
export const countAction = (counts: ActionCounts, action: DemandSignalDecision['action']): void => {
  if (action === 'raise') counts.raised += 1;
  else if (action === 'supersede') counts.superseded += 1;
  else if (action === 'withdraw') counts.withdrawn += 1;
  else counts.unchanged += 1;
};

/** What re-deciding one part did: the signal action, and the part's watch afterwards. */
export interface PartOutcome {
  readonly action: DemandSignalDecision['action'];
  readonly watch: 'watched' | 'unwatched' | 'unchanged';
}

/**
 * Re-decides one part's signal and keeps its watch (`core/demand/demand-watch.ts`): a part whose demand can
 * change with time is marked seen today (one write a day at most). Only the daily re-evaluation (`unwatch`)
 * ends a watch, one not seen today and only if still not seen since its read: a recompute that sees new demand
 * moves the day on, so the removal's condition fails or the recompute writes the watch again after it.
 */
export const recomputePart = async (
  partNumber: string,
  changedOrders: readonly OrderRef[],
  deps: RecomputeDeps,
  mode: 'watch' | 'unwatch',
): Promise<PartOutcome> => {
  const attempts = deps.maxAttempts ?? 5;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const snapshot = await deps.store.readPart(partNumber, changedOrders);
    const now = deps.now();
    const decision = decidePartSignal(snapshot, deps.config, now);
    if (decision.action !== 'none') {
      const saved = await deps.store.saveSignal(partNumber, snapshot.signal, decision);
      if (saved === 'conflict') continue;
    }
    const today = isoDay(now);
    let watch: PartOutcome['watch'] = 'unchanged';
    if (changesWithTime(snapshot, decision, deps.config, now)) {
      if (snapshot.watchedOn !== today) {
        await deps.store.watch(partNumber, today);
        watch = 'watched';
      }
    } else if (mode === 'unwatch' && snapshot.watchedOn !== undefined && snapshot.watchedOn !== today) {
      // Not a watch seen today: a recompute that saw new demand after this read, and found the watch already
      // seen today, writes nothing, and this removal would end the watch under it.
      if ((await deps.store.unwatch(partNumber, snapshot.watchedOn)) === 'removed') watch = 'unwatched';
    }
    return { action: decision.action, watch };
  }
  throw new DemandRecomputeConflictError(
    `demand signal of part ${partNumber} changed concurrently ${attempts} times in a row`,
  );
};
