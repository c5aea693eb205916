import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../core/items/keys.ts';
import { customer360Table, indexNamed } from './table.ts';

const timeline = indexNamed('gsi2');
const byPartition = indexNamed('gsi1');

/** The 360 view: the whole customer partition, one Query (paginated only beyond 1 MB). */
export const buildCustomer360Query = (tableName: string, customerId: string): QueryCommandInput => ({
  TableName: tableName,
  KeyConditionExpression: `${customer360Table.partitionKey} = :pk`,
  ExpressionAttributeValues: { ':pk': keys.customer(customerId) },
});

/** The timeline: gsi2, newest first. */
export const buildTimelineQuery = (
  tableName: string,
  customerId: string,
  limit: number,
  start: Record<string, string> | undefined,
): QueryCommandInput => ({
  TableName: tableName,
  IndexName: timeline.name,
  KeyConditionExpression: `${timeline.partitionKey} = :pk`,
  ExpressionAttributeValues: { ':pk': keys.timelinePk(customerId) },
  ScanIndexForward: false,
  Limit: limit,
  ...(start ? { ExclusiveStartKey: start } : {}),
});

/** Segment members and product demand: gsi1 partitions (`SEGMENT#…`, `PART#…`). */
export const buildGsi1Query = (
  tableName: string,
  partition: string,
  limit: number,
  start: Record<string, string> | undefined,
  newestFirst: boolean,
): QueryCommandInput => ({
  TableName: tableName,
  IndexName: byPartition.name,
  KeyConditionExpression: `${byPartition.partitionKey} = :pk`,
  ExpressionAttributeValues: { ':pk': partition },
  ScanIndexForward: !newestFirst,
  Limit: limit,
  ...(start ? { ExclusiveStartKey: start } : {}),
});
