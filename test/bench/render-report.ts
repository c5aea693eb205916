import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repositoryRoot } from '../../infra/local/runtime.ts';
import { buildLatestResults, type LatestResults, LatestResultsSchema } from './report/latest.ts';
import type { BenchResults } from './report/results.ts';
import { BENCHMARKS_DOC_PATH, LATEST_RESULTS_PATH, writeBenchDocs } from './report/write-report.ts';

const SECTIONS = [
  'functions',
  'writeShapes',
  'ingestion',
  'newCustomers',
  'insights',
  'connector',
  'initialLoad',
  'heavyCustomer',
  'api',
  'freshness',
  'matcher',
] as const satisfies readonly (keyof BenchResults)[];

/** Sizes that belong to a section, so a merged section keeps the sizes it was measured at. */
const SIZES_OF: Partial<Record<(typeof SECTIONS)[number], readonly (keyof BenchResults['sizes'])[]>> = {
  writeShapes: ['shapeItems', 'shapeStreamRecordsBetween'],
  ingestion: ['ingestRecords', 'pageSize', 'concurrency', 'storeStreams'],
  newCustomers: ['newCustomerRecords'],
  connector: ['connectorRows', 'storeStreams'],
  initialLoad: ['initialLoadRecords', 'invocationSeconds', 'storeStreams'],
  heavyCustomer: ['heavyOrders', 'heavyWebEvents', 'typicalCustomers', 'heavyReads'],
  api: ['apiCustomers', 'apiRequestsPerLevel'],
};

/** The sections `other` measured replace this run's (a run of `--only <section> --out file` on the same machine). */
const merge = (base: LatestResults, other: LatestResults): BenchResults => {
  const results: Record<string, unknown> = structuredClone(base.results);
  const sections: Readonly<Record<string, unknown>> = other.results;
  const sizes = { ...base.results.sizes };
  for (const section of SECTIONS) {
    const outcome = sections[section] as { readonly status: string } | undefined;
    if (outcome?.status !== 'measured') continue;
    results[section] = outcome;
    for (const key of SIZES_OF[section] ?? []) sizes[key] = other.results.sizes[key] as never;
  }
  return {
    ...(results as BenchResults),
    sizes,
    sizing: 'custom',
    totalSeconds: base.totalSeconds + other.totalSeconds,
  };
};

/**
 * `npx tsx test/bench/render-report.ts [--merge-from <latest.json of another run>]`: regenerates
 * docs/benchmarks.md and the README's bench block from bench/results/latest.json without measuring; with
 * `--merge-from`, the sections the other run measured replace this file's first (headline figures and
 * budgets recomputed). Both files are checked against their schema.
 */
const { values } = parseArgs({ options: { 'merge-from': { type: 'string' } }, strict: true });
const file = join(repositoryRoot, LATEST_RESULTS_PATH);
let latest = LatestResultsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
const mergeFrom = values['merge-from'];
if (mergeFrom !== undefined) {
  const other = LatestResultsSchema.parse(JSON.parse(readFileSync(mergeFrom, 'utf8')));
  latest = buildLatestResults(merge(latest, other));
  writeFileSync(file, `${JSON.stringify(latest, null, 2)}\n`);
}
writeBenchDocs(repositoryRoot, latest);
console.log(`rendered ${BENCHMARKS_DOC_PATH} and the README block from ${LATEST_RESULTS_PATH}`);
