// A lower-bound mutation run for folders whose mutants the store-level property tests cover (core/items,
// core/identity): the same as stryker.config.mjs, judged by vitest.mutation-fast.config.ts (only the items,
// identity, store and store-check unit tests, without the two store-level property files), with its own
// incremental files and reports (`<folder>--fast`), so the full run's results are never mixed with these.
//   HUB360_MUTATE=core/items npx stryker run stryker.fast.config.mjs
import base from './stryker.config.mjs';

const folder = process.env.HUB360_MUTATE?.replace(/\/+$/, '');
const slug = `${folder ? folder.replaceAll('/', '-') : 'all'}--fast`;

export default {
  ...base,
  vitest: { ...base.vitest, configFile: 'vitest.mutation-fast.config.ts' },
  incrementalFile: `reports/stryker-incremental/${slug}.json`,
  htmlReporter: { fileName: `reports/mutation/${slug}.html` },
  jsonReporter: { fileName: `reports/mutation/${slug}.json` },
  tempDirName: `.stryker-tmp/${slug}`,
};
