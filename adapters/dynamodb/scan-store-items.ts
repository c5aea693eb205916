import { type DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { RESERVED_PREFIXES } from '../../core/items/keys.ts';
import type { Item } from '../../core/items/record-items.ts';
import type { StoreItemsReader } from '../../core/ports/store-items.ts';

/** Builds the Scan input that reads the store's items and leaves out the connector kit's partitions. */
export const buildStoreScan = (tableName: string) => ({
  TableName: tableName,
  ConsistentRead: true,
  FilterExpression: RESERVED_PREFIXES.map((_, i) => `NOT begins_with(#pk, :p${i})`).join(' AND '),
  ExpressionAttributeNames: { '#pk': 'pk' },
  ExpressionAttributeValues: Object.fromEntries(RESERVED_PREFIXES.map((p, i) => [`:p${i}`, p])),
});

/** Scans the whole table; a store check reads everything once, so a Scan is the right tool here. */
export const createStoreItemsReader = (
  client: DynamoDBDocumentClient,
  tableName: string,
): StoreItemsReader => ({
  async *readAll() {
    for await (const page of paginateScan({ client }, buildStoreScan(tableName))) {
      yield (page.Items ?? []) as Item[];
    }
  },
});
