import { DeadLetterNotFoundError, type DeadLetterQueue } from '../../core/ports/dead-letter-queue.ts';
import type { ReactionLedger } from '../../core/ports/reaction-ledger.ts';
import type { DeadLetterList, DeadLetterQuery, RedriveResult } from '../../schemas/api/dead-letters.ts';
import type { DeadLetterLog } from '../reactions/dead-letter-receipts.ts';
import { markReactionResent } from '../reactions/mark-resent.ts';

/** What the dead-letter routes call: listing newest first, and redriving one by id. */
export interface DeadLetterRequests {
  list(query: DeadLetterQuery): Promise<DeadLetterList>;
  redrive(id: string): Promise<RedriveResult>;
}

/**
 * Where a redrive re-sends a reaction that no receipt follows (AWS), the ledger told of it. @default none: the
 * queue reports no such redrive (the local bus sends its own receipt)
 */
export interface ResendRecording {
  readonly ledger: ReactionLedger;
  readonly log: DeadLetterLog;
}

const LEDGER_NOTE = {
  marked:
    "; the reaction's ledger entry is sending again (resentAt) and is taken as delivered once its retry window passes without a new dead letter",
  unchanged: '',
  notMarked: "; the reaction's ledger entry could not be marked re-sent and still shows how it ended before",
} as const;

export const createDeadLetterRequests = (
  queue: DeadLetterQueue,
  resends?: ResendRecording,
): DeadLetterRequests => ({
  async list(query) {
    const letters = await queue.list(query);
    // An operator looks at what just broke first.
    return { items: [...letters].sort((a, b) => b.time.localeCompare(a.time) || a.id.localeCompare(b.id)) };
  },
  async redrive(id) {
    const redriven = await queue.redrive(id);
    if (!redriven) throw new DeadLetterNotFoundError(id);
    const { reactionResent, ...result } = redriven;
    if (!reactionResent || !resends) return result;
    const mark = await markReactionResent(reactionResent, result.redrivenAt, resends);
    return { ...result, detail: `${result.detail}${LEDGER_NOTE[mark]}` };
  },
});
