import type { ReactionDelivery, ReactionRecord, ReactionSystem } from '../../schemas/api/reactions.ts';
import type { ReactionMovement, ReactionSubject } from './reaction-record.ts';
import { successMeans } from './rule-outcomes.ts';

/**
 * The closed-loop report is kept as running tallies, updated whenever a ledger entry changes, so reading it
 * costs one request per rule however long the hub has run. This module is the arithmetic: what one entry
 * contributes to its rule's tally, and the difference a change of the entry makes.
 */

/** A ledger entry as stored: the record may be missing while only a delivery receipt has arrived. */
export interface LedgerEntryState {
  readonly record?: Omit<ReactionRecord, 'delivery' | 'outcome'>;
  readonly subject?: ReactionSubject;
  /** Absent: nothing reported yet (sending). */
  readonly delivery?: ReactionDelivery;
  /** The movement the reaction aimed for, stamped when it was seen within the window. */
  readonly movement?: ReactionMovement;
}

/** Per-rule counters; the pending ones are kept per hour of the reaction (the window moves over them). */
export interface TallyCounts {
  readonly reactions: number;
  readonly delivered: number;
  readonly failed: number;
  readonly sending: number;
  readonly converted: number;
  /** Delivered reactions whose success is not measured (change requests, withdrawals): pending for ever. */
  readonly unmeasured: number;
}

export const ZERO_COUNTS: TallyCounts = {
  reactions: 0,
  delivered: 0,
  failed: 0,
  sending: 0,
  converted: 0,
  unmeasured: 0,
};

/** What one change of a ledger entry adds to its rule's tally (negative numbers take away). */
export interface TallyChange {
  readonly rule: string;
  readonly system: ReactionSystem;
  readonly kind: string;
  readonly counts: TallyCounts;
  /** Delivered reactions waiting for their movement, by the UTC hour they were sent (`2026-03-01T10`). */
  readonly openByHour: Readonly<Record<string, number>>;
}

/** The UTC hour a reaction counts under while its window is open. */
export const hourOf = (at: string | number): string => new Date(at).toISOString().slice(0, 13);

export const isMeasured = (kind: string): boolean => successMeans(kind) !== 'not measured';

interface Contribution {
  readonly counts: TallyCounts;
  readonly openHour?: string;
}

const contributionOf = (state: LedgerEntryState | undefined): Contribution => {
  if (!state?.record) return { counts: ZERO_COUNTS };
  const status = state.delivery?.status ?? 'sending';
  const delivered = status === 'delivered';
  const measured = isMeasured(state.record.kind);
  const converted = delivered && measured && state.movement !== undefined;
  return {
    counts: {
      reactions: 1,
      delivered: delivered ? 1 : 0,
      failed: status === 'failed' ? 1 : 0,
      sending: status === 'sending' ? 1 : 0,
      converted: converted ? 1 : 0,
      unmeasured: delivered && !measured ? 1 : 0,
    },
    ...(delivered && measured && !converted ? { openHour: hourOf(state.record.at) } : {}),
  };
};

/**
 * The difference one change of an entry makes to its rule's tally. `before` is undefined for an entry the
 * tally has not counted yet (new, or kept before tallies existed), so the change adds all of it. Answers
 * undefined when the tally does not move.
 */
export const tallyChange = (
  before: LedgerEntryState | undefined,
  after: LedgerEntryState,
): TallyChange | undefined => {
  const record = after.record;
  if (!record) return undefined;
  const old = contributionOf(before);
  const now = contributionOf(after);
  const counts = Object.fromEntries(
    (Object.keys(ZERO_COUNTS) as (keyof TallyCounts)[]).map((key) => [
      key,
      now.counts[key] - old.counts[key],
    ]),
  ) as unknown as TallyCounts;
  const openByHour: Record<string, number> = {};
  if (old.openHour) openByHour[old.openHour] = (openByHour[old.openHour] ?? 0) - 1;
  if (now.openHour) openByHour[now.openHour] = (openByHour[now.openHour] ?? 0) + 1;
  for (const [hour, n] of Object.entries(openByHour)) if (n === 0) delete openByHour[hour];
  const moves = Object.values(counts).some((n) => n !== 0) || Object.keys(openByHour).length > 0;
  return moves
    ? { rule: record.rule, system: record.system, kind: record.kind, counts, openByHour }
    : undefined;
};
