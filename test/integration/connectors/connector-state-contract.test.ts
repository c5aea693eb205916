import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoConnectorState } from '../../../adapters/dynamodb/connector-state/dynamo-connector-state.ts';
import { createDynamoQuarantineReader } from '../../../app/api/quarantine-reader.ts';
import { runConnectorSync } from '../../../app/connector-sync/run-connector-sync.ts';
import type { BuiltConnector } from '../../../connectors/assembly/build-connector.ts';
import type { RecordSink } from '../../../connectors/kit/record-translator.ts';
import { syncStream } from '../../../connectors/kit/sync-stream.ts';
import { timeBudgetOf, unlimitedTimeBudget } from '../../../connectors/kit/time-budget.ts';
import type { Clock } from '../../../core/ports/clock.ts';
import type { ConnectorStateStore } from '../../../core/ports/connector-state.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';
import { identityTranslator, ModelSink, ModelSource } from '../../unit/connectors/sync-stream-model.ts';

/**
 * Contracts between modules that share the connector-state items in DynamoDB Local: the lease as the
 * connector-state port promises it (whatever builds the requests), the sync's use of it, and the
 * quarantine the connector kit writes as the API's quarantine reader reads it.
 */
let table: TestTable;
let state: ConnectorStateStore;
const T0 = Date.parse('2026-03-01T10:00:00Z');
const clockAt = (ms: number): Clock => ({ now: () => ms, sleep: async () => {} });
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  table = await createTestTable('contract');
  state = createDynamoConnectorState(table.documentClient, table.tableName);
});
afterAll(async () => {
  await table.drop();
});

describe('connector lease through the connector-state port (DynamoDB Local)', () => {
  it('refuses a second holder while the lease is unexpired, lets the holder renew, and grants it to another holder once expired', async () => {
    expect(await state.acquireLease('lease-a', 'run-1', T0, T0 + 60_000)).toBe(true);

    expect(await state.acquireLease('lease-a', 'run-2', T0 + 1_000, T0 + 61_000)).toBe(false);
    expect(await state.acquireLease('lease-a', 'run-2', T0 + 59_999, T0 + 119_999)).toBe(false);
    expect(await state.acquireLease('lease-a', 'run-1', T0 + 2_000, T0 + 62_000)).toBe(true);
    expect(await state.acquireLease('lease-a', 'run-2', T0 + 62_001, T0 + 122_001)).toBe(true);
    expect(await state.acquireLease('lease-a', 'run-1', T0 + 62_002, T0 + 122_002)).toBe(false);
  });

  it('a release by a holder whose lease was taken over leaves the new holder’s lease in place', async () => {
    await state.acquireLease('lease-b', 'run-1', T0, T0 + 1_000);
    await state.acquireLease('lease-b', 'run-2', T0 + 2_000, T0 + 60_000);

    await state.releaseLease('lease-b', 'run-1');

    expect(await state.acquireLease('lease-b', 'run-3', T0 + 3_000, T0 + 60_000)).toBe(false);
  });

  it('a sync of a connector whose lease another run holds is skipped as locked and writes nothing', async () => {
    await state.acquireLease('lease-c', 'other-run', T0, T0 + 15 * 60_000);
    const source = new ModelSource();
    source.write('a', 'a1');
    const sink = new ModelSink();
    const connector = {
      name: 'lease-c',
      streams: [
        { stream: source.stream(2), entity: 'customer', translate: identityTranslator },
      ] as unknown as BuiltConnector['streams'],
      counters: () => ({ requests: 0, retries: 0 }),
    } as BuiltConnector;

    const result = await runConnectorSync({
      connector,
      sink: sink as unknown as RecordSink<CanonicalRecordInput>,
      state,
      clock: clockAt(T0 + 60_000),
      timeBudget: timeBudgetOf(60_000, () => T0 + 60_000),
    });

    expect(result).toMatchObject({ skipped: 'locked', caughtUp: false, streams: [] });
    expect(sink.commits).toBe(0);
    expect(await state.loadCheckpoint('lease-c', 'rows')).toBeUndefined();
  });
});

describe('quarantine: the connector kit writes what the API reader reads (DynamoDB Local)', () => {
  it('records the translator refuses and records the store rejects are listed and counted by the API reader with key, reason, raw payload and occurrences', async () => {
    const source = new ModelSource();
    source.write('a', 'a1');
    source.write('b', 'invalid');
    source.write('c', 'c1');
    const sink = new ModelSink();
    sink.refuse.add('c');
    const run = () =>
      syncStream({
        connector: 'quarantine-contract',
        stream: source.stream(10),
        translate: identityTranslator,
        sink,
        state,
        clock: clockAt(T0),
        full: true,
        timeBudget: unlimitedTimeBudget,
        reserveMs: 0,
        counters: () => ({ requests: 0, retries: 0 }),
      });
    await run();
    await run();
    const reader = createDynamoQuarantineReader(table.documentClient, table.tableName);

    const page = await reader.page('quarantine-contract', 10);

    expect(await reader.count('quarantine-contract')).toBe(2);
    expect(page.items.map((e) => [e.recordKey, e.reason, e.raw, e.occurrences]).sort()).toEqual([
      ['b', 'value is not valid', { key: 'b', seq: 2, value: 'invalid' }, 2],
      ['c', 'rejected by the store: key c refused', { key: 'c', seq: 3, value: 'c1' }, 2],
    ]);
    expect(page.items.every((e) => e.connector === 'quarantine-contract' && e.stream === 'rows')).toBe(true);
  });
});

describe('quarantine release: a record taken in by a later run leaves the quarantine (DynamoDB Local)', () => {
  it('removes the fixed record’s entry and counts it, keeps a still invalid one and the same key’s entries of another stream and connector', async () => {
    const connector = 'release-contract';
    const source = new ModelSource();
    source.write('a', 'invalid');
    source.write('b', 'invalid');
    const elsewhere = { recordKey: 'a', reason: 'planted', raw: { key: 'a' }, lastSeenAt: iso(T0) };
    await state.quarantine({ ...elsewhere, connector, stream: 'other-rows' });
    // Its sort key starts with `rows#` too.
    await state.quarantine({ ...elsewhere, connector, stream: 'rows#late' });
    await state.quarantine({ ...elsewhere, connector: 'release-other', stream: 'rows' });
    const run = () =>
      syncStream({
        connector,
        stream: source.stream(10),
        translate: identityTranslator,
        sink: new ModelSink(),
        state,
        clock: clockAt(T0),
        full: false,
        timeBudget: unlimitedTimeBudget,
        reserveMs: 0,
        counters: () => ({ requests: 0, retries: 0 }),
      });
    const first = await run();
    source.write('a', 'a2');
    source.write('b', 'invalid');

    const second = await run();

    const entries = (await state.listQuarantine({ connector })).map((e) => [e.stream, e.recordKey]);
    expect(first).toMatchObject({ recordsQuarantined: 2, recordsReleased: 0 });
    expect(second).toMatchObject({ recordsWritten: 1, recordsQuarantined: 1, recordsReleased: 1 });
    expect(entries.sort()).toEqual([
      ['other-rows', 'a'],
      ['rows#late', 'a'],
      ['rows', 'b'],
    ]);
    expect((await state.listQuarantine({ connector: 'release-other' })).map((e) => e.recordKey)).toEqual([
      'a',
    ]);
    expect(await state.listQuarantinedKeys(connector, 'rows')).toEqual(['b']);
    const [stored] = await state.listRunStatuses(connector);
    expect(stored).toMatchObject({ stream: 'rows', recordsReleased: 1 });
  });
});

describe('quarantine sweep: a complete full resync removes what the source no longer serves (DynamoDB Local)', () => {
  it('removes the stream’s entries not filed again since the resync began, and nothing of another stream or connector', async () => {
    // prepare: the initial load files two bad rows; one is deleted at the source without a marker
    const connector = 'sweep-contract';
    const source = new ModelSource();
    source.write('gone', 'invalid');
    source.write('bad', 'invalid');
    const elsewhere = { recordKey: 'gone', reason: 'planted', raw: { key: 'gone' }, lastSeenAt: iso(T0) };
    await state.quarantine({ ...elsewhere, connector, stream: 'rows#late' });
    await state.quarantine({ ...elsewhere, connector: 'sweep-other', stream: 'rows' });
    const run = (at: number, full: boolean) =>
      syncStream({
        connector,
        stream: source.stream(10),
        translate: identityTranslator,
        sink: new ModelSink(),
        state,
        clock: clockAt(at),
        full,
        timeBudget: unlimitedTimeBudget,
        reserveMs: 0,
        counters: () => ({ requests: 0, retries: 0 }),
      });
    await run(T0, false);
    source.rows.delete('gone');

    // act
    const resync = await run(T0 + 86_400_000, true);

    // assert
    expect(resync).toMatchObject({ recordsQuarantined: 1, recordsReleased: 1 });
    expect(await state.listQuarantinedKeys(connector, 'rows')).toEqual(['bad']);
    expect(await state.listQuarantinedKeys(connector, 'rows#late')).toEqual(['gone']);
    expect(await state.listQuarantinedKeys('sweep-other', 'rows')).toEqual(['gone']);
    expect(await state.loadCheckpoint(connector, 'rows')).not.toHaveProperty('backfillStartedAt');
  });

  it('removes only the entries last filed before the given time, each conditionally, and answers how many', async () => {
    const connector = 'sweep-race';
    const entry = { connector, stream: 'rows', reason: 'bad', raw: {}, lastSeenAt: iso(T0) };
    await state.quarantine({ ...entry, recordKey: 'k1' });
    await state.quarantine({ ...entry, recordKey: 'k2', lastSeenAt: iso(T0 + 2_000) });

    const swept = await state.sweepQuarantine(connector, 'rows', iso(T0 + 1_000));

    expect(swept).toBe(1);
    expect(await state.listQuarantinedKeys(connector, 'rows')).toEqual(['k2']);
  });

  it('keeps when the backfill began on its checkpoints, for the run that resumes it', async () => {
    await state.saveCheckpoint('sweep-checkpoint', 'rows', { seq: 4 }, iso(T0), {
      backfill: 'fullResync',
      backfillStartedAt: iso(T0 - 60_000),
    });

    expect(await state.loadCheckpoint('sweep-checkpoint', 'rows')).toEqual({
      state: { seq: 4 },
      savedAt: iso(T0),
      backfill: 'fullResync',
      backfillStartedAt: iso(T0 - 60_000),
    });
  });
});
