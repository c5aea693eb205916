import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '../../infra/local/runtime.ts';
import { LatestResultsSchema } from './report/latest.ts';
import { BENCHMARKS_DOC_PATH, LATEST_RESULTS_PATH, writeBenchDocs } from './report/write-report.ts';

/**
 * `npx tsx test/bench/render-report.ts`: regenerates docs/benchmarks.md and the README's bench block from
 * bench/results/latest.json without measuring anything (the JSON is checked against its schema first).
 */
const file = join(repositoryRoot, LATEST_RESULTS_PATH);
const latest = LatestResultsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
writeBenchDocs(repositoryRoot, latest);
console.log(`rendered ${BENCHMARKS_DOC_PATH} and the README block from ${LATEST_RESULTS_PATH}`);
