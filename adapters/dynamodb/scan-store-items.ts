import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { RESERVED_PREFIXES } from '../../core/items/keys.ts';
import type { Item } from '../../core/items/record-items.ts';
import type { StoreItemsReader } from '../../core/ports/store-items.ts';

export interface StoreScanOptions {
  /** Parallel scan segments (DynamoDB's `TotalSegments`). @default 4 */
  readonly segments?: number;
  /** Only these attributes of each item (a `ProjectionExpression`); every attribute when absent. */
  readonly attributes?: readonly string[];
}

/** Builds the Scan input of one segment that reads the store's items and leaves out the connector kit's partitions. */
export const buildStoreScan = (
  tableName: string,
  options: StoreScanOptions = {},
  segment?: { readonly segment: number; readonly total: number },
) => {
  const attributes = options.attributes ?? [];
  return {
    TableName: tableName,
    ConsistentRead: true,
    FilterExpression: RESERVED_PREFIXES.map((_, i) => `NOT begins_with(#pk, :p${i})`).join(' AND '),
    ExpressionAttributeNames: {
      '#pk': 'pk',
      ...Object.fromEntries(attributes.map((name, i) => [`#a${i}`, name])),
    },
    ExpressionAttributeValues: Object.fromEntries(RESERVED_PREFIXES.map((p, i) => [`:p${i}`, p])),
    ...(attributes.length > 0 ? { ProjectionExpression: attributes.map((_, i) => `#a${i}`).join(', ') } : {}),
    ...(segment ? { Segment: segment.segment, TotalSegments: segment.total } : {}),
  };
};

/**
 * Yields the pages of several async sources as each arrives, so the parallel segments of a scan are read at
 * once while the caller consumes one page at a time (at most one page per segment is held).
 */
async function* interleave<T>(sources: readonly AsyncIterable<T>[]): AsyncIterable<T> {
  const iterators = sources.map((source) => source[Symbol.asyncIterator]());
  const pending = new Map<number, Promise<{ index: number; result: IteratorResult<T> }>>();
  const pull = (index: number) => {
    const iterator = iterators[index] as AsyncIterator<T>;
    pending.set(
      index,
      iterator.next().then((result) => ({ index, result })),
    );
  };
  for (let index = 0; index < iterators.length; index += 1) pull(index);
  while (pending.size > 0) {
    const { index, result } = await Promise.race(pending.values());
    if (result.done) {
      pending.delete(index);
      continue;
    }
    pull(index);
    yield result.value;
  }
}

/** Scans the whole table in parallel segments; a store check reads everything once, so a Scan is the right tool. */
export const createStoreItemsReader = (
  client: DynamoDBDocumentClient,
  tableName: string,
  options: StoreScanOptions = {},
): StoreItemsReader => ({
  async *readAll() {
    const total = Math.max(1, options.segments ?? 4);
    const segments = Array.from({ length: total }, (_, segment) =>
      paginateScan(
        { client },
        buildStoreScan(tableName, options, total > 1 ? { segment, total } : undefined),
      ),
    );
    for await (const page of interleave(segments)) yield (page.Items ?? []) as Item[];
  },
  async approximateCount() {
    const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return described.Table?.ItemCount;
  },
});
