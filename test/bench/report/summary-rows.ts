import type { BenchResults, BudgetCheck, SectionOutcome } from './results.ts';

export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
export const ms = (value: number): string => `${value.toFixed(1)} ms`;
export const perSecond = (value: number): string => `${value.toFixed(0)} /s`;
export const verdict = (check: BudgetCheck): string => (check.pass ? 'PASS' : 'FAIL');

/** Why a section has no figures, in one line. */
export const notMeasured = (outcome: SectionOutcome<unknown>): string | undefined =>
  outcome.status === 'missing'
    ? `not measured: ${outcome.reason}`
    : outcome.status === 'crashed'
      ? `CRASHED: ${outcome.error}`
      : undefined;

const checksOf = <T>(
  area: string,
  outcome: SectionOutcome<T>,
  checks: (result: T) => readonly BudgetCheck[],
  budget: string,
): string[][] => {
  if (outcome.status !== 'measured') return [[area, budget, notMeasured(outcome) ?? '', '—']];
  return checks(outcome.result).map((check) => [area, check.budget, check.measured, verdict(check)]);
};

/** One row per budget: area, budget, measured, PASS/FAIL (or why it was not measured). */
export const budgetRows = (results: BenchResults): string[][] => [
  ['area', 'budget', 'measured', 'result'],
  ...checksOf(
    'ingestion',
    results.ingestion,
    (r) => [r.check, ...(r.connector.status === 'measured' ? [r.connector.result.check] : [])],
    'pipeline records/s ≥ 0.6 × raw BatchWriteItem items/s',
  ),
  ...(results.ingestion.status === 'measured' && results.ingestion.result.connector.status !== 'measured'
    ? [
        [
          'ingestion',
          'connector → ingest records/s ≥ 0.6 × raw',
          notMeasured(results.ingestion.result.connector) ?? '',
          '—',
        ],
      ]
    : []),
  ...checksOf('query API', results.query, (r) => r.checks, 'one Query per read; gateway p99 ≤ 2 × raw p99'),
  ...checksOf('functions', results.functions, (r) => [r.check], 'no function bundles code it does not use'),
  ...checksOf(
    'freshness',
    results.freshness,
    (r) => [r.check],
    'source change → reaction ≤ poll interval + 2 s',
  ),
  ...checksOf(
    'event bus',
    results.matcher,
    (r) => [r.check],
    'matcher ≥ 200,000 events/s with 1,000 mixed rules',
  ),
];
