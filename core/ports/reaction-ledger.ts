import type { ReactionSystem } from '../../schemas/api/reactions.ts';
import type { LedgerEntry } from '../reactions/reaction-record.ts';

export interface LedgerQuery {
  readonly system?: ReactionSystem;
  readonly rule?: string;
  readonly limit: number;
  /** The position after which the page starts (the adapter's own, opaque to callers). */
  readonly after?: Readonly<Record<string, string>>;
}

/** The reactions the hub delivered, newest first. */
export interface ReactionLedger {
  /** Records a reaction; recording the same reaction again changes nothing. */
  record(entry: LedgerEntry): Promise<void>;
  list(
    query: LedgerQuery,
  ): Promise<{ readonly entries: readonly LedgerEntry[]; readonly next?: Record<string, string> }>;
}
