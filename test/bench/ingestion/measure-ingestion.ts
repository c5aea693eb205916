import { customer360Table } from '../../../adapters/dynamodb/table.ts';
import { createCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import type { BenchSizes, IngestionPhase, InsightsCost, ThroughputPhase } from '../report/results.ts';
import { sampleMemory } from '../stats/memory-sampler.ts';
import { startBenchDynamoDb } from '../store/bench-dynamodb.ts';
import { drainStream } from '../store/drain-stream.ts';
import { measureRawAround } from '../store/raw-baseline.ts';
import { measureInsightsCost } from './insights-cost.ts';
import { syntheticSourceRecords, unsettledCustomerRecords } from './source-records.ts';
import { measureStoredItems } from './stored-items.ts';
import { costOf, ingestPages, throughputPhase } from './throughput.ts';

export interface IngestionPhases {
  readonly ingestion: IngestionPhase;
  readonly newCustomers: ThroughputPhase;
  readonly insights: InsightsCost;
}

/** Source records whose change records the #12 extra writes are measured over: per-change figures need no more. */
const CHANGE_SAMPLE_RECORDS = 5_000;

const averageBytes = (records: readonly unknown[]) =>
  records.reduce<number>((sum, r) => sum + Buffer.byteLength(JSON.stringify(r)), 0) /
  Math.max(1, records.length);

/**
 * The store's ingest against its raw rate on one fresh DynamoDB Local: the mixed initial-sync records
 * (identity settled: every record names its customer by ERP number), then customer records whose identity
 * is not settled (they create or merge customers), between a raw BatchWriteItem run before and one after.
 * Then the insights and demand use cases run over the change records an ingest of the same mix (up to
 * CHANGE_SAMPLE_RECORDS records, untimed, into a table with the stack's stream) left on that stream, as their
 * stream subscriptions would, metered on their own clients (issue #12's extra writes per change).
 */
export const measureIngestionPhases = async (sizes: BenchSizes): Promise<IngestionPhases> => {
  const records = syntheticSourceRecords(sizes.ingestRecords);
  const unsettled = unsettledCustomerRecords(sizes.newCustomerRecords);
  const db = await startBenchDynamoDb({
    tables: ['rawBefore', 'ingest', 'newCustomers', 'rawAfter', 'changes'],
    streams: sizes.storeStreams,
    streamTables: ['changes'],
    warmupItems: sizes.warmupItems,
    warmup: async (warm) => {
      const store = createCustomerStore({ tableName: warm.tableName, documentClient: warm.documentClient });
      await ingestPages(store, syntheticSourceRecords(Math.min(500, sizes.ingestRecords)), sizes.pageSize);
      await ingestPages(store, unsettledCustomerRecords(20), sizes.pageSize);
    },
  });
  try {
    const { tables } = db;
    const storeOn = (label: 'ingest' | 'newCustomers' | 'changes') =>
      createCustomerStore({
        tableName: tables[label].tableName,
        documentClient: tables[label].documentClient,
      });
    const { raw, result } = await measureRawAround(
      { before: tables.rawBefore, after: tables.rawAfter },
      records.length,
      sizes.concurrency,
      async () => {
        tables.ingest.meter.reset();
        let memory = sampleMemory(db.jvmPid);
        const settled = await ingestPages(storeOn('ingest'), records, sizes.pageSize);
        const settledMemory = memory.stop();
        const settledCost = costOf(tables.ingest.meter.totals());
        tables.newCustomers.meter.reset();
        memory = sampleMemory(db.jvmPid);
        const created = await ingestPages(storeOn('newCustomers'), unsettled, sizes.pageSize);
        return {
          settled: { ...settled, memory: settledMemory, cost: settledCost },
          created: { ...created, memory: memory.stop(), cost: costOf(tables.newCustomers.meter.totals()) },
        };
      },
    );
    const stored = await measureStoredItems(
      tables.ingest.documentClient,
      tables.ingest.tableName,
      records.length,
      customer360Table.globalIndexes,
    );
    const ingestion: IngestionPhase = {
      ...throughputPhase({
        records: records.length,
        seconds: result.settled.seconds,
        raw,
        cost: result.settled.cost,
        outcomes: result.settled.outcomes,
        memory: result.settled.memory,
        workload:
          `${records.length} mixed canonical records (parts, stock, customers, orders with 2 lines, invoices, shipments, ` +
          `web events, contacts; ${averageBytes(records).toFixed(0)} B each as JSON), identity settled, stream by stream ` +
          `in pages of ${sizes.pageSize} through createCustomerStore(...).ingest`,
        budget: { text: 'ingestion records/s ≥ 0.6 × raw BatchWriteItem items/s', minRatio: 0.6 },
      }),
      stored,
    };
    const newCustomers = throughputPhase({
      records: unsettled.length,
      seconds: result.created.seconds,
      raw,
      cost: result.created.cost,
      outcomes: result.created.outcomes,
      memory: result.created.memory,
      workload:
        `${unsettled.length} customer master records whose identity is not settled (half SAP S/4, half Business ` +
        `Central; a quarter share a SAP customer's e-mail), in pages of ${sizes.pageSize}`,
      budget: { text: 'records that create or merge customers ≥ 0.3 × raw', minRatio: 0.3 },
    });

    const sample =
      records.length <= CHANGE_SAMPLE_RECORDS ? records : syntheticSourceRecords(CHANGE_SAMPLE_RECORDS);
    await ingestPages(storeOn('changes'), sample, sizes.pageSize);
    const { tableName, streamArn } = tables.changes;
    if (streamArn === undefined) throw new Error(`${tableName} was created without its stream`);
    const insights = await measureInsightsCost({
      changes: await drainStream(db.endpoint, streamArn),
      sourceRecords: sample.length,
      openTable: () => db.openTable(tableName, streamArn),
      ingestWriteUnitsPerRecord: ingestion.writeUnitsPerRecord,
    });
    return { ingestion, newCustomers, insights };
  } finally {
    await db.stop();
  }
};
