import type { ReactionRecord } from '../../../schemas/api/reactions.ts';

/** A part ERP received demand signals for, with the latest one. */
export interface PartWithSignals {
  readonly partNumber: string;
  /** What ERP got last for the part ("Planned order 9 × CP-8040 by …", or the withdrawal). */
  readonly latest: string;
  readonly at: string;
  readonly withdrawn: boolean;
  readonly signals: number;
}

const DEMAND_KINDS = new Set(['demandSignal', 'demandWithdrawal']);

/**
 * The parts in a page of the reactions feed (newest first) that ERP received planned orders or their
 * withdrawals for, each once with its latest, ordered by most recent.
 */
export const partsWithSignals = (reactions: readonly ReactionRecord[]): PartWithSignals[] => {
  const byPart = new Map<string, PartWithSignals>();
  for (const r of reactions) {
    if (!r.partNumber || !DEMAND_KINDS.has(r.kind)) continue;
    const known = byPart.get(r.partNumber);
    if (known) {
      byPart.set(r.partNumber, { ...known, signals: known.signals + 1 });
      continue;
    }
    byPart.set(r.partNumber, {
      partNumber: r.partNumber,
      latest: r.summary,
      at: r.at,
      withdrawn: r.kind === 'demandWithdrawal',
      signals: 1,
    });
  }
  return [...byPart.values()];
};
