import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTable, type TestTable } from '../../support/store.ts';

describe('local store', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await createTestTable('local-store');
  });
  afterAll(async () => {
    await table.drop();
  });

  it('creates the customer-360 table with a stream and reads back what it wrote', async () => {
    await table.client.send(
      new PutItemCommand({ TableName: table.tableName, Item: { pk: { S: 'C#1' }, sk: { S: 'PROFILE' } } }),
    );

    const read = await table.client.send(
      new GetItemCommand({ TableName: table.tableName, Key: { pk: { S: 'C#1' }, sk: { S: 'PROFILE' } } }),
    );

    expect(table.streamArn).toMatch(/^arn:aws:dynamodb:/);
    expect(read.Item?.pk?.S).toBe('C#1');
  });
});
