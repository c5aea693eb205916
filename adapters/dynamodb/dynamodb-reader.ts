import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Item } from '../../core/items/record-items.ts';
import { type ItemKey, keyString } from '../../core/items/write-ops.ts';
import { RETRY, type RetryPolicy, withRetries } from '../../core/retry/retry-policy.ts';
import { type AllPages, queryAllPages } from './paginate.ts';
import { customer360Table } from './table.ts';

/** Retries of what the SDK does not retry itself (unprocessed keys, transaction conflicts). */
export const STORE_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 25, maxDelayMs: 25 * 2 ** 10 };

/**
 * The read half of the store's DynamoDB access: consistent BatchGetItem, paginated Query, one page of a
 * Query. Its own module so that read-only functions bundle no write code ({@link DynamoDbBackend} adds the
 * writes on top).
 */
export class DynamoDbReader {
  /** DynamoDB requests sent, for the bench and for tests that assert request counts. */
  requests = 0;

  constructor(
    protected readonly client: DynamoDBDocumentClient,
    protected readonly tableName: string,
    protected readonly retry: RetryPolicy = STORE_RETRY_POLICY,
  ) {}

  async getItems(keys: readonly ItemKey[]): Promise<Map<string, Item>> {
    const unique = [...new Map(keys.map((k) => [keyString(k), { pk: k.pk, sk: k.sk }])).values()];
    const found = new Map<string, Item>();
    const chunks: ItemKey[][] = [];
    for (let i = 0; i < unique.length; i += 100) chunks.push(unique.slice(i, i + 100));
    await Promise.all(
      chunks.map(async (chunk) => {
        let pending: Record<string, unknown>[] = chunk.map((k) => ({ pk: k.pk, sk: k.sk }));
        await withRetries(this.retry, 'BatchGetItem', async () => {
          this.requests++;
          const out = await this.client.send(
            new BatchGetCommand({
              RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
            }),
          );
          for (const item of out.Responses?.[this.tableName] ?? []) {
            const typed = item as Item;
            found.set(keyString(typed), typed);
          }
          pending = out.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
          return pending.length > 0 ? RETRY : true;
        });
      }),
    );
    return found;
  }

  async readPartition(pk: string): Promise<Item[]> {
    const { items } = await this.query({
      TableName: this.tableName,
      KeyConditionExpression: `${customer360Table.partitionKey} = :pk`,
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    });
    return items;
  }

  /** Every page of a Query of this table (the store's reads use it as its writes use the backend). */
  async query(input: QueryCommandInput): Promise<AllPages<Item>> {
    const all = await queryAllPages<Item>(this.client, input);
    this.requests += all.requests;
    return all;
  }

  /** One page of a Query of this table (a client-facing listing), with where the next page starts. */
  async queryPage(input: QueryCommandInput): Promise<{ items: Item[]; lastKey?: Record<string, unknown> }> {
    this.requests++;
    const out = await this.client.send(new QueryCommand(input));
    const items = (out.Items ?? []) as Item[];
    return out.LastEvaluatedKey ? { items, lastKey: out.LastEvaluatedKey } : { items };
  }
}
