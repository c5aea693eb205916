import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DynamoDbBackend } from '../../../adapters/dynamodb/dynamodb-backend.ts';
import { defaultIdentityConfig } from '../../../core/identity/identity-config.ts';
import { unmergeCustomer } from '../../../core/identity/unmerge-customer.ts';
import { ingestPage } from '../../../core/ingest/ingest-page.ts';
import type { Item } from '../../../core/items/record-items.ts';
import type { StoreBackend } from '../../../core/ports/store-backend.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';
import {
  expectedState,
  latestRecords,
  type RecordSpec,
  toRecord,
} from '../../unit/identity/identity-model.ts';
import {
  type ConcurrentOp,
  customersOf,
  invariantBreachesOf,
  mergeRaceScenarioArbitrary,
  mergesOf,
  scheduledBackend,
  separationsOf,
  storedVersionsOf,
} from '../../unit/store/store-reference-model.ts';

/** A few scenarios by default (each needs its own table); HUB360_PROPERTY_RUNS=<n> multiplies them for a deep run. */
const RUNS = Math.max(1, Math.round(4 * Number(process.env.HUB360_PROPERTY_RUNS ?? 1)));

const scanAll = async (table: TestTable): Promise<Item[]> => {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await table.documentClient.send(
      new ScanCommand({
        TableName: table.tableName,
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...((out.Items ?? []) as Item[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
};

let customers = 0;
const depsOf = (backend: StoreBackend) => ({
  backend,
  config: defaultIdentityConfig,
  hashOf: (idKey: string) => idKey,
  newCustomerId: () => `c${++customers}`,
  now: () => new Date('2026-03-01T00:00:00Z'),
  maxAttempts: 100,
  pause: async () => {},
  // The opt-in plain writes, on DynamoDB Local's conditions (concurrent-merge-invariants keeps the default).
  plainWrites: true,
});

const runOp = async (op: ConcurrentOp, backend: StoreBackend, table: TestTable) => {
  const deps = depsOf(backend);
  if (op.kind === 'ingest') {
    await ingestPage(op.records.map(toRecord), deps);
    return;
  }
  await backend.getItems([]);
  const merge = mergesOf(await scanAll(table))[op.pick];
  if (!merge) return;
  await unmergeCustomer({ ...deps, now: '2026-03-02T00:00:00Z' }, merge.customerId, merge.entryId, {
    requestedBy: 'property',
    reason: 'concurrency test',
  });
};

describe('concurrent ingest, merges and unmerges under fc.scheduler interleavings (DynamoDB Local)', () => {
  it('settled writes racing merges and unmerges of the same customers end with every record under one active customer, locators and owners consistent, and the reference model customers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), mergeRaceScenarioArbitrary(4), async (s, { prefix, concurrent }) => {
        const table = await createTestTable('interleave');
        try {
          const inner = new DynamoDbBackend(table.documentClient, table.tableName, {
            maxAttempts: 8,
            baseDelayMs: 1,
            maxDelayMs: 50,
          });
          for (const page of prefix) await ingestPage(page.map(toRecord), depsOf(inner));
          const backend = scheduledBackend(inner, s);

          const settled = await s.waitFor(
            Promise.allSettled(concurrent.map((op) => runOp(op, backend, table))),
          );

          expect(settled.filter((r) => r.status === 'rejected')).toEqual([]);
          const items = await scanAll(table);
          expect(invariantBreachesOf(items)).toEqual([]);
          const specs: RecordSpec[] = [
            ...prefix.flat(),
            ...concurrent.flatMap((op) => (op.kind === 'ingest' ? op.records : [])),
          ];
          const expected = expectedState(latestRecords(specs), separationsOf(items));
          expect(storedVersionsOf(items)).toEqual(expected.versions);
          expect(customersOf(items)).toEqual(expected.customers);
        } finally {
          await table.drop();
        }
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});
