import { performance } from 'node:perf_hooks';
import { DynamoDemandStore } from '../../../adapters/dynamodb/demand-store.ts';
import { DynamoDbBackend } from '../../../adapters/dynamodb/dynamodb-backend.ts';
import { recomputeDemand } from '../../../app/demand/recompute-demand.ts';
import { recomputeChangedCustomers } from '../../../app/insights/recompute-insights.ts';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import { hubTopology } from '../../../infra/topology/index.ts';
import { demandConfigFromEnv } from '../../../schemas/config/demand-env.ts';
import { insightsConfigFromEnv } from '../../../schemas/config/insights-env.ts';
import type { ExtraWrites, InsightsCost } from '../report/results.ts';
import type { MeteredTable } from '../store/bench-dynamodb.ts';
import { costOf } from './throughput.ts';

export interface InsightsCostOptions {
  /** The ingest's change records, as the table's stream holds them. */
  readonly changes: readonly ChangeRecord[];
  /** Source records whose ingest produced the changes. */
  readonly sourceRecords: number;
  /** A fresh metered client on the ingested table (one per use case, so their costs stay apart). */
  readonly openTable: () => MeteredTable;
  readonly ingestWriteUnitsPerRecord: number;
}

const batchSizeOf = (fn: string): number =>
  hubTopology.streamSubscriptions.find((s) => s.function === fn)?.batchSize ?? 100;

const batchesOf = <T>(items: readonly T[], size: number): T[][] => {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
};

/** Runs a use case over every batch and prices what its own client did. */
const meteredRun = async (
  table: MeteredTable,
  sourceRecords: number,
  run: () => Promise<Record<string, number>>,
): Promise<ExtraWrites> => {
  table.meter.reset();
  const started = performance.now();
  const counters = await run();
  const seconds = (performance.now() - started) / 1000;
  const cost = costOf(table.meter.totals());
  const per = (n: number) => n / Math.max(1, sourceRecords);
  return {
    cost,
    seconds,
    itemsPerSourceChange: per(cost.itemsWritten),
    writeUnitsPerSourceChange: per(cost.writeUnits),
    readUnitsPerSourceChange: per(cost.readUnits),
    counters,
  };
};

const add = (sum: Record<string, number>, counts: Readonly<Record<string, number>>) => {
  for (const [key, n] of Object.entries(counts)) sum[key] = (sum[key] ?? 0) + n;
};

/**
 * Issue #12's cost: the items and capacity that insights evaluation (lifecycle, status, segment and insight
 * items) and demand recompute write per source change. Both use cases run exactly as their stream
 * functions do (same batch size, default configuration), over the changes the ingest committed. Their own
 * writes would reach the stream again and be re-evaluated as unchanged (reads, no writes); that second
 * round is not counted here.
 */
export const measureInsightsCost = async (options: InsightsCostOptions): Promise<InsightsCost> => {
  const insightsBatch = batchSizeOf('insights-recompute');
  const demandBatch = batchSizeOf('demand-recompute');
  const insightsTable = options.openTable();
  const insights = await meteredRun(insightsTable, options.sourceRecords, async () => {
    const deps = {
      backend: new DynamoDbBackend(insightsTable.documentClient, insightsTable.tableName),
      config: insightsConfigFromEnv({}),
      now: () => new Date().toISOString(),
    };
    const counters: Record<string, number> = {};
    for (const batch of batchesOf(options.changes, insightsBatch)) {
      const result = await recomputeChangedCustomers(deps, batch);
      add(counters, {
        customers: result.customers,
        written: result.written,
        unchanged: result.unchanged,
        failed: result.failed.length,
      });
    }
    return counters;
  });
  const demandTable = options.openTable();
  const demand = await meteredRun(demandTable, options.sourceRecords, async () => {
    const deps = {
      store: new DynamoDemandStore(demandTable.documentClient, demandTable.tableName),
      config: demandConfigFromEnv({}),
      now: () => new Date(),
    };
    const counters: Record<string, number> = {};
    for (const batch of batchesOf(options.changes, demandBatch)) {
      add(counters, { ...(await recomputeDemand(batch, deps)) });
    }
    return counters;
  });
  return {
    sourceRecords: options.sourceRecords,
    changeRecords: options.changes.length,
    batchSize: insightsBatch,
    batches: Math.ceil(options.changes.length / insightsBatch),
    insights,
    demand,
    ingestWriteUnitsPerRecord: options.ingestWriteUnitsPerRecord,
  };
};
