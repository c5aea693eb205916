import { performance } from 'node:perf_hooks';
import { PutCommand, type PutCommandInput, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { runPooled } from '../../../core/concurrency/run-pooled.ts';
import {
  type StreamDecay,
  type WriteShape,
  type WriteShapeRun,
  WriteShapeSchema,
  type WriteShapesResult,
} from '../report/results.ts';
import { type MeteredTable, startBenchDynamoDb } from './bench-dynamodb.ts';
import { rawItems, rawRun, sendRawItems } from './raw-baseline.ts';

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

/**
 * A fresh in-memory DynamoDB Local (startBenchDynamoDb) whose warm-up table has no stream, so a stream table starts
 * without stream records; `streamTables` have the stack's stream.
 */
const startFresh = <Label extends string>(
  tables: readonly Label[],
  streamTables: readonly Label[],
  warmupItems: number,
) =>
  startBenchDynamoDb({
    tables,
    streams: false,
    streamTables,
    warmupItems: Math.max(warmupItems, MIN_WARMUP_ITEMS),
  });

const rawRate = async (table: MeteredTable, items: number) =>
  (await rawRun(table, items, RAW_CONCURRENCY, table.tableName)).perSecond;

const writeShape = async (
  { documentClient: documents, tableName: table }: MeteredTable,
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
  const labels = ['rawBefore', 'shape', 'rawAfter'] as const;
  const db = await startFresh(labels, streams ? labels : [], warmupItems);
  try {
    const { tables } = db;
    // Before and after, averaged, as the phases' baselines: the shape's own stream records slow the second.
    const before = await rawRate(tables.rawBefore, items);
    const started = performance.now();
    await writeShape(tables.shape, shape, rawItems(items, 'shape'));
    const perSecond = items / ((performance.now() - started) / 1000);
    const rawPerSecond = (before + (await rawRate(tables.rawAfter, items))) / 2;
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
    await db.stop();
  }
};

/** BatchWriteItem into tables with and without a stream, before and after `between` stream records. */
const measureDecay = async (items: number, between: number, warmupItems: number): Promise<StreamDecay> => {
  const db = await startFresh(
    ['before', 'after', 'plainBefore', 'plainAfter', 'filler'],
    ['before', 'after', 'filler'],
    warmupItems,
  );
  try {
    const { tables } = db;
    const withStreamFresh = await rawRate(tables.before, items);
    const withoutStreamFresh = await rawRate(tables.plainBefore, items);
    const filler = tables.filler;
    await sendRawItems(filler.documentClient, filler.tableName, rawItems(between, 'filler'), RAW_CONCURRENCY);
    const withStreamAfter = await rawRate(tables.after, items);
    const withoutStreamAfter = await rawRate(tables.plainAfter, items);
    return {
      streamRecordsBetween: between,
      items,
      withStreamFresh,
      withStreamAfter,
      withoutStreamFresh,
      withoutStreamAfter,
    };
  } finally {
    await db.stop();
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
