import { runPooled } from '../../core/concurrency/run-pooled.ts';
import type { StoreBackend } from '../../core/ports/store-backend.ts';
import type { StoreItemsReader } from '../../core/ports/store-items.ts';
import {
  type CoverageDue,
  CoverageDueItemSchema,
  coverageDueKey,
  coverageDuePartition,
  coverageSweepDays,
  decideDueCoverage,
} from '../../core/reactions/coverage-due.ts';
import {
  backoffDelayMs,
  type RetryPolicy,
  type RetryTiming,
  sleepMs,
} from '../../core/retry/retry-policy.ts';
import { DEFAULT_REACTIONS_CONFIG, type ReactionsConfig } from '../../schemas/config/reactions-config.ts';
import { locateInstalledProduct } from './current-installed-product.ts';
import { fileStoredCoverageOnce, type StoredCoverageFiling } from './file-stored-coverage.ts';
import { writeDecisionOnce } from './write-decision.ts';

/** What one coverage sweep did. */
export interface CoverageSweepResult {
  /** End days read (today through the end of the notice window). */
  readonly days: number;
  /** Due items found in them. */
  readonly due: number;
  /** Notices decided now. */
  readonly noticed: number;
  /** Notices decided before (by a change of the record, or an earlier sweep whose clean-up did not finish). */
  readonly alreadyNoticed: number;
  /** Units whose coverage no longer ends that day (renewed, extended, ended): nothing sent. */
  readonly changed: number;
  /** Units deleted at the source or whose customer was erased: nothing sent. */
  readonly gone: number;
  /**
   * Units a restructuring split over several commits was still moving to another customer after the run had read
   * them a few times (their locator named the partition they had left): nothing decided, the due item stays and the
   * next run decides it. A unit still moving day after day belongs to a restructuring that stopped half-way.
   */
  readonly moving: number;
  /** Due items not started before the run's time ran out (the next run finds them again). */
  readonly notReached: number;
  /** Due items that could not be decided (the next run tries again), with what went wrong. */
  readonly failed: readonly { readonly recordKey: string; readonly endsOn: string; readonly error: string }[];
  /** The one-off filing of units stored before due items existed, when the run was given the store to read. */
  readonly storedUnits?: StoredCoverageFiling;
}

export interface SweepCoverageDeps {
  readonly backend: StoreBackend;
  readonly now: () => Date;
  readonly config?: ReactionsConfig;
  /** Milliseconds the run has left (a Lambda's remaining time); no item starts with less than a minute left. */
  readonly remainingMs?: () => number;
  /** Due items decided at once. Default 8. */
  readonly itemsAtOnce?: number;
  /** The whole store, read once to file the units stored before due items existed (`fileStoredCoverageOnce`). */
  readonly storedItems?: StoreItemsReader;
  /** How a unit read while it was moving waits before it is read again; tests pass one that does not wait. */
  readonly timing?: RetryTiming;
}

/** Time an item may take at most: two point reads and two writes, retried. */
const ITEM_RESERVE_MS = 60_000;
const ITEMS_AT_ONCE = 8;
/** Time the one-off filing pass leaves the sweep of the same run. */
const SWEEP_RESERVE_MS = 120_000;
/**
 * A restructuring split over several commits moves a customer's records in seconds, so the units read while moving
 * are read again after the others, in up to three more rounds with a pause before each (about 14 s in all, however
 * many units): a unit whose coverage ends today would otherwise get no notice at all, as tomorrow's run no longer
 * reads today's end day. The pauses are the run's, not each unit's, so a restructuring that stopped half-way with
 * thousands of units costs a run seconds, not hours.
 */
const MOVING_ROUNDS: RetryPolicy = { maxAttempts: 4, baseDelayMs: 2_000, maxDelayMs: 8_000 };

/**
 * The daily coverage sweep: notices warranties and contracts whose end has entered the notice window with no change
 * of their unit's record. It reads the due items of every end day from today through the end of the window (one
 * Query per day, so a missed run, a failed item or a changed `expiryNoticeDays` is caught up by the next run),
 * decides each on the unit's current record exactly as the change stream does, once per reaction key, and then
 * deletes the due item. One item failing does not stop the others; it stays and the next run tries it again. A unit
 * a restructuring is moving between customers right then (its record item gone from where its locator still points)
 * is read again after the others, a few rounds; one still moving is left due, for the next run to decide where the
 * unit then is.
 */
export const sweepCoverage = async (deps: SweepCoverageDeps): Promise<CoverageSweepResult> => {
  const config = deps.config ?? DEFAULT_REACTIONS_CONFIG;
  const now = deps.now();
  // First, once per store: units stored before due items existed, so this very run notices those already due.
  const storedUnits = deps.storedItems
    ? await fileStoredCoverageOnce({
        backend: deps.backend,
        storedItems: deps.storedItems,
        now: () => now,
        ...(deps.remainingMs ? { remainingMs: deps.remainingMs } : {}),
        reserveMs: SWEEP_RESERVE_MS,
      })
    : undefined;
  const days = coverageSweepDays(now, config);
  const due: CoverageDue[] = [];
  for (const day of days) {
    for (const item of await deps.backend.readPartition(coverageDuePartition(day))) {
      const parsed = CoverageDueItemSchema.safeParse(item);
      if (parsed.success) due.push(parsed.data);
    }
  }
  const counts = { noticed: 0, alreadyNoticed: 0, changed: 0, gone: 0, moving: 0, notReached: 0 };
  const failed: { recordKey: string; endsOn: string; error: string }[] = [];
  const decide = async (item: CoverageDue): Promise<'moving' | 'done'> => {
    const where = await locateInstalledProduct(deps.backend, item.recordKey);
    // Neither gone nor decidable yet: taken for gone, its due item would go while the unit lives on elsewhere.
    if (where.kind === 'moving') return 'moving';
    const current = where.kind === 'at' ? where.unit : undefined;
    const decision = decideDueCoverage({ due: item, current, now, config });
    if (decision.outcome === 'notice') {
      const decided = await writeDecisionOnce(
        deps.backend,
        { detailType: 'WarrantyExpiring', payload: decision.notice },
        { decidedAt: now.toISOString(), writtenAt: now },
      );
      if (decided) counts.noticed += 1;
      else counts.alreadyNoticed += 1;
    } else counts[decision.outcome] += 1;
    // Only once decided: a due item left behind by a failure is found again by the next run.
    await deps.backend.writeEach([{ op: 'delete', key: coverageDueKey(item.recordKey, item) }]);
    return 'done';
  };
  const hasTimeToWait = () =>
    deps.remainingMs === undefined || deps.remainingMs() >= ITEM_RESERVE_MS + MOVING_ROUNDS.maxDelayMs;
  let pending = due;
  for (let round = 1; pending.length > 0; round++) {
    const moving: CoverageDue[] = [];
    await runPooled(pending, deps.itemsAtOnce ?? ITEMS_AT_ONCE, async (item) => {
      if (deps.remainingMs && deps.remainingMs() < ITEM_RESERVE_MS) {
        counts.notReached += 1;
        return;
      }
      try {
        if ((await decide(item)) === 'moving') moving.push(item);
      } catch (err: unknown) {
        failed.push({
          recordKey: item.recordKey,
          endsOn: item.endsOn,
          error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
        });
      }
    });
    if (moving.length === 0 || round === MOVING_ROUNDS.maxAttempts || !hasTimeToWait()) {
      counts.moving = moving.length;
      break;
    }
    await (deps.timing?.sleep ?? sleepMs)(backoffDelayMs(MOVING_ROUNDS, round, deps.timing?.random));
    pending = moving;
  }
  return { days: days.length, due: due.length, ...counts, failed, ...(storedUnits ? { storedUnits } : {}) };
};
