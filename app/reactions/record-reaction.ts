import * as z from 'zod';
import type { ReactionLedger } from '../../core/ports/reaction-ledger.ts';
import { type DeliveredEvent, reactionEntryFor } from '../../core/reactions/reaction-record.ts';
import { ReactionSystemSchema } from '../../schemas/api/reactions.ts';

/** What each reaction rule hands the ledger: its own name, the system it serves, and the event. */
export const LedgerInputSchema = z.strictObject({
  rule: z.string().min(1),
  system: ReactionSystemSchema,
  event: z.looseObject({
    'detail-type': z.string().min(1),
    detail: z.looseObject({
      metadata: z.looseObject({ eventId: z.string().min(1), occurredAt: z.iso.datetime({ offset: true }) }),
    }),
  }),
});

/** Records a reaction a rule delivered, for the feed and the outcome measurement. */
export const recordReaction = async (input: unknown, ledger: ReactionLedger): Promise<string> => {
  const parsed = LedgerInputSchema.parse(input);
  const entry = reactionEntryFor(parsed.rule, parsed.system, parsed.event as DeliveredEvent);
  await ledger.record(entry);
  return entry.record.reactionId;
};
