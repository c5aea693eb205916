import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { estimateItemBytes } from '../../core/customer-360/view/item-size.ts';
import type { Item } from '../../core/items/record-items.ts';
import { buildHeadAndViewQuery } from './customer-view-requests.ts';
import type { DynamoDbReader } from './dynamodb-reader.ts';

/** One read's items and what it cost: the capacity DynamoDB reports, and the items' billed size. */
export interface MeteredRead {
  readonly items: Item[];
  /** Read capacity units DynamoDB reported for the request (undefined when it reports none). */
  readonly readUnits?: number;
  /** The returned items' size as DynamoDB bills it (estimated from their attributes). */
  readonly bytesRead: number;
}

/** The items' size as DynamoDB bills reads (estimated from their attributes). */
export const billedBytes = (items: readonly Item[]): number =>
  items.reduce((sum, item) => sum + estimateItemBytes(item) - 3, 0);

/**
 * The profile head and the customer-360 view in one Query (counted on the reader, like every store read).
 * A view is ≤ 56 KB by its budgets, so this never needs a second page.
 */
export const readHeadAndView = async (
  client: DynamoDBDocumentClient,
  reader: DynamoDbReader,
  tableName: string,
  customerId: string,
): Promise<MeteredRead> => {
  reader.requests++;
  const out = await client.send(new QueryCommand(buildHeadAndViewQuery(tableName, customerId)));
  const items = (out.Items ?? []) as Item[];
  const readUnits = out.ConsumedCapacity?.CapacityUnits;
  return { items, bytesRead: billedBytes(items), ...(readUnits !== undefined ? { readUnits } : {}) };
};
