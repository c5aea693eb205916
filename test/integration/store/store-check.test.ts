import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import { recordFromItem } from '../../../core/identity/cluster.ts';
import { keys } from '../../../core/items/keys.ts';
import { buildRecordItems, type Item } from '../../../core/items/record-items.ts';
import { createHubStoreAccess } from '../../../infra/local/admin/hub-store-access.ts';
import { checkLocalStore } from '../../../infra/local/cli/commands/store.ts';
import { localAwsIdentity } from '../../../infra/local/store/dynamodb-local.ts';
import { email, erp, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';

/** Moves a customer's order under another customer, locator included: what the old merge race left behind. */
const strandOrder = async (table: TestTable, fromId: string, toId: string) => {
  const { Items } = await table.documentClient.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.customer(fromId) },
    }),
  );
  const order = (Items ?? []).find((i) => i.kind === 'record' && i.entity === 'order') as Item;
  const record = recordFromItem(order);
  const { main, aux } = buildRecordItems(record, toId, 'ingest');
  await table.documentClient.send(
    new DeleteCommand({ TableName: table.tableName, Key: { pk: order.pk, sk: order.sk } }),
  );
  for (const item of [main, ...aux])
    await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item: item }));
  await table.documentClient.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: { pk: keys.locator(record.recordKey), sk: keys.locatorSort },
      UpdateExpression: 'SET customerId = :c, #p = :p',
      ExpressionAttributeNames: { '#p': 'partition' },
      ExpressionAttributeValues: { ':c': toId, ':p': keys.customer(toId) },
    }),
  );
  return record.recordKey;
};

describe('npx hub360 store check [--repair] against DynamoDB Local', () => {
  it('finds an order planted under a merged-away customer, re-homes it with --repair, then reports zero', async () => {
    // Prepare: B (with an order) merged into A by an ordinary ingest, then B's order put back under B.
    const table = await createTestTable('store-check');
    try {
      const store = createCustomerStore({ tableName: table.tableName, documentClient: table.documentClient });
      await store.ingest([
        exampleCustomer({ key: 'c1', version: '1' }, [erp('1'), email('a@x.de')]),
        exampleCustomer({ key: 'c2', version: '1' }, [email('b@x.de')]),
        exampleOrder({ key: 'o1', version: '1' }, [email('b@x.de')]),
      ]);
      const a = (await store.findCustomerByIdentifier('email', 'a@x.de'))?.customerId as string;
      const b = (await store.findCustomerByIdentifier('email', 'b@x.de'))?.customerId as string;
      await store.ingest([exampleCustomer({ key: 'c3', version: '1' }, [erp('1'), email('b@x.de')])]);
      const survivor = (await store.findCustomerByIdentifier('email', 'b@x.de'))?.customerId as string;
      const merged = survivor === a ? b : a;
      expect([a, b]).toContain(survivor);
      expect(a).not.toBe(b);
      const recordKey = await strandOrder(table, survivor, merged);
      const { storeCheck: hub } = createHubStoreAccess({
        tableName: table.tableName,
        client: { endpoint: table.endpoint, ...localAwsIdentity },
      });

      // Act: check, repair, check again.
      const found: string[] = [];
      const foundCode = await checkLocalStore(['check'], hub, (l) => found.push(l));
      const repaired: string[] = [];
      await checkLocalStore(['check', '--repair'], hub, (l) => repaired.push(l));
      const after: string[] = [];
      const afterCode = await checkLocalStore(['check'], hub, (l) => after.push(l));

      // Assert
      expect(foundCode).toBe(1);
      expect(found).toContain(
        `  found    record ${recordKey} sits under merged customer ${merged} (belongs to ${survivor})`,
      );
      expect(repaired).toContain(
        `  repaired record ${recordKey} sits under merged customer ${merged} (belongs to ${survivor})`,
      );
      expect(after).toContain('No problems found.');
      expect(afterCode).toBe(0);
      const view = await store.getCustomer360(survivor);
      expect(view.kind).toBe('found');
      const timeline = await store.getTimeline(survivor);
      expect(timeline.items.filter((e) => e.entity === 'order')).toHaveLength(1);
    } finally {
      await table.drop();
    }
  }, 60_000);

  it('strips the payload a decision marker kept from before the announcement took it, with --repair', async () => {
    // prepare: a marker as an earlier version wrote it, payload (customer id, invoice figures) and all
    const table = await createTestTable('store-check-decision');
    try {
      const reactionKey = 'payment-follow-up:sap-s4#invoice#INV-9';
      const marker = { pk: `REACTION#${reactionKey}`, sk: 'DECISION' };
      await table.documentClient.send(
        new PutCommand({
          TableName: table.tableName,
          Item: {
            ...marker,
            kind: 'reaction',
            detailType: 'PaymentFollowUpDue',
            reactionKey,
            decidedAt: '2026-03-01T10:00:00Z',
            payload: {
              reactionKey,
              customerId: 'c-9',
              invoice: { invoiceNumber: 'INV-9', grossAmount: 990 },
            },
          },
        }),
      );
      const { storeCheck: hub } = createHubStoreAccess({
        tableName: table.tableName,
        client: { endpoint: table.endpoint, ...localAwsIdentity },
      });

      // act
      const repaired: string[] = [];
      const code = await checkLocalStore(['check', '--repair'], hub, (l) => repaired.push(l));
      const { Item } = await table.documentClient.send(
        new GetCommand({ TableName: table.tableName, Key: marker }),
      );
      const after: string[] = [];
      await checkLocalStore(['check'], hub, (l) => after.push(l));

      // assert
      expect(code).toBe(0);
      expect(repaired).toContain(
        `  repaired reaction decision ${reactionKey} still keeps its payload (written before the announcement took it)`,
      );
      expect(Item).toEqual({
        ...marker,
        kind: 'reactionDecided',
        detailType: 'PaymentFollowUpDue',
        reactionKey,
        decidedAt: '2026-03-01T10:00:00Z',
      });
      expect(after).toContain('No problems found.');
    } finally {
      await table.drop();
    }
  }, 60_000);
});
