import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { customer360Table } from '../../../adapters/dynamodb/table.ts';
import { localAwsIdentity, startDynamoDbLocal } from '../../../infra/local/store/dynamodb-local.ts';
import { ensureTable } from '../../../infra/local/store/tables.ts';
import { type CapacityMeter, meterCapacity } from '../ingestion/capacity-meter.ts';
import { findDynamoDbLocalPid } from '../stats/memory-sampler.ts';
import { rawItems, sendRawItems } from './raw-baseline.ts';

export interface MeteredTable {
  readonly tableName: string;
  readonly streamArn: string;
  readonly documentClient: DynamoDBDocumentClient;
  readonly meter: CapacityMeter;
}

export interface BenchDynamoDb<Label extends string> {
  readonly endpoint: string;
  /** The DynamoDB Local JVM, for its memory (undefined when /proc is not readable). */
  readonly jvmPid: number | undefined;
  readonly tables: Readonly<Record<Label, MeteredTable>>;
  /** A new metered client on an existing table (e.g. for the insights functions' own client). */
  openTable(tableName: string, streamArn: string): MeteredTable;
  stop(): Promise<void>;
}

export interface BenchDynamoDbOptions<Label extends string> {
  /** Tables the phase writes to: every one is created before the first timed write. */
  readonly tables: readonly Label[];
  /** Items written (and ingested) into a warm-up table before any timed write, so the JVM is warm. */
  readonly warmupItems: number;
  /** A warm-up of the store's own code path, so its first timed page does not pay the JIT either. */
  readonly warmup?: (table: MeteredTable) => Promise<void>;
}

/**
 * A fresh, in-memory DynamoDB Local for one bench phase. DynamoDB Local pays, on every write, for the stream
 * records of tables created before it: so every table the phase uses is created here, before anything is
 * written, and each phase gets its own JVM (its memory peak is the phase's alone). The JVM is then warmed
 * up with raw writes and the phase's own warm-up into a table of its own.
 */
export const startBenchDynamoDb = async <Label extends string>(
  options: BenchDynamoDbOptions<Label>,
): Promise<BenchDynamoDb<Label>> => {
  // A shared, loaded machine can take minutes to start a JVM; the start is not what is measured.
  const local = await startDynamoDbLocal({ startTimeoutMs: 300_000 });
  const clients: DynamoDBClient[] = [];
  const openTable = (tableName: string, streamArn: string): MeteredTable => {
    // DynamoDB Local answers a lock wait that outlasts its timeout with a 500 that real DynamoDB would not
    // send ("this request will succeed in actual DynamoDB"); on a loaded machine the SDK must retry it more.
    const client = new DynamoDBClient({ endpoint: local.endpoint, ...localAwsIdentity, maxAttempts: 10 });
    clients.push(client);
    return {
      tableName,
      streamArn,
      meter: meterCapacity(client, customer360Table.globalIndexes),
      documentClient: DynamoDBDocumentClient.from(client, {
        marshallOptions: { removeUndefinedValues: true },
      }),
    };
  };
  try {
    const admin = new DynamoDBClient({ endpoint: local.endpoint, ...localAwsIdentity });
    clients.push(admin);
    const run = randomUUID().slice(0, 6);
    const create = async (label: string) => {
      const tableName = `bench-${label}-${run}`;
      const { streamArn } = await ensureTable(admin, customer360Table, tableName);
      return openTable(tableName, streamArn);
    };
    const warm = await create('warmup');
    const tables = {} as Record<Label, MeteredTable>;
    for (const label of options.tables) tables[label] = await create(label);

    await sendRawItems(warm.documentClient, warm.tableName, rawItems(options.warmupItems, 'warmup'), 8);
    await options.warmup?.(warm);
    return {
      endpoint: local.endpoint,
      jvmPid: findDynamoDbLocalPid(local.port),
      tables,
      openTable,
      stop: async () => {
        for (const client of clients) client.destroy();
        await local.stop();
      },
    };
  } catch (err: unknown) {
    for (const client of clients) client.destroy();
    await local.stop();
    throw err;
  }
};
