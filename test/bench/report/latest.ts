import * as z from 'zod';
import { MATCHER_BUDGET } from '../matcher/measure-matcher.ts';
import { percentile } from '../stats/latency.ts';
import { type BenchResults, BenchResultsSchema, BenchSizesSchema, MachineSchema } from './results.ts';
import { budgetRows } from './summary-rows.ts';

/**
 * `bench/results/latest.json`: the newest run's headline figures at the top (the numbers issue #11 names;
 * null when that part was not measured), then every budget with its verdict, then the full results.
 */
export const LatestResultsSchema = z.object({
  schemaVersion: z.literal(1),
  quick: z.boolean(),
  sizing: z.enum(['quick', 'full', 'custom']),
  commit: z.string(),
  machine: MachineSchema,
  sizes: BenchSizesSchema,
  totalSeconds: z.number(),
  ingestionRecords: z.number().int().nullable(),
  ingestionRatio: z.number().nullable(),
  newCustomerRatio: z.number().nullable(),
  connectorRatio: z.number().nullable(),
  wcuPerRecord: z.number().nullable(),
  /**
   * The same records' data written once with no bookkeeping (record and order-line items with one WCU per index
   * entry, one claim per identifier): what any layout with the same reads pays at least. Absent in older files.
   */
  wcuDataFloorPerRecord: z.number().nullable().optional(),
  /** At 32 concurrent clients (the highest level measured). */
  apiP99Ratio: z.number().nullable(),
  /** The compiled rule set with 1,000 mixed rules. */
  matcherEventsPerSecond: z.number().nullable(),
  /** p95 of change → reaction minus the wait for the poll, seconds: what a change needs beyond one poll interval. */
  freshnessP95OverPollSeconds: z.number().nullable(),
  bundlesWithUnusedCode: z.number().int().nullable(),
  heavyCustomerReadQueries: z.number().nullable(),
  heavyCustomerReadKB: z.number().nullable(),
  heavyCustomerP99Ratio: z.number().nullable(),
  /** Issue #12: items and WCU that insights evaluation and demand recompute write per source change. */
  insightsItemsPerChange: z.number().nullable(),
  insightsWcuPerChange: z.number().nullable(),
  demandItemsPerChange: z.number().nullable(),
  demandWcuPerChange: z.number().nullable(),
  /**
   * What an item written with a version condition (UpdateItem, into a table with a stream) costs on this
   * DynamoDB Local, in raw BatchWriteItem items: it bounds any conditional write path's ratio.
   */
  conditionalWriteRatio: z.number().nullable(),
  /** BatchWriteItem rate into a table with a stream after `shapeStreamRecordsBetween` stream records, against fresh. */
  streamDecayRatio: z.number().nullable(),
  initialLoadLost: z.number().int().nullable(),
  initialLoadDuplicates: z.number().int().nullable(),
  budgets: z.array(
    z.object({
      area: z.string(),
      budget: z.string(),
      measured: z.string(),
      result: z.enum(['PASS', 'FAIL', 'not measured']),
    }),
  ),
  results: BenchResultsSchema,
});
export type LatestResults = z.infer<typeof LatestResultsSchema>;

const measured = <T, R>(outcome: { status: string; result?: T }, pick: (result: T) => R): R | null =>
  outcome.status === 'measured' && outcome.result !== undefined ? pick(outcome.result) : null;

/** Builds latest.json from a run's results; the output is checked against its own schema. */
export const buildLatestResults = (results: BenchResults): LatestResults =>
  LatestResultsSchema.parse({
    schemaVersion: 1,
    quick: results.quick,
    sizing: results.sizing,
    commit: results.machine.commit,
    machine: results.machine,
    sizes: results.sizes,
    totalSeconds: results.totalSeconds,
    ingestionRecords: measured(results.ingestion, (r) => r.records),
    ingestionRatio: measured(results.ingestion, (r) => r.ratio),
    newCustomerRatio: measured(results.newCustomers, (r) => r.ratio),
    connectorRatio: measured(results.connector, (r) => r.ratio),
    wcuPerRecord: measured(results.ingestion, (r) => r.writeUnitsPerRecord),
    wcuDataFloorPerRecord: measured(results.ingestion, (r) => r.stored?.dataFloorWriteUnitsPerRecord ?? null),
    apiP99Ratio: measured(results.api, (r) => r.levels.at(-1)?.p99Ratio ?? null),
    matcherEventsPerSecond: measured(
      results.matcher,
      (r) =>
        r.runs.find((run) => run.workload === 'mixed' && run.rules === MATCHER_BUDGET.rules)
          ?.compiledEventsPerSecond ?? null,
    ),
    freshnessP95OverPollSeconds: measured(results.freshness, (r) => {
      const sorted = r.samples.map((s) => s.overPollMs).sort((a, b) => a - b);
      return sorted.length === 0 ? null : percentile(sorted, 95) / 1000;
    }),
    bundlesWithUnusedCode: measured(
      results.functions,
      (r) => r.functions.filter((f) => f.unusedModules.length > 0).length,
    ),
    heavyCustomerReadQueries: measured(results.heavyCustomer, (r) => r.read.queriesPerRead),
    heavyCustomerReadKB: measured(results.heavyCustomer, (r) => r.read.kiBRead),
    heavyCustomerP99Ratio: measured(results.heavyCustomer, (r) => r.p99Ratio),
    insightsItemsPerChange: measured(results.insights, (r) => r.insights.itemsPerSourceChange),
    insightsWcuPerChange: measured(results.insights, (r) => r.insights.writeUnitsPerSourceChange),
    demandItemsPerChange: measured(results.insights, (r) => r.demand.itemsPerSourceChange),
    demandWcuPerChange: measured(results.insights, (r) => r.demand.writeUnitsPerSourceChange),
    conditionalWriteRatio: measured(
      results.writeShapes,
      (r) => r.runs.find((run) => run.shape === 'versioned-update' && run.streams)?.ratio ?? null,
    ),
    streamDecayRatio: measured(results.writeShapes, (r) => r.decay.withStreamAfter / r.decay.withStreamFresh),
    initialLoadLost: measured(results.initialLoad, (r) => r.lost),
    initialLoadDuplicates: measured(results.initialLoad, (r) => r.duplicates),
    budgets: budgetRows(results),
    results,
  });
