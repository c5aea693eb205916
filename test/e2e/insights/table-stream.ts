import { readFileSync } from 'node:fs';
import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import * as z from 'zod';

/** Every record the table's stream still holds, per shard, oldest first (DynamoDB Local keeps them all). */
export const readWholeStream = async (
  client: DynamoDBStreamsClient,
  streamArn: string,
): Promise<Map<string, _Record[]>> => {
  const shards = new Map<string, _Record[]>();
  let startShard: string | undefined;
  do {
    const page = await client.send(
      new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: startShard }),
    );
    for (const shard of page.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId) continue;
      const records: _Record[] = [];
      let iterator = (
        await client.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shard.ShardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        )
      ).ShardIterator;
      // An open shard hands out iterators forever; an empty page means everything written so far was read.
      while (iterator) {
        const out = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        const got = out.Records ?? [];
        records.push(...got);
        iterator = got.length === 0 ? undefined : out.NextShardIterator;
      }
      shards.set(shard.ShardId, records);
    }
    startShard = page.StreamDescription?.LastEvaluatedShardId;
  } while (startShard);
  return shards;
};

const CheckpointsSchema = z.record(z.string(), z.string());

/**
 * Whether every subscribed function has been delivered every record the stream holds: the local event
 * source mapping checkpoints the last record of each successful batch in `stream-checkpoints.json`.
 */
export const streamConsumed = async (options: {
  readonly client: DynamoDBStreamsClient;
  readonly streamArn: string;
  readonly checkpointFile: string;
  readonly functions: readonly string[];
}): Promise<boolean> => {
  const shards = await readWholeStream(options.client, options.streamArn);
  const checkpoints = CheckpointsSchema.parse(JSON.parse(readFileSync(options.checkpointFile, 'utf8')));
  for (const [shardId, records] of shards) {
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    if (last === undefined) continue;
    for (const fn of options.functions) {
      if (checkpoints[`${options.streamArn}|${fn}|${shardId}`] !== last) return false;
    }
  }
  return true;
};
