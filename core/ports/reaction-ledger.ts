import type { ReactionDelivery, ReactionSystem } from '../../schemas/api/reactions.ts';
import type { LedgerEntry, ReactionMovement } from '../reactions/reaction-record.ts';
import type { RuleTally } from '../reactions/tally-report.ts';

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

/** An entry re-sent where no receipt follows a redrive (AWS), with when it was re-sent. */
export interface ResentEntryRef extends LedgerEntryRef {
  readonly resentAt: string;
}

/** The reactions the hub sent, newest first, each with how its delivery ended. */
export interface ReactionLedger {
  /**
   * Records a reaction (as sending, unless a receipt came first); recording it again changes nothing. A reaction
   * about a customer erased before it arrived is recorded without the customer (see {@link ReactionLedger.forget}).
   */
  record(entry: LedgerEntry): Promise<void>;
  /**
   * Takes erased customers out of every entry about them: the entries stay, so the per-rule figures do not
   * change, without the customer's id, the summary, the outcome's subject and the movement's evidence; what
   * waits for the customers' movements goes. Answers how many entries changed; forgetting again changes nothing.
   */
  forget(customerIds: readonly string[]): Promise<number>;
  /**
   * Records how the delivery of a reaction ended. A delivered reaction stays delivered (a later failure of a
   * repeated delivery changes nothing: the system has it), unless it was only inferred (see
   * {@link ReactionLedger.inferDelivered}): then any receipt replaces the inference, a dead letter turning it
   * failed. Answers whether the receipt changed the entry. A receipt may arrive before the entry itself (both
   * targets of a rule run at once); it is kept and the entry joins it.
   */
  recordDelivery(ref: LedgerEntryRef, delivery: ReactionDelivery): Promise<'recorded' | 'alreadyDelivered'>;
  /** The entries sent within `from`..`until` (ISO times, inclusive) whose delivery is still unreported. */
  sending(range: { readonly from: string; readonly until: string }): Promise<readonly LedgerEntryRef[]>;
  /**
   * Marks an entry delivered, `inferred`, at `at`, if it is still sending (no receipt came); answers whether it
   * changed. For deliveries whose success nobody reports, once no dead letter can be expected any more.
   */
  inferDelivered(ref: LedgerEntryRef, at: string): Promise<boolean>;
  /**
   * Marks an entry re-sent at `resentAt`: its dead letter was put on the bus again where no receipt follows a
   * redrive (AWS), so it is sending again from then on. A receipt-confirmed delivery stays; an entry not
   * recorded changes nothing. Answers whether it changed.
   */
  markResent(ref: LedgerEntryRef, resentAt: string): Promise<boolean>;
  /** The entries re-sent up to `until` (ISO, inclusive) and still sending since, oldest re-send first. */
  resent(until: string): Promise<readonly ResentEntryRef[]>;
  /**
   * Marks a re-sent entry delivered, `inferred`, at `at`, if it is still sending since that re-send (no new dead
   * letter came); answers whether it changed. Once its retry window passed since the re-send.
   */
  inferResentDelivered(ref: ResentEntryRef, at: string): Promise<boolean>;
  list(
    query: LedgerQuery,
  ): Promise<{ readonly entries: readonly LedgerEntry[]; readonly next?: Record<string, string> }>;
  /**
   * Reactions about a customer or a part, sent within `from`..`until` (ISO times), whose success is measured
   * and whose movement has not been seen yet: the candidates a movement may convert.
   */
  awaiting(
    subject: { readonly customerId: string } | { readonly partNumber: string },
    range: { readonly from: string; readonly until: string },
  ): Promise<readonly LedgerEntry[]>;
  /** Stamps the movement a reaction aimed for (the first one stands); answers whether it was stamped now. */
  stampMovement(ref: LedgerEntryRef, movement: ReactionMovement): Promise<boolean>;
  /** Every rule's running tally, with its open reactions sent from `sinceHour` (`2026-03-01T10`) on. */
  tallies(sinceHour: string): Promise<readonly RuleTally[]>;
}
