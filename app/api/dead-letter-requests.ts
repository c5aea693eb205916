import { DeadLetterNotFoundError, type DeadLetterQueue } from '../../core/ports/dead-letter-queue.ts';
import type { DeadLetterList, DeadLetterQuery, RedriveResult } from '../../schemas/api/dead-letters.ts';

/** What the dead-letter routes call: listing newest first, and redriving one by id. */
export interface DeadLetterRequests {
  list(query: DeadLetterQuery): Promise<DeadLetterList>;
  redrive(id: string): Promise<RedriveResult>;
}

export const createDeadLetterRequests = (queue: DeadLetterQueue): DeadLetterRequests => ({
  async list(query) {
    const letters = await queue.list(query);
    // An operator looks at what just broke first.
    return { items: [...letters].sort((a, b) => b.time.localeCompare(a.time) || a.id.localeCompare(b.id)) };
  },
  async redrive(id) {
    const result = await queue.redrive(id);
    if (!result) throw new DeadLetterNotFoundError(id);
    return result;
  },
});
