import { performance } from 'node:perf_hooks';
import { createStoreItemsReader } from '../../../adapters/dynamodb/scan-store-items.ts';
import { ConnectorSyncRequestSchema } from '../../../app/connector-sync/sync-request.ts';
import { createCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import { timeBudgetOf } from '../../../connectors/kit/time-budget.ts';
import { keys } from '../../../core/items/keys.ts';
import { costOf, tallyOutcomes, throughputPhase } from '../ingestion/throughput.ts';
import type { BenchSizes, InitialLoad } from '../report/results.ts';
import { sampleMemory } from '../stats/memory-sampler.ts';
import { type MeteredTable, startBenchDynamoDb } from '../store/bench-dynamodb.ts';
import { measureRawAround } from '../store/raw-baseline.ts';
import { sandboxSyncService, sapSourceRows, startSandboxForRows } from './sandbox-sync.ts';

const CONNECTOR = 'sap-s4';
/** The raw baseline writes at most this many items: a rate needs no more. */
const RAW_ITEMS_CAP = 100_000;
/** Invocations in a row that commit nothing new before the load is declared stuck. */
const STUCK_AFTER = 3;

/**
 * How many record items the store holds per record key, after the load: the store check's own reader (key
 * attributes only, in as many segments as the table's size asks for).
 */
const storedRecordKeys = async (table: MeteredTable): Promise<Map<string, number>> => {
  const prefix = keys.record('');
  const counts = new Map<string, number>();
  for await (const page of createStoreItemsReader(table.documentClient, table.tableName, {
    attributes: ['pk', 'sk'],
  }).readAll()) {
    for (const item of page) {
      if (item.sk.startsWith(prefix)) counts.set(item.sk, (counts.get(item.sk) ?? 0) + 1);
    }
  }
  return counts;
};

/**
 * An initial load across time-boxed invocations: the `sap-s4` sync runs with a time budget per invocation
 * (as Lambda's remaining time) and is invoked again while it reports work left, continuing from its
 * checkpoints. At the end every source row must be in the store exactly once: lost = rows the sandbox
 * serves that the store does not hold; duplicates = keys held twice or written twice.
 */
export const measureInitialLoad = async (sizes: BenchSizes, workDir: string): Promise<InitialLoad> => {
  const sandbox = await startSandboxForRows(sizes.initialLoadRecords, workDir);
  const db = await startBenchDynamoDb({
    tables: ['rawBefore', 'load', 'rawAfter'],
    warmupItems: sizes.warmupItems,
    streams: sizes.storeStreams,
  });
  try {
    const sourceRows = sapSourceRows(sandbox);
    const table = db.tables.load;
    const store = createCustomerStore({ tableName: table.tableName, documentClient: table.documentClient });
    const outcomes: Record<string, number> = {};
    const writtenPerKey = new Map<string, number>();
    const sink = {
      ingest: async (...args: Parameters<typeof store.ingest>) => {
        const result = await store.ingest(...args);
        tallyOutcomes(outcomes, result.outcomes);
        for (const o of result.outcomes)
          if (o.outcome === 'written')
            writtenPerKey.set(o.recordKey, (writtenPerKey.get(o.recordKey) ?? 0) + 1);
        return result;
      },
    };
    const budgetMs = sizes.invocationSeconds * 1000;
    const reserveMs = Math.min(10_000, budgetMs / 5);
    const { raw, result } = await measureRawAround(
      { before: db.tables.rawBefore, after: db.tables.rawAfter },
      Math.min(sourceRows, RAW_ITEMS_CAP),
      sizes.concurrency,
      async () => {
        table.meter.reset();
        const memory = sampleMemory(db.jvmPid);
        const started = performance.now();
        let invocations = 0;
        let idle = 0;
        for (;;) {
          const writtenBefore = writtenPerKey.size;
          // Each invocation is a new container: the service (and its connector) is built afresh.
          const service = sandboxSyncService(sandbox, table, sink);
          const outcome = await service.sync(ConnectorSyncRequestSchema.parse({ connector: CONNECTOR }), {
            timeBudget: timeBudgetOf(budgetMs, Date.now),
            reserveMs,
          });
          invocations++;
          if (outcome.failed.length > 0)
            throw new Error(`initial load: streams failed: ${outcome.failed.join(', ')}`);
          if (outcome.skipped)
            throw new Error(`initial load: invocation ${invocations} skipped (${outcome.skipped})`);
          if (outcome.caughtUp) break;
          idle = writtenPerKey.size === writtenBefore ? idle + 1 : 0;
          if (idle >= STUCK_AFTER)
            throw new Error(
              `initial load: ${STUCK_AFTER} invocations of ${sizes.invocationSeconds} s committed nothing new ` +
                `(${writtenPerKey.size} of ${sourceRows} rows written): the budget is too short for one page`,
            );
        }
        const seconds = (performance.now() - started) / 1000;
        return { invocations, seconds, memory: memory.stop(), cost: costOf(table.meter.totals()) };
      },
    );
    const stored = await storedRecordKeys(table);
    const storedRecords = [...stored.values()].reduce((sum, n) => sum + n, 0);
    const lost = Math.max(0, sourceRows - stored.size);
    const duplicates =
      [...stored.values()].filter((n) => n > 1).length +
      [...writtenPerKey.values()].filter((n) => n > 1).length;
    const phase = throughputPhase({
      records: writtenPerKey.size,
      seconds: result.seconds,
      raw,
      cost: result.cost,
      outcomes,
      memory: result.memory,
      workload:
        `an initial load of a sandbox SAP S/4 of ${sourceRows} rows by the ${CONNECTOR} preset in invocations of ` +
        `${sizes.invocationSeconds} s (reserve ${(reserveMs / 1000).toFixed(0)} s), each continuing from the checkpoints; raw baseline of ` +
        `${raw.items} items`,
      budget: { text: 'initial load records/s ≥ 0.5 × raw (as the connector budget)', minRatio: 0.5 },
    });
    return {
      ...phase,
      system: CONNECTOR,
      sandboxCustomers: sandbox.truth().sapS4.A_BusinessPartner.length,
      invocationBudgetSeconds: sizes.invocationSeconds,
      invocations: result.invocations,
      sourceRows,
      storedRecords,
      lost,
      duplicates,
      reread: outcomes.unchanged ?? 0,
      lossCheck: {
        budget: 'initial load across time-boxed invocations: no loss, no duplicates',
        measured: `${result.invocations} invocations; ${sourceRows} source rows, ${stored.size} record keys stored (${storedRecords} items); ${lost} lost, ${duplicates} duplicated`,
        pass: lost === 0 && duplicates === 0,
      },
    };
  } finally {
    await db.stop();
    await sandbox.stop();
  }
};
