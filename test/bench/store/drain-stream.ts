import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import { toChangeRecord } from '../../../functions/stream/change-records.ts';
import { StreamEventSchema } from '../../../functions/stream/stream-event-schema.ts';
import { localAwsIdentity } from '../../../infra/local/store/dynamodb-local.ts';
import { toDynamoDbStreamEvent } from '../../../infra/local/streams/stream-event.ts';

/**
 * Every change record a table's stream holds so far, oldest first per shard, in the form the stream
 * functions receive them (the Lambda event the local runtime builds, parsed by the functions' own schema).
 */
export const drainStream = async (endpoint: string, streamArn: string): Promise<ChangeRecord[]> => {
  const client = new DynamoDBStreamsClient({ endpoint, ...localAwsIdentity });
  try {
    const shards = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const page = await client.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      );
      shards.push(...(page.StreamDescription?.Shards ?? []));
      exclusiveStartShardId = page.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);

    const changes: ChangeRecord[] = [];
    for (const shard of shards) {
      const opened = await client.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      let iterator = opened.ShardIterator;
      while (iterator) {
        const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        const records = page.Records ?? [];
        if (records.length === 0) break; // an open shard always has a next iterator; empty means drained
        const event = StreamEventSchema.parse(toDynamoDbStreamEvent(records, streamArn));
        changes.push(...event.Records.map(toChangeRecord));
        iterator = page.NextShardIterator;
      }
    }
    return changes;
  } finally {
    client.destroy();
  }
};
