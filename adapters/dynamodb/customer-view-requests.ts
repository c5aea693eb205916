import type { DeleteCommandInput, PutCommandInput, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { HEAD_AND_VIEW_PREFIX, VIEW_SORT_PREFIX } from '../../core/customer-360/view/view-items.ts';
import { keys } from '../../core/items/keys.ts';
import type { Item } from '../../core/items/record-items.ts';
import { partitionWithPrefix } from './sort-key-prefix.ts';
import { customer360Table } from './table.ts';

const { partitionKey, sortKey } = customer360Table;

/**
 * The customer-360 read: the profile head and the view's sections, which sort next to each other; one
 * Query, one page, bounded by the view's byte budgets (≤ 64 KB) whatever the customer's history.
 */
export const buildHeadAndViewQuery = (tableName: string, customerId: string): QueryCommandInput => ({
  TableName: tableName,
  ...partitionWithPrefix(keys.customer(customerId), HEAD_AND_VIEW_PREFIX),
  ReturnConsumedCapacity: 'TOTAL',
});

/** The view's sections alone, strongly consistent: what the projector folds changes into. */
export const buildViewQuery = (tableName: string, customerId: string): QueryCommandInput => ({
  TableName: tableName,
  ...partitionWithPrefix(keys.customer(customerId), VIEW_SORT_PREFIX),
  ConsistentRead: true,
});

/** A customer's partition, or the items whose sort key begins with `sortPrefix` (one record kind). */
export const buildPartitionQuery = (
  tableName: string,
  customerId: string,
  sortPrefix?: string,
): QueryCommandInput => ({
  TableName: tableName,
  ...(sortPrefix === undefined
    ? {
        KeyConditionExpression: `${partitionKey} = :pk`,
        ExpressionAttributeValues: { ':pk': keys.customer(customerId) },
      }
    : partitionWithPrefix(keys.customer(customerId), sortPrefix)),
  ConsistentRead: true,
});

/** Writes a section over the version it was read at (absent when that version is 0). */
export const buildSectionPut = (tableName: string, item: Item, readVersion: number): PutCommandInput => ({
  TableName: tableName,
  Item: item,
  ...(readVersion === 0
    ? { ConditionExpression: `attribute_not_exists(${partitionKey})` }
    : {
        ConditionExpression: '#version = :read',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':read': readVersion },
      }),
});

export const buildSectionDelete = (
  tableName: string,
  customerId: string,
  sort: string,
): DeleteCommandInput => ({
  TableName: tableName,
  Key: { [partitionKey]: keys.customer(customerId), [sortKey]: sort },
});
