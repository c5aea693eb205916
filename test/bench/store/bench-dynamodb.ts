import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { customer360Table } from '../../../adapters/dynamodb/table.ts';
import { localAwsIdentity, startDynamoDbLocal } from '../../../infra/local/store/dynamodb-local.ts';
import { buildCreateTableInput, ensureTable } from '../../../infra/local/store/tables.ts';
import { type CapacityMeter, meterCapacity } from '../ingestion/capacity-meter.ts';
import { findDynamoDbLocalPid } from '../stats/memory-sampler.ts';
import { rawItems, sendRawItems } from './raw-baseline.ts';

export interface MeteredTable {
  readonly tableName: string;
  /** Undefined for a table created without a stream. */
  readonly streamArn: string | undefined;
  readonly documentClient: DynamoDBDocumentClient;
  readonly meter: CapacityMeter;
}

export interface BenchDynamoDb<Label extends string> {
  readonly endpoint: string;
  /** The DynamoDB Local JVM, for its memory (undefined when /proc is not readable). */
  readonly jvmPid: number | undefined;
  readonly tables: Readonly<Record<Label, MeteredTable>>;
  /** A new metered client on an existing table (e.g. for the insights functions' own client). */
  openTable(tableName: string, streamArn: string | undefined): MeteredTable;
  stop(): Promise<void>;
}

export interface BenchDynamoDbOptions<Label extends string> {
  /** Tables the phase writes to: every one is created before the first timed write. */
  readonly tables: readonly Label[];
  /** Items written (and ingested) into a warm-up table before any timed write, so the JVM is warm. */
  readonly warmupItems: number;
  /** A warm-up of the store's own code path, so its first timed page does not pay the JIT either. */
  readonly warmup?: (table: MeteredTable) => Promise<void>;
  /**
   * Whether the phase's tables (and its warm-up table) have the stack's stream. DynamoDB Local slows every write
   * into a stream table by the stream records the JVM holds (docs/benchmarks.md, "request shapes"), which AWS
   * does not: a phase that only writes measures the store without it. Tables in `streamTables` always have one.
   */
  readonly streams: boolean;
  readonly streamTables?: readonly Label[];
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
  const openTable = (tableName: string, streamArn: string | undefined): MeteredTable => {
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
    const create = async (label: string, streams: boolean) => {
      const tableName = `bench-${label}-${run}`;
      if (streams)
        return openTable(tableName, (await ensureTable(admin, customer360Table, tableName)).streamArn);
      const { StreamSpecification: _stream, ...withoutStream } = buildCreateTableInput(
        customer360Table,
        tableName,
      );
      await admin.send(new CreateTableCommand(withoutStream));
      return openTable(tableName, undefined);
    };
    const warm = await create('warmup', options.streams);
    const tables = {} as Record<Label, MeteredTable>;
    for (const label of options.tables)
      tables[label] = await create(label, options.streams || (options.streamTables ?? []).includes(label));

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
