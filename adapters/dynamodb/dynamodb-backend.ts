import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Item } from '../../core/items/record-items.ts';
import { type CommitResult, type ItemKey, keyString, type WriteOp } from '../../core/items/write-ops.ts';
import type { StoreBackend } from '../../core/ports/store-backend.ts';
import { RETRY, type RetryPolicy, withRetries } from '../../core/retry/retry-policy.ts';
import { buildCondition, buildPatch, buildTransactWrite } from './dynamodb-requests.ts';
import { type AllPages, queryAllPages } from './paginate.ts';
import { customer360Table } from './table.ts';

const RETRYABLE_REASONS = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);

const errorName = (err: unknown): string | undefined =>
  err instanceof Error
    ? err.name
    : typeof err === 'object' && err !== null && 'name' in err
      ? String(err.name)
      : undefined;

// Throttling (ThrottlingException, ProvisionedThroughputExceeded, RequestLimitExceeded,
// TransactionInProgress) is retried by the SDK itself; this backend retries only what the SDK does not:
// unprocessed BatchGet keys and transactions cancelled by a conflicting transaction.

/** StoreBackend over a DynamoDB table: consistent BatchGetItem, paginated Query, TransactWriteItems; the store's reads go through it too. */
/** Retries of what the SDK does not retry itself (unprocessed keys, transaction conflicts). */
export const STORE_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 25, maxDelayMs: 25 * 2 ** 10 };

export class DynamoDbBackend implements StoreBackend {
  /** DynamoDB requests sent, for the bench and for tests that assert request counts. */
  requests = 0;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retry: RetryPolicy = STORE_RETRY_POLICY,
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

  async commit(ops: readonly WriteOp[]): Promise<CommitResult> {
    if (ops.length === 0) return { ok: true };
    const single = ops.length === 1 ? ops[0] : undefined;
    return withRetries(this.retry, 'TransactWriteItems', async () => {
      this.requests++;
      try {
        if (single && single.op !== 'check') await this.sendSingle(single);
        else await this.client.send(new TransactWriteCommand(buildTransactWrite(this.tableName, ops)));
        return { ok: true } as const;
      } catch (err: unknown) {
        if (errorName(err) === 'ConditionalCheckFailedException')
          return { ok: false, failedOps: [0] } as const;
        if (err instanceof TransactionCanceledException) {
          const reasons = err.CancellationReasons ?? [];
          const failedOps = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
          if (failedOps.length > 0) return { ok: false, failedOps } as const;
          if (reasons.some((r) => RETRYABLE_REASONS.has(r.Code ?? ''))) return RETRY;
          throw err;
        }
        throw err;
      }
    });
  }

  // A lone write needs no transaction: a conditional single-item write is atomic and costs half.
  private async sendSingle(op: Exclude<WriteOp, { op: 'check' }>): Promise<void> {
    const condition = op.condition ? buildCondition(op.condition) : undefined;
    const conditionParts = condition
      ? {
          ConditionExpression: condition.ConditionExpression,
          ExpressionAttributeNames: condition.ExpressionAttributeNames,
          ...(condition.ExpressionAttributeValues &&
          Object.keys(condition.ExpressionAttributeValues).length > 0
            ? { ExpressionAttributeValues: condition.ExpressionAttributeValues }
            : {}),
        }
      : {};
    switch (op.op) {
      case 'put':
        await this.client.send(
          new PutCommand({ TableName: this.tableName, Item: op.item, ...conditionParts }),
        );
        return;
      case 'delete':
        await this.client.send(
          new DeleteCommand({ TableName: this.tableName, Key: op.key, ...conditionParts }),
        );
        return;
      case 'patch':
        await this.client.send(new UpdateCommand({ TableName: this.tableName, ...buildPatch(op) }));
        return;
    }
  }
}
