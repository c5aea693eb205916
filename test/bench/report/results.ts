import * as z from 'zod';
import { StoredItemsSchema } from '../ingestion/stored-items.ts';
import { MatcherResultSchema } from '../matcher/measure-matcher.ts';

/**
 * The bench's machine-readable results (the `results` part of `bench/results/latest.json`). Figures are
 * what this machine measured; every budget check says what was compared, so the JSON reads without the
 * bench's source.
 */

export const BudgetCheckSchema = z.object({
  /** The budget as issue #11 / DESIGN.md state it. */
  budget: z.string(),
  /** What was measured, in the budget's terms (and, when missed, the measured reason). */
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

export const MemoryPeakSchema = z.object({
  /** The bench process (store code, connector, sandbox servers), peak RSS. */
  processRssMiB: z.number(),
  /** The phase's DynamoDB Local JVM, peak RSS; null when it could not be read. */
  dynamoDbLocalRssMiB: z.number().nullable(),
});
export type MemoryPeak = z.infer<typeof MemoryPeakSchema>;

/** A section either measured, was not selected / could not run, or crashed (with the error). */
export const section = <T extends z.ZodType>(result: T) =>
  z.discriminatedUnion('status', [
    z.object({ status: z.literal('measured'), result }),
    z.object({ status: z.literal('missing'), reason: z.string() }),
    z.object({ status: z.literal('crashed'), error: z.string() }),
  ]);

/** The outcome of one bench section. */
export type SectionOutcome<T> =
  | { readonly status: 'measured'; readonly result: T }
  | { readonly status: 'missing'; readonly reason: string }
  | { readonly status: 'crashed'; readonly error: string };

/** DynamoDB Local's request shapes (test/bench/store/measure-write-shapes.ts). */
export const WriteShapeSchema = z.enum(['put', 'conditional-put', 'versioned-update', 'transaction']);
export type WriteShape = z.infer<typeof WriteShapeSchema>;

export const WriteShapeRunSchema = z.object({
  shape: WriteShapeSchema,
  description: z.string(),
  /** Whether the tables had a stream, as the store's table has. */
  streams: z.boolean(),
  items: z.number().int(),
  concurrency: z.number().int(),
  itemsPerRequest: z.number().int(),
  perSecond: z.number(),
  /** BatchWriteItem into other tables of the same JVM, just before and just after (the mean). */
  rawPerSecond: z.number(),
  /** perSecond / rawPerSecond: what one item written this way costs, in raw items. */
  ratio: z.number(),
});
export type WriteShapeRun = z.infer<typeof WriteShapeRunSchema>;

export const StreamDecaySchema = z.object({
  /** Items written into a filler table with a stream between the two measurements. */
  streamRecordsBetween: z.number().int(),
  items: z.number().int(),
  /** BatchWriteItem items/s into a table with a stream: on a fresh JVM, then after the filler. */
  withStreamFresh: z.number(),
  withStreamAfter: z.number(),
  /** The same into a table without a stream (created at the start too). */
  withoutStreamFresh: z.number(),
  withoutStreamAfter: z.number(),
});
export type StreamDecay = z.infer<typeof StreamDecaySchema>;

export const WriteShapesResultSchema = z.object({
  items: z.number().int(),
  runs: z.array(WriteShapeRunSchema),
  decay: StreamDecaySchema,
});
export type WriteShapesResult = z.infer<typeof WriteShapesResultSchema>;

export const RawBaselineSchema = z.object({
  items: z.number().int(),
  concurrency: z.number().int(),
  itemBytes: z.number(),
  /** Mean of the run before and the run after the phase. */
  perSecond: z.number(),
  runsPerSecond: z.array(z.number()),
  writeUnitsPerItem: z.number(),
});
export type RawBaseline = z.infer<typeof RawBaselineSchema>;

/** What the store consumed over a phase, as DynamoDB prices it. */
export const CostSchema = z.object({
  writeUnits: z.number(),
  /** Part of `writeUnits` priced from transaction bodies (DynamoDB Local under-reports transactions). */
  estimatedWriteUnits: z.number(),
  readUnits: z.number(),
  itemsWritten: z.number().int(),
  requests: z.record(z.string(), z.number()),
});
export type Cost = z.infer<typeof CostSchema>;

export const ThroughputPhaseSchema = z.object({
  records: z.number().int(),
  seconds: z.number(),
  recordsPerSecond: z.number(),
  raw: RawBaselineSchema,
  /** recordsPerSecond / raw.perSecond. */
  ratio: z.number(),
  cost: CostSchema,
  writeUnitsPerRecord: z.number(),
  readUnitsPerRecord: z.number(),
  requestsPerRecord: z.number(),
  itemsWrittenPerRecord: z.number(),
  outcomes: z.record(z.string(), z.number()),
  memory: MemoryPeakSchema,
  /** How the records were made and fed, in one sentence. */
  workload: z.string(),
  check: BudgetCheckSchema,
});
export type ThroughputPhase = z.infer<typeof ThroughputPhaseSchema>;

/** The ingestion phase, with what the store holds afterwards by kind of item (runs before it existed lack it). */
export const IngestionPhaseSchema = ThroughputPhaseSchema.extend({ stored: StoredItemsSchema.optional() });
export type IngestionPhase = z.infer<typeof IngestionPhaseSchema>;

export const ConnectorStreamSchema = z.object({
  stream: z.string(),
  records: z.number().int(),
  pages: z.number().int(),
  requests: z.number().int(),
  retries: z.number().int(),
  seconds: z.number(),
});

export const ConnectorPhaseSchema = ThroughputPhaseSchema.extend({
  system: z.string(),
  sandboxCustomers: z.number().int(),
  streams: z.array(ConnectorStreamSchema),
});
export type ConnectorPhase = z.infer<typeof ConnectorPhaseSchema>;

export const InitialLoadSchema = ThroughputPhaseSchema.extend({
  system: z.string(),
  sandboxCustomers: z.number().int(),
  /** Time budget of each invocation, as Lambda's remaining time would give it. */
  invocationBudgetSeconds: z.number(),
  invocations: z.number().int(),
  /** Rows the sandbox serves, and record items the store holds at the end. */
  sourceRows: z.number().int(),
  storedRecords: z.number().int(),
  /** Source keys the store does not hold. */
  lost: z.number().int(),
  /** Source keys held more than once, or written more than once. */
  duplicates: z.number().int(),
  /** Records a continuation read again and the store answered `unchanged` (harmless, but work). */
  reread: z.number().int(),
  lossCheck: BudgetCheckSchema,
});
export type InitialLoad = z.infer<typeof InitialLoadSchema>;

export const ExtraWritesSchema = z.object({
  /** What the use case wrote over all the changes. */
  cost: CostSchema,
  seconds: z.number(),
  itemsPerSourceChange: z.number(),
  writeUnitsPerSourceChange: z.number(),
  readUnitsPerSourceChange: z.number(),
  /** The use case's own counters (customers recomputed, written, unchanged; parts raised...). */
  counters: z.record(z.string(), z.number()),
});
export type ExtraWrites = z.infer<typeof ExtraWritesSchema>;

/** Issue #12: the writes insights evaluation and demand recompute add to each source change. */
export const InsightsCostSchema = z.object({
  sourceRecords: z.number().int(),
  changeRecords: z.number().int(),
  batchSize: z.number().int(),
  batches: z.number().int(),
  insights: ExtraWritesSchema,
  demand: ExtraWritesSchema,
  /** The ingest's own WCU per record, for scale. */
  ingestWriteUnitsPerRecord: z.number(),
});
export type InsightsCost = z.infer<typeof InsightsCostSchema>;

export const HeavyCustomerSchema = z.object({
  orders: z.number().int(),
  webEvents: z.number().int(),
  typicalCustomers: z.number().int(),
  /** Loading the heavy customer through ingest (not a budget; it shows what the load costs). */
  load: z.object({ records: z.number().int(), seconds: z.number(), recordsPerSecond: z.number() }),
  /**
   * How its 360 view came to be: built by the projector's bootstrap from the partition after a load without a
   * stream (runs before this field existed projected the load change by change); stream changes and seconds.
   */
  view: z
    .object({
      built: z.string(),
      changes: z.number().int(),
      seconds: z.number(),
      /** How much the bench process's heap grew while the projector built the view (absent in older runs). */
      heapGrowthMiB: z.number().optional(),
    })
    .optional(),
  read: z.object({
    /** Result kind of the read (found, or why not). */
    kind: z.string(),
    /** DynamoDB requests of one 360 read, by operation (the same for every sample). */
    requests: z.record(z.string(), z.number()),
    requestsPerRead: z.number(),
    queriesPerRead: z.number(),
    itemsRead: z.number(),
    /** KiB of items read per read, as DynamoDB sizes items (what reads are billed on). */
    kiBRead: z.number(),
    readUnits: z.number(),
    latency: LatencySummarySchema,
  }),
  rawTypical: z.object({ items: z.number().int(), kiBRead: z.number(), latency: LatencySummarySchema }),
  p99Ratio: z.number(),
  /**
   * One read after a record was written that the projector has not seen (the view behind on writes), as while a
   * sync feeds the customer: how it was served and what it read. Runs before this field existed lack it.
   */
  behindRead: z
    .object({
      served: z.string(),
      requestsPerRead: z.number(),
      queriesPerRead: z.number(),
      itemsRead: z.number(),
      kiBRead: z.number(),
      readUnits: z.number(),
      ms: z.number(),
    })
    .optional(),
  memory: MemoryPeakSchema,
  checks: z.array(BudgetCheckSchema),
});
export type HeavyCustomer = z.infer<typeof HeavyCustomerSchema>;

export const ApiLevelSchema = z.object({
  clients: z.number().int(),
  gateway: LatencySummarySchema,
  gatewayPerSecond: z.number(),
  raw: LatencySummarySchema,
  rawPerSecond: z.number(),
  p99Ratio: z.number(),
});
export type ApiLevel = z.infer<typeof ApiLevelSchema>;

export const ApiResultSchema = z.object({
  customers: z.number().int(),
  itemsPerCustomer: z.number(),
  /** DynamoDB Query calls of one customer-360 read (the most any customer needed). */
  queryCallsPerRead: z.number().int(),
  /** From the end of the load until the API served every customer from its projected view. */
  viewCatchUpSeconds: z.number(),
  /** How the timed gateway reads were served (`view`, or `fold (<reason>)`), counted. */
  servedFrom: z.record(z.string(), z.number()),
  levels: z.array(ApiLevelSchema),
  checks: z.array(BudgetCheckSchema),
});
export type ApiResult = z.infer<typeof ApiResultSchema>;

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

/** Where one change's time went (ms), stage by stage; see test/bench/freshness/change-trace.ts. */
export const FreshnessStagesSchema = z.object({
  lagAndPollWait: z.number().optional(),
  syncUntilRead: z.number().optional(),
  ingestAndStream: z.number().optional(),
  demandEvaluation: z.number().optional(),
  signalStream: z.number().optional(),
  publish: z.number().optional(),
  busToTarget: z.number().optional(),
});
export type FreshnessStages = z.infer<typeof FreshnessStagesSchema>;

export const FreshnessResultSchema = z.object({
  reaction: z.string(),
  /** The sandbox change that triggers it. */
  change: z.string(),
  /** The local fast-poll setting the hub ran with (HUB360_CONNECTOR_POLL_SECONDS), in ms. */
  pollIntervalMs: z.number(),
  /** The connectors' lag behind now: a change is invisible to a poll until it is this old. */
  lagMs: z.number(),
  /** Stream poll interval of the local change feed (HUB360_STREAM_POLL_MS). */
  streamPollMs: z.number(),
  budgetMs: z.number(),
  samples: z.array(
    z.object({
      /** From the change at the source (the row's change time) to the reaction arriving at the target. */
      endToEndMs: z.number(),
      /** From the change being visible to the start of the poll that read it: the poll interval's share. */
      pollWaitMs: z.number(),
      /** End to end minus the poll wait: what a change costs beyond one poll interval at worst. */
      overPollMs: z.number(),
      /** The connector whose write of the change reached the demand function first (untraced: absent). */
      enteredThrough: z.string().optional(),
      stages: FreshnessStagesSchema,
    }),
  ),
  endToEnd: LatencySummarySchema.nullable(),
  overPoll: LatencySummarySchema.nullable(),
  /** Median of each stage over the samples that saw it. */
  stageMediansMs: FreshnessStagesSchema,
  /** Changes whose reaction never arrived, with what the hub held instead. */
  misses: z.array(z.string()),
  /** Load average (1, 5, 15 min) when the samples started and ended: this machine is shared. */
  loadAverage: z.object({ start: z.array(z.number()), end: z.array(z.number()) }),
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

export const BenchSizesSchema = z.object({
  ingestRecords: z.number().int(),
  newCustomerRecords: z.number().int(),
  connectorRows: z.number().int(),
  initialLoadRecords: z.number().int(),
  invocationSeconds: z.number(),
  heavyOrders: z.number().int(),
  heavyWebEvents: z.number().int(),
  typicalCustomers: z.number().int(),
  heavyReads: z.number().int(),
  apiCustomers: z.number().int(),
  apiRequestsPerLevel: z.number().int(),
  pageSize: z.number().int(),
  concurrency: z.number().int(),
  warmupItems: z.number().int(),
  coldLoadRuns: z.number().int(),
  freshnessSamples: z.number().int(),
  freshnessCustomers: z.number().int(),
  matcherSecondsPerRun: z.number(),
  /** Items per request-shape measurement, and stream records between the stream decay's two measurements. */
  shapeItems: z.number().int(),
  shapeStreamRecordsBetween: z.number().int(),
  /**
   * Whether the tables the ingestion, connector and initial-load phases time have the stack's stream (the
   * heavy customer's always has: its view is projected from it; so has the table the #12 extra writes read).
   */
  storeStreams: z.boolean(),
});
export type BenchSizes = z.infer<typeof BenchSizesSchema>;

export const BenchResultsSchema = z.object({
  quick: z.boolean(),
  /** `quick`, `full`, or `custom` when sizes were set by hand (`--size`, per-phase options). */
  sizing: z.enum(['quick', 'full', 'custom']),
  sizes: BenchSizesSchema,
  totalSeconds: z.number(),
  machine: MachineSchema,
  functions: section(FunctionsResultSchema),
  writeShapes: section(WriteShapesResultSchema),
  ingestion: section(IngestionPhaseSchema),
  newCustomers: section(ThroughputPhaseSchema),
  insights: section(InsightsCostSchema),
  connector: section(ConnectorPhaseSchema),
  initialLoad: section(InitialLoadSchema),
  heavyCustomer: section(HeavyCustomerSchema),
  api: section(ApiResultSchema),
  freshness: section(FreshnessResultSchema),
  matcher: section(MatcherResultSchema),
});
export type BenchResults = z.infer<typeof BenchResultsSchema>;
