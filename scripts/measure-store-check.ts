/**
 * Measures `store check` on a store of realistic items: starts an in-memory DynamoDB Local, writes
 * `--customers` customers (each a profile, a customer record, `--orders` orders with lines, their locators and
 * an identifier with its mirror: about 4 + 3 × orders items each), then runs the check as the hub runs it
 * (parallel segments, only the checked attributes) and, with `--compare`, the way it read before (one segment,
 * every attribute). Prints items/s. Usage: npx tsx scripts/measure-store-check.ts [--customers 5000] [--orders 3] [--compare]
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createStoreItemsReader, type StoreScanOptions } from '../adapters/dynamodb/scan-store-items.ts';
import { customer360Table } from '../adapters/dynamodb/table.ts';
import { runStoreCheck } from '../app/store-check/run-store-check.ts';
import type { Item } from '../core/items/record-items.ts';
import { CHECKED_ATTRIBUTES } from '../core/store-check/check-store-invariants.ts';
import { localAwsIdentity, startDynamoDbLocal } from '../infra/local/store/dynamodb-local.ts';
import { ensureTable } from '../infra/local/store/tables.ts';
import { email, erp, exampleCustomer, exampleOrder } from '../schemas/entities/examples.ts';
import { identifierItems, profileItem, recordItems, storedRecord } from '../test/unit/items/stored-items.ts';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '5000' },
    orders: { type: 'string', default: '3' },
    compare: { type: 'boolean', default: false },
  },
});
const customers = Number(values.customers);
const orders = Number(values.orders);

const itemsOf = (n: number): Item[] => {
  const id = `c${n}`;
  const customer = storedRecord(
    exampleCustomer({ key: `K${n}`, version: '1' }, [erp(`K${n}`), email(`u${n}@x.de`)]),
  );
  return [
    profileItem(id, 'active'),
    ...recordItems(customer, id),
    ...Array.from({ length: orders }, (_, o) =>
      recordItems(
        storedRecord(
          exampleOrder({ key: `SO-${n}-${o}`, version: '1' }, [erp(`K${n}`)], {
            lines: [
              { partNumber: 'P-100', quantity: 2 },
              { partNumber: 'P-200', quantity: 1 },
            ],
          }),
        ),
        id,
      ),
    ).flat(),
    ...identifierItems(`email:u${n}@x.de`, id),
  ];
};

const store = await startDynamoDbLocal();
try {
  const client = new DynamoDBClient({ endpoint: store.endpoint, ...localAwsIdentity });
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const tableName = 'measure-store-check';
  await ensureTable(client, customer360Table, tableName);
  const batches: Item[][] = [];
  let current: Item[] = [];
  for (let n = 0; n < customers; n += 1)
    for (const item of itemsOf(n)) {
      current.push(item);
      if (current.length === 25) {
        batches.push(current);
        current = [];
      }
    }
  if (current.length > 0) batches.push(current);
  const written = batches.reduce((sum, b) => sum + b.length, 0);
  process.stdout.write(`writing ${written} items ...\n`);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        const batch = batches[next++] as Item[];
        let unprocessed: Record<string, unknown>[] = batch.map((item) => ({ PutRequest: { Item: item } }));
        while (unprocessed.length > 0) {
          const out = await documentClient.send(
            new BatchWriteCommand({ RequestItems: { [tableName]: unprocessed as never } }),
          );
          unprocessed = (out.UnprocessedItems?.[tableName] ?? []) as Record<string, unknown>[];
        }
      }
    }),
  );
  const measure = async (label: string, options: StoreScanOptions) => {
    const started = performance.now();
    const report = await runStoreCheck(
      { reader: createStoreItemsReader(documentClient, tableName, options) },
      { repair: false, onProgress: () => undefined },
    );
    const seconds = (performance.now() - started) / 1000;
    const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6);
    process.stdout.write(
      `${label}: ${written} items in ${seconds.toFixed(1)} s = ${Math.round(written / seconds)} items/s, ` +
        `${report.violations.length} violations, ${report.counts.customers} customers, heap ${heapMb} MB\n`,
    );
  };
  await measure('store check (4 segments, checked attributes)', {
    segments: 4,
    attributes: CHECKED_ATTRIBUTES,
  });
  if (values.compare) await measure('as before (1 segment, every attribute)', { segments: 1 });
} finally {
  await store.stop();
}
