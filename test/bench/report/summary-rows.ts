import type { BenchResults, BudgetCheck, SectionOutcome } from './results.ts';

export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
export const ms = (value: number): string => `${value.toFixed(1)} ms`;
export const perSecond = (value: number): string => `${value.toFixed(0)} /s`;

/** Why a section has no figures, in one line. */
export const notMeasured = (outcome: SectionOutcome<unknown>): string | undefined =>
  outcome.status === 'missing'
    ? `not measured: ${outcome.reason}`
    : outcome.status === 'crashed'
      ? `CRASHED: ${outcome.error.split('\n')[0] ?? ''}`
      : undefined;

/** One budget's line: PASS/FAIL when measured, otherwise why it was not. */
export interface BudgetRow {
  readonly area: string;
  readonly budget: string;
  readonly measured: string;
  readonly result: 'PASS' | 'FAIL' | 'not measured';
}

const rowsOf = <T>(
  area: string,
  outcome: SectionOutcome<T>,
  budgets: readonly string[],
  checks: (result: T) => readonly BudgetCheck[],
): BudgetRow[] =>
  outcome.status === 'measured'
    ? checks(outcome.result).map((c) => ({
        area,
        budget: c.budget,
        measured: c.measured,
        result: c.pass ? 'PASS' : 'FAIL',
      }))
    : budgets.map((budget) => ({
        area,
        budget,
        measured: notMeasured(outcome) ?? '',
        result: 'not measured',
      }));

/** Every budget of issue #11, in its order, with what this run measured against it. */
export const budgetRows = (r: BenchResults): BudgetRow[] => [
  ...rowsOf('ingestion', r.ingestion, ['ingestion ≥ 0.6 × raw'], (x) => [x.check]),
  ...rowsOf('new customers', r.newCustomers, ['records that create or merge customers ≥ 0.3 × raw'], (x) => [
    x.check,
  ]),
  ...rowsOf('write cost', r.ingestion, ['≤ 2.5 WCU per record over the mix'], (x) => [
    {
      budget: '≤ 2.5 WCU per record over the mix',
      measured:
        `${x.writeUnitsPerRecord.toFixed(2)} WCU and ${x.readUnitsPerRecord.toFixed(2)} RCU per record; ${x.itemsWrittenPerRecord.toFixed(2)} items and ${x.requestsPerRecord.toFixed(2)} requests per record` +
        (x.stored
          ? `; the data alone, written once without bookkeeping: ${x.stored.dataFloorWriteUnitsPerRecord.toFixed(2)} WCU`
          : ''),
      pass: x.writeUnitsPerRecord <= 2.5,
    },
  ]),
  ...rowsOf('connector', r.connector, ['connector end to end ≥ 0.5 × raw'], (x) => [x.check]),
  ...rowsOf('initial load', r.initialLoad, ['initial load: no loss, no duplicates'], (x) => [x.lossCheck]),
  ...rowsOf(
    'API',
    r.api,
    ['one Query per 360 read', 'API p99 ≤ 2 × raw Query p99 at 32 clients'],
    (x) => x.checks,
  ),
  ...rowsOf(
    'heavy customer',
    r.heavyCustomer,
    ['360 read: 1 Query', '360 read ≤ 64 KB', '360 read p99 ≤ 2 × raw typical Query p99'],
    (x) => x.checks,
  ),
  ...rowsOf('event bus', r.matcher, ['matcher ≥ 200,000 events/s with 1,000 mixed rules'], (x) => [x.check]),
  ...rowsOf('freshness', r.freshness, ['source change → reaction ≤ poll interval + 2 s'], (x) => [x.check]),
  ...rowsOf('functions', r.functions, ['0 bundles with unusable code'], (x) => [x.check]),
];

/** The budget rows as table rows (header first). */
export const budgetTable = (r: BenchResults): string[][] => [
  ['area', 'budget', 'measured', 'result'],
  ...budgetRows(r).map((row) => [row.area, row.budget, row.measured, row.result]),
];
