import * as z from 'zod';
import type { DemandConfig } from '../../schemas/config/demand-config.ts';
import type { DemandSignalState } from '../../schemas/entities/demand-signal.ts';
import { IsoDateSchema, PartNumberSchema } from '../../schemas/entities/source.ts';
import { addDays } from '../calendar/calendar-day.ts';
import { keys } from '../items/keys.ts';
import type { Item } from '../items/record-items.ts';
import { byPartitionIndex } from '../items/table-attributes.ts';
import type { PartDemandSnapshot, WatchedPart } from '../ports/demand-store.ts';
import { computePartDemand } from './compute-demand.ts';
import type { DemandSignalDecision } from './evaluate-demand-signal.ts';

/**
 * A part's demand signal can change with no record changing: an order due beyond the lead time comes within it,
 * web interest leaves its window, a passed due date turns into today. Parts where that can happen are *watched*:
 * a watch item beside the part's signal lists them in one index partition, and the daily re-evaluation
 * (`demand-reevaluate`) re-decides each of them once a day. It is written by the recompute at most once a day per
 * part and removed by the re-evaluation once nothing about the part can change with time. Its `seenOn` is the day
 * the part was last decided: the re-evaluation runs every hour and takes only parts not decided today yet, so a
 * run that runs out of time leaves the rest to the next hour's.
 */

/** Sort key of a part's watch item, beside its product, stock and signal state. */
export const DEMAND_WATCH_SK = 'DEMAND-WATCH';

/** The index partition (gsi1) listing every watched part, sorted by part number. */
export const DEMAND_WATCH_INDEX_PK = 'DEMAND-WATCH';

export const DemandWatchItemSchema = z.object({
  kind: z.literal('demandWatch'),
  partNumber: PartNumberSchema,
  /** The day (UTC, YYYY-MM-DD) a recompute or the re-evaluation last found the part's demand time-dependent. */
  seenOn: IsoDateSchema,
});
export type DemandWatchItem = z.infer<typeof DemandWatchItemSchema>;

/** The key of a part's watch item. */
export const demandWatchItemKey = (partNumber: string) => ({
  pk: keys.product(partNumber),
  sk: DEMAND_WATCH_SK,
});

/** The watch item of a part seen on `seenOn`, listed in the watch partition of gsi1. */
export const buildDemandWatchItem = (partNumber: string, seenOn: string): Item => ({
  ...demandWatchItemKey(partNumber),
  kind: 'demandWatch',
  partNumber,
  seenOn,
  [byPartitionIndex.partitionKey]: DEMAND_WATCH_INDEX_PK,
  [byPartitionIndex.sortKey]: partNumber,
});

/** What a re-evaluation run on `today` does with the watched parts. */
export interface PartsDue {
  /** Parts not decided today yet, in the order listed. */
  readonly due: readonly string[];
  /** Parts decided today already (by a recompute or an earlier run): nothing to do until tomorrow. */
  readonly upToDate: number;
  /** Parts last decided before yesterday: a whole day passed without a decision. */
  readonly overdue: number;
}

/** Splits the watched parts into those a run on `today` (YYYY-MM-DD) re-decides and those already decided today. */
export const partsDue = (watched: readonly WatchedPart[], today: string): PartsDue => {
  const yesterday = addDays(today, -1);
  const due = watched.filter((part) => part.seenOn < today).map((part) => part.partNumber);
  return {
    due,
    upToDate: watched.length - due.length,
    overdue: watched.filter((part) => part.seenOn < yesterday).length,
  };
};

/**
 * The `seenOn` of a part watched because history named it (a backfill change, which decides nothing): the day
 * before `today`, so the next run decides it like any part not decided today.
 */
export const undecidedSince = (today: string): string => addDays(today, -1);

/** The signal as it stands after a decision: the decision's next state, or the stored one when nothing changed. */
const signalAfter = (
  snapshot: PartDemandSnapshot,
  decision: DemandSignalDecision,
): DemandSignalState | undefined => (decision.action === 'none' ? snapshot.signal : decision.next);

/**
 * Whether time alone can change the part's signal: it has demand (an open order or quote line, web interest
 * inside its window), whatever its date, or an open signal that the passing of time may withdraw.
 */
export const changesWithTime = (
  snapshot: PartDemandSnapshot,
  decision: DemandSignalDecision,
  config: DemandConfig,
  now: Date,
): boolean =>
  signalAfter(snapshot, decision)?.status === 'open' ||
  computePartDemand(snapshot.partNumber, snapshot.inputs, config, now).evidence.length > 0;
