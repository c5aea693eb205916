import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { StreamSubscription } from '../../topology/schema.ts';
import type { OnFailureDestination } from '../functions/local-functions.ts';
import { succeededPrefixLength } from './batch-outcome.ts';
import type { CheckpointStore } from './checkpoint-store.ts';
import { toDynamoDbStreamEvent } from './stream-event.ts';

export interface StreamPollerOptions {
  readonly streamsClient: DynamoDBStreamsClient;
  readonly streamArn: string;
  readonly subscription: StreamSubscription;
  /** Invokes the subscribed function synchronously, as the event source mapping does. */
  readonly deliver: (event: ReturnType<typeof toDynamoDbStreamEvent>) => Promise<unknown>;
  readonly checkpoints: CheckpointStore;
  readonly onFailure: OnFailureDestination;
  /** Wait between polls that found nothing (AWS's event source mapping polls a shard 4 times a second). @default 250 */
  readonly pollIntervalMs?: number;
  /** How long a listing of the stream's shards is reused before DescribeStream is asked again. @default 10000 */
  readonly shardListTtlMs?: number;
  /** First retry delay, doubled per attempt up to 30 s. @default 200 */
  readonly retryBaseDelayMs?: number;
  readonly log?: (
    level: 'info' | 'warn' | 'error',
    message: string,
    details?: Record<string, unknown>,
  ) => void;
}

interface ShardState {
  iterator: string | undefined;
  finished: boolean;
}

/**
 * The local event source mapping for a DynamoDB stream: records in order per shard (parents before children),
 * batches of `batchSize`, `ReportBatchItemFailures`, bisect on error, `maxRetries` then the on-failure
 * destination. A batch is checkpointed only once it is done, so after a successful batch no record is
 * delivered again and none is skipped, across restarts too.
 */
export const createStreamPoller = (options: StreamPollerOptions) => {
  const { subscription } = options;
  const shards = new Map<string, ShardState>();
  const checkpointKey = (shardId: string) => `${options.streamArn}|${subscription.function}|${shardId}`;
  const pollInterval = options.pollIntervalMs ?? 250;
  const shardListTtl = options.shardListTtlMs ?? 10_000;
  let shardList: { shards: Shard[]; at: number } | undefined;
  /** Ends the wait between two polls early (not a retry's backoff): something was just written. */
  let nudgeIdle: (() => void) | undefined;
  const retryBase = options.retryBaseDelayMs ?? 200;
  let stopping = false;
  let loop: Promise<void> | undefined;
  const wakers = new Set<() => void>();
  /** Callers of `caughtUp()`, each waiting for a poll that starts after its call and finds nothing new. */
  let waiting: Array<() => void> = [];
  /** A wait that `stop()` cuts short, so stopping never sits out a 30 s retry backoff. */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      wakers.add(wake);
    });

  const listShards = async (): Promise<Shard[]> => {
    const all: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const page = await options.streamsClient.send(
        new DescribeStreamCommand({
          StreamArn: options.streamArn,
          ExclusiveStartShardId: exclusiveStartShardId,
        }),
      );
      all.push(...(page.StreamDescription?.Shards ?? []));
      exclusiveStartShardId = page.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    return all;
  };

  const openIterator = async (shardId: string): Promise<string | undefined> => {
    const after = options.checkpoints.get(checkpointKey(shardId));
    const response = await options.streamsClient.send(
      new GetShardIteratorCommand({
        StreamArn: options.streamArn,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: subscription.startingPosition }),
      }),
    );
    return response.ShardIterator;
  };

  /** Delivers one batch to completion: success, partial success retried, or given up to the on-failure destination. */
  const processBatch = async (shardId: string, records: _Record[]): Promise<void> => {
    const work: _Record[][] = [records];
    while (work.length > 0 && !stopping) {
      let batch = work.shift() ?? [];
      let retries = 0;
      while (batch.length > 0 && !stopping) {
        const sequenceNumbers = batch.map((r) => r.dynamodb?.SequenceNumber ?? '');
        let done = 0;
        let failure: string | undefined;
        try {
          const response = await options.deliver(toDynamoDbStreamEvent(batch, options.streamArn));
          done = succeededPrefixLength(response, sequenceNumbers);
          if (done < batch.length) failure = `function reported ${batch.length - done} failed item(s)`;
        } catch (err: unknown) {
          failure = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
          if (subscription.bisectOnError && batch.length > 1) {
            const middle = Math.ceil(batch.length / 2);
            options.log?.('warn', `stream batch failed; bisecting`, {
              function: subscription.function,
              failure,
            });
            work.unshift(batch.slice(0, middle), batch.slice(middle));
            batch = [];
            break;
          }
        }
        const last = sequenceNumbers[done - 1];
        if (done > 0 && last) options.checkpoints.set(checkpointKey(shardId), last);
        batch = batch.slice(done);
        if (batch.length === 0) break;
        retries++;
        if (subscription.maxRetries !== -1 && retries > subscription.maxRetries) {
          options.log?.('error', 'stream batch exhausted its retries; sent to on-failure destination', {
            function: subscription.function,
            shardId,
            records: batch.length,
          });
          options.onFailure.add({
            origin: `stream:${subscription.function}`,
            reason: failure ?? 'unknown failure',
            attempts: retries,
            payload: {
              shardId,
              streamArn: options.streamArn,
              startSequenceNumber: batch[0]?.dynamodb?.SequenceNumber,
              endSequenceNumber: batch.at(-1)?.dynamodb?.SequenceNumber,
              batchSize: batch.length,
            },
          });
          const skippedTo = batch.at(-1)?.dynamodb?.SequenceNumber;
          if (skippedTo) options.checkpoints.set(checkpointKey(shardId), skippedTo);
          break;
        }
        options.log?.('warn', 'stream batch failed; retrying', {
          function: subscription.function,
          retries,
          failure,
        });
        await sleep(Math.min(30_000, retryBase * 2 ** (retries - 1)));
      }
    }
  };

  /**
   * The shards, listed again only when the last listing is older than its TTL or a shard ended: a poll then
   * costs one GetRecords per open shard, so polling often stays cheap (shards roll over every few hours).
   */
  const currentShards = async (): Promise<Shard[]> => {
    if (!shardList || Date.now() - shardList.at > shardListTtl) {
      shardList = { shards: await listShards(), at: Date.now() };
    }
    return shardList.shards;
  };

  /** Reads every eligible shard once; returns how many records were delivered. */
  const pollOnce = async (): Promise<number> => {
    const described = await currentShards();
    const known = new Set(described.map((s) => s.ShardId));
    let delivered = 0;
    for (const shard of described) {
      const shardId = shard.ShardId;
      if (!shardId || stopping) continue;
      const parent = shard.ParentShardId;
      if (parent && known.has(parent) && !shards.get(parent)?.finished) continue;
      let state = shards.get(shardId);
      if (!state) {
        state = { iterator: undefined, finished: false };
        shards.set(shardId, state);
      }
      if (state.finished) continue;
      try {
        state.iterator ??= await openIterator(shardId);
        while (state.iterator && !stopping) {
          const page = await options.streamsClient.send(
            new GetRecordsCommand({ ShardIterator: state.iterator, Limit: subscription.batchSize }),
          );
          const records = page.Records ?? [];
          if (records.length > 0) {
            await processBatch(shardId, records);
            delivered += records.length;
          }
          state.iterator = page.NextShardIterator;
          if (!state.iterator) {
            state.finished = true;
            // Its children (if any) appear in the next listing.
            shardList = undefined;
          }
          if (records.length < subscription.batchSize) break;
        }
      } catch (err: unknown) {
        if (err instanceof ExpiredIteratorException || err instanceof TrimmedDataAccessException) {
          state.iterator = undefined;
          continue;
        }
        throw err;
      }
    }
    return delivered;
  };

  return {
    pollOnce,
    /** Polls until stopped; errors are logged and the next poll retries. */
    start(): void {
      loop ??= (async () => {
        while (!stopping) {
          const waitingForThisPoll = waiting;
          waiting = [];
          // Whoever waits must not be answered from a cached shard listing: a table's first shard (or a new
          // one) appears only with its first writes, and the listing is otherwise kept for its TTL.
          if (waitingForThisPoll.length > 0) shardList = undefined;
          let failed = false;
          try {
            const delivered = await pollOnce();
            if (delivered > 0) {
              // Delivered is not caught up: what the batch's functions wrote is read by the next poll.
              waiting.push(...waitingForThisPoll);
              continue;
            }
            for (const caughtUp of waitingForThisPoll) caughtUp();
          } catch (err: unknown) {
            failed = true;
            waiting.push(...waitingForThisPoll);
            options.log?.('error', 'stream poll failed', {
              error: err instanceof Error ? err.message : String(err),
            });
          }
          // Someone asked during that poll whether the feed has caught up: answer with the next poll now
          // (after a failed poll, the wait still comes first).
          if (waiting.length > 0 && !failed) continue;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(wake, pollInterval);
            function wake() {
              clearTimeout(timer);
              wakers.delete(wake);
              nudgeIdle = undefined;
              resolve();
            }
            wakers.add(wake);
            nudgeIdle = wake;
          });
        }
      })();
    },
    /**
     * Polls now instead of at the end of the current wait (a function that writes the table just finished);
     * a poll under way, or a retry's backoff, is left alone.
     */
    nudge(): void {
      nudgeIdle?.();
    },
    /**
     * Resolves once a poll that started after this call read every shard to its end and found nothing new:
     * everything written to the table before the call has been delivered (or sent to the on-failure
     * destination). Resolves at once when the poller is not running, and when it stops.
     */
    caughtUp(): Promise<void> {
      if (stopping || loop === undefined) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiting.push(resolve);
        nudgeIdle?.();
      });
    },
    async stop(): Promise<void> {
      stopping = true;
      for (const wake of [...wakers]) wake();
      await loop;
      for (const caughtUp of waiting.splice(0)) caughtUp();
    },
  };
};

export type StreamPoller = ReturnType<typeof createStreamPoller>;
