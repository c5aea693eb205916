import type { ReactionLedger } from '../../core/ports/reaction-ledger.ts';
import type { StoreBackend } from '../../core/ports/store-backend.ts';
import type { LedgerEntry } from '../../core/reactions/reaction-record.ts';
import { outcomeOf, summariseRuleOutcomes } from '../../core/reactions/rule-outcomes.ts';
import type {
  ReactionFeedPage,
  ReactionRecord,
  ReactionSystem,
  RuleOutcomes,
} from '../../schemas/api/reactions.ts';
import type { CursorCodec } from '../api/http/cursor.ts';
import { createMovementReader } from './movement-facts.ts';

export interface ReactionFeedDeps {
  readonly ledger: ReactionLedger;
  /** Reads only: the feed's function cannot write the table. */
  readonly backend: Pick<StoreBackend, 'readPartition'>;
  readonly cursors: () => Promise<CursorCodec>;
  readonly now: () => Date;
  /** Days after a reaction in which a movement counts. */
  readonly windowDays: number;
  /** Most reactions the outcome report reads (newest first). @default 2000 */
  readonly outcomeScanLimit?: number;
}

export interface FeedQuery {
  readonly system?: ReactionSystem;
  readonly rule?: string;
  readonly limit: number;
  readonly cursor?: string;
}

const listingOf = (query: FeedQuery) => `reactions:${query.system ?? '*'}:${query.rule ?? '*'}`;

/** The reactions feed and the closed-loop report, with outcomes computed on read from the store. */
export const createReactionFeed = (deps: ReactionFeedDeps) => {
  const withOutcomes = async (entries: readonly LedgerEntry[]): Promise<ReactionRecord[]> => {
    const movements = createMovementReader(deps.backend);
    const now = deps.now();
    return Promise.all(
      entries.map(async (entry) => {
        const outcome = outcomeOf(entry, await movements.forReaction(entry.record), now, deps.windowDays);
        return outcome ? { ...entry.record, outcome } : entry.record;
      }),
    );
  };
  return {
    async page(query: FeedQuery): Promise<ReactionFeedPage> {
      const cursors = await deps.cursors();
      const listing = listingOf(query);
      const after =
        query.cursor === undefined
          ? undefined
          : (cursors.open(query.cursor, listing) as Record<string, string>);
      const result = await deps.ledger.list({
        ...(query.system ? { system: query.system } : {}),
        ...(query.rule ? { rule: query.rule } : {}),
        limit: query.limit,
        ...(after ? { after } : {}),
      });
      return {
        items: await withOutcomes(result.entries),
        ...(result.next ? { nextCursor: cursors.seal(result.next, listing) } : {}),
      };
    },
    async outcomes(): Promise<RuleOutcomes> {
      const limit = deps.outcomeScanLimit ?? 2000;
      const entries: LedgerEntry[] = [];
      let after: Record<string, string> | undefined;
      do {
        const page = await deps.ledger.list({
          limit: Math.min(500, limit - entries.length),
          ...(after ? { after } : {}),
        });
        entries.push(...page.entries);
        after = page.next;
      } while (after && entries.length < limit);
      return {
        asOf: deps.now().toISOString(),
        rules: summariseRuleOutcomes(await withOutcomes(entries), deps.windowDays),
      };
    },
  };
};
export type ReactionFeed = ReturnType<typeof createReactionFeed>;
