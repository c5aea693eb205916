import { performance } from 'node:perf_hooks';
import type { CustomerStore, RecordOutcome } from '../../../core/ports/customer-store.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import type { BudgetCheck, Cost, MemoryPeak, RawBaseline, ThroughputPhase } from '../report/results.ts';
import type { CapacityTotals } from './capacity-meter.ts';
import { pagesOf } from './source-records.ts';

/** The meter's totals as a phase's cost. */
export const costOf = (totals: CapacityTotals): Cost => ({
  writeUnits: totals.writeUnits,
  estimatedWriteUnits: totals.estimatedWriteUnits,
  readUnits: totals.readUnits,
  itemsWritten: totals.itemsWritten,
  requests: totals.requests,
});

const requestCount = (cost: Cost) => Object.values(cost.requests).reduce((sum, n) => sum + n, 0);

/** A throughput phase's figures, from its record count, time, raw baseline and metered cost. */
export const throughputPhase = (input: {
  readonly records: number;
  readonly seconds: number;
  readonly raw: RawBaseline;
  readonly cost: Cost;
  readonly outcomes: Readonly<Record<string, number>>;
  readonly memory: MemoryPeak;
  readonly workload: string;
  readonly budget: { readonly text: string; readonly minRatio: number };
}): ThroughputPhase => {
  const recordsPerSecond = input.records / input.seconds;
  const ratio = recordsPerSecond / input.raw.perSecond;
  const per = (n: number) => n / Math.max(1, input.records);
  const check: BudgetCheck = {
    budget: input.budget.text,
    measured: `${ratio.toFixed(2)} × (${recordsPerSecond.toFixed(0)} records/s vs raw ${input.raw.perSecond.toFixed(0)} items/s)`,
    pass: ratio >= input.budget.minRatio,
  };
  return {
    records: input.records,
    seconds: input.seconds,
    recordsPerSecond,
    raw: input.raw,
    ratio,
    cost: input.cost,
    writeUnitsPerRecord: per(input.cost.writeUnits),
    readUnitsPerRecord: per(input.cost.readUnits),
    requestsPerRecord: per(requestCount(input.cost)),
    itemsWrittenPerRecord: per(input.cost.itemsWritten),
    outcomes: { ...input.outcomes },
    memory: input.memory,
    workload: input.workload,
    check,
  };
};

/** Adds a page's outcome counts to a running tally. */
export const tallyOutcomes = (tally: Record<string, number>, outcomes: readonly RecordOutcome[]): void => {
  for (const { outcome } of outcomes) tally[outcome] = (tally[outcome] ?? 0) + 1;
};

/**
 * Ingests records page by page, as a connector commits one page before it reads the next; returns the
 * seconds it took, the outcome counts and every record's outcome (in input order).
 */
export const ingestPages = async (
  store: Pick<CustomerStore, 'ingest'>,
  records: readonly CanonicalRecordInput[],
  pageSize: number,
): Promise<{ seconds: number; outcomes: Record<string, number>; all: RecordOutcome[] }> => {
  const outcomes: Record<string, number> = {};
  const all: RecordOutcome[] = [];
  const started = performance.now();
  for (const page of pagesOf(records, pageSize)) {
    const result = await store.ingest(page);
    tallyOutcomes(outcomes, result.outcomes);
    all.push(...result.outcomes);
  }
  return { seconds: (performance.now() - started) / 1000, outcomes, all };
};
