import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import mutation from './vitest.mutation.config.ts';

// The mutation run's unit layer without the three store-level property files (stryker.fast.config.mjs).
// On the shared 2-core machine a mutant of core/identity that those files cover took 30 s and more even at a
// tenth of their cases, so a folder could not finish in an afternoon. Leaving them out can only lose kills:
// a score measured with this config is a lower bound of the real one, never a stand-in for it.
export default mergeConfig(
  mutation,
  defineConfig({
    test: {
      exclude: [
        ...configDefaults.exclude,
        'test/unit/identity/identity-invariant.test.ts',
        'test/unit/store/concurrent-interleavings.test.ts',
        'test/unit/connectors/sync-stream-crash.test.ts',
      ],
    },
  }),
);
