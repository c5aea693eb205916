/** HUB360_PROPERTY_RUNS, or 10 for a deep hunt (HUB360_DEEP_TESTS), or 1: what every property's case count is scaled by. */
const propertyScale = (): number =>
  Number(process.env.HUB360_PROPERTY_RUNS ?? (process.env.HUB360_DEEP_TESTS ? '10' : '1'));

/**
 * A property's case count scaled by HUB360_PROPERTY_RUNS: the suite keeps the count it names, a deep hunt
 * (HUB360_DEEP_TESTS or e.g. HUB360_PROPERTY_RUNS=10) multiplies it, and the mutation run
 * (vitest.mutation.config.ts, 0.1) takes a tenth, since every mutant reruns the properties that cover it.
 */
export const propertyRuns = (suiteRuns: number): number =>
  Math.max(1, Math.round(suiteRuns * propertyScale()));

/** A property test's timeout: `suiteMs` in the suite, as many times more as a deep hunt runs cases. */
export const propertyTimeoutMs = (suiteMs: number): number => suiteMs * Math.max(1, propertyScale());
