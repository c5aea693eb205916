import { performance } from 'node:perf_hooks';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  PutCommand,
  type PutCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { customer360Table } from '../../../adapters/dynamodb/table.ts';
import { runPooled } from '../../../core/concurrency/run-pooled.ts';
import { localAwsIdentity, startDynamoDbLocal } from '../../../infra/local/store/dynamodb-local.ts';
import { buildCreateTableInput } from '../../../infra/local/store/tables.ts';
import {
  type StreamDecay,
  type WriteShape,
  type WriteShapeRun,
  WriteShapeSchema,
  type WriteShapesResult,
} from '../report/results.ts';
import { rawItems, sendRawItems } from './raw-baseline.ts';

/**
 * What DynamoDB Local charges for each request shape the store uses, against the raw baseline's
 * BatchWriteItem, and how it slows down as stream records pile up. These are properties of the emulator the
 * rate budgets are measured on, not of the store: they bound what any write path can reach here.
 */

const RAW_CONCURRENCY = 8;
const SINGLE_CONCURRENCY = 16;
const TRANSACTION_ITEMS = 25;
/** A JVM answers its first few thousand requests slower while it compiles: the least warm-up of every JVM here. */
const MIN_WARMUP_ITEMS = 3_000;

const SHAPES: Readonly<
  Record<
    WriteShape,
    { readonly description: string; readonly concurrency: number; readonly perRequest: number }
  >
> = {
  put: { description: 'PutItem without a condition', concurrency: SINGLE_CONCURRENCY, perRequest: 1 },
  'conditional-put': {
    description: 'PutItem if the item is absent',
    concurrency: SINGLE_CONCURRENCY,
    perRequest: 1,
  },
  'versioned-update': {
    description: 'UpdateItem conditional on an older version (as the plain path writes records and locators)',
    concurrency: SINGLE_CONCURRENCY,
    perRequest: 1,
  },
  transaction: {
    description: `TransactWriteItems of ${TRANSACTION_ITEMS} conditional puts (as a packed commit)`,
    concurrency: RAW_CONCURRENCY,
    perRequest: TRANSACTION_ITEMS,
  },
};

/** A fresh in-memory DynamoDB Local with the store's table layout, each table with or without its stream. */
const startFresh = async (tables: Readonly<Record<string, boolean>>, warmupItems: number) => {
  const local = await startDynamoDbLocal({ startTimeoutMs: 300_000 });
  const client = new DynamoDBClient({ endpoint: local.endpoint, ...localAwsIdentity, maxAttempts: 10 });
  const documents = DynamoDBDocumentClient.from(client);
  const stop = async () => {
    client.destroy();
    await local.stop();
  };
  try {
    for (const [name, streams] of Object.entries({ warmup: false, ...tables })) {
      const { StreamSpecification, ...withoutStream } = buildCreateTableInput(customer360Table, name);
      await client.send(
        new CreateTableCommand(streams ? { ...withoutStream, StreamSpecification } : withoutStream),
      );
    }
    await sendRawItems(
      documents,
      'warmup',
      rawItems(Math.max(warmupItems, MIN_WARMUP_ITEMS), 'warmup'),
      RAW_CONCURRENCY,
    );
    return { documents, stop };
  } catch (err: unknown) {
    await stop();
    throw err;
  }
};

const timed = async (items: number, write: () => Promise<void>): Promise<number> => {
  const started = performance.now();
  await write();
  return items / ((performance.now() - started) / 1000);
};

const rawRate = (documents: DynamoDBDocumentClient, table: string, items: number) =>
  timed(items, () => sendRawItems(documents, table, rawItems(items, table), RAW_CONCURRENCY));

const writeShape = async (
  documents: DynamoDBDocumentClient,
  table: string,
  shape: WriteShape,
  items: readonly Record<string, unknown>[],
): Promise<void> => {
  const put = (item: Record<string, unknown>): PutCommandInput => ({
    TableName: table,
    Item: item,
    ...(shape === 'put' ? {} : { ConditionExpression: 'attribute_not_exists(pk)' }),
  });
  if (shape === 'transaction') {
    const groups: Record<string, unknown>[][] = [];
    for (let i = 0; i < items.length; i += TRANSACTION_ITEMS)
      groups.push(items.slice(i, i + TRANSACTION_ITEMS));
    await runPooled(groups, RAW_CONCURRENCY, async (group) => {
      await documents.send(
        new TransactWriteCommand({ TransactItems: group.map((item) => ({ Put: put(item) })) }),
      );
    });
    return;
  }
  await runPooled(items, SINGLE_CONCURRENCY, async (item) => {
    if (shape !== 'versioned-update') {
      await documents.send(new PutCommand(put(item)));
      return;
    }
    await documents.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: 'SET payload = :payload, versionOrd = :version',
        ConditionExpression: 'attribute_not_exists(versionOrd) OR versionOrd < :version',
        ExpressionAttributeValues: { ':payload': item.payload, ':version': '2026-12-01T00:00:00.000Z' },
      }),
    );
  });
};

/** One shape in a JVM of its own, between two raw runs into tables of their own. */
const measureShape = async (
  shape: WriteShape,
  streams: boolean,
  items: number,
  warmupItems: number,
): Promise<WriteShapeRun> => {
  const store = await startFresh({ rawBefore: streams, shape: streams, rawAfter: streams }, warmupItems);
  try {
    // Before and after, averaged, as the phases' baselines: the shape's own stream records slow the second.
    const before = await rawRate(store.documents, 'rawBefore', items);
    const perSecond = await timed(items, () =>
      writeShape(store.documents, 'shape', shape, rawItems(items, 'shape')),
    );
    const rawPerSecond = (before + (await rawRate(store.documents, 'rawAfter', items))) / 2;
    const { description, concurrency, perRequest } = SHAPES[shape];
    return {
      shape,
      description,
      streams,
      items,
      concurrency,
      itemsPerRequest: perRequest,
      perSecond,
      rawPerSecond,
      ratio: perSecond / rawPerSecond,
    };
  } finally {
    await store.stop();
  }
};

/** BatchWriteItem into tables with and without a stream, before and after `between` stream records. */
const measureDecay = async (items: number, between: number, warmupItems: number): Promise<StreamDecay> => {
  const store = await startFresh(
    { before: true, after: true, plainBefore: false, plainAfter: false, filler: true },
    warmupItems,
  );
  try {
    const withStreamFresh = await rawRate(store.documents, 'before', items);
    const withoutStreamFresh = await rawRate(store.documents, 'plainBefore', items);
    await sendRawItems(store.documents, 'filler', rawItems(between, 'filler'), RAW_CONCURRENCY);
    const withStreamAfter = await rawRate(store.documents, 'after', items);
    const withoutStreamAfter = await rawRate(store.documents, 'plainAfter', items);
    return {
      streamRecordsBetween: between,
      items,
      withStreamFresh,
      withStreamAfter,
      withoutStreamFresh,
      withoutStreamAfter,
    };
  } finally {
    await store.stop();
  }
};

export interface WriteShapesOptions {
  /** Items per measurement. */
  readonly items: number;
  /** Stream records written between the decay's two measurements. */
  readonly streamRecordsBetween: number;
  readonly warmupItems: number;
}

/** Every shape with and without streams (a fresh JVM each), then the stream decay. */
export const measureWriteShapes = async (options: WriteShapesOptions): Promise<WriteShapesResult> => {
  const runs: WriteShapeRun[] = [];
  for (const streams of [true, false]) {
    for (const shape of WriteShapeSchema.options) {
      runs.push(await measureShape(shape, streams, options.items, options.warmupItems));
    }
  }
  return {
    items: options.items,
    runs,
    decay: await measureDecay(options.items, options.streamRecordsBetween, options.warmupItems),
  };
};
