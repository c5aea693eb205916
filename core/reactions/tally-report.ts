import type { ReactionRecord, ReactionSystem, RuleOutcome } from '../../schemas/api/reactions.ts';
import { hourOf, isMeasured, type TallyCounts } from './ledger-tally.ts';
import type { LedgerEntry } from './reaction-record.ts';
import { successMeans } from './rule-outcomes.ts';

const DAY_MS = 86_400_000;

/** One rule's running tally and its delivered, not yet converted reactions per hour sent. */
export interface RuleTally {
  readonly rule: string;
  readonly system: ReactionSystem;
  readonly kind: string;
  readonly counts: TallyCounts;
  /** Only the hours from the window's start on are needed (older ones are decided: no response). */
  readonly openByHour: readonly { readonly hour: string; readonly count: number }[];
}

/** The first hour whose reactions are still inside the window (pending rather than no response). */
export const windowStartHour = (now: Date, windowDays: number): string =>
  hourOf(now.getTime() - windowDays * DAY_MS);

/**
 * The closed-loop report from the tallies: the same figures `summariseRuleOutcomes` gives over every
 * record, with the window's edge at hour granularity (a reaction sent in the hour the window now starts
 * in still counts as pending).
 */
export const summariseTallies = (
  tallies: readonly RuleTally[],
  now: Date,
  windowDays: number,
): RuleOutcome[] => {
  const since = windowStartHour(now, windowDays);
  return [...tallies]
    .filter((tally) => tally.counts.reactions > 0)
    .sort((a, b) => a.rule.localeCompare(b.rule))
    .map((tally) => {
      const { counts } = tally;
      const open = tally.openByHour
        .filter((bucket) => bucket.hour >= since)
        .reduce((sum, bucket) => sum + bucket.count, 0);
      const pending = counts.unmeasured + open;
      const noResponse = Math.max(0, counts.delivered - counts.converted - pending);
      return {
        rule: tally.rule,
        system: tally.system,
        successMeans: successMeans(tally.kind),
        windowDays,
        reactions: counts.reactions,
        delivered: counts.delivered,
        failed: counts.failed,
        sending: counts.sending,
        converted: counts.converted,
        noResponse,
        pending,
        ...(counts.converted + noResponse > 0
          ? { conversionRate: counts.converted / (counts.converted + noResponse) }
          : {}),
      };
    });
};

/**
 * A feed record's outcome from what the ledger entry holds: converted once its movement was stamped, no
 * response once the window closed without one, pending while it is open. Not delivered or not measured:
 * no outcome (as `outcomeOf` decides).
 */
export const stampedOutcome = (
  entry: LedgerEntry,
  now: Date,
  windowDays: number,
): ReactionRecord['outcome'] => {
  if (!isMeasured(entry.record.kind) || entry.record.delivery.status !== 'delivered') return undefined;
  if (entry.movement)
    return { result: 'converted', evidence: entry.movement.evidence, at: entry.movement.at };
  const until = Date.parse(entry.record.at) + windowDays * DAY_MS;
  return now.getTime() > until ? { result: 'noResponse' } : { result: 'pending' };
};
