import { DEFAULT_REACTIONS_CONFIG, type ReactionsConfig } from '../../schemas/config/reactions-config.ts';
import type { EventMetadata } from '../../schemas/events/event-envelope.ts';

/** Whether a change may trigger a reaction, and why not when it may not. */
export type Newsworthiness =
  | { readonly live: true }
  | { readonly live: false; readonly reason: 'backfill' | 'stale'; readonly explanation: string };

export interface NewsworthinessInput {
  readonly metadata: Pick<EventMetadata, 'occurredAt' | 'backfill'>;
  /**
   * When the state the event reports was reached in the business (the day an order shipped, an
   * invoice fell due, a shipment was delivered); absent when the event reports nothing dated.
   */
  readonly stateReachedAt?: string | undefined;
  /** A rule that wants history too (a report, an audit feed) opts in; reactions do not. */
  readonly acceptBackfill?: boolean;
  readonly config?: ReactionsConfig;
}

const DAY_MS = 86_400_000;

/**
 * History is not news: a change produced by an initial load, a full resync or a replay is marked
 * `metadata.backfill` and ignored unless the rule opts in; a state that was already reached long
 * before the hub saw the change (an order shipped months ago, loaded today) is stale either way.
 */
export const judgeNewsworthiness = (input: NewsworthinessInput): Newsworthiness => {
  const config = input.config ?? DEFAULT_REACTIONS_CONFIG;
  if (input.metadata.backfill !== undefined && input.acceptBackfill !== true) {
    return {
      live: false,
      reason: 'backfill',
      explanation: `produced by ${input.metadata.backfill}, not by a change happening now`,
    };
  }
  if (input.stateReachedAt !== undefined) {
    const seenAt = Date.parse(input.metadata.occurredAt);
    const reachedAt = Date.parse(
      // Stryker disable next-line ConditionalExpression: equivalent, Date.parse already reads an ISO date alone as UTC midnight and every state date is an ISO date by its schema
      input.stateReachedAt.length === 10 ? `${input.stateReachedAt}T00:00:00Z` : input.stateReachedAt,
    );
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, an unreadable time makes the age NaN and NaN is never past the limit, so the change passes either way
    if (!Number.isNaN(seenAt) && !Number.isNaN(reachedAt)) {
      const ageDays = (seenAt - reachedAt) / DAY_MS;
      if (ageDays > config.staleAfterDays) {
        return {
          live: false,
          reason: 'stale',
          explanation: `the state was reached ${Math.floor(ageDays)} days before the hub saw it (limit ${config.staleAfterDays})`,
        };
      }
    }
  }
  return { live: true };
};

/** Shorthand for rules that only need a yes or no. */
export const isLiveChange = (input: NewsworthinessInput): boolean => judgeNewsworthiness(input).live;
