import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import type { IngestionResult, ThroughputRun } from '../report/results.ts';
import type { CapacityMeter } from './capacity-meter.ts';
import { createMeteredTable } from './metered-table.ts';
import { buildBatchWrites, rawItemsFor, sendBatchWrites } from './raw-batch-write.ts';
import { pagesOf, syntheticSourceRecords } from './source-records.ts';

export interface IngestionBenchOptions {
  /** DynamoDB Local of the running hub: the same store the pipeline writes to. */
  readonly storeEndpoint: string;
  readonly records: number;
  readonly pageSize: number;
  /** Concurrent BatchWriteItem calls of the raw baseline: the store's own commit concurrency. */
  readonly rawConcurrency: number;
}

/** Runs `run` and prices it with the meter's totals. */
export const timed = async (
  meter: CapacityMeter,
  count: number,
  run: () => Promise<void>,
): Promise<ThroughputRun> => {
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  const totals = meter.totals();
  return {
    seconds,
    perSecond: count / seconds,
    writeUnits: totals.writeUnits,
    estimatedWriteUnits: totals.estimatedWriteUnits,
    readUnits: totals.readUnits,
    requests: totals.requests,
  };
};

const rawRun = async (
  options: IngestionBenchOptions,
  records: readonly unknown[],
): Promise<ThroughputRun> => {
  const table = await createMeteredTable(options.storeEndpoint, 'raw');
  try {
    const requests = buildBatchWrites(table.tableName, rawItemsFor(records, randomUUID().slice(0, 8)));
    return await timed(table.meter, records.length, () =>
      sendBatchWrites(table.documentClient, requests, options.rawConcurrency),
    );
  } finally {
    table.close();
  }
};

/**
 * Source records/s through the store's ingest (validation, identity reads, packed conditional commits) into
 * DynamoDB Local, against plain BatchWriteItem of as many items of similar size into the same DynamoDB Local.
 * The raw baseline runs before and after the pipeline and the two are averaged, so a machine that slows down
 * (or a store that gets slower as it fills) does not favour either side.
 */
export const measureIngestion = async (options: IngestionBenchOptions): Promise<IngestionResult> => {
  const records = syntheticSourceRecords(options.records);
  const averageRecordBytes =
    records.reduce((sum, r) => sum + Buffer.byteLength(JSON.stringify(r)), 0) / records.length;

  const rawBefore = await rawRun(options, records);

  const table = await createMeteredTable(options.storeEndpoint, 'ingest');
  const outcomes: Record<string, number> = {};
  let pipeline: ThroughputRun;
  try {
    const store = createCustomerStore({ tableName: table.tableName, documentClient: table.documentClient });
    pipeline = await timed(table.meter, records.length, async () => {
      // One page at a time, as a connector commits a page before it reads the next.
      for (const page of pagesOf(records, options.pageSize)) {
        const result = await store.ingest(page);
        for (const [kind, n] of Object.entries(result.counts)) outcomes[kind] = (outcomes[kind] ?? 0) + n;
      }
    });
  } finally {
    table.close();
  }

  const rawAfter = await rawRun(options, records);
  const runsPerSecond = [rawBefore.perSecond, rawAfter.perSecond];
  const rawPerSecond = (rawBefore.perSecond + rawAfter.perSecond) / 2;
  const ratio = pipeline.perSecond / rawPerSecond;
  return {
    records: records.length,
    pageSize: options.pageSize,
    averageRecordBytes,
    outcomes,
    pipeline,
    raw: {
      seconds: (rawBefore.seconds + rawAfter.seconds) / 2,
      perSecond: rawPerSecond,
      writeUnits: rawBefore.writeUnits,
      estimatedWriteUnits: rawBefore.estimatedWriteUnits,
      readUnits: rawBefore.readUnits,
      requests: rawBefore.requests,
      concurrency: options.rawConcurrency,
      runsPerSecond,
    },
    ratio,
    writeUnitsPerRecord: pipeline.writeUnits / records.length,
    readUnitsPerRecord: pipeline.readUnits / records.length,
    rawWriteUnitsPerItem: rawBefore.writeUnits / records.length,
    check: {
      budget: 'pipeline records/s ≥ 0.6 × raw BatchWriteItem items/s',
      measured: `${ratio.toFixed(2)} × (${pipeline.perSecond.toFixed(0)} vs ${rawPerSecond.toFixed(0)} /s)`,
      pass: ratio >= 0.6,
    },
    connector: { status: 'missing', reason: 'not measured yet' },
  };
};
