import { defineConfig } from 'vitest/config';
import { ExamplesFirstSequencer } from './test/support/mutation-sequencer.ts';

// The test run Stryker mutates against (stryker.config.mjs): the unit layer only, one project, so each
// mutant is judged by fast in-process tests instead of DynamoDB Local, browsers or the CDK synth.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    // HUB360_MUTATION_SHARED_WORKER=1: a mutant's test files share one worker thread instead of a fresh
    // process each. On the loaded 2-core machine that cut the ingest unit files from 55 s to 14 s a run
    // (importing the modules again per file was most of it); mutants are switched at run time, so the
    // shared module cache does not carry one mutant into the next. Opt-in: tests that keep module state
    // between files would need checking first.
    ...(process.env.HUB360_MUTATION_SHARED_WORKER === '1'
      ? { pool: 'threads' as const, isolate: false }
      : {}),
    // A tenth of each property test's cases per mutant (see the setup file); the suite runs them all.
    setupFiles: ['test/support/mutation-property-runs.ts'],
    // Example-test files before property-test files, so that a mutant an example kills dies quickly.
    sequence: { sequencer: ExamplesFirstSequencer },
    // Instrumented code runs several times slower than the plain unit run.
    testTimeout: 120_000,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_DEV: 'false',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      HUB360_PROPERTY_RUNS: '0.1',
      // The customer-360 projector's heavy customer at a hundredth of its size (see its test): at a
      // twentieth each mutant it covers still cost seconds, so the projector test was left out of the run.
      HUB360_VOLUME_SCALE: '0.01',
    },
  },
});
