import type { KeptDeadLetter } from '../../core/ports/dead-letter-keeper.ts';
import type { ReactionLedger } from '../../core/ports/reaction-ledger.ts';
import { type DeadLetterLog, entryRefOfDeadLetter, problemOf } from './dead-letter-receipts.ts';

/** What became of the ledger entry of a re-sent reaction. */
export type ResendMark = 'marked' | 'unchanged' | 'notMarked';

/**
 * On AWS no receipt follows a redrive, so the reaction whose failed delivery was re-sent is marked sending again
 * from `resentAt`: the hourly sweep takes it as delivered once its retry window passed since, and a new dead
 * letter turns it failed again. The entry is named as the dead letter's receipt named it. The event is on the bus
 * already when this runs, so a ledger that cannot take the mark is logged and answered, never thrown: the
 * redrive itself succeeded. A receipt-confirmed delivery, or a reaction the ledger never recorded, is unchanged.
 */
export const markReactionResent = async (
  letter: Pick<KeptDeadLetter, 'body' | 'attributes'>,
  resentAt: string,
  deps: { readonly ledger: ReactionLedger; readonly log: DeadLetterLog },
): Promise<ResendMark> => {
  let ref: ReturnType<typeof entryRefOfDeadLetter> | undefined;
  try {
    ref = entryRefOfDeadLetter(letter);
    return (await deps.ledger.markResent(ref, resentAt)) ? 'marked' : 'unchanged';
  } catch (err: unknown) {
    deps.log.warn('re-sent reaction could not be marked re-sent in the ledger; its entry stays as it was', {
      ...(ref ? { reactionId: ref.reactionId } : {}),
      problem: problemOf(err),
    });
    return 'notMarked';
  }
};
