/**
 * Runs `run` over `items` with at most `size` in flight, starting the next as soon as one finishes. After a
 * failure no further item starts, and the first failure is thrown once what was in flight has settled: a
 * caller that fails has nothing of its work still running behind it.
 */
export const runPooled = async <T>(
  items: readonly T[],
  size: number,
  run: (item: T) => Promise<void>,
): Promise<void> => {
  let next = 0;
  let failed = false;
  const worker = async () => {
    try {
      while (!failed && next < items.length) await run(items[next++] as T);
    } catch (err: unknown) {
      failed = true;
      throw err;
    }
  };
  // Stryker disable next-line MethodExpression: `Math.max` is equivalent, a worker started past the last item finds nothing to run and ends
  const settled = await Promise.allSettled(Array.from({ length: Math.min(size, items.length) }, worker));
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
};
