import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { runPooled } from '../../core/concurrency/run-pooled.ts';
import type { CommitResult, WriteOp, WriteOutcome } from '../../core/items/write-ops.ts';
import type { StoreBackend } from '../../core/ports/store-backend.ts';
import { RETRY, withRetries } from '../../core/retry/retry-policy.ts';
import { DynamoDbReader } from './dynamodb-reader.ts';
import { buildSingleWrite, buildTransactWrite, type SingleWrite } from './dynamodb-requests.ts';

export { STORE_RETRY_POLICY } from './dynamodb-reader.ts';

/** Single-item writes in flight at once per `writeEach` call. */
export const PLAIN_WRITE_CONCURRENCY = 16;

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

/**
 * StoreBackend over a DynamoDB table: the reads of {@link DynamoDbReader}, TransactWriteItems for atomic
 * commits and conditional PutItem/UpdateItem/DeleteItem for independent writes; the store's reads go through it too.
 */
export class DynamoDbBackend extends DynamoDbReader implements StoreBackend {
  async commit(ops: readonly WriteOp[]): Promise<CommitResult> {
    if (ops.length === 0) return { ok: true };
    const single = ops.length === 1 && ops[0]?.op !== 'check' ? ops[0] : undefined;
    if (single) {
      const [outcome] = await this.writeEach([single]);
      return outcome === 'written' ? { ok: true } : { ok: false, failedOps: [0] };
    }
    return withRetries(this.retry, 'TransactWriteItems', async () => {
      this.requests++;
      try {
        await this.client.send(new TransactWriteCommand(buildTransactWrite(this.tableName, ops)));
        return { ok: true } as const;
      } catch (err: unknown) {
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

  async writeEach(ops: readonly WriteOp[]): Promise<WriteOutcome[]> {
    const requests = ops.map((op) => buildSingleWrite(this.tableName, op));
    const outcomes: WriteOutcome[] = new Array(ops.length);
    // A bounded number in flight: enough to keep DynamoDB busy, few enough not to flood one client. After a
    // failure no further write starts, and the failure is thrown once the writes in flight have settled.
    await runPooled([...requests.keys()], PLAIN_WRITE_CONCURRENCY, async (i) => {
      outcomes[i] = await this.sendSingle(requests[i] as SingleWrite);
    });
    return outcomes;
  }

  // A lone write needs no transaction: a conditional single-item write is atomic and costs half.
  private async sendSingle(request: SingleWrite): Promise<WriteOutcome> {
    this.requests++;
    try {
      if (request.kind === 'put') await this.client.send(new PutCommand(request.input));
      else if (request.kind === 'update') await this.client.send(new UpdateCommand(request.input));
      else await this.client.send(new DeleteCommand(request.input));
      return 'written';
    } catch (err: unknown) {
      if (errorName(err) === 'ConditionalCheckFailedException') return 'conditionFailed';
      throw err;
    }
  }
}
