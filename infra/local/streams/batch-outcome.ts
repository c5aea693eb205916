import * as z from 'zod';

const BatchResponseSchema = z.object({
  batchItemFailures: z.array(z.object({ itemIdentifier: z.string().optional() })),
});

/**
 * How much of a batch the function reported as done, following Lambda's ReportBatchItemFailures rules:
 * records before the first failed item succeeded; the rest is retried. A response naming an identifier not in
 * the batch (or with an empty one) fails the whole batch, as Lambda does.
 */
export const succeededPrefixLength = (response: unknown, sequenceNumbers: readonly string[]): number => {
  const parsed = BatchResponseSchema.safeParse(response);
  if (!parsed.success || parsed.data.batchItemFailures.length === 0) return sequenceNumbers.length;
  let first = sequenceNumbers.length;
  for (const failure of parsed.data.batchItemFailures) {
    const index = failure.itemIdentifier ? sequenceNumbers.indexOf(failure.itemIdentifier) : -1;
    if (index < 0) return 0;
    first = Math.min(first, index);
  }
  return first;
};
