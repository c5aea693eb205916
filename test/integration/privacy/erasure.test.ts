import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCustomerStore,
  type DynamoCustomerStore,
} from '../../../app/customer-store/create-customer-store.ts';
import { email, erp, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';

let table: TestTable;
let store: DynamoCustomerStore;

beforeAll(async () => {
  table = await createTestTable('privacy');
  store = createCustomerStore({
    tableName: table.tableName,
    documentClient: table.documentClient,
    baseDelayMs: 1,
  });
});
afterAll(async () => {
  await table.drop();
});

const allItems = async () => {
  const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
  const out = await table.documentClient.send(new ScanCommand({ TableName: table.tableName }));
  return out.Items ?? [];
};

describe('privacy', () => {
  it('exports everything the hub holds about a customer as JSON', async () => {
    await store.ingest([
      exampleCustomer({ key: '500', version: '1' }, [erp('500'), email('dora@example.com')], {
        name: 'Dora',
      }),
      exampleOrder({ key: 'SO-500', version: '1' }, [erp('500')]),
    ]);
    const customerId = (await store.findCustomerByIdentifier('erp', '500', 'sap-s4'))?.customerId ?? '';

    const exported = await store.exportCustomer(customerId);

    const json = JSON.parse(JSON.stringify(exported));
    expect(json.view.profile.name.value).toBe('Dora');
    expect(json.view.orders[0].data.orderNumber).toBe('SO-500');
    expect(json.view.identifiers).toContainEqual({ type: 'email', value: 'dora@example.com' });
  });

  it('erases every item, keeps only salted hashes, and suppresses later syncs and replays', async () => {
    // prepare
    const customerId = (await store.findCustomerByIdentifier('erp', '500', 'sap-s4'))?.customerId ?? '';
    await store.ingest([
      exampleCustomer({ key: '501', version: '1' }, [erp('501')], { name: 'Someone else' }),
    ]);

    // act
    const result = await store.eraseCustomer(customerId, {
      requestedBy: 'dpo@example.com',
      reason: 'GDPR art. 17',
    });

    // assert: nothing personal is left, not even in the index
    expect(result).toMatchObject({ kind: 'erased', identifiersSuppressed: 2 });
    expect((await store.getCustomer360(customerId)).kind).toBe('erased');
    expect(await store.findCustomerByIdentifier('email', 'dora@example.com')).toBeUndefined();
    const text = JSON.stringify(await allItems());
    expect(text).not.toContain('dora@example.com');
    expect(text).not.toContain('Dora');
    expect(text).not.toContain('SO-500');
    // a replay of the old records and a later sync are suppressed, not resurrected
    const replay = await store.ingest([
      exampleCustomer({ key: '500', version: '1' }, [erp('500'), email('dora@example.com')], {
        name: 'Dora',
      }),
      exampleOrder({ key: 'SO-501', version: '9' }, [erp('500')]),
    ]);
    expect(replay.outcomes.map((o) => o.outcome)).toEqual(['suppressed', 'suppressed']);
    expect(await store.findCustomerByIdentifier('erp', '500', 'sap-s4')).toBeUndefined();
    // other customers are untouched
    expect(await store.findCustomerByIdentifier('erp', '501', 'sap-s4')).toBeDefined();
    // erasing again changes nothing
    expect(
      await store.eraseCustomer(customerId, { requestedBy: 'dpo@example.com', reason: 'again' }),
    ).toMatchObject({ itemsDeleted: 0 });
  });
});
