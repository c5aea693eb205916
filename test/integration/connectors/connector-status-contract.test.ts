import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoConnectorState } from '../../../adapters/dynamodb/connector-state/dynamo-connector-state.ts';
import { createConnectorReads } from '../../../app/api/connector-reads.ts';
import { createDynamoQuarantineReader } from '../../../app/api/quarantine-reader.ts';
import { runConnectorSync } from '../../../app/connector-sync/run-connector-sync.ts';
import type { BuiltConnector } from '../../../connectors/assembly/build-connector.ts';
import type { RecordSink } from '../../../connectors/kit/record-translator.ts';
import type { SourceStream } from '../../../connectors/kit/source-stream.ts';
import { unlimitedTimeBudget } from '../../../connectors/kit/time-budget.ts';
import type { Clock } from '../../../core/ports/clock.ts';
import type { ConnectorStateStore } from '../../../core/ports/connector-state.ts';
import { type RunningAdminServer, startAdminServer } from '../../../infra/local/admin/admin-server.ts';
import { createHubStoreAccess } from '../../../infra/local/admin/hub-store-access.ts';
import type { HubNames } from '../../../infra/local/admin/protocol.ts';
import { localCredentialsFile } from '../../../infra/local/auth/local-credentials.ts';
import { run as connectorsCommand } from '../../../infra/local/cli/commands/connectors.ts';
import type { CliContext } from '../../../infra/local/cli/context.ts';
import type { RuntimeInfo } from '../../../infra/local/runtime-info.ts';
import { localAwsIdentity } from '../../../infra/local/store/dynamodb-local.ts';
import { ConnectorStatusSchema } from '../../../schemas/api/connectors.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';
import { identityTranslator, ModelSink, ModelSource } from '../../unit/connectors/sync-stream-model.ts';

/**
 * Contract between the connector runner, which writes run statuses and leases into the connector state,
 * and the two readers of that state: `GET /connectors` (the connector reads behind the API function) and
 * the CLI's `hub360 connectors`. Both read what a real sync wrote to DynamoDB Local; nothing is written by
 * hand in the shape the readers expect.
 */
let table: TestTable;
let state: ConnectorStateStore;
let admin: RunningAdminServer;
let dataDir: string;
const CONNECTOR = 'status-contract';
const startedAt = new Date(Date.now() - 60_000).toISOString();
const realClock: Clock = { now: () => Date.now(), sleep: async () => {} };
const noHeartbeat = () => () => {};

/** A source stream that fails on its second page, after committing the first. */
const failingStream = (): SourceStream<{ page: number }> => {
  const rows = new ModelSource();
  rows.write('o1', 'o1');
  const base = rows.stream(1);
  return {
    ...base,
    name: 'orders',
    cursorField: 'page',
    stateSchema: base.stateSchema as unknown as SourceStream<{ page: number }>['stateSchema'],
    watermarkOf: () => undefined,
    async *read() {
      yield { records: [{ key: 'o1', seq: 1, value: 'o1' }], state: { page: 1 } };
      throw new Error('source answered HTTP 503 twice');
    },
  };
};

/** The `rows` stream with a watermark, so the run status carries a lag. */
const rowsWithWatermark = (source: ModelSource, watermark: number): SourceStream => ({
  ...source.stream(2),
  watermarkOf: () => watermark,
});

const connectorOf = (streams: readonly { stream: SourceStream }[]): BuiltConnector =>
  ({
    name: CONNECTOR,
    streams: streams.map(({ stream }) => ({ stream, entity: 'customer', translate: identityTranslator })),
    config: { reconcileDeletes: { enabled: false, everyHours: 24 } },
    counters: () => ({ requests: 0, retries: 0 }),
  }) as unknown as BuiltConnector;

const sync = (connector: BuiltConnector, sink: ModelSink, runId: string) =>
  runConnectorSync({
    connector,
    sink: sink as unknown as RecordSink<CanonicalRecordInput>,
    state,
    clock: realClock,
    timeBudget: unlimitedTimeBudget,
    reserveMs: 0,
    runId,
    repeatEvery: noHeartbeat,
  });

/** `hub360 connectors` asking the hub's real admin server, which reads this table. */
const cli = async (): Promise<{ code: number; lines: string[] }> => {
  const runtime: RuntimeInfo = {
    pid: process.pid,
    startedAt,
    dataDir,
    apiUrl: 'http://127.0.0.1:1/',
    busEndpoint: 'http://127.0.0.1:1/',
    adminUrl: admin.url,
    busName: 'hub360',
    storeEndpoint: table.endpoint,
    tableName: table.tableName,
    streamArn: table.streamArn,
    region: 'eu-central-1',
    functionEnvironment: {},
  };
  const lines: string[] = [];
  const ctx: CliContext = { dataDir, runtime, out: (line) => lines.push(line) };
  const code = await connectorsCommand([], ctx);
  return { code, lines };
};

beforeAll(async () => {
  table = await createTestTable('status-contract');
  state = createDynamoConnectorState(table.documentClient, table.tableName);
  dataDir = mkdtempSync(join(tmpdir(), 'hub360-status-contract-'));
  writeFileSync(
    localCredentialsFile(dataDir),
    JSON.stringify({ accessKeyId: 'AKIAHUB360CONTRACT00', secretAccessKey: 'x'.repeat(40) }),
  );
  const known: HubNames = {
    connectors: { [CONNECTOR]: { preset: 'model', streams: ['rows', 'orders'] } },
    rules: [],
    functions: [],
  };
  const credentials = { accessKeyId: 'AKIAHUB360CONTRACT00', secretAccessKey: 'x'.repeat(40) };
  admin = await startAdminServer({
    host: '127.0.0.1',
    port: 0,
    region: 'eu-central-1',
    credentials,
    service: () => {
      throw new Error('this contract test runs no sync through the admin server');
    },
    names: () => known,
    store: () =>
      createHubStoreAccess({
        tableName: table.tableName,
        client: { endpoint: table.endpoint, ...localAwsIdentity },
      }),
    log: () => undefined,
  });
});
afterAll(async () => {
  await admin.stop();
  rmSync(dataDir, { recursive: true, force: true });
  await table.drop();
});

describe('connector state: what the connector runner writes is what GET /connectors and `hub360 connectors` read (DynamoDB Local)', () => {
  const watermark = Date.now() - 3 * 3_600_000;

  beforeAll(async () => {
    const source = new ModelSource();
    source.write('a', 'a1');
    source.write('b', 'invalid');
    source.write('c', 'c1');
    const result = await sync(
      connectorOf([{ stream: rowsWithWatermark(source, watermark) }, { stream: failingStream() }]),
      new ModelSink(),
      'run-1',
    );
    expect(result.failed).toEqual(['orders']);
  });

  it('GET /connectors reads each stream’s counts, lag and error and the quarantine count the sync wrote', async () => {
    const reads = createConnectorReads({
      state,
      quarantine: createDynamoQuarantineReader(table.documentClient, table.tableName),
      cursors: async () => {
        throw new Error('listing connectors needs no cursor');
      },
    });

    const { items } = await reads.list();

    expect(items.map((item) => ConnectorStatusSchema.parse(item))).toEqual(items);
    const [connector, ...others] = items;
    expect(others).toEqual([]);
    expect(connector).toMatchObject({
      name: CONNECTOR,
      status: 'failing',
      lastError: 'Error: source answered HTTP 503 twice',
      quarantined: 1,
    });
    expect(connector?.lagSeconds).toBeGreaterThanOrEqual(3 * 3_600);
    expect(connector?.streams).toMatchObject([
      {
        stream: 'orders',
        status: 'failed',
        recordsRead: 1,
        recordsWritten: 1,
        recordsQuarantined: 0,
        recordsReleased: 0,
      },
      {
        stream: 'rows',
        status: 'succeeded',
        caughtUp: true,
        recordsRead: 3,
        recordsWritten: 2,
        recordsQuarantined: 1,
        recordsReleased: 0,
        watermark: new Date(watermark).toISOString(),
      },
    ]);
  });

  it('`hub360 connectors` lists both streams of this run with their counts and error and exits 1 for the failed one', async () => {
    const { code, lines } = await cli();

    expect(code).toBe(1);
    const row = (stream: string) => lines.find((line) => line.startsWith(`${CONNECTOR}/${stream} `)) ?? '';
    expect(row('rows').split(/\s{2,}/)).toEqual([
      'status-contract/rows',
      'succeeded',
      expect.stringMatching(/ ago$/),
      '3 h 0 min',
      '3',
      '2',
      '1',
      '0',
    ]);
    expect(row('orders')).toMatch(
      /^status-contract\/orders\s+failed\s.*\s1\s+1\s+0\s+0\s+Error: source answered HTTP 503 twice$/,
    );
    expect(lines.some((line) => line.startsWith('not run since start'))).toBe(false);
    expect(lines.some((line) => line.startsWith('Earlier runs'))).toBe(false);
  });

  it('`hub360 connectors` shows the lease of a sync still running, held by that run, until its lease ends', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reading: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      reading = resolve;
    });
    const slow: SourceStream = {
      ...new ModelSource().stream(1),
      async *read() {
        reading();
        await gate;
        // The source had nothing more once the gate opened.
        yield* [];
      },
    };
    const running = sync(connectorOf([{ stream: slow }]), new ModelSink(), 'run-2-held');
    await started;

    const during = await cli();
    const lease = await state.readLease(CONNECTOR);
    release();
    await running;
    const after = await cli();

    expect(lease?.holder).toBe('run-2-held');
    const until = new Date(lease?.leaseUntil ?? 0).toISOString();
    expect(during.lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^${CONNECTOR}: sync running, lease held by run-2-held until ${until} \\(`),
      ),
    );
    expect(after.lines.some((line) => line.includes('lease held by run-2-held'))).toBe(false);
  });
});
