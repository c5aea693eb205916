import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DynamoDbReader } from '../../adapters/dynamodb/dynamodb-reader.ts';
import { encodeCursor } from '../../adapters/dynamodb/page-cursor.ts';
import type { Item } from '../../core/items/record-items.ts';
import type { Page } from '../../core/ports/customer-store.ts';

/** Reads one page and maps its items; items the mapping drops (undefined) are left out. */
export const pageOf = async <T>(
  reader: DynamoDbReader,
  input: QueryCommandInput,
  map: (item: Item) => T | undefined,
): Promise<Page<T>> => {
  const out = await reader.queryPage(input);
  const items = out.items.flatMap((i) => {
    const mapped = map(i);
    return mapped === undefined ? [] : [mapped];
  });
  const cursor = encodeCursor(out.lastKey);
  return cursor ? { items, cursor } : { items };
};
