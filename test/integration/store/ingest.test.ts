import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCustomerStore,
  type DynamoCustomerStore,
} from '../../../app/customer-store/create-customer-store.ts';
import {
  email,
  erp,
  exampleCustomer,
  exampleInventory,
  exampleOrder,
  exampleProduct,
} from '../../../schemas/entities/examples.ts';
import { viewProjectorFor } from '../../support/project-views.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';

let table: TestTable;
let store: DynamoCustomerStore;

beforeAll(async () => {
  table = await createTestTable('store-ingest');
  store = createCustomerStore({
    tableName: table.tableName,
    documentClient: table.documentClient,
    baseDelayMs: 1,
  });
});
afterAll(async () => {
  await table.drop();
});

describe('ingest', () => {
  it('creates a customer from a customer record and attaches its orders in one page', async () => {
    // prepare
    const page = [
      exampleCustomer(
        { key: '1000', version: '2026-03-01T00:00:00Z' },
        [erp('1000'), email('ada@example.com')],
        {
          name: 'Ada',
        },
      ),
      exampleOrder({ key: 'SO-1', version: '2026-03-01T00:00:00Z' }, [erp('0000001000')], {
        lines: [{ partNumber: 'P-1', quantity: 2 }],
      }),
    ];
    // act
    const result = await store.ingest(page);
    // assert
    expect(result.counts.written).toBe(2);
    const owner = await store.findCustomerByIdentifier('erp', '1000', 'sap-s4');
    expect(owner).toBeDefined();
    // The 360 read is one Query once the stream has brought the customer's view up to date.
    await viewProjectorFor(table).catchUp();
    const read = await store.getCustomer360(owner?.customerId ?? '');
    expect(read.kind).toBe('found');
    expect(read.requests).toBe(1);
    if (read.kind !== 'found') return;
    expect(read.view.profile.name?.value).toBe('Ada');
    expect(read.view.orders.map((o) => o.data.orderNumber)).toEqual(['SO-1']);
    expect(read.view.identifiers.map((i) => `${i.type}:${i.value}`).sort()).toEqual([
      'email:ada@example.com',
      'erp:sap-s4:1000',
    ]);
  });

  it('is idempotent and order-safe: a replay is unchanged and an older version is stale', async () => {
    const v2 = exampleCustomer({ key: '2000', version: '2026-03-02T00:00:00Z' }, [erp('2000')], {
      name: 'New',
    });
    const v1 = exampleCustomer({ key: '2000', version: '2026-03-01T00:00:00Z' }, [erp('2000')], {
      name: 'Old',
    });
    await store.ingest([v2]);
    const replay = await store.ingest([v2, v1]);
    expect(replay.outcomes.map((o) => o.outcome)).toEqual(['unchanged', 'stale']);
    const owner = await store.findCustomerByIdentifier('erp', '2000', 'sap-s4');
    const read = await store.getCustomer360(owner?.customerId ?? '');
    expect(read.kind === 'found' && read.view.profile.name?.value).toBe('New');
  });

  it('rejects an invalid record with a reason and writes nothing of it', async () => {
    const result = await store.ingest([
      {
        entity: 'order',
        source: { system: 'sap-s4', stream: 'sales-orders', key: 'BAD', version: '1' },
        identifiers: [erp('9')],
        data: { orderNumber: 'BAD' },
      } as never,
    ]);
    expect(result.outcomes[0]?.outcome).toBe('rejected');
    expect(result.outcomes[0]?.outcome === 'rejected' && result.outcomes[0].reason).toContain(
      'data.orderedAt',
    );
    expect(await store.findCustomerByIdentifier('erp', '9', 'sap-s4')).toBeUndefined();
  });

  it('stores catalogue data under the part and demand under the part index', async () => {
    await store.ingest([
      exampleProduct({ key: 'P-7', version: '1' }, { partNumber: 'P-7' }),
      exampleInventory({ key: 'P-7@MUC', version: '1' }, { partNumber: 'P-7', onHand: 5 }),
      exampleOrder({ key: 'SO-7', version: '1' }, [erp('7000')], {
        lines: [{ partNumber: 'P-7', quantity: 3 }],
      }),
    ]);
    const demand = await store.getProductDemand('P-7');
    expect(demand.items).toEqual([
      expect.objectContaining({ kind: 'orderLine', quantity: 3, reference: 'SO-7' }),
    ]);
  });
});
