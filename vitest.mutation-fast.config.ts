import { configDefaults, defineConfig } from 'vitest/config';
import mutation from './vitest.mutation.config.ts';

// A lower-bound mutation run for core/items and core/identity (stryker.fast.config.mjs): only the unit tests
// of those folders, the store planner and the store check, without the two store-level property files.
// On the shared 2-core machine (load 20-30) the full run's initial test run alone took over ten minutes (every
// unit file that imports the store's keys is related) and a core/identity mutant covered by the property
// files took 30 s and more even at a tenth of their cases. Leaving tests out can only lose kills: a score
// measured with this config is a lower bound of the real one, never a stand-in for it.
// Spread, not mergeConfig: mergeConfig would append these lists to the base config's include.
export default defineConfig({
  ...mutation,
  test: {
    ...mutation.test,
    include: [
      'test/unit/items/**/*.test.ts',
      'test/unit/identity/**/*.test.ts',
      'test/unit/store/**/*.test.ts',
      'test/unit/store-check/**/*.test.ts',
    ],
    exclude: [
      ...configDefaults.exclude,
      'test/unit/identity/identity-invariant.test.ts',
      'test/unit/store/concurrent-interleavings.test.ts',
    ],
  },
});
