/**
 * A property's case count scaled by HUB360_PROPERTY_RUNS, as the identity and store properties are: the
 * suite keeps the count it names, a deep hunt (HUB360_DEEP_TESTS or e.g. HUB360_PROPERTY_RUNS=10) multiplies
 * it, and the mutation run (vitest.mutation.config.ts, 0.1) takes a tenth, since every matcher mutant reruns
 * the properties that cover it.
 */
export const propertyRuns = (suiteRuns: number): number => {
  const scale = Number(process.env.HUB360_PROPERTY_RUNS ?? (process.env.HUB360_DEEP_TESTS ? '10' : '1'));
  return Math.max(1, Math.round(suiteRuns * scale));
};
