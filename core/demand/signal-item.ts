import * as z from 'zod';
import { DemandSignalStateSchema } from '../../schemas/entities/demand-signal.ts';
import { keys } from '../items/keys.ts';
import type { Item } from '../items/record-items.ts';
import type { SignalChange } from '../ports/demand-store.ts';

/** Sort key of a part's demand-signal state, beside its product and stock records. */
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
