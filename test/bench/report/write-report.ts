import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildLatestResults, type LatestResults } from './latest.ts';
import { renderMarkdownReport } from './markdown-report.ts';
import { renderReadmeBlock, replaceReadmeBlock } from './readme-block.ts';
import type { BenchResults } from './results.ts';

export const LATEST_RESULTS_PATH = 'bench/results/latest.json';
export const BENCHMARKS_DOC_PATH = 'docs/benchmarks.md';
export const README_PATH = 'README.md';

/**
 * Writes a run's `bench/results/latest.json` and the `docs/benchmarks.md` generated from it, under `root`
 * (the repository), and the README's budget block (between its bench markers) from the same figures. The JSON is laid out as Biome formats JSON (2 spaces), so `npm run lint` stays clean.
 */
export const writeBenchReport = (root: string, results: BenchResults): LatestResults => {
  const latest = buildLatestResults(results);
  const jsonFile = join(root, LATEST_RESULTS_PATH);
  mkdirSync(dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, `${JSON.stringify(latest, null, 2)}\n`);
  writeBenchDocs(root, latest);
  return latest;
};

/** Regenerates docs/benchmarks.md and the README block from a latest.json (after a template change, say). */
export const writeBenchDocs = (root: string, latest: LatestResults): void => {
  const docFile = join(root, BENCHMARKS_DOC_PATH);
  mkdirSync(dirname(docFile), { recursive: true });
  writeFileSync(docFile, renderMarkdownReport(latest));
  const readmeFile = join(root, README_PATH);
  if (existsSync(readmeFile)) {
    const readme = readFileSync(readmeFile, 'utf8');
    const updated = replaceReadmeBlock(readme, renderReadmeBlock(latest));
    if (updated !== readme) writeFileSync(readmeFile, updated);
  }
};
