import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Whether a test file runs property tests (fast-check): many cases each, the slowest files of a mutant run. */
const runsProperties = (() => {
  const known = new Map<string, boolean>();
  return (file: string): boolean => {
    let answer = known.get(file);
    if (answer === undefined) {
      answer = readFileSync(file, 'utf8').includes('fc.assert(');
      known.set(file, answer);
    }
    return answer;
  };
})();

/**
 * The order of test files in a mutation run (vitest.mutation.config.ts): example-test files before
 * property-test files, and within each group the quickest last time first (files not run yet first, then
 * by name). Stryker stops a mutant's run at its first failing test (bail 1), so a mutant a quick example
 * kills never waits for slower files that also cover it; vitest's own order (failed first, then the
 * longest first) would start most mutants with the slowest file. Verdicts do not change: a survivor
 * still runs every test that covers it.
 */
export class ExamplesFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const lastDuration = (spec: TestSpecification): number => {
      const key = `${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`;
      return this.ctx.cache.getFileTestResults(key)?.duration ?? 0;
    };
    return [...files].sort((a, b) => {
      const byKind = Number(runsProperties(a.moduleId)) - Number(runsProperties(b.moduleId));
      if (byKind !== 0) return byKind;
      const byDuration = lastDuration(a) - lastDuration(b);
      return byDuration !== 0 ? byDuration : a.moduleId.localeCompare(b.moduleId);
    });
  }
}
