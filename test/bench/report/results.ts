import * as z from 'zod';
import { MatcherResultSchema } from '../matcher/measure-matcher.ts';

/**
 * The bench's machine-readable results (`test/bench/results.json`). Figures are what this machine measured;
 * every budget check says what was compared so the JSON can be read without the bench's source.
 */

export const BudgetCheckSchema = z.object({
  /** The budget as DESIGN.md states it. */
  budget: z.string(),
  /** What was measured, in the budget's terms. */
  measured: z.string(),
  pass: z.boolean(),
});
export type BudgetCheck = z.infer<typeof BudgetCheckSchema>;

export const LatencySummarySchema = z.object({
  samples: z.number().int(),
  p50Ms: z.number(),
  p95Ms: z.number(),
  p99Ms: z.number(),
  maxMs: z.number(),
});
export type LatencySummary = z.infer<typeof LatencySummarySchema>;

/** A section either measured, could not run because a piece of the hub is not there yet, or crashed. */
const section = <T extends z.ZodType>(result: T) =>
  z.discriminatedUnion('status', [
    z.object({ status: z.literal('measured'), result }),
    z.object({ status: z.literal('missing'), reason: z.string() }),
    z.object({ status: z.literal('crashed'), error: z.string() }),
  ]);

export const ThroughputRunSchema = z.object({
  seconds: z.number(),
  perSecond: z.number(),
  writeUnits: z.number(),
  /** Write units priced from transaction bodies, because DynamoDB Local under-reports transactions. */
  estimatedWriteUnits: z.number(),
  readUnits: z.number(),
  requests: z.record(z.string(), z.number()),
});
export type ThroughputRun = z.infer<typeof ThroughputRunSchema>;

export const ConnectorIngestionSchema = z.object({
  system: z.string(),
  records: z.number().int(),
  seconds: z.number(),
  recordsPerSecond: z.number(),
  /** Connector records/s over the raw BatchWriteItem items/s of the same run. */
  ratio: z.number(),
  streams: z.array(
    z.object({
      stream: z.string(),
      records: z.number().int(),
      pages: z.number().int(),
      requests: z.number().int(),
      retries: z.number().int(),
      seconds: z.number(),
    }),
  ),
  check: BudgetCheckSchema,
});
export type ConnectorIngestion = z.infer<typeof ConnectorIngestionSchema>;

export const IngestionResultSchema = z.object({
  records: z.number().int(),
  pageSize: z.number().int(),
  averageRecordBytes: z.number(),
  outcomes: z.record(z.string(), z.number()),
  pipeline: ThroughputRunSchema,
  /** Raw BatchWriteItem, run before and after the pipeline; `perSecond` is their mean. */
  raw: ThroughputRunSchema.extend({ concurrency: z.number().int(), runsPerSecond: z.array(z.number()) }),
  ratio: z.number(),
  writeUnitsPerRecord: z.number(),
  readUnitsPerRecord: z.number(),
  rawWriteUnitsPerItem: z.number(),
  check: BudgetCheckSchema,
  connector: section(ConnectorIngestionSchema),
});
export type IngestionResult = z.infer<typeof IngestionResultSchema>;

export const QueryResultSchema = z.object({
  customers: z.number().int(),
  itemsPerCustomer: z.number(),
  /** DynamoDB Query calls of one customer-360 read (the most any sampled customer needed). */
  queryCallsPerRead: z.number().int(),
  warmupRounds: z.number().int(),
  gateway: LatencySummarySchema,
  raw: LatencySummarySchema,
  p99Ratio: z.number(),
  checks: z.array(BudgetCheckSchema),
});
export type QueryResult = z.infer<typeof QueryResultSchema>;

export const InputModuleSchema = z.object({ module: z.string(), bytes: z.number().int() });
export type InputModule = z.infer<typeof InputModuleSchema>;

export const FunctionBundleSchema = z.object({
  name: z.string(),
  bytes: z.number().int(),
  gzipBytes: z.number().int(),
  sourceMapBytes: z.number().int(),
  coldLoad: LatencySummarySchema.nullable(),
  coldLoadError: z.string().optional(),
  largestInputs: z.array(InputModuleSchema),
  /** Modules in the bundle the function's grants and routes say it cannot need. */
  unusedModules: z.array(z.object({ module: z.string(), bytes: z.number().int(), why: z.string() })),
});
export type FunctionBundle = z.infer<typeof FunctionBundleSchema>;

export const FunctionsResultSchema = z.object({
  synthSeconds: z.number(),
  functions: z.array(FunctionBundleSchema),
  check: BudgetCheckSchema,
});
export type FunctionsResult = z.infer<typeof FunctionsResultSchema>;

export const FreshnessResultSchema = z.object({
  reaction: z.string(),
  pollIntervalMs: z.number(),
  /** The connectors' lag behind now: a change is invisible to a poll until it is this old. */
  lagMs: z.number(),
  budgetMs: z.number(),
  samples: z.array(
    z.object({
      /** From the change in the source system to the reaction arriving in the inbox. */
      endToEndMs: z.number(),
      /** From firing the connector schedules to the reaction arriving: the hub's own share. */
      afterPollMs: z.number(),
    }),
  ),
  /** Changes whose reaction never arrived, with what the hub held instead. */
  misses: z.array(z.string()),
  worstMs: z.number(),
  check: BudgetCheckSchema,
});
export type FreshnessResult = z.infer<typeof FreshnessResultSchema>;

export const MachineSchema = z.object({
  measuredAt: z.string(),
  cpuModel: z.string(),
  cpus: z.number().int(),
  memoryGb: z.number(),
  os: z.string(),
  node: z.string(),
  java: z.string(),
  loadAverageAtStart: z.array(z.number()),
  commit: z.string(),
});
export type Machine = z.infer<typeof MachineSchema>;

export const BenchResultsSchema = z.object({
  mode: z.enum(['full', 'quick']),
  totalSeconds: z.number(),
  machine: MachineSchema,
  ingestion: section(IngestionResultSchema),
  query: section(QueryResultSchema),
  functions: section(FunctionsResultSchema),
  freshness: section(FreshnessResultSchema),
  matcher: section(MatcherResultSchema),
  /** The local bus's compiled rule set with 1,000 mixed rules, events/s (null when not measured). */
  matcherEventsPerSecond: z.number().nullable(),
});
export type BenchResults = z.infer<typeof BenchResultsSchema>;

/** The outcome of one bench section. */
export type SectionOutcome<T> =
  | { readonly status: 'measured'; readonly result: T }
  | { readonly status: 'missing'; readonly reason: string }
  | { readonly status: 'crashed'; readonly error: string };
