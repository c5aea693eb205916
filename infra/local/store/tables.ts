import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { TableDefinition } from '../../../adapters/dynamodb/table.ts';

/** Builds the CreateTable request for a table definition: the same keys, indexes and stream as on AWS. */
export const buildCreateTableInput = (table: TableDefinition, tableName: string): CreateTableCommandInput => {
  const keyNames = new Set([table.partitionKey, table.sortKey]);
  for (const index of table.globalIndexes) {
    keyNames.add(index.partitionKey);
    keyNames.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...keyNames].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: table.partitionKey, KeyType: 'HASH' },
      { AttributeName: table.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: table.globalIndexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: table.streamView },
  };
};

/** Creates the table if it does not exist yet (data kept on disk survives restarts) and returns its stream ARN. */
export const ensureTable = async (
  client: DynamoDBClient,
  table: TableDefinition,
  tableName: string,
): Promise<{ streamArn: string; created: boolean }> => {
  let created = false;
  try {
    await client.send(new CreateTableCommand(buildCreateTableInput(table, tableName)));
    created = true;
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
      }),
    );
  } catch (err: unknown) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const streamArn = described.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${tableName} has no stream; it must be created with streams on.`);
  return { streamArn, created };
};
