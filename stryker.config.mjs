// Mutation testing (issue 17): do the unit tests notice when the domain, the connector kit or the
// pattern matcher is changed? Not part of `npm test` (it takes far longer than the suite budget).
//
// One folder per Stryker run (scripts/mutation-by-folder.mjs runs them all in turn): on a shared machine a
// whole-tree run takes many hours, and a folder's results stay valid while other folders are worked on.
// HUB360_MUTATE=<folder> picks the folder; each folder has its own incremental file
// (reports/stryker-incremental/<folder>.json, committed), so a rerun after a small edit only tests the
// mutants whose code or covering tests changed. Without HUB360_MUTATE the whole scope is mutated at once.
import { readdirSync, readFileSync } from 'node:fs';

const scope = ['core/**/*.ts', 'connectors/kit/**/*.ts', 'infra/local/eventbus/pattern/**/*.ts'];
const folder = process.env.HUB360_MUTATE?.replace(/\/+$/, '');
const slug = folder ? folder.replaceAll('/', '-') : 'all';

// The pattern matcher is judged by its own unit tests (the test/unit/eventbus files that import it), not
// by every test that reaches it through the bus or the topology: those run the whole bus for each
// surviving mutant, and the folder's ~2,300 mutants would not finish in an evening on the shared machine.
const MATCHER = 'infra/local/eventbus/pattern';
const matcherTests = () =>
  readdirSync('test/unit/eventbus')
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `test/unit/eventbus/${f}`)
    .filter((f) => readFileSync(f, 'utf8').includes(`${MATCHER}/`));

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // Only the unit layer (vitest.mutation.config.ts): integration tests need DynamoDB Local and take minutes
  // per mutant. `related` runs only the test files that import the mutated folder.
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [...(folder ? [`${folder}/**/*.ts`] : scope), '!**/*.d.ts'],
  ...(folder === MATCHER ? { testFiles: matcherTests() } : {}),
  coverageAnalysis: 'perTest',
  // Static mutants (code run when a module loads: zod schemas, module-level constants) make Stryker run every
  // related test file per mutant, and it reported several as survived that fail the tests when applied by
  // hand. They are left out (counted as ignored); the schemas they touch are exercised by the contract tests.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: `reports/stryker-incremental/${slug}.json`,
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: `reports/mutation/${slug}.html` },
  jsonReporter: { fileName: `reports/mutation/${slug}.json` },
  // The machine is shared; more runners do not finish sooner there (override with --concurrency).
  concurrency: 1,
  timeoutMS: 20_000,
  thresholds: { high: 90, low: 80, break: null },
  // A sandbox folder per folder run, so runs of different folders can go side by side; none copies another's.
  tempDirName: `.stryker-tmp/${slug}`,
  ignorePatterns: ['/.stryker-tmp', '/reports', '/coverage', '/cdk.out', '/.hub360'],
  cleanTempDir: 'always',
};
