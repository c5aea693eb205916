import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoConnectorState } from '../../../adapters/dynamodb/connector-state/dynamo-connector-state.ts';
import {
  activeSyncCount,
  SyncStoppedError,
  stopActiveSyncs,
} from '../../../app/connector-sync/active-syncs.ts';
import { LeaseLostError, leaseSettingsOf } from '../../../app/connector-sync/connector-lease.ts';
import { runConnectorSync } from '../../../app/connector-sync/run-connector-sync.ts';
import type { BuiltConnector } from '../../../connectors/assembly/build-connector.ts';
import type { RecordSink } from '../../../connectors/kit/record-translator.ts';
import type { RawPage, SourceStream } from '../../../connectors/kit/source-stream.ts';
import { unlimitedTimeBudget } from '../../../connectors/kit/time-budget.ts';
import type { ConnectorStateStore } from '../../../core/ports/connector-state.ts';
import { leaseLines } from '../../../infra/local/cli/connector-leases.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { createManualClock } from '../../support/manual-clock.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';
import { identityTranslator, ModelSink, ModelSource } from '../../unit/connectors/sync-stream-model.ts';

/**
 * Connector leases against DynamoDB Local, on a virtual clock: a sync that ends any way gives its lease
 * back, a dead holder's lease lapses after one TTL and is taken over, a living holder's heartbeat keeps it
 * however long a page takes, and a holder that lost it stops before its next commit.
 */
const T0 = Date.parse('2026-03-01T10:00:00Z');
const TTL = 60_000;
let table: TestTable;
let state: ConnectorStateStore;

beforeAll(async () => {
  table = await createTestTable('lease');
  state = createDynamoConnectorState(table.documentClient, table.tableName);
});
afterAll(async () => {
  await table.drop();
});

const connectorOf = (name: string, stream: SourceStream): BuiltConnector =>
  ({
    name,
    streams: [{ stream, entity: 'customer', translate: identityTranslator }],
    config: { reconcileDeletes: { enabled: false, everyHours: 24 } },
    counters: () => ({ requests: 0, retries: 0 }),
  }) as unknown as BuiltConnector;

const sourceWith = (keys: readonly string[]) => {
  const source = new ModelSource();
  for (const key of keys) source.write(key, `${key}1`);
  return source;
};

const contents = (rows: Iterable<{ key: string; value: string }>) =>
  Object.fromEntries([...rows].map((r) => [r.key, r.value]).sort());

const syncOf = (
  name: string,
  stream: SourceStream,
  sink: ModelSink,
  time: ReturnType<typeof createManualClock>,
  extra: Partial<Parameters<typeof runConnectorSync>[0]> = {},
) =>
  runConnectorSync({
    connector: connectorOf(name, stream),
    sink: sink as unknown as RecordSink<CanonicalRecordInput>,
    state,
    clock: time.clock,
    repeatEvery: time.repeatEvery,
    lease: leaseSettingsOf(TTL),
    timeBudget: unlimitedTimeBudget,
    reserveMs: 0,
    ...extra,
  });

describe('connector leases (DynamoDB Local, virtual clock)', () => {
  it('an interrupted sync (aborted after page 1) is followed by a sync that runs at once and resumes from page 1', async () => {
    const time = createManualClock(T0);
    const source = sourceWith(['a', 'b', 'c', 'd', 'e', 'f']);
    const sink = new ModelSink();
    const ctrlC = new AbortController();

    const interrupted = syncOf('interrupted', source.stream(2), sink, time, {
      signal: ctrlC.signal,
      onPage: (p) => {
        if (p.pages === 1) ctrlC.abort(new Error('Ctrl-C'));
      },
    });

    // Stopped is not failed: the run answers why it stopped, and the stream's run is recorded as stopped.
    expect((await interrupted).stopped).toBe('Error: Ctrl-C');
    expect((await state.listRunStatuses('interrupted')).map((s) => s.status)).toEqual(['stopped']);
    expect(await state.readLease('interrupted')).toBeUndefined();
    const next = await syncOf('interrupted', source.stream(2), sink, time);
    expect(next.skipped).toBeUndefined();
    expect(next.streams.map((s) => s.status)).toEqual(['succeeded']);
    expect(source.readsFrom).toEqual([undefined, 2]);
    expect(contents(sink.stored.values())).toEqual(contents(source.rows.values()));
  });

  it('a dead holder’s lease blocks a sync until its TTL ends and is then taken over by the next sync', async () => {
    const time = createManualClock(T0);
    await state.acquireLease('orphaned', 'killed-host/4242/dead', T0, T0 + TTL);
    const source = sourceWith(['a', 'b']);
    const sink = new ModelSink();
    time.jump(TTL - 1);

    const blocked = await syncOf('orphaned', source.stream(2), sink, time);

    expect(blocked).toMatchObject({ skipped: 'locked', streams: [] });
    expect(sink.commits).toBe(0);
    time.jump(2);
    const takenOver = await syncOf('orphaned', source.stream(2), sink, time, { runId: 'new-holder' });
    expect(takenOver.skipped).toBeUndefined();
    expect(takenOver.streams.map((s) => s.status)).toEqual(['succeeded']);
    expect(contents(sink.stored.values())).toEqual(contents(source.rows.values()));
    expect(await state.readLease('orphaned')).toBeUndefined();
  });

  it('the heartbeat keeps a living holder’s lease through a page that takes three TTLs: a competitor is refused all along', async () => {
    const time = createManualClock(T0);
    const refusals: boolean[] = [];
    const slowPage: SourceStream<{ seq: number }> = {
      ...sourceWith([]).stream(2),
      async *read(): AsyncIterable<RawPage<{ seq: number }>> {
        // One request that takes 180 s of (virtual) time; a competitor tries its luck every 10 s.
        for (let waited = 0; waited < 3 * TTL; waited += 10_000) {
          await time.advance(10_000);
          refusals.push(
            !(await state.acquireLease('long-sync', 'competitor', time.clock.now(), time.clock.now() + TTL)),
          );
        }
        yield { records: [{ key: 'a', seq: 1, value: 'a1' }], state: { seq: 1 } };
      },
    };
    const sink = new ModelSink();

    const result = await syncOf('long-sync', slowPage, sink, time, { runId: 'long-runner' });

    expect(refusals).toHaveLength(18);
    expect(refusals.every(Boolean)).toBe(true);
    expect(result.streams.map((s) => s.status)).toEqual(['succeeded']);
    expect(contents(sink.stored.values())).toEqual({ a: 'a1' });
    expect(time.timerCount()).toBe(0);
    expect(await state.readLease('long-sync')).toBeUndefined();
  });

  it('a holder whose lease lapsed and was taken over stops before its next commit (LeaseLostError, recorded as stopped) and leaves the new holder’s lease alone', async () => {
    const time = createManualClock(T0);
    let pageOneCheckpointed: () => void = () => {};
    const checkpointed = new Promise<void>((resolve) => {
      pageOneCheckpointed = resolve;
    });
    const frozenBetweenPages: SourceStream<{ seq: number }> = {
      ...sourceWith([]).stream(2),
      async *read(): AsyncIterable<RawPage<{ seq: number }>> {
        yield { records: [{ key: 'a', seq: 1, value: 'a1' }], state: { seq: 1 } };
        // Page 2 is read while page 1 commits; the freeze comes once page 1 is checkpointed.
        await checkpointed;
        // The process froze (suspended laptop, long GC) past its TTL; another run took the lease meanwhile.
        time.jump(TTL + 1);
        expect(
          await state.acquireLease('frozen', 'successor', time.clock.now(), time.clock.now() + TTL),
        ).toBe(true);
        yield { records: [{ key: 'b', seq: 2, value: 'b1' }], state: { seq: 2 } };
      },
    };
    const sink = new ModelSink();

    const lost = syncOf('frozen', frozenBetweenPages, sink, time, {
      runId: 'frozen-runner',
      onPage: (p) => {
        if (p.pages === 1) pageOneCheckpointed();
      },
    });

    expect((await lost).stopped).toMatch(
      new RegExp(`^${LeaseLostError.name}: frozen: lease of frozen-runner was taken over by another run`),
    );
    expect(sink.commits).toBe(1);
    expect(contents(sink.stored.values())).toEqual({ a: 'a1' });
    expect((await state.loadCheckpoint('frozen', 'rows'))?.state).toEqual({ seq: 1 });
    expect((await state.readLease('frozen'))?.holder).toBe('successor');
  });

  it('stopping the process aborts a running sync, recorded as stopped (not failed), which releases its lease before the stop completes', async () => {
    const time = createManualClock(T0);
    let pageTwoStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      pageTwoStarted = resolve;
    });
    const endless: SourceStream<{ seq: number }> = {
      ...sourceWith([]).stream(2),
      async *read(_state, options): AsyncIterable<RawPage<{ seq: number }>> {
        yield { records: [{ key: 'a', seq: 1, value: 'a1' }], state: { seq: 1 } };
        pageTwoStarted();
        // A source request that only ends when the sync is aborted.
        await new Promise((_, reject) =>
          options.signal?.addEventListener('abort', () => reject(options.signal?.reason), { once: true }),
        );
      },
    };
    const sink = new ModelSink();
    const running = syncOf('stopping', endless, sink, time).catch((err: unknown) => err);
    await Promise.race([started, running]);
    expect((await state.readLease('stopping'))?.holder).toBeDefined();

    await stopActiveSyncs('the local hub is stopping');

    expect(activeSyncCount()).toBe(0);
    expect(await state.readLease('stopping')).toBeUndefined();
    const outcome = await running;
    expect(outcome).toMatchObject({
      stopped: `${SyncStoppedError.name}: the local hub is stopping`,
      failed: [],
    });
    expect((await state.listRunStatuses('stopping')).map((s) => s.status)).toEqual(['stopped']);
  });
});

describe('connector state ↔ `hub360 connectors` lease lines (DynamoDB Local)', () => {
  it('shows the holder and expiry of a held lease, a lapsed lease as lapsed, and nothing for a free connector', async () => {
    await state.acquireLease('shown-held', 'host-a/101/run1', T0, T0 + TTL);
    await state.acquireLease('shown-lapsed', 'host-b/202/run2', T0 - 2 * TTL, T0 - TTL);

    const lines = await leaseLines(state, ['shown-held', 'shown-lapsed', 'shown-free'], T0 + 15_000);

    expect(lines).toEqual([
      'shown-held: sync running, lease held by host-a/101/run1 until 2026-03-01T10:01:00.000Z (45 s left)',
      'shown-lapsed: lease of host-b/202/run2 lapsed at 2026-03-01T09:59:00.000Z (75 s ago); the next sync takes it over',
    ]);
  });
});
