import * as z from 'zod';
import type { ReactionLedger } from '../../core/ports/reaction-ledger.ts';
import { type InferenceWindow, inferenceWindow } from '../../core/reactions/delivery-inference.ts';

/** The scheduled sweep's input (topology schedule `reaction-delivery-inference`). */
export const DeliverySweepInputSchema = z.strictObject({
  sweep: z.literal('inferDeliveries'),
  /** The receipt targets' longest retry window (maximumEventAgeSeconds) plus a margin. */
  settleAfterSeconds: z.number().int().positive(),
  /** How far back the sweep reads; a sending entry older than this is left sending. */
  lookBackSeconds: z.number().int().positive(),
});
export type DeliverySweepInput = z.infer<typeof DeliverySweepInputSchema>;

/** True for what the sweep's input looks like (the ledger function receives several kinds of input). */
export const isDeliverySweep = (input: unknown): boolean =>
  typeof input === 'object' && input !== null && 'sweep' in input;

export interface DeliverySweepResult {
  readonly window: InferenceWindow;
  /** Entries still sending within the window. */
  readonly sending: number;
  /** Of those, marked delivered now (the others got a receipt in between). */
  readonly inferred: number;
  /** Entries re-sent (their dead letter re-driven) up to the window's end and still sending since. */
  readonly resent: number;
  /** Of those, marked delivered now (the others got a new dead letter or were re-sent again in between). */
  readonly inferredResent: number;
}

/**
 * Marks delivered, `inferred`, every reaction sent within the sweep's window that nobody reported on: its
 * target's retry window passed without a dead letter, so the system accepted it. A re-sent reaction (its dead
 * letter re-driven on AWS) is judged the same way from the time it was re-sent, found by that time, however long
 * ago. Through the ledger, so the rule's tallies move with the entry; a dead letter recorded later still turns
 * it failed.
 */
export const inferDeliveries = async (
  input: unknown,
  deps: { readonly ledger: ReactionLedger; readonly now: () => Date },
): Promise<DeliverySweepResult> => {
  const policy = DeliverySweepInputSchema.parse(input);
  const now = deps.now();
  const window = inferenceWindow(now, policy);
  const sending = await deps.ledger.sending(window);
  let inferred = 0;
  for (const ref of sending) if (await deps.ledger.inferDelivered(ref, now.toISOString())) inferred += 1;
  const resent = await deps.ledger.resent(window.until);
  let inferredResent = 0;
  for (const ref of resent)
    if (await deps.ledger.inferResentDelivered(ref, now.toISOString())) inferredResent += 1;
  return { window, sending: sending.length, inferred, resent: resent.length, inferredResent };
};
