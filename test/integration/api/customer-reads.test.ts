import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorKeys } from '../../../adapters/dynamodb/connector-state/state-keys.ts';
import { createConnectorReads } from '../../../app/api/connector-reads.ts';
import { createCustomerReads } from '../../../app/api/customer-reads.ts';
import { InvalidCursorError } from '../../../app/api/errors.ts';
import { createCursorCodec } from '../../../app/api/http/cursor.ts';
import { createDynamoQuarantineReader } from '../../../app/api/quarantine-reader.ts';
import { createCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import { email, erp, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import { viewProjectorFor } from '../../support/project-views.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';

let table: TestTable;
const codec = createCursorCodec(new Uint8Array(32).fill(1));
const cursors = async () => codec;

beforeAll(async () => {
  table = await createTestTable('api-reads');
});
afterAll(async () => {
  await table.drop();
});

describe('customer reads against DynamoDB Local', () => {
  it('reads an unmerged customer with one Query and pages its timeline with signed cursors', async () => {
    // prepare
    const store = createCustomerStore({
      tableName: table.tableName,
      documentClient: table.documentClient,
      baseDelayMs: 1,
    });
    const ids = [erp('4711')];
    await store.ingest([
      exampleCustomer({ key: '4711', version: '1' }, [erp('4711'), email('eva@example.com')]),
      ...['01', '02', '03', '04', '05'].map((day) =>
        exampleOrder({ key: `SO-${day}`, version: '1' }, ids, { orderedAt: `2026-02-${day}T08:00:00Z` }),
      ),
    ]);
    const owner = await store.findCustomerByIdentifier('erp', '4711', 'sap-s4');
    // The stream subscription keeps the customer's view; here it catches up on demand.
    await viewProjectorFor(table).catchUp();
    const reads = createCustomerReads({ store, cursors, now: () => new Date('2026-03-01T00:00:00Z') });
    const id = owner?.customerId ?? '';

    // act
    const view = await reads.customer360(id);
    const pages = [];
    let cursor: string | undefined;
    do {
      const page = await reads.timeline(id, { limit: 2, ...(cursor ? { cursor } : {}) });
      pages.push(page.items.map((e) => e.at));
      cursor = page.nextCursor;
    } while (cursor);

    // assert
    expect(view).toMatchObject({ kind: 'view', requests: 1 });
    const all = pages.flat();
    expect(pages.length).toBeGreaterThan(2);
    expect(all).toEqual([...all].sort().reverse());
    expect(new Set(all).size).toBe(all.length);
    const first = await reads.timeline(id, { limit: 1 });
    await expect(reads.timeline('cus_other', { limit: 1, cursor: first.nextCursor ?? '' })).rejects.toThrow(
      InvalidCursorError,
    );
  });

  it('pages a connector quarantine and counts it', async () => {
    // prepare
    for (const key of ['R-1', 'R-2', 'R-3']) {
      await table.documentClient.send(
        new PutCommand({
          TableName: table.tableName,
          Item: {
            pk: connectorKeys.quarantine('scm'),
            sk: connectorKeys.quarantineSort('shipments', key),
            kind: 'quarantinedRecord',
            connector: 'scm',
            stream: 'shipments',
            recordKey: key,
            reason: 'promisedDate: invalid date',
            rawJson: key === 'R-3' ? '{"cut…(truncated)' : JSON.stringify({ id: key }),
            firstSeenAt: '2026-03-01T00:00:00Z',
            lastSeenAt: '2026-03-01T00:00:00Z',
            occurrences: 2,
          },
        }),
      );
    }
    const reader = createDynamoQuarantineReader(table.documentClient, table.tableName);
    const connectors = createConnectorReads({
      state: { listRunStatuses: async () => [], readLease: async () => undefined },
      quarantine: reader,
      cursors,
    });

    // act
    const first = await connectors.quarantine('scm', { limit: 2 });
    const second = await connectors.quarantine('scm', { limit: 2, cursor: first.nextCursor ?? '' });

    // assert
    expect(first.items.map((r) => r.recordKey)).toEqual(['R-1', 'R-2']);
    expect(second.items).toMatchObject([{ recordKey: 'R-3', raw: '{"cut…(truncated)', occurrences: 2 }]);
    expect(second.nextCursor).toBeUndefined();
    expect(await reader.count('scm')).toBe(3);
    await expect(connectors.quarantine('nothing-here', { limit: 2 })).rejects.toThrow(
      /No connector is named/,
    );
  });
});
