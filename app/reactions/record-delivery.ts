import * as z from 'zod';
import type { LedgerEntryRef, ReactionLedger } from '../../core/ports/reaction-ledger.ts';
import { reactionIdOf } from '../../core/reactions/reaction-record.ts';

/**
 * A delivery receipt: how one reaction rule's delivery to its receiving system ended, with the event it
 * delivered. The local bus sends one when an HTTP target's delivery is accepted or dead-lettered (a re-driven
 * dead letter gets a new one).
 */
export const DeliveryReceiptInputSchema = z.strictObject({
  receipt: z.strictObject({
    rule: z.string().min(1),
    target: z.string().min(1),
    status: z.enum(['delivered', 'failed']),
    at: z.iso.datetime({ offset: true }),
    attempts: z.number().int().nonnegative(),
    reason: z.string().optional(),
  }),
  event: z.looseObject({
    detail: z.looseObject({
      metadata: z.looseObject({ eventId: z.string().min(1), occurredAt: z.iso.datetime({ offset: true }) }),
    }),
  }),
});
export type DeliveryReceiptInput = z.infer<typeof DeliveryReceiptInputSchema>;

/** True for what a delivery receipt looks like (the ledger function receives receipts and ledger inputs). */
export const isDeliveryReceipt = (input: unknown): boolean =>
  typeof input === 'object' && input !== null && 'receipt' in input;

/** The ledger entry a receipt is about: the reaction of its rule for its event, at the time the event occurred. */
export const entryRefOf = ({ receipt, event }: DeliveryReceiptInput): LedgerEntryRef => ({
  reactionId: reactionIdOf(event.detail.metadata.eventId, receipt.rule),
  at: event.detail.metadata.occurredAt,
});

/** Marks the reaction's ledger entry delivered or failed; answers what became of the receipt. */
export const recordDelivery = async (
  input: unknown,
  ledger: ReactionLedger,
): Promise<{ reactionId: string; result: 'recorded' | 'alreadyDelivered' }> => {
  const parsed = DeliveryReceiptInputSchema.parse(input);
  const { receipt } = parsed;
  const ref = entryRefOf(parsed);
  const result = await ledger.recordDelivery(ref, {
    status: receipt.status,
    at: receipt.at,
    attempts: receipt.attempts,
    ...(receipt.status === 'failed' && receipt.reason !== undefined ? { reason: receipt.reason } : {}),
  });
  return { reactionId: ref.reactionId, result };
};
