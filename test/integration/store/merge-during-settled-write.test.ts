import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbBackend } from '../../../adapters/dynamodb/dynamodb-backend.ts';
import { createCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import { defaultIdentityConfig } from '../../../core/identity/identity-config.ts';
import { ingestPage } from '../../../core/ingest/ingest-page.ts';
import { hashIdentifier } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import type { WriteOp } from '../../../core/items/write-ops.ts';
import type { StoreBackend } from '../../../core/ports/store-backend.ts';
import { checkStoreInvariants } from '../../../core/store-check/check-store-invariants.ts';
import { email, erp, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';

const scanAll = async (table: TestTable): Promise<Item[]> => {
  const out = await table.documentClient.send(
    new ScanCommand({ TableName: table.tableName, ConsistentRead: true }),
  );
  return (out.Items ?? []) as Item[];
};

const mergesAway = (ops: readonly WriteOp[]) =>
  ops.some((op) => op.op === 'patch' && op.key.sk === 'PROFILE' && op.set.status === 'merged');

describe('a settled write that lands while a merge is being planned', () => {
  it('ends under the survivor: the merge sees the write and re-reads instead of stranding the order', async () => {
    // Prepare: customer A (ERP 1, a@x.de) and customer B (b@x.de), written by the ordinary store.
    const table = await createTestTable('merge-race');
    try {
      const store = createCustomerStore({ tableName: table.tableName, documentClient: table.documentClient });
      await store.ingest([
        exampleCustomer({ key: 'c1', version: '1' }, [erp('1'), email('a@x.de')]),
        exampleCustomer({ key: 'c2', version: '1' }, [email('b@x.de')]),
      ]);
      // A backend that, just before the merge commits, lets another connector write orders of both
      // customers through the settled path: the interleaving seen when schedules start syncs together.
      const inner = new DynamoDbBackend(table.documentClient, table.tableName, {
        maxAttempts: 8,
        baseDelayMs: 1,
        maxDelayMs: 1000,
      });
      let interleaved = 0;
      const racing: StoreBackend = {
        getItems: (keys) => inner.getItems(keys),
        readPartition: (pk) => inner.readPartition(pk),
        writeEach: (ops) => inner.writeEach(ops),
        commit: async (ops) => {
          if (interleaved === 0 && mergesAway(ops)) {
            interleaved++;
            const written = await store.ingest([
              exampleOrder({ key: 'o1', version: '1' }, [email('b@x.de')]),
              exampleOrder({ key: 'o2', version: '1' }, [email('a@x.de')]),
            ]);
            expect(written.counts.written).toBe(2);
          }
          return inner.commit(ops);
        },
      };

      // Act: a record linking ERP 1 and b@x.de merges B into A.
      await ingestPage([exampleCustomer({ key: 'c3', version: '1' }, [erp('1'), email('b@x.de')])], {
        backend: racing,
        config: defaultIdentityConfig,
        hashOf: (idKey) => hashIdentifier(table.tableName, idKey),
        newCustomerId: () => `cus_${Math.random().toString(36).slice(2, 12)}`,
        now: () => new Date('2026-01-01T00:00:00Z'),
        maxAttempts: 8,
        pause: async () => undefined,
      });

      // Assert: the orders raced the merge, and both are under the one active customer.
      expect(interleaved).toBe(1);
      const items = await scanAll(table);
      expect(checkStoreInvariants(items).violations).toEqual([]);
      const active = items.filter((i) => i.sk === 'PROFILE' && i.status === 'active');
      expect(active).toHaveLength(1);
      const orders = items.filter((i) => i.kind === 'record' && i.entity === 'order');
      expect(orders.map((o) => o.customerId)).toEqual([active[0]?.customerId, active[0]?.customerId]);
    } finally {
      await table.drop();
    }
  }, 60_000);
});
