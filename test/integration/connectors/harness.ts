import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoConnectorState } from '../../../adapters/dynamodb/connector-state/dynamo-connector-state.ts';
import { createDynamoKnownRecordKeys } from '../../../adapters/dynamodb/connector-state/dynamo-known-record-keys.ts';
import { createEnvironmentSecrets } from '../../../adapters/secrets/environment-secrets.ts';
import { createConnectorSyncService } from '../../../app/connector-sync/connector-sync-service.ts';
import { createCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import type { ConnectorsConfig } from '../../../connectors/config/connector-config.ts';
import { ConnectorsConfigSchema } from '../../../connectors/config/connector-config.ts';
import { mergeSettings } from '../../../connectors/config/resolve-streams.ts';
import { fetchTransport, type HttpTransport } from '../../../connectors/http/transport.ts';
import type { RecordSink } from '../../../connectors/kit/record-translator.ts';
import { createVirtualClock } from '../../../core/ports/clock.ts';
import type { ConnectorStateStore } from '../../../core/ports/connector-state.ts';
import {
  sandboxConnectorEnvironment,
  sandboxConnectorsConfig,
} from '../../../infra/local/sandbox-connectors.ts';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../../sandbox/index.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';

/** One ingested record as the acceptance checks see it. */
export interface IngestedRecord {
  readonly recordKey: string;
  readonly version: string;
  readonly deleted: boolean;
  /** The canonical data sent to the store (for checks of what a mapping produced). */
  readonly data?: unknown;
}

const recordKeyOf = (r: CanonicalRecordInput) =>
  `${r.entity}#${r.source.system}#${r.source.stream}#${r.source.key}`;

/** Wraps the real store: every ingest call's records are remembered, page by page, then committed. */
export const recordingSink = (inner: RecordSink<CanonicalRecordInput>) => {
  const calls: IngestedRecord[][] = [];
  let failOnCall: number | undefined;
  const sink: RecordSink<CanonicalRecordInput> = {
    ingest: async (records) => {
      if (failOnCall !== undefined && calls.length + 1 >= failOnCall) {
        failOnCall = undefined;
        throw new Error('simulated crash while committing the page');
      }
      const result = await inner.ingest(records);
      calls.push(
        records.map((r) => ({
          recordKey: recordKeyOf(r),
          version: r.source.version,
          deleted: r.source.deleted === true,
          data: r.data,
        })),
      );
      return result;
    },
  };
  return {
    sink,
    calls,
    all: () => calls.flat(),
    /** The n-th ingest call from now (1-based) throws before committing, as a crash would. */
    crashOnCall: (n: number) => {
      failOnCall = calls.length + n;
    },
  };
};

/** A transport that stamps every request with the (virtual) time it was sent. */
export const timedTransport = (now: () => number, inner: HttpTransport = fetchTransport) => {
  const sent: { at: number; url: string }[] = [];
  const transport: HttpTransport = (request) => {
    sent.push({ at: now(), url: request.url });
    return inner(request);
  };
  return { transport, sent };
};

/** The most requests within any window of `windowMs`. */
export const maxInWindow = (times: readonly number[], windowMs: number): number => {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
};

export interface HarnessOptions {
  readonly sandbox?: Partial<SandboxOptions>;
  /** Settings merged into every connector's config (e.g. `rateBudget`). */
  readonly connector?: Record<string, unknown>;
  /** Settings merged into every stream's source settings. */
  readonly streamSource?: Record<string, unknown>;
  /** Configure only this connector. */
  readonly only?: string;
  /** Turn on delete reconciliation (off by default so ordinary runs stay cheap). */
  readonly reconcile?: boolean;
  /** Connector configuration merged last, by connector name (what an installation would configure). */
  readonly configure?: Readonly<Record<string, Record<string, unknown>>>;
}

/** A sandbox, a fresh customer-360 table in DynamoDB Local, and the connector service wired to both. */
export const startHarness = async (options: HarnessOptions = {}) => {
  const landingDir = await mkdtemp(join(tmpdir(), 'hub360-connectors-'));
  const sandbox: Sandbox = await startSandbox({
    landingDir,
    scale: 'small',
    clickstreamHistoryDays: 2,
    ...options.sandbox,
  });
  const table: TestTable = await createTestTable('connectors');
  const clock = createVirtualClock();
  const timed = timedTransport(clock.now);
  const env = sandboxConnectorEnvironment(sandbox.endpoints, sandbox.credentials);
  const base = sandboxConnectorsConfig(sandbox.endpoints, sandbox.credentials);
  // Tests read data the sandbox wrote a moment ago: no lag; the overlap still covers late rows.
  const streamSource = { incremental: { overlapMs: 10 * 60_000, lagMs: 0 }, ...options.streamSource };
  const adjusted = Object.fromEntries(
    Object.entries(base)
      .filter(([name]) => options.only === undefined || name === options.only)
      .map(([name, config]) => [
        name,
        mergeSettings(
          mergeSettings(
            { ...config, reconcileDeletes: { enabled: options.reconcile === true, everyHours: 1 } },
            {
              ...(config.preset === 'segment' ? {} : options.connector),
              streams: streamOverrides(config.preset, streamSource),
            },
          ),
          options.configure?.[name] ?? {},
        ),
      ]),
  );
  const connectors: ConnectorsConfig = ConnectorsConfigSchema.parse(adjusted);
  const store = createCustomerStore({ tableName: table.tableName, documentClient: table.documentClient });
  const recorder = recordingSink(store);
  const dynamoState = createDynamoConnectorState(table.documentClient, table.tableName);
  /** Every checkpoint saved, with how many ingested records preceded it. */
  const checkpoints: { connector: string; stream: string; state: unknown; committed: number }[] = [];
  const state: ConnectorStateStore = {
    ...dynamoState,
    saveCheckpoint: async (connector, stream, value, savedAt, options) => {
      await dynamoState.saveCheckpoint(connector, stream, value, savedAt, options);
      checkpoints.push({ connector, stream, state: value, committed: recorder.all().length });
    },
  };
  const service = createConnectorSyncService({
    connectors,
    sink: recorder.sink,
    state,
    secrets: createEnvironmentSecrets(env),
    clock,
    transport: timed.transport,
    known: createDynamoKnownRecordKeys(table.documentClient, table.tableName),
  });

  /** Every record locator in the store: what the store holds, by record key. */
  const storedRecords = async (): Promise<Map<string, { versionOrd: string; deleted: boolean }>> => {
    const out = new Map<string, { versionOrd: string; deleted: boolean }>();
    let start: Record<string, unknown> | undefined;
    do {
      const page = await table.documentClient.send(
        new ScanCommand({
          TableName: table.tableName,
          FilterExpression: '#kind = :locator',
          ExpressionAttributeNames: { '#kind': 'kind' },
          ExpressionAttributeValues: { ':locator': 'locator' },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        out.set(String(item.recordKey), {
          versionOrd: String(item.versionOrd),
          deleted: item.deleted === true,
        });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  };

  return {
    sandbox,
    table,
    clock,
    sent: timed.sent,
    recorder,
    state,
    checkpoints,
    service,
    storedRecords,
    stop: async () => {
      await sandbox.stop();
      await table.drop();
      await rm(landingDir, { recursive: true, force: true });
    },
  };
};

const presetStreams: Record<string, readonly string[]> = {
  'sap-s4': ['business-partners', 'sales-orders', 'billing-documents', 'installed-base'],
  'business-central': ['customers', 'sales-orders', 'sales-invoices'],
  windchill: ['parts'],
  'oracle-scm': ['shipments', 'onhand-inventory'],
};

/** Per-stream source settings for presets whose protocol has no timestamp window (cursor exports). */
const cursorExportSource = (source: Record<string, unknown>) =>
  source.paging && typeof source.paging === 'object' && 'limit' in source.paging
    ? { pageSize: (source.paging as { limit: number }).limit }
    : {};

const streamOverrides = (preset: string, source: Record<string, unknown>) =>
  preset === 'segment'
    ? { events: { source: { pageSize: 10 } } }
    : preset === 'zendesk'
      ? { tickets: { source: { pageSize: 8, ...cursorExportSource(source) } } }
      : Object.fromEntries((presetStreams[preset] ?? []).map((name) => [name, { source }]));

export type Harness = Awaited<ReturnType<typeof startHarness>>;
