import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CommitResult, WriteOp } from '../../core/items/write-ops.ts';
import type { StoreBackend } from '../../core/ports/store-backend.ts';
import { RETRY, withRetries } from '../../core/retry/retry-policy.ts';
import { DynamoDbReader } from './dynamodb-reader.ts';
import { buildCondition, buildPatch, buildTransactWrite } from './dynamodb-requests.ts';

export { STORE_RETRY_POLICY } from './dynamodb-reader.ts';

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

/** StoreBackend over a DynamoDB table: the reads of {@link DynamoDbReader} and TransactWriteItems; the store's reads go through it too. */
export class DynamoDbBackend extends DynamoDbReader implements StoreBackend {
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
