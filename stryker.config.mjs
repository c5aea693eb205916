// Mutation testing (issue 17): do the unit tests notice when the domain, the connector kit or the
// pattern matcher is changed? Not part of `npm test` (it takes far longer than the suite budget);
// run `npm run test:mutation`, or narrow it: `npx stryker run --mutate 'core/identity/**/*.ts'`.
// Incremental: the results in reports/stryker-incremental.json are reused for mutants whose code and
// covering tests did not change, so a rerun after a small edit only tests what the edit touched.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // Only the unit layer (vitest.mutation.config.ts): integration tests need DynamoDB Local and take minutes per mutant.
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: ['core/**/*.ts', 'connectors/kit/**/*.ts', 'infra/local/eventbus/pattern/**/*.ts', '!**/*.d.ts'],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // The machine is shared; more runners do not finish sooner there.
  concurrency: 1,
  timeoutMS: 20_000,
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
