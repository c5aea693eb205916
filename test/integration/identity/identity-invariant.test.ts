import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { createCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { keyString } from '../../../core/items/write-ops.ts';
import { createTestTable } from '../../support/store.ts';
import {
  expectedState,
  latestRecords,
  type Operation,
  operationsArbitrary,
  separationsIn,
  stateOf,
  toRecord,
} from '../../unit/identity/identity-model.ts';

/** Copies a whole table into an in-memory backend, so the same state checks apply as in the unit runs. */
const snapshotTable = async (
  client: Parameters<typeof createCustomerStore>[0]['documentClient'],
  tableName: string,
) => {
  const copy = new MemoryBackend();
  let start: Record<string, unknown> | undefined;
  do {
    const out = await client?.send(
      new ScanCommand({ TableName: tableName, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    for (const item of (out?.Items ?? []) as Item[]) copy.items.set(keyString(item), item);
    start = out?.LastEvaluatedKey;
  } while (start);
  return copy;
};

describe('identity invariants against DynamoDB Local (property-based, fewer runs than the in-memory model)', () => {
  it('any sequence of pages and unmerges ends in the state a clean resolution of the same records gives', async () => {
    await fc.assert(
      fc.asyncProperty(operationsArbitrary(5, true), async (operations: readonly Operation[]) => {
        const table = await createTestTable('identity-prop');
        try {
          const store = createCustomerStore({
            tableName: table.tableName,
            documentClient: table.documentClient,
            baseDelayMs: 1,
          });
          const ingested = [];
          for (const op of operations) {
            if (op.kind === 'page') {
              await store.ingest(op.records.map(toRecord));
              ingested.push(...op.records);
              continue;
            }
            const current = await snapshotTable(table.documentClient, table.tableName);
            const merges = [...current.items.values()].filter(
              (i) => i.kind === 'ledger' && (i.entry as { kind: string }).kind === 'merge',
            );
            const entry = merges[op.pick % Math.max(1, merges.length)];
            if (entry) {
              await store.unmerge(
                String(entry.customerId),
                String((entry.entry as { entryId: string }).entryId),
                {
                  requestedBy: 'property',
                  reason: 'test',
                },
              );
            }
          }
          const final = await snapshotTable(table.documentClient, table.tableName);
          const { state, violations } = stateOf(final);
          expect(violations).toEqual([]);
          expect(state).toEqual(expectedState(latestRecords(ingested), separationsIn(final)));
        } finally {
          await table.drop();
        }
      }),
      { numRuns: 5 },
    );
  }, 120_000);
});
