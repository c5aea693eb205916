import type { ReactionLedger } from '../../core/ports/reaction-ledger.ts';
import { stampedOutcome, summariseTallies, windowStartHour } from '../../core/reactions/tally-report.ts';
import type { ReactionFeedPage, ReactionSystem, RuleOutcomes } from '../../schemas/api/reactions.ts';
import type { CursorCodec } from '../api/http/cursor.ts';

export interface ReactionFeedDeps {
  readonly ledger: ReactionLedger;
  readonly cursors: () => Promise<CursorCodec>;
  readonly now: () => Date;
  /** Days after a reaction in which a movement counts. */
  readonly windowDays: number;
}

export interface FeedQuery {
  readonly system?: ReactionSystem;
  readonly rule?: string;
  readonly limit: number;
  readonly cursor?: string;
}

const listingOf = (query: FeedQuery) => `reactions:${query.system ?? '*'}:${query.rule ?? '*'}`;

/**
 * The reactions feed and the closed-loop report. Outcomes are decided as the changes arrive (the movement is
 * stamped on the ledger entry and counted in its rule's tally), so neither reads a customer's data: a page
 * costs one Query, the report one Query for the tallies and one per rule for its open reactions.
 */
export const createReactionFeed = (deps: ReactionFeedDeps) => ({
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
    const now = deps.now();
    return {
      items: result.entries.map((entry) => {
        const outcome = stampedOutcome(entry, now, deps.windowDays);
        return outcome ? { ...entry.record, outcome } : entry.record;
      }),
      ...(result.next ? { nextCursor: cursors.seal(result.next, listing) } : {}),
    };
  },
  async outcomes(): Promise<RuleOutcomes> {
    const now = deps.now();
    const tallies = await deps.ledger.tallies(windowStartHour(now, deps.windowDays));
    return { asOf: now.toISOString(), rules: summariseTallies(tallies, now, deps.windowDays) };
  },
});
export type ReactionFeed = ReturnType<typeof createReactionFeed>;
