import * as z from 'zod';

/** Faults for the clickstream landing zone; each applies to the next file the writer lands. */
export const ClickstreamFaultSchema = z.discriminatedUnion('kind', [
  /** The next file lands under an older key (an earlier day/time) than files already landed. */
  z.object({ kind: z.literal('lateFile'), ageMinutes: z.number().positive().default(180) }),
  /** The next file contains one truncated JSON line. */
  z.object({ kind: z.literal('malformedLine') }),
  /** The next file contains one event that breaks the Segment spec. */
  z.object({
    kind: z.literal('invalidEvent'),
    problem: z.enum(['missingMessageId', 'badTimestamp', 'unknownType']).default('missingMessageId'),
  }),
  /** The next file repeats events already delivered (Segment delivers at least once). */
  z.object({ kind: z.literal('duplicateEvents'), count: z.number().int().positive().default(3) }),
]);
export type ClickstreamFault = z.infer<typeof ClickstreamFaultSchema>;
export type ClickstreamFaultInput = z.input<typeof ClickstreamFaultSchema>;
