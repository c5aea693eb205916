import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { customer360Table } from '../../../adapters/dynamodb/table.ts';
import { localAwsIdentity } from '../../../infra/local/store/dynamodb-local.ts';
import { ensureTable } from '../../../infra/local/store/tables.ts';
import { type CapacityMeter, meterCapacity } from './capacity-meter.ts';

export interface MeteredTable {
  readonly tableName: string;
  readonly documentClient: DynamoDBDocumentClient;
  readonly meter: CapacityMeter;
  close(): void;
}

/** A fresh customer-360 table in the hub's DynamoDB Local, and a client that meters what it consumes. */
export const createMeteredTable = async (endpoint: string, label: string): Promise<MeteredTable> => {
  const client = new DynamoDBClient({ endpoint, ...localAwsIdentity });
  const meter = meterCapacity(client, customer360Table.globalIndexes);
  const tableName = `bench-${label}-${randomUUID().slice(0, 8)}`;
  await ensureTable(client, customer360Table, tableName);
  meter.reset();
  return {
    tableName,
    meter,
    documentClient: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    close: () => client.destroy(),
  };
};
