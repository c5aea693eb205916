import { performance } from 'node:perf_hooks';
import { ConnectorSyncRequestSchema } from '../../../app/connector-sync/sync-request.ts';
import { createCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import { timeBudgetOf } from '../../../connectors/kit/time-budget.ts';
import { costOf, tallyOutcomes, throughputPhase } from '../ingestion/throughput.ts';
import type { BenchSizes, ConnectorPhase } from '../report/results.ts';
import { sampleMemory } from '../stats/memory-sampler.ts';
import { startBenchDynamoDb } from '../store/bench-dynamodb.ts';
import { measureRawAround } from '../store/raw-baseline.ts';
import { sandboxSyncService, sapSourceRows, startSandboxForRows } from './sandbox-sync.ts';

const CONNECTOR = 'sap-s4';

/**
 * The whole pipeline from a legacy system: the `sap-s4` preset reads the sandbox ERP over its real protocol
 * (OData v2 over HTTP, paging, incremental filters, a checkpoint after each committed page) and ingests into
 * a fresh DynamoDB Local, exactly as the connector-sync function does; timed from the first request to the
 * last checkpoint, between two raw BatchWriteItem runs of as many items.
 */
export const measureConnector = async (sizes: BenchSizes, workDir: string): Promise<ConnectorPhase> => {
  const sandbox = await startSandboxForRows(sizes.connectorRows, workDir);
  const db = await startBenchDynamoDb({
    tables: ['rawBefore', 'connector', 'rawAfter'],
    warmupItems: sizes.warmupItems,
    streams: sizes.storeStreams,
  });
  try {
    const rows = sapSourceRows(sandbox);
    const table = db.tables.connector;
    const store = createCustomerStore({ tableName: table.tableName, documentClient: table.documentClient });
    const outcomes: Record<string, number> = {};
    const service = sandboxSyncService(sandbox, table, {
      ingest: async (records, options) => {
        const result = await store.ingest(records, options);
        tallyOutcomes(outcomes, result.outcomes);
        return result;
      },
    });
    const { raw, result } = await measureRawAround(
      { before: db.tables.rawBefore, after: db.tables.rawAfter },
      rows,
      sizes.concurrency,
      async () => {
        table.meter.reset();
        const memory = sampleMemory(db.jvmPid);
        const started = performance.now();
        const outcome = await service.sync(ConnectorSyncRequestSchema.parse({ connector: CONNECTOR }), {
          timeBudget: timeBudgetOf(6 * 3_600_000, Date.now),
        });
        const seconds = (performance.now() - started) / 1000;
        return { outcome, seconds, memory: memory.stop(), cost: costOf(table.meter.totals()) };
      },
    );
    const { outcome } = result;
    if (outcome.failed.length > 0)
      throw new Error(`connector ${CONNECTOR}: streams failed: ${outcome.failed.join(', ')}`);
    const records = outcome.streams.reduce((sum, s) => sum + s.recordsRead, 0);
    const phase = throughputPhase({
      records,
      seconds: result.seconds,
      raw,
      cost: result.cost,
      outcomes,
      memory: result.memory,
      workload:
        `the ${CONNECTOR} preset syncing a sandbox SAP S/4 of ${rows} rows (business partners, sales orders, billing ` +
        'documents) over OData v2 into the store, one run',
      budget: { text: 'connector end to end records/s ≥ 0.5 × raw', minRatio: 0.5 },
    });
    return {
      ...phase,
      system: CONNECTOR,
      sandboxCustomers: sandbox.truth().sapS4.A_BusinessPartner.length,
      streams: outcome.streams.map((s) => ({
        stream: s.stream,
        records: s.recordsRead,
        pages: s.pages,
        requests: s.requests,
        retries: s.retries,
        seconds: s.durationMs / 1000,
      })),
    };
  } finally {
    await db.stop();
    await sandbox.stop();
  }
};
