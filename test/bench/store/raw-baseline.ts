import { performance } from 'node:perf_hooks';
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { RawBaseline } from '../report/results.ts';
import type { MeteredTable } from './bench-dynamodb.ts';

/** DynamoDB's BatchWriteItem limit. */
const BATCH_SIZE = 25;
/** Filler that makes each raw item about 400 bytes as DynamoDB sizes items (keys and names included). */
const PAYLOAD = 'x'.repeat(365);

/** `count` single items of about 400 bytes, each in its own partition, as a store with no overhead writes. */
export const rawItems = (count: number, runId: string): Record<string, unknown>[] =>
  Array.from({ length: count }, (_, i) => ({ pk: `RAW#${runId}#${i}`, sk: 'RECORD', payload: PAYLOAD }));

/** Writes `items` with BatchWriteItem, 25 per call and `concurrency` calls in flight, resending unprocessed items. */
export const sendRawItems = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
  concurrency: number,
): Promise<void> => {
  const requests: BatchWriteCommandInput[] = [];
  for (let i = 0; i < items.length; i += BATCH_SIZE) {
    requests.push({
      RequestItems: {
        [tableName]: items.slice(i, i + BATCH_SIZE).map((Item) => ({ PutRequest: { Item } })),
      },
    });
  }
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      let request: BatchWriteCommandInput | undefined = requests[next++];
      while (request?.RequestItems && Object.keys(request.RequestItems).length > 0) {
        const out = await client.send(new BatchWriteCommand(request));
        request =
          out.UnprocessedItems && Object.keys(out.UnprocessedItems).length > 0
            ? { RequestItems: out.UnprocessedItems }
            : undefined;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
};

/** One timed raw run into its own table. */
export const rawRun = async (table: MeteredTable, count: number, concurrency: number, runId: string) => {
  const items = rawItems(count, runId);
  table.meter.reset();
  const started = performance.now();
  await sendRawItems(table.documentClient, table.tableName, items, concurrency);
  const seconds = (performance.now() - started) / 1000;
  return { seconds, perSecond: count / seconds, writeUnits: table.meter.totals().writeUnits };
};

/**
 * The store's raw rate in the same run: as many ~400-byte items as the phase has records, written with plain
 * BatchWriteItem at the same concurrency, once before the phase and once after (each into a table created
 * with the others before any write), averaged, so neither side profits from a machine that drifts.
 */
export const measureRawAround = async <T>(
  tables: { readonly before: MeteredTable; readonly after: MeteredTable },
  count: number,
  concurrency: number,
  phase: () => Promise<T>,
): Promise<{ readonly raw: RawBaseline; readonly result: T }> => {
  const before = await rawRun(tables.before, count, concurrency, 'before');
  const result = await phase();
  const after = await rawRun(tables.after, count, concurrency, 'after');
  return {
    result,
    raw: {
      items: count,
      concurrency,
      itemBytes: 400,
      perSecond: (before.perSecond + after.perSecond) / 2,
      runsPerSecond: [before.perSecond, after.perSecond],
      writeUnitsPerItem: before.writeUnits / count,
    },
  };
};
