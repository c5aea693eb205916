/**
 * The number of cases an insights property test runs: `suiteRuns` in the suite, scaled by
 * HUB360_PROPERTY_RUNS where that is set (the mutation run sets 0.1, vitest.mutation.config.ts), so each
 * mutant does not pay for hundreds of full evaluations; at least one case.
 */
export const propertyRuns = (suiteRuns: number): number =>
  Math.max(1, Math.round(suiteRuns * Number(process.env.HUB360_PROPERTY_RUNS ?? 1)));
