import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoConnectorState } from '../../../adapters/dynamodb/connector-state/dynamo-connector-state.ts';
import { createEnvironmentSecrets } from '../../../adapters/secrets/environment-secrets.ts';
import { createCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import { type BuiltConnector, buildConnector } from '../../../connectors/assembly/build-connector.ts';
import { ConnectorsConfigSchema } from '../../../connectors/config/connector-config.ts';
import { mergeSettings } from '../../../connectors/config/resolve-streams.ts';
import { fetchTransport } from '../../../connectors/http/transport.ts';
import type { RecordSink } from '../../../connectors/kit/record-translator.ts';
import { syncStream } from '../../../connectors/kit/sync-stream.ts';
import { unlimitedTimeBudget } from '../../../connectors/kit/time-budget.ts';
import { systemClock } from '../../../core/ports/clock.ts';
import type { ConnectorStateStore, StreamRunStatus } from '../../../core/ports/connector-state.ts';
import {
  sandboxConnectorEnvironment,
  sandboxConnectorsConfig,
} from '../../../infra/local/sandbox-connectors.ts';
import { type Sandbox, startSandbox } from '../../../sandbox/index.ts';
import type { IngestRecord } from '../../../schemas/entities/validated-record.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';

/**
 * Issue 17, "crash tests that can lose data", at the connector kit with the real SAP connector, its sandbox
 * and a real customer-360 store in DynamoDB Local. A crash is the sync abandoned at an injected step: from that
 * moment nothing the dead run does reaches the store or the connector state (every later call of it hangs
 * forever), exactly as after a `kill -9`. Then a new run starts from whatever was left behind.
 */

const PAGE = 4;
const CONNECTOR = 'sap-s4';

type Step = 'before-commit' | 'after-commit' | 'after-checkpoint';

/** Where the run dies: at the n-th (0-based) commit or checkpoint of the stream, with what happens just before. */
interface CrashPlan {
  readonly stream: string;
  readonly step: Step;
  readonly occurrence: number;
  /**
   * New source data: lands after the commit and before the checkpoint of that page (for a death before the
   * commit, at the death).
   */
  readonly newSourceData?: () => void;
}

/** A run's sink and state that die at the planned step: `died` resolves then, and the run never returns. */
const mortalProcess = (sink: RecordSink<IngestRecord>, state: ConnectorStateStore, plan?: CrashPlan) => {
  let dead = false;
  let commits = 0;
  let checkpoints = 0;
  let pendingBetween: (() => void) | undefined;
  let markDied: (step: string) => void = () => undefined;
  const died = new Promise<string>((resolve) => {
    markDied = resolve;
  });
  const never = <T>() => new Promise<T>(() => undefined);
  const die = <T>(where: string): Promise<T> => {
    dead = true;
    markDied(where);
    return never<T>();
  };
  const mortalSink: RecordSink<IngestRecord> = {
    ingest: async (records, options) => {
      if (dead) return never();
      const planned = plan !== undefined && records[0]?.source.stream === plan.stream;
      const n = planned ? commits++ : -1;
      const here = planned && n === plan.occurrence;
      if (here && plan.step === 'before-commit') {
        plan.newSourceData?.();
        return die(`before commit ${n}`);
      }
      const result = await sink.ingest(records, options);
      if (here && plan.step === 'after-commit') {
        plan.newSourceData?.();
        return die(`after commit ${n}`);
      }
      // New data lands after this commit; the run lives on to its checkpoint (or dies right after it).
      if (here) pendingBetween = plan.newSourceData;
      return result;
    },
  };
  const mortalState: ConnectorStateStore = {
    ...state,
    saveCheckpoint: async (connector, stream, value, savedAt, options) => {
      if (dead) return never();
      pendingBetween?.();
      pendingBetween = undefined;
      const n = stream === plan?.stream ? checkpoints++ : -1;
      await state.saveCheckpoint(connector, stream, value, savedAt, options);
      if (plan?.step === 'after-checkpoint' && n === plan.occurrence) return die(`after checkpoint ${n}`);
    },
    saveRunStatus: async (status) => (dead ? never() : state.saveRunStatus(status)),
    quarantine: async (entry) => (dead ? never() : state.quarantine(entry)),
  };
  return { sink: mortalSink, state: mortalState, died };
};

describe('the SAP connector killed at each step of a page, then run again (DynamoDB Local)', () => {
  let sandbox: Sandbox;
  let landingDir: string;
  let connector: BuiltConnector;

  beforeAll(async () => {
    landingDir = await mkdtemp(join(tmpdir(), 'hub360-crash-steps-'));
    sandbox = await startSandbox({
      landingDir,
      scale: 8,
      clickstreamHistoryDays: 0,
      pageSizes: { sapS4: PAGE },
    });
    const base = sandboxConnectorsConfig(sandbox.endpoints, sandbox.credentials)[CONNECTOR] ?? {};
    // Rows the sandbox stamps now are read at once (no lag); the overlap covers rows stamped a little earlier.
    const quick = { source: { incremental: { overlapMs: 10 * 60_000, lagMs: 0 } } };
    const config = ConnectorsConfigSchema.parse({
      [CONNECTOR]: mergeSettings(base, {
        streams: { 'business-partners': quick, 'sales-orders': quick, 'billing-documents': quick },
      }),
    })[CONNECTOR];
    if (!config) throw new Error(`the sandbox configures no ${CONNECTOR} connector`);
    connector = buildConnector(CONNECTOR, config, {
      clock: systemClock,
      transport: fetchTransport,
      secrets: createEnvironmentSecrets(sandboxConnectorEnvironment(sandbox.endpoints, sandbox.credentials)),
    });
  });
  afterAll(async () => {
    await sandbox?.stop();
    if (landingDir) await rm(landingDir, { recursive: true, force: true });
  });

  const streamOf = (name: string) => {
    const built = connector.streams.find((s) => s.stream.name === name);
    if (!built) throw new Error(`${CONNECTOR} has no stream ${name}`);
    return built;
  };

  const run = (name: string, sink: RecordSink<IngestRecord>, state: ConnectorStateStore) => {
    const built = streamOf(name);
    return syncStream({
      connector: CONNECTOR,
      stream: built.stream,
      translate: built.translate,
      sink,
      state,
      clock: systemClock,
      full: false,
      timeBudget: unlimitedTimeBudget,
      reserveMs: 0,
      counters: connector.counters,
    });
  };

  /** The source as the connector maps it: a full read of the stream, translated, latest version per record. */
  const sourceAsMapped = async (name: string) => {
    const built = streamOf(name);
    const out = new Map<string, { version: string; data: unknown }>();
    for await (const page of built.stream.read(undefined, { full: true })) {
      for (const raw of page.records) {
        const translation = built.translate(raw);
        if (!translation.ok)
          throw new Error(`${name}: the source holds an invalid record: ${translation.reason}`);
        for (const record of translation.records) {
          const key = `${record.entity}#${record.source.system}#${record.source.stream}#${record.source.key}`;
          out.set(key, { version: record.source.version, data: record.data });
        }
      }
    }
    return out;
  };

  /** The store's record items of a stream (current version and data), by record key. */
  const storedOf = async (table: TestTable, name: string) => {
    const out = new Map<string, { version: string; data: unknown }>();
    const backfill = new Map<string, string>();
    const counts = new Map<string, number>();
    let start: Record<string, unknown> | undefined;
    do {
      const page = await table.documentClient.send(
        new ScanCommand({ TableName: table.tableName, ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? []) {
        const source = item.source as { system?: string; stream?: string; version?: string } | undefined;
        if (item.kind !== 'record' || source?.system !== CONNECTOR || source.stream !== name) continue;
        const key = String(item.recordKey);
        counts.set(key, (counts.get(key) ?? 0) + 1);
        out.set(key, { version: String(source.version), data: item.data });
        backfill.set(key, typeof item.backfill === 'string' ? item.backfill : 'news');
      }
      start = page.LastEvaluatedKey;
    } while (start);
    const twice = [...counts].filter(([, n]) => n > 1).map(([key]) => key);
    return { records: out, twice, backfill };
  };

  const expectStoreEqualsSource = async (table: TestTable, streams: readonly string[]) => {
    for (const name of streams) {
      const [source, stored] = await Promise.all([sourceAsMapped(name), storedOf(table, name)]);
      expect(stored.twice, `${name}: records stored twice`).toEqual([]);
      expect(new Set(stored.records.keys()), `${name}: record keys`).toEqual(new Set(source.keys()));
      // The store keeps its own normalised form of the data; what must match is the version and, for orders,
      // the lines (a lost update shows in the version, a half-written order in its lines).
      const signature = (r: { version: string; data: unknown } | undefined) => {
        const lines = (r?.data as { lines?: Array<{ partNumber: string; quantity: number }> } | undefined)
          ?.lines;
        return `${r?.version} ${(lines ?? []).map((l) => `${l.partNumber} x ${l.quantity}`).join(', ')}`;
      };
      const stale = [...source].filter(([key, s]) => signature(stored.records.get(key)) !== signature(s));
      expect(
        stale.map(
          ([key, s]) => `${key}: stored ${signature(stored.records.get(key))}, source ${signature(s)}`,
        ),
        `${name}: records whose stored version or lines differ from the source`,
      ).toEqual([]);
    }
  };

  /** Every stream of SAP in order, each to its end, with a process that may die on the way. */
  const crashThenRecover = async (plan: CrashPlan) => {
    const table = await createTestTable('crash-steps');
    try {
      const store = createCustomerStore({ tableName: table.tableName, documentClient: table.documentClient });
      const state = createDynamoConnectorState(table.documentClient, table.tableName);
      const streams = connector.streams.map((s) => s.stream.name);
      const doomed = mortalProcess(store, state, plan);
      // The first process syncs stream after stream until it dies in the planned one.
      const firstLife = (async () => {
        for (const name of streams) await run(name, doomed.sink, doomed.state);
      })();
      const diedAt = await Promise.race([
        doomed.died,
        firstLife.then(() => {
          throw new Error(`the run never reached ${plan.step} ${plan.occurrence} of ${plan.stream}`);
        }),
      ]);
      const checkpointLeft = await state.loadCheckpoint(CONNECTOR, plan.stream);

      // A new process starts and runs every stream to its end; a run resumed from a checkpoint finishes the
      // window planned before the crash, so what landed later arrives with the schedule's next run.
      const statuses: StreamRunStatus[] = [];
      for (const name of streams) statuses.push(await run(name, store, state));
      for (const name of streams) statuses.push(await run(name, store, state));

      return { diedAt, checkpointLeft, statuses, table, streams };
    } catch (err: unknown) {
      await table.drop();
      throw err;
    }
  };

  const cases: ReadonlyArray<{ step: Step; occurrence: number }> = [
    { step: 'before-commit', occurrence: 0 },
    { step: 'before-commit', occurrence: 2 },
    { step: 'after-commit', occurrence: 0 },
    { step: 'after-commit', occurrence: 2 },
    { step: 'after-checkpoint', occurrence: 1 },
  ];

  for (const { step, occurrence } of cases) {
    it(`dies ${step} of sales-order page ${occurrence} while a new customer, its order and changed orders land in SAP; the next runs leave the store equal to the source, the first load marked as history`, {
      timeout: 150_000,
    }, async () => {
      let arrived: { customerKey: string; orderKey: string } | undefined;
      const { diedAt, checkpointLeft, statuses, table, streams } = await crashThenRecover({
        stream: 'sales-orders',
        step,
        occurrence,
        newSourceData: () => {
          // New source data between a commit and its checkpoint: a customer won just now with a first order,
          // and orders changed five minutes ago (before the running read began: inside its window).
          arrived = sandbox.onboardCustomer('sapS4');
          sandbox.faults.sapS4.inject({ kind: 'lateRows', stream: 'A_SalesOrder', count: 2, ageMinutes: 5 });
        },
      });
      try {
        expect(diedAt).toBe(`${step.replace('-', ' ')} ${occurrence}`);
        // Before the first checkpoint of the stream nothing may be left; after it, the checkpoint of that page.
        if (step === 'after-checkpoint' || occurrence > 0) expect(checkpointLeft).toBeDefined();
        else expect(checkpointLeft).toBeUndefined();
        expect(statuses.map((s) => `${s.stream}: ${s.status}${s.error ? ` ${s.error}` : ''}`)).toEqual(
          [...streams, ...streams].map((name) => `${name}: succeeded`),
        );
        await expectStoreEqualsSource(table, streams);
        // The first load stays history across the crash. The order placed after its read began is news, unless
        // no checkpoint survived: then the first load started over and the order was there before it.
        const { backfill } = await storedOf(table, 'sales-orders');
        const news = [...backfill].filter(([, mark]) => mark !== 'initialLoad').map(([key]) => key);
        expect(news).toEqual(
          checkpointLeft === undefined ? [] : [`order#${CONNECTOR}#sales-orders#${arrived?.orderKey}`],
        );
      } finally {
        await table.drop();
      }
    });
  }
});
