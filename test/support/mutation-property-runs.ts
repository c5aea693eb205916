import fc from 'fast-check';

// Setup of the mutation run only (vitest.mutation.config.ts): Stryker reruns a mutant's covering tests for
// every mutant, and a property test's hundreds of cases made one mutant of core/items cost about a minute.
// Ten cases per property (HUB360_PROPERTY_RUNS=0.1 scales the ones that set their own count) still reach
// every branch the example tests do not; the suite itself keeps its full counts.
fc.configureGlobal({ numRuns: 10 });
