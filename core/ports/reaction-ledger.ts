import type { ReactionDelivery, ReactionSystem } from '../../schemas/api/reactions.ts';
import type { LedgerEntry } from '../reactions/reaction-record.ts';

export interface LedgerQuery {
  readonly system?: ReactionSystem;
  readonly rule?: string;
  readonly limit: number;
  /** The position after which the page starts (the adapter's own, opaque to callers). */
  readonly after?: Readonly<Record<string, string>>;
}

/** Which ledger entry a delivery receipt is about: the reaction's id and the time it was recorded under. */
export interface LedgerEntryRef {
  readonly reactionId: string;
  readonly at: string;
}

/** The reactions the hub sent, newest first, each with how its delivery ended. */
export interface ReactionLedger {
  /** Records a reaction (as sending, unless a receipt came first); recording it again changes nothing. */
  record(entry: LedgerEntry): Promise<void>;
  /**
   * Records how the delivery of a reaction ended. A delivered reaction stays delivered (a later failure of a
   * repeated delivery changes nothing: the system has it); answers whether the receipt changed the entry.
   * A receipt may arrive before the entry itself (both targets of a rule run at once); it is kept and the
   * entry joins it.
   */
  recordDelivery(ref: LedgerEntryRef, delivery: ReactionDelivery): Promise<'recorded' | 'alreadyDelivered'>;
  list(
    query: LedgerQuery,
  ): Promise<{ readonly entries: readonly LedgerEntry[]; readonly next?: Record<string, string> }>;
}
