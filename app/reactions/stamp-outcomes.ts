import type { ChangeRecord } from '../../core/events/change-record.ts';
import type { ReactionLedger } from '../../core/ports/reaction-ledger.ts';
import { movementOfChange, reactionsSentRange } from '../../core/reactions/movement-of-change.ts';
import { conversionWithin } from '../../core/reactions/rule-outcomes.ts';

export interface StampOutcomesDeps {
  readonly ledger: ReactionLedger;
  /** Days after a reaction in which a movement counts (`outcomeWindowDays`). */
  readonly windowDays: number;
}

export interface StampOutcomesResult {
  /** Reactions converted by these changes. */
  readonly converted: number;
  readonly failedSequenceNumbers: readonly string[];
}

/**
 * Closes the loop as the changes arrive: for each order, payment or stock arrival, the reactions about the
 * same customer or part sent within the window before it that it converts get the movement stamped on their
 * ledger entry (which counts them in their rule's tally). Stamping twice changes nothing, so a change the
 * stream retries is harmless; one that could not be stamped is reported back for the retry.
 */
export const stampOutcomes = async (
  changes: readonly ChangeRecord[],
  deps: StampOutcomesDeps,
): Promise<StampOutcomesResult> => {
  const failed: string[] = [];
  let converted = 0;
  for (const change of changes) {
    const movement = movementOfChange(change);
    if (!movement) continue;
    try {
      const candidates = await deps.ledger.awaiting(
        movement.subject,
        reactionsSentRange(movement.at, deps.windowDays),
      );
      for (const entry of candidates) {
        const conversion = conversionWithin(entry, movement.facts, deps.windowDays);
        if (conversion && (await deps.ledger.stampMovement(entry.record, conversion))) converted += 1;
      }
    } catch (err: unknown) {
      if (change.sequenceNumber) failed.push(change.sequenceNumber);
      else throw err;
    }
  }
  return { converted, failedSequenceNumbers: failed };
};
