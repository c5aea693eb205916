/**
 * Measures the insights population run (`reevaluatePopulation`) on DynamoDB Local: starts an in-memory instance,
 * loads `--customers` customers with `--orders` orders each through the store, evaluates each once as the stream
 * recompute would, then runs the population 30 and 60 days later (every customer's insights move, so every one is
 * written) one customer at a time and `--at-once` at a time, each on a fresh DynamoDB Local. Prints customers/s and how
 * many customers one 15-minute Lambda run reaches at that rate.
 * Usage: npx tsx scripts/measure-population-run.ts [--customers 300] [--orders 3] [--at-once 8]
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoSegmentIndex } from '../adapters/dynamodb/segment-index.ts';
import { customer360Table } from '../adapters/dynamodb/table.ts';
import { createCustomerStore } from '../app/customer-store/create-customer-store.ts';
import { recomputeCustomerInsights } from '../app/insights/recompute-insights.ts';
import { reevaluatePopulation } from '../app/insights/reevaluate-population.ts';
import { localAwsIdentity, startDynamoDbLocal } from '../infra/local/store/dynamodb-local.ts';
import { ensureTable } from '../infra/local/store/tables.ts';
import { defaultInsightsConfig } from '../schemas/config/insights-config.ts';
import { erp, exampleCustomer, exampleOrder } from '../schemas/entities/examples.ts';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '300' },
    orders: { type: 'string', default: '3' },
    'at-once': { type: 'string', default: '8' },
  },
});
const customers = Number(values.customers);
const orders = Number(values.orders);
const atOnce = Number(values['at-once']);
const LAMBDA_SECONDS = 900;

// A fresh DynamoDB Local per setting: it slows down for every table used after many stream records were written.
for (const { tableName, concurrency } of [
  { tableName: 'population-a', concurrency: 1 },
  { tableName: 'population-b', concurrency: atOnce },
]) {
  const local = await startDynamoDbLocal({ startTimeoutMs: 300_000 });
  const client = new DynamoDBClient({ endpoint: local.endpoint, ...localAwsIdentity, maxAttempts: 10 });
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  try {
    await ensureTable(client, customer360Table, tableName);
    const store = createCustomerStore({ tableName, documentClient });
    for (let c = 0; c < customers; c += 50) {
      const page = [];
      for (let i = c; i < Math.min(customers, c + 50); i++) {
        page.push(exampleCustomer({ key: `K${i}`, version: '1' }, [erp(`K${i}`)]));
        for (let o = 0; o < orders; o++)
          page.push(
            exampleOrder({ key: `SO-${i}-${o}`, version: '1' }, [erp(`K${i}`)], {
              orderedAt: `2026-0${1 + (o % 6)}-1${i % 10}T09:00:00.000Z`,
            }),
          );
      }
      await store.ingest(page);
    }
    const deps = (now: string) => ({
      backend: store.backend,
      config: defaultInsightsConfig,
      now: () => now,
      segments: createDynamoSegmentIndex(documentClient, tableName),
      customersAtOnce: concurrency,
    });
    for (let i = 0; i < customers; i++) {
      const found = await store.findCustomerByIdentifier('erp', `K${i}`, 'sap-s4');
      if (found)
        await recomputeCustomerInsights(deps('2026-07-01T00:00:00.000Z'), found.customerId, {
          rfmBoundaries: null,
        });
    }
    for (const now of ['2026-09-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z']) {
      const started = performance.now();
      const run = await reevaluatePopulation(deps(now));
      const seconds = (performance.now() - started) / 1000;
      const rate = run.customers / seconds;
      console.log(
        `${concurrency} at a time, ${now.slice(0, 10)}: ${run.customers} customers (${run.written} written, ${run.failed.length} failed) in ${seconds.toFixed(1)} s = ${rate.toFixed(1)} customers/s; one ${LAMBDA_SECONDS} s run reaches about ${Math.round(rate * LAMBDA_SECONDS).toLocaleString('en')}`,
      );
    }
  } finally {
    client.destroy();
    await local.stop();
  }
}
