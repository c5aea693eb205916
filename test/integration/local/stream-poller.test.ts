import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCheckpointStore } from '../../../infra/local/streams/checkpoint-store.ts';
import { createStreamPoller } from '../../../infra/local/streams/stream-poller.ts';
import { StreamSubscriptionSchema } from '../../../infra/topology/schema.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';

type DeadLetter = { origin: string; reason: string; attempts: number; payload: unknown };

describe('local DynamoDB stream event source mapping', () => {
  let table: TestTable;
  beforeEach(async () => {
    table = await createTestTable('streams');
  });
  afterEach(async () => {
    await table.drop();
  });

  const writeItems = async (count: number, from = 0) => {
    for (let i = from; i < from + count; i++) {
      await table.client.send(
        new PutItemCommand({
          TableName: table.tableName,
          Item: { pk: { S: `C#${i}` }, sk: { S: 'PROFILE' }, n: { N: String(i) } },
        }),
      );
    }
  };

  const poller = (
    deliver: (event: DynamoDBStreamEvent) => Promise<unknown>,
    overrides: Record<string, unknown> = {},
    checkpoints = createMemoryCheckpointStore(),
    deadLetters: DeadLetter[] = [],
  ) =>
    createStreamPoller({
      streamsClient: table.streamsClient,
      streamArn: table.streamArn,
      subscription: StreamSubscriptionSchema.parse({ function: 'publisher', batchSize: 4, ...overrides }),
      deliver,
      checkpoints,
      onFailure: { add: (letter) => deadLetters.push(letter) },
      retryBaseDelayMs: 1,
    });

  const keysOf = (event: DynamoDBStreamEvent) => event.Records.map((r) => r.dynamodb?.Keys?.pk?.S);

  it('delivers every change once, in order, in batches of batchSize, as Lambda events', async () => {
    await writeItems(10);
    const batches: DynamoDBStreamEvent[] = [];

    const delivered = await poller(async (event) => void batches.push(event)).pollOnce();

    expect(delivered).toBe(10);
    expect(batches.map((b) => b.Records.length)).toEqual([4, 4, 2]);
    expect(batches.flatMap(keysOf)).toEqual(Array.from({ length: 10 }, (_, i) => `C#${i}`));
    const first = batches[0]?.Records[0];
    expect(first?.eventName).toBe('INSERT');
    expect(first?.eventSource).toBe('aws:dynamodb');
    expect(first?.dynamodb?.NewImage?.n).toEqual({ N: '0' });
    expect(typeof first?.dynamodb?.ApproximateCreationDateTime).toBe('number');
  });

  it('delivers empty maps in their typed form, which DynamoDB Local’s stream leaves untyped', async () => {
    await table.client.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: { pk: { S: 'C#m' }, sk: { S: 'P' }, empty: { M: {} }, nested: { M: { inner: { M: {} } } } },
      }),
    );
    const batches: DynamoDBStreamEvent[] = [];

    await poller(async (event) => void batches.push(event)).pollOnce();

    const image = batches[0]?.Records[0]?.dynamodb?.NewImage;
    expect(image?.empty).toEqual({ M: {} });
    expect(image?.nested).toEqual({ M: { inner: { M: {} } } });
  });

  it('says it has caught up only after delivering every write made before the call, however long its wait between polls', async () => {
    // prepare: a running poller that would otherwise sleep a minute between polls that find nothing
    const delivered: string[] = [];
    const runningWithLongWait = createStreamPoller({
      streamsClient: table.streamsClient,
      streamArn: table.streamArn,
      subscription: StreamSubscriptionSchema.parse({ function: 'publisher', batchSize: 4 }),
      deliver: async (event) => void delivered.push(...keysOf(event).map(String)),
      checkpoints: createMemoryCheckpointStore(),
      onFailure: { add: () => {} },
      pollIntervalMs: 60_000,
    });
    // The stream holds a first change before the poller starts (a shard read while still empty is not what
    // this test is about), and the poller has delivered it.
    await writeItems(1);
    runningWithLongWait.start();
    await runningWithLongWait.caughtUp();
    await writeItems(5, 1);

    // act
    await runningWithLongWait.caughtUp();

    // assert: all six, in order, and a stopped poller answers at once
    expect(delivered).toEqual(Array.from({ length: 6 }, (_, i) => `C#${i}`));
    await runningWithLongWait.stop();
    await expect(runningWithLongWait.caughtUp()).resolves.toBeUndefined();
  });

  it('resumes after the last successful batch: nothing redelivered, nothing skipped', async () => {
    await writeItems(5);
    const checkpoints = createMemoryCheckpointStore();
    const seen: string[] = [];
    const collect = async (event: DynamoDBStreamEvent) => void seen.push(...(keysOf(event) as string[]));
    await poller(collect, {}, checkpoints).pollOnce();

    await writeItems(3, 5);
    await poller(collect, {}, checkpoints).pollOnce();

    expect(seen).toEqual(Array.from({ length: 8 }, (_, i) => `C#${i}`));
  });

  it('retries only from the first item the function reports as failed', async () => {
    await writeItems(4);
    const deliveries: string[][] = [];
    let failOnce = true;

    await poller(async (event) => {
      deliveries.push(keysOf(event) as string[]);
      if (!failOnce) return { batchItemFailures: [] };
      failOnce = false;
      return { batchItemFailures: [{ itemIdentifier: event.Records[2]?.dynamodb?.SequenceNumber }] };
    }).pollOnce();

    expect(deliveries).toEqual([
      ['C#0', 'C#1', 'C#2', 'C#3'],
      ['C#2', 'C#3'],
    ]);
  });

  it('bisects a failing batch and sends the poison record to the on-failure destination after maxRetries', async () => {
    await writeItems(4);
    const deadLetters: DeadLetter[] = [];
    const delivered: string[] = [];

    await poller(
      async (event) => {
        const keys = keysOf(event) as string[];
        if (keys.includes('C#2')) throw new Error('poison record');
        delivered.push(...keys);
      },
      { maxRetries: 2 },
      createMemoryCheckpointStore(),
      deadLetters,
    ).pollOnce();

    expect(delivered).toEqual(['C#0', 'C#1', 'C#3']);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({
      origin: 'stream:publisher',
      reason: 'Error: poison record',
      payload: { batchSize: 1 },
    });
  });

  it('keeps retrying in order without bisecting when bisectOnError is off', async () => {
    await writeItems(2);
    let attempts = 0;
    const delivered: string[] = [];

    await poller(
      async (event) => {
        attempts++;
        if (attempts < 3) throw new Error('transient');
        delivered.push(...(keysOf(event) as string[]));
      },
      { bisectOnError: false, maxRetries: 5 },
    ).pollOnce();

    expect(attempts).toBe(3);
    expect(delivered).toEqual(['C#0', 'C#1']);
  });
});
