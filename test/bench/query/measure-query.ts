import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { buildCustomer360Query } from '../../../adapters/dynamodb/queries.ts';
import { createCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import { localAwsIdentity } from '../../../infra/local/store/dynamodb-local.ts';
import { pagesOf, syntheticSourceRecords } from '../ingestion/source-records.ts';
import type { QueryResult } from '../report/results.ts';
import { summarizeLatencies } from '../stats/latency.ts';

export interface QueryBenchOptions {
  readonly apiUrl: string;
  readonly storeEndpoint: string;
  readonly tableName: string;
  /** A bearer token with the `customers:read` scope. */
  readonly token: string;
  /** Source records loaded before measuring (a tenth of them are customers). */
  readonly records: number;
  readonly warmupRounds: number;
  readonly rounds: number;
  /** Lets the hub's change feed finish with the load before latencies are taken. */
  readonly settle: () => Promise<void>;
}

const time = async (run: () => Promise<void>): Promise<number> => {
  const started = performance.now();
  await run();
  return performance.now() - started;
};

/**
 * One customer-360 read: its DynamoDB cost as the store counts it, and its latency through the local gateway
 * (real HTTP, a real token, the API function with Lambda semantics) against a raw Query of the same partition.
 * Gateway and raw calls alternate, in alternating order, so drift on a shared machine hits both alike.
 */
export const measureQuery = async (options: QueryBenchOptions): Promise<QueryResult> => {
  const client = new DynamoDBClient({ endpoint: options.storeEndpoint, ...localAwsIdentity });
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  try {
    const store = createCustomerStore({ tableName: options.tableName, documentClient });
    const records = syntheticSourceRecords(options.records);
    const customerIds = new Set<string>();
    for (const page of pagesOf(records, 100)) {
      const result = await store.ingest(page);
      for (const outcome of result.outcomes) {
        if (outcome.outcome === 'written' && outcome.customerId) customerIds.add(outcome.customerId);
      }
    }
    const customers = [...customerIds];
    if (customers.length === 0) throw new Error('the load wrote no customer; nothing to read');
    await options.settle();

    let queryCallsPerRead = 0;
    let items = 0;
    for (const id of customers) {
      const read = await store.getCustomer360(id);
      if (read.kind !== 'found') throw new Error(`customer ${id} reads as ${read.kind}, expected found`);
      queryCallsPerRead = Math.max(queryCallsPerRead, read.requests);
      const raw = await documentClient.send(new QueryCommand(buildCustomer360Query(options.tableName, id)));
      items += raw.Count ?? 0;
    }

    const viaGateway = async (id: string) => {
      const response = await fetch(`${options.apiUrl}/customers/${encodeURIComponent(id)}`, {
        headers: { authorization: `Bearer ${options.token}` },
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`GET /customers/${id} answered ${response.status}`);
    };
    const raw = async (id: string) => {
      await documentClient.send(new QueryCommand(buildCustomer360Query(options.tableName, id)));
    };
    const gatewayMs: number[] = [];
    const rawMs: number[] = [];
    for (let round = 0; round < options.warmupRounds + options.rounds; round++) {
      const id = customers[round % customers.length] as string;
      const gatewayFirst = round % 2 === 0;
      const first = await time(() => (gatewayFirst ? viaGateway(id) : raw(id)));
      const second = await time(() => (gatewayFirst ? raw(id) : viaGateway(id)));
      if (round < options.warmupRounds) continue;
      gatewayMs.push(gatewayFirst ? first : second);
      rawMs.push(gatewayFirst ? second : first);
    }
    const gateway = summarizeLatencies(gatewayMs);
    const rawSummary = summarizeLatencies(rawMs);
    const p99Ratio = gateway.p99Ms / rawSummary.p99Ms;
    return {
      customers: customers.length,
      itemsPerCustomer: items / customers.length,
      queryCallsPerRead,
      warmupRounds: options.warmupRounds,
      gateway,
      raw: rawSummary,
      p99Ratio,
      checks: [
        {
          budget: 'one DynamoDB Query per customer-360 read (unmerged customer)',
          measured: `${queryCallsPerRead} Query call(s) at most, over ${customers.length} customers`,
          pass: queryCallsPerRead === 1,
        },
        {
          budget: 'gateway p99 ≤ 2 × raw Query p99',
          measured: `${p99Ratio.toFixed(2)} × (${gateway.p99Ms.toFixed(1)} vs ${rawSummary.p99Ms.toFixed(1)} ms)`,
          pass: p99Ratio <= 2,
        },
      ],
    };
  } finally {
    client.destroy();
  }
};
