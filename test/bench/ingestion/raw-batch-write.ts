import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

/** DynamoDB's BatchWriteItem limit. */
const BATCH_SIZE = 25;

/** One plain item per source record, carrying the record itself: the same number of items, of similar size. */
export const rawItemsFor = (records: readonly unknown[], runId: string): Record<string, unknown>[] =>
  records.map((record, i) => ({ pk: `RAW#${runId}#${i}`, sk: 'RECORD', record }));

/** The BatchWriteItem requests that put `items`, 25 at a time. */
export const buildBatchWrites = (
  tableName: string,
  items: readonly Record<string, unknown>[],
): BatchWriteCommandInput[] => {
  const requests: BatchWriteCommandInput[] = [];
  for (let i = 0; i < items.length; i += BATCH_SIZE) {
    requests.push({
      RequestItems: { [tableName]: items.slice(i, i + BATCH_SIZE).map((Item) => ({ PutRequest: { Item } })) },
    });
  }
  return requests;
};

/** Sends batch writes `concurrency` at a time, resending unprocessed items until every one is written. */
export const sendBatchWrites = async (
  client: DynamoDBDocumentClient,
  requests: readonly BatchWriteCommandInput[],
  concurrency: number,
): Promise<void> => {
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      let request: BatchWriteCommandInput | undefined = requests[next++];
      while (request?.RequestItems && Object.keys(request.RequestItems).length > 0) {
        const out = await client.send(new BatchWriteCommand(request));
        request = out.UnprocessedItems ? { RequestItems: out.UnprocessedItems } : undefined;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
};
