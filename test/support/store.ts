import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { customer360Table } from '../../adapters/dynamodb/table.ts';
import { localAwsIdentity } from '../../infra/local/store/dynamodb-local.ts';
import { ensureTable } from '../../infra/local/store/tables.ts';

export interface TestTable {
  readonly endpoint: string;
  readonly tableName: string;
  readonly streamArn: string;
  readonly client: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
  readonly streamsClient: DynamoDBStreamsClient;
  drop(): Promise<void>;
}

/** Creates a fresh customer-360 table in the run's DynamoDB Local (see global-dynamodb.ts). */
export const createTestTable = async (label = 'test'): Promise<TestTable> => {
  const endpoint = inject('dynamoEndpoint');
  const client = new DynamoDBClient({ endpoint, ...localAwsIdentity });
  const tableName = `${label}-${randomUUID().slice(0, 8)}`;
  const { streamArn } = await ensureTable(client, customer360Table, tableName);
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const streamsClient = new DynamoDBStreamsClient({ endpoint, ...localAwsIdentity });
  return {
    endpoint,
    tableName,
    streamArn,
    client,
    documentClient,
    streamsClient,
    drop: async () => {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
      streamsClient.destroy();
    },
  };
};
