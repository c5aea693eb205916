import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCustomerStore,
  type DynamoCustomerStore,
} from '../../../app/customer-store/create-customer-store.ts';
import {
  erp,
  exampleCustomer,
  exampleInteraction,
  exampleOrder,
  exampleShipment,
  exampleWebActivity,
  webUser,
} from '../../../schemas/entities/examples.ts';
import { viewProjectorFor } from '../../support/project-views.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';

let table: TestTable;
let store: DynamoCustomerStore;
let customerId = '';

beforeAll(async () => {
  table = await createTestTable('access');
  store = createCustomerStore({
    tableName: table.tableName,
    documentClient: table.documentClient,
    baseDelayMs: 1,
  });
  await store.ingest([
    exampleCustomer({ key: '600', version: '1' }, [erp('600'), webUser('w600')], { segment: 'key-accounts' }),
    exampleCustomer({ key: '601', version: '1' }, [erp('601')], { segment: 'key-accounts' }),
    exampleOrder({ key: 'SO-1', version: '1' }, [erp('600')], {
      orderedAt: '2026-01-10T00:00:00Z',
      lines: [{ partNumber: 'P-5', quantity: 4 }],
    }),
    exampleOrder({ key: 'Q-1', version: '1' }, [erp('600')], {
      orderedAt: '2026-02-10T00:00:00Z',
      status: 'quote',
      lines: [{ partNumber: 'P-5', quantity: 9 }],
    }),
    exampleShipment({ key: 'SH-1', version: '1' }, [erp('600')], { promisedDate: '2026-01-20' }),
    exampleInteraction({ key: 'CALL-9', version: '1' }, [erp('600')], {
      occurredAt: '2026-03-05T08:00:00Z',
      agent: 'Bert',
    }),
    exampleWebActivity({ key: 'm9', version: '1' }, [webUser('w600')], {
      partNumber: 'P-5',
      timestamp: '2026-03-06T08:00:00Z',
    }),
  ]);
  customerId = (await store.findCustomerByIdentifier('erp', '600', 'sap-s4'))?.customerId ?? '';
});
afterAll(async () => {
  await table.drop();
});

describe('access patterns', () => {
  it('reads the whole 360 view of an unmerged customer with one Query', async () => {
    // The stream subscription keeps the customer's view; here it catches up on demand.
    await viewProjectorFor(table).catchUp();
    const read = await store.getCustomer360(customerId);
    expect(read.requests).toBe(1);
    expect(read.kind === 'found' && read.view.servedFrom?.source).toBe('view');
    expect(read.kind === 'found' && read.view.lastContact).toEqual({
      agent: 'Bert',
      channel: 'phone',
      occurredAt: '2026-03-05T08:00:00Z',
    });
    expect(read.kind === 'found' && read.view.shipments).toHaveLength(1);
  });

  it('pages the timeline newest first', async () => {
    const first = await store.getTimeline(customerId, { limit: 2 });
    const second = await store.getTimeline(customerId, {
      limit: 10,
      ...(first.cursor ? { cursor: first.cursor } : {}),
    });
    const all = [...first.items, ...second.items].map((e) => e.at.slice(0, 10));
    expect(first.items).toHaveLength(2);
    expect(all).toEqual(['2026-03-06', '2026-03-05', '2026-02-10', '2026-01-20', '2026-01-10']);
  });

  it('lists segment members and product demand from the indexes', async () => {
    const members = await store.getSegmentMembers('key-accounts');
    expect(members.items).toHaveLength(2);
    const demand = await store.getProductDemand('P-5');
    expect(demand.items.map((d) => d.kind)).toEqual(['webInterest', 'quoteLine', 'orderLine']);
  });

  it('rejects a cursor it did not issue with a clear error', async () => {
    await expect(store.getTimeline(customerId, { cursor: 'bm9wZQ' })).rejects.toThrow(/cursor/);
  });
});
