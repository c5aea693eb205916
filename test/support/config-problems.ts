import { ConfigError } from '../../schemas/config/parse-config.ts';

/** The problem lines of the ConfigError `run` throws; fails the test when it throws none or another error. */
export const problemsOf = (run: () => unknown): readonly string[] => {
  try {
    run();
  } catch (err: unknown) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
};
