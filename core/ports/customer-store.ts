import type { BackfillKind } from '../../schemas/entities/backfill.ts';
import type { Customer360View } from '../../schemas/entities/customer-360.ts';
import type { CanonicalIdentifier, IdentifierType } from '../../schemas/entities/identifier.ts';
import type { IdentityConflict, LedgerEntry } from '../../schemas/entities/identity.ts';
import type { StatusChange } from '../../schemas/entities/lifecycle.ts';
import type { IngestRecord } from '../../schemas/entities/validated-record.ts';

/** What happened to one record of an ingest call, in input order. */
export type RecordOutcome =
  | {
      readonly index: number;
      readonly outcome: 'written';
      readonly recordKey: string;
      readonly customerId?: string;
    }
  /** The same version is already stored (a replay or duplicate). */
  | { readonly index: number; readonly outcome: 'unchanged'; readonly recordKey: string }
  /** A newer version is already stored; nothing was changed. */
  | { readonly index: number; readonly outcome: 'stale'; readonly recordKey: string }
  /** An identifier of the record belongs to an erased customer. */
  | { readonly index: number; readonly outcome: 'suppressed'; readonly recordKey: string }
  /** The record failed validation; `reason` names every offending field. Nothing of it was written. */
  | {
      readonly index: number;
      readonly outcome: 'rejected';
      readonly recordKey?: string;
      readonly reason: string;
    };

export type OutcomeKind = RecordOutcome['outcome'];

export interface IngestResult {
  readonly outcomes: readonly RecordOutcome[];
  readonly counts: Readonly<Record<OutcomeKind, number>>;
}

/** A DynamoDB request count, so tests and the bench can assert "one Query". */
export interface RequestCount {
  readonly requests: number;
  /** Read capacity units DynamoDB reported for the read, when it reports them. */
  readonly readUnits?: number;
  /** Size of the items the read returned, as DynamoDB bills it (estimated from their attributes). */
  readonly bytesRead?: number;
}

export type Customer360Result =
  | ({ readonly kind: 'found'; readonly view: Customer360View } & RequestCount)
  /** The id was merged into another customer; read that one. */
  | ({ readonly kind: 'merged'; readonly mergedInto: string } & RequestCount)
  | ({ readonly kind: 'erased' } & RequestCount)
  | ({ readonly kind: 'notFound' } & RequestCount);

export interface PageOptions {
  readonly limit?: number;
  /** Opaque cursor from the previous page. */
  readonly cursor?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly cursor?: string;
}

/** One timeline entry: any dated thing that happened to the customer, newest first. */
export interface TimelineEntry {
  readonly at: string;
  readonly entity: string;
  readonly summary: string;
  readonly source?: { readonly system: string; readonly stream: string; readonly key: string };
  readonly data: unknown;
}

export interface IdentityExplanation {
  readonly customerId: string;
  readonly identifiers: readonly {
    readonly identifier: CanonicalIdentifier;
    /** The source records carrying it. */
    readonly records: readonly string[];
  }[];
  /** Every merge and unmerge this customer took part in, oldest first. */
  readonly ledger: readonly LedgerEntry[];
  readonly conflicts: readonly IdentityConflict[];
}

export type UnmergeResult =
  | { readonly kind: 'unmerged'; readonly customerIds: readonly string[]; readonly entryId: string }
  | { readonly kind: 'notFound'; readonly reason: string };

/** What finishing a restructuring that stopped between its commits came to. */
export type FinishRestructuringResult =
  /** The customer's cluster was re-resolved; these customers' profiles were written (and lost their marks). */
  | { readonly kind: 'finished'; readonly customerIds: readonly string[] }
  /** The customer no longer carries the mark that was seen: finished since, or marked by a newer restructuring. */
  | { readonly kind: 'notMarked' }
  /** Concurrent writes (or an erasure under way) won every attempt; a later run tries again. */
  | { readonly kind: 'raced' };

export type EraseResult =
  | { readonly kind: 'erased'; readonly itemsDeleted: number; readonly identifiersSuppressed: number }
  | { readonly kind: 'notFound' };

export interface CustomerExport {
  readonly customerId: string;
  readonly exportedAt: string;
  readonly view: Customer360View;
  readonly ledger: readonly LedgerEntry[];
}

export interface WhoRequested {
  readonly requestedBy: string;
  readonly reason: string;
}

/** The customer-360 store: ingestion, identity resolution and reads. */
export interface CustomerStore {
  /**
   * Upserts one page of canonical records; resolves when every record is committed or has its outcome.
   * `backfill` marks every record of the page as history (initial load, full resync).
   */
  ingest(
    records: readonly IngestRecord[],
    options?: { readonly backfill?: BackfillKind },
  ): Promise<IngestResult>;
  /**
   * The 360 view: one bounded Query (profile head + materialised view) for an unmerged customer whose view
   * is current; otherwise that Query plus a fold of the whole partition (`view.servedFrom` says which).
   */
  getCustomer360(customerId: string): Promise<Customer360Result>;
  /** The customer currently owning an identifier (the value is normalised first). */
  findCustomerByIdentifier(
    type: IdentifierType,
    value: string,
    scope?: string,
  ): Promise<{ readonly customerId: string } | undefined>;
  /** Dated events of a customer, newest first, paginated. */
  getTimeline(customerId: string, options?: PageOptions): Promise<Page<TimelineEntry>>;
  /** Why this customer is one customer: identifiers, the records carrying them, the ledger, conflicts. */
  explainIdentity(customerId: string): Promise<IdentityExplanation | undefined>;
  /** Undoes a merge: splits the customer back along the ledger entry's evidence and rebuilds derived data. */
  unmerge(customerId: string, entryId: string, who: WhoRequested): Promise<UnmergeResult>;
  /**
   * Finishes a restructuring split over several commits that stopped between them (the store check's
   * `restructuringUnfinished`), if the customer still carries the mark begun at `startedAt`; without `startedAt`,
   * re-resolves the customer as it stands (an unmerge that stopped before its restructuring left no mark).
   */
  finishRestructuring(customerId: string, startedAt?: string): Promise<FinishRestructuringResult>;
  /** Erases every item of a customer and suppresses its identifiers (salted hashes) against later syncs. */
  eraseCustomer(customerId: string, who: WhoRequested): Promise<EraseResult>;
  /** Everything the hub holds about a customer, as JSON. */
  exportCustomer(customerId: string): Promise<CustomerExport | undefined>;
  /** Customers in a segment (source segment or insights segment), paginated. */
  getSegmentMembers(segment: string, options?: PageOptions): Promise<Page<{ readonly customerId: string }>>;
  /** Demand for a part: order lines, quotes and web interest, newest first. */
  getProductDemand(partNumber: string, options?: PageOptions): Promise<Page<DemandEntry>>;
  /** Appends a derived status change (lifecycle stage, risk, profit) to the customer's history. */
  appendStatusChange(customerId: string, change: StatusChange): Promise<void>;
}

export interface DemandEntry {
  readonly partNumber: string;
  readonly customerId: string;
  readonly kind: 'orderLine' | 'quoteLine' | 'webInterest' | 'installed';
  readonly at: string;
  readonly quantity?: number;
  readonly reference: string;
}
