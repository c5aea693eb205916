import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { ChangeRecord } from '../../core/events/change-record.ts';
import { toChangeRecord } from '../../functions/stream/change-records.ts';
import { StreamEventSchema } from '../../functions/stream/stream-event-schema.ts';
import { toDynamoDbStreamEvent } from '../../infra/local/streams/stream-event.ts';
import type { TestTable } from './store.ts';

/**
 * Reads a test table's stream the way the local runtime's poller does (shard iterators from TRIM_HORIZON,
 * Lambda's event shape, the handlers' parser) and hands back the changes not read before, in order.
 */
export const followStream = (table: Pick<TestTable, 'streamArn' | 'streamsClient'>) => {
  const iterators = new Map<string, string | undefined>();
  return {
    async next(): Promise<ChangeRecord[]> {
      const described = await table.streamsClient.send(
        new DescribeStreamCommand({ StreamArn: table.streamArn }),
      );
      const changes: ChangeRecord[] = [];
      for (const shard of described.StreamDescription?.Shards ?? []) {
        const id = shard.ShardId as string;
        if (!iterators.has(id)) {
          const out = await table.streamsClient.send(
            new GetShardIteratorCommand({
              StreamArn: table.streamArn,
              ShardId: id,
              ShardIteratorType: 'TRIM_HORIZON',
            }),
          );
          iterators.set(id, out.ShardIterator);
        }
        let iterator = iterators.get(id);
        while (iterator) {
          const out = await table.streamsClient.send(
            new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }),
          );
          const records = out.Records ?? [];
          const event = StreamEventSchema.parse(toDynamoDbStreamEvent(records, table.streamArn));
          changes.push(...event.Records.map(toChangeRecord));
          iterator = out.NextShardIterator;
          iterators.set(id, iterator);
          if (records.length === 0) break;
        }
      }
      return changes;
    },
  };
};
