import type { DeadLetter, DeadLetterQuery, RedriveResult } from '../../schemas/api/dead-letters.ts';
import type { KeptDeadLetter } from './dead-letter-keeper.ts';

/**
 * A redrive's result. `reactionResent` is set where a redrive re-sends a reaction's failed delivery and no
 * receipt will tell how it ended (AWS): the event and EventBridge's attributes, as the dead letter held them,
 * so the use case can tell the reaction ledger. Where a receipt follows (the local bus), it is absent.
 */
export interface Redriven extends RedriveResult {
  readonly reactionResent?: Pick<KeptDeadLetter, 'body' | 'attributes'>;
}

/**
 * Where the hub keeps work it gave up on. Locally the runtime's dead-letter store behind the bus; a
 * deployment provides its own adapter.
 */
export interface DeadLetterQueue {
  /** Dead letters matching the filter, in any order. */
  list(query: DeadLetterQuery): Promise<DeadLetter[]>;
  /** Takes the dead letter out and resubmits it; undefined when no dead letter has the id. */
  redrive(id: string): Promise<Redriven | undefined>;
}

/** No dead letter has this id (never existed, or already redriven). */
export class DeadLetterNotFoundError extends Error {
  override readonly name = 'DeadLetterNotFoundError';
  constructor(readonly deadLetterId: string) {
    super(`No dead letter has the id ${deadLetterId}; it may have been redriven already`);
  }
}

/** The deployment has no adapter the API can read dead letters through. */
export class DeadLettersUnavailableError extends Error {
  override readonly name = 'DeadLettersUnavailableError';
}

/** The dead letter exists but this deployment cannot resubmit it (e.g. a stream pointer); it stays listed. */
export class DeadLetterNotRedrivableError extends Error {
  override readonly name = 'DeadLetterNotRedrivableError';
  constructor(
    readonly deadLetterId: string,
    readonly why: string,
  ) {
    super(`Dead letter ${deadLetterId} cannot be redriven here: ${why}`);
  }
}
