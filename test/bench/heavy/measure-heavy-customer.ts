import { performance } from 'node:perf_hooks';
import { DescribeTableCommand, DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import { localAwsIdentity } from '../../../infra/local/store/dynamodb-local.ts';
import { viewProjectorFor } from '../../support/project-views.ts';
import type { CapacityTotals } from '../ingestion/capacity-meter.ts';
import {
  heavyCustomerNextOrder,
  heavyCustomerRecords,
  heavyCustomerUnprojectedOrder,
} from '../ingestion/source-records.ts';
import { ingestPages } from '../ingestion/throughput.ts';
import type { BenchSizes, HeavyCustomer } from '../report/results.ts';
import { summarizeLatencies } from '../stats/latency.ts';
import { sampleHeapGrowth, sampleMemory } from '../stats/memory-sampler.ts';
import { startBenchDynamoDb } from '../store/bench-dynamodb.ts';
import { rawItems } from '../store/raw-baseline.ts';

/** Items of the typical partition the raw Query reads (a customer with 20 records). */
const TYPICAL_ITEMS = 20;
/** Reads stop after this long even if fewer samples were taken (a read of a huge partition is slow). */
const READ_TIME_BOX_MS = 120_000;
const BUDGET = { queries: 1, kiB: 64, p99Ratio: 2 } as const;

/**
 * A large distributor beside ordinary customers: its 360 read through the store's read port
 * (`getCustomer360`, whatever it does) against a raw Query of a typical 20-item partition of ~400-byte
 * items, on a fresh DynamoDB Local. Requests and bytes are metered on the store's client; latency is
 * sampled with the two reads alternating.
 */
export const measureHeavyCustomer = async (sizes: BenchSizes): Promise<HeavyCustomer> => {
  const { heavyErp, records } = heavyCustomerRecords({
    orders: sizes.heavyOrders,
    webEvents: sizes.heavyWebEvents,
    typical: sizes.typicalCustomers,
  });
  // Loaded without a stream: DynamoDB Local slows every write into a stream table by the stream records the JVM
  // holds (docs/benchmarks.md, "request shapes"), so 210,000 records through a stream would take hours. The
  // stream is switched on after the load, and the heavy customer's next order makes the projector build its
  // view from the partition: the bootstrap of a customer stored before the projector existed.
  const db = await startBenchDynamoDb({ tables: ['heavy'], warmupItems: sizes.warmupItems, streams: false });
  try {
    const table = db.tables.heavy;
    const memory = sampleMemory(db.jvmPid);
    const store = createCustomerStore({ tableName: table.tableName, documentClient: table.documentClient });
    const load = await ingestPages(store, records, sizes.pageSize);
    const first = load.all[0];
    const heavyId = first?.outcome === 'written' ? first.customerId : undefined;
    const found = heavyId ?? (await store.findCustomerByIdentifier('erp', heavyErp, 'sap-s4'))?.customerId;
    if (!found) throw new Error(`the heavy customer ${heavyErp} was not created by the load`);

    const streamArn = await switchOnStream(db.endpoint, table.tableName);
    const viewStarted = performance.now();
    const next = await store.ingest([heavyCustomerNextOrder(heavyErp)]);
    if (next.outcomes[0]?.outcome !== 'written')
      throw new Error(`the order after the load was not written: ${JSON.stringify(next.outcomes[0])}`);
    const streamsClient = new DynamoDBStreamsClient({ endpoint: db.endpoint, ...localAwsIdentity });
    let changes: number;
    const heap = sampleHeapGrowth();
    try {
      changes = await viewProjectorFor({ ...table, streamArn, streamsClient }).catchUp();
    } finally {
      streamsClient.destroy();
    }
    const viewHeapGrowthMiB = heap.stop();
    const viewSeconds = (performance.now() - viewStarted) / 1000;

    const typicalPk = 'RAW#typical';
    const typical = rawItems(TYPICAL_ITEMS, 'typical').map((item, i) => ({
      ...item,
      pk: typicalPk,
      sk: `ITEM#${String(i).padStart(3, '0')}`,
    }));
    await table.documentClient.send(
      new BatchWriteCommand({
        RequestItems: { [table.tableName]: typical.map((Item) => ({ PutRequest: { Item } })) },
      }),
    );

    const readHeavy = async () => {
      const result = await store.getCustomer360(found);
      if (result.kind !== 'found') return result.kind;
      const served = result.view.servedFrom;
      if (served?.source === 'fold') return `found, from a fold (${served.reason})`;
      return served?.reason ? `found, from its view (${served.reason})` : 'found, from its view';
    };
    const readTypical = () =>
      table.documentClient.send(
        new QueryCommand({
          TableName: table.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': typicalPk },
        }),
      );

    // One metered read of each, for requests and bytes (the same on every read).
    table.meter.reset();
    const kind = await readHeavy();
    const heavyTotals = table.meter.totals();
    table.meter.reset();
    await readTypical();
    const typicalTotals = table.meter.totals();

    const heavyMs: number[] = [];
    const rawMs: number[] = [];
    const time = async (run: () => Promise<unknown>, into: number[]) => {
      const started = performance.now();
      await run();
      into.push(performance.now() - started);
    };
    const readsStarted = performance.now();
    for (let i = 0; i < sizes.heavyReads && performance.now() - readsStarted < READ_TIME_BOX_MS; i++) {
      if (i % 2 === 0) {
        await time(readHeavy, heavyMs);
        await time(readTypical, rawMs);
      } else {
        await time(readTypical, rawMs);
        await time(readHeavy, heavyMs);
      }
    }
    // Then a record the projector does not see: the view is behind on writes, as while a sync feeds the customer.
    const unprojected = await store.ingest([heavyCustomerUnprojectedOrder(heavyErp)]);
    if (unprojected.outcomes[0]?.outcome !== 'written')
      throw new Error(`the unprojected order was not written: ${JSON.stringify(unprojected.outcomes[0])}`);
    table.meter.reset();
    const behindStarted = performance.now();
    const behindServed = await readHeavy();
    const behindMs = performance.now() - behindStarted;
    const behindTotals = table.meter.totals();
    const latency = summarizeLatencies(heavyMs);
    const rawLatency = summarizeLatencies(rawMs);
    const p99Ratio = latency.p99Ms / rawLatency.p99Ms;
    const queriesPerRead = heavyTotals.requests.Query ?? 0;
    const requestsPerRead = requestCount(heavyTotals);
    const kiBRead = heavyTotals.bytesRead / 1024;
    return {
      orders: sizes.heavyOrders,
      webEvents: sizes.heavyWebEvents,
      typicalCustomers: sizes.typicalCustomers,
      load: {
        records: records.length,
        seconds: load.seconds,
        recordsPerSecond: records.length / load.seconds,
      },
      view: {
        built: 'bootstrap after the load',
        changes,
        seconds: viewSeconds,
        heapGrowthMiB: viewHeapGrowthMiB,
      },
      read: {
        kind,
        requests: heavyTotals.requests,
        requestsPerRead,
        queriesPerRead,
        itemsRead: heavyTotals.itemsRead,
        kiBRead,
        readUnits: heavyTotals.readUnits,
        latency,
      },
      rawTypical: { items: TYPICAL_ITEMS, kiBRead: typicalTotals.bytesRead / 1024, latency: rawLatency },
      p99Ratio,
      behindRead: {
        served: behindServed,
        requestsPerRead: requestCount(behindTotals),
        queriesPerRead: behindTotals.requests.Query ?? 0,
        itemsRead: behindTotals.itemsRead,
        kiBRead: behindTotals.bytesRead / 1024,
        readUnits: behindTotals.readUnits,
        ms: behindMs,
      },
      memory: memory.stop(),
      checks: [
        {
          budget: 'heavy customer 360 read: 1 Query',
          measured: `${queriesPerRead} Query call(s), ${requestsPerRead} request(s) in all, ${heavyTotals.itemsRead} items`,
          pass: queriesPerRead === BUDGET.queries && requestsPerRead === BUDGET.queries,
        },
        {
          budget: `heavy customer 360 read ≤ ${BUDGET.kiB} KB read`,
          measured: `${kiBRead.toFixed(1)} KiB of items read (${heavyTotals.readUnits.toFixed(1)} RCU)`,
          pass: kiBRead <= BUDGET.kiB,
        },
        {
          budget: 'heavy customer 360 read p99 ≤ 2 × raw Query p99 of a typical 20-item partition',
          measured: `${p99Ratio.toFixed(2)} × (${latency.p99Ms.toFixed(1)} vs ${rawLatency.p99Ms.toFixed(1)} ms, ${latency.samples} samples)`,
          pass: p99Ratio <= BUDGET.p99Ratio,
        },
      ],
    };
  } finally {
    await db.stop();
  }
};

/** DynamoDB requests of every operation the meter counted. */
const requestCount = (totals: CapacityTotals) =>
  Object.values(totals.requests).reduce((sum, n) => sum + n, 0);

/** Turns on the stack's stream (new and old images) on a table created without one; returns its ARN. */
const switchOnStream = async (endpoint: string, tableName: string): Promise<string> => {
  const admin = new DynamoDBClient({ endpoint, ...localAwsIdentity });
  try {
    await admin.send(
      new UpdateTableCommand({
        TableName: tableName,
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    const described = await admin.send(new DescribeTableCommand({ TableName: tableName }));
    const arn = described.Table?.LatestStreamArn;
    if (arn === undefined) throw new Error(`DynamoDB Local did not give ${tableName} a stream`);
    return arn;
  } finally {
    admin.destroy();
  }
};
