import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type KeyVerdict, settleQuarantine } from '../../../../connectors/kit/quarantine-release.ts';
import type { RecordTranslator } from '../../../../connectors/kit/record-translator.ts';
import type { RawPage, SourceStream } from '../../../../connectors/kit/source-stream.ts';
import { StreamSyncError, syncStream } from '../../../../connectors/kit/sync-stream.ts';
import { unlimitedTimeBudget } from '../../../../connectors/kit/time-budget.ts';
import type { Clock } from '../../../../core/ports/clock.ts';
import {
  identityTranslator,
  ModelConnectorState,
  ModelSink,
  ModelSource,
  type SourceRow,
} from '../sync-stream-model.ts';

const held = (key: string, position: number): KeyVerdict => ({ key, position, heldBack: true });
const takenIn = (key: string, position: number): KeyVerdict => ({ key, position, heldBack: false });

describe('settleQuarantine: which entries a committed page releases', () => {
  it('releases a quarantined key whose record the page took in, and asks nothing for keys without an entry', () => {
    const keys = new Set(['b']);

    const released = settleQuarantine(keys, [takenIn('a', 0), takenIn('b', 1)]);

    expect(released).toEqual(['b']);
    expect([...keys]).toEqual([]);
  });

  it('keeps an entry whose key was last held back in page order, though an earlier record of it was taken in', () => {
    const keys = new Set(['b']);

    expect(settleQuarantine(keys, [takenIn('b', 0), held('b', 1), takenIn('a', 2), held('a', 3)])).toEqual(
      [],
    );
    expect([...keys].sort()).toEqual(['a', 'b']);
  });

  it('releases an entry filed by the same page when a later record of the key was taken in', () => {
    const keys = new Set<string>();

    expect(settleQuarantine(keys, [held('b', 0), takenIn('b', 1)])).toEqual(['b']);
    expect([...keys]).toEqual([]);
  });

  it('lets a rejection of one raw record outweigh its other canonical records taken in', () => {
    const keys = new Set(['b']);

    expect(settleQuarantine(keys, [takenIn('b', 2), held('b', 2)])).toEqual([]);
    expect([...keys]).toEqual(['b']);
  });

  it('carries what a page filed to the next page, which releases it by a record taken in', () => {
    const keys = new Set<string>();
    settleQuarantine(keys, [held('b', 4)]);

    expect(settleQuarantine(keys, [takenIn('b', 0)])).toEqual(['b']);
    expect(settleQuarantine(keys, [takenIn('b', 1)])).toEqual([]);
  });
});

const clock: Clock = { now: () => Date.parse('2026-03-01T10:00:00Z'), sleep: async () => {} };

const run = (stream: SourceStream, state: ModelConnectorState, sink = new ModelSink(), connector = 'model') =>
  syncStream({
    connector,
    stream,
    translate: identityTranslator,
    sink,
    state,
    clock,
    full: false,
    timeBudget: unlimitedTimeBudget,
    reserveMs: 0,
    counters: () => ({ requests: 0, retries: 0 }),
  });

/** A stream that hands over the given pages as they are (to put two versions of one key in one page). */
const pagesOf = (pages: readonly (readonly SourceRow[])[]): SourceStream<{ page: number }> => ({
  name: 'rows',
  primaryKey: ['key'],
  cursorField: 'seq',
  stateSchema: z.object({ page: z.number() }),
  watermarkOf: () => undefined,
  async *read(): AsyncIterable<RawPage<{ page: number }>> {
    for (const [page, records] of pages.entries()) yield { records: [...records], state: { page } };
  },
});
const row = (key: string, seq: number, value: string): SourceRow => ({ key, seq, value });

describe('syncStream releases quarantine entries of records a later run takes in', () => {
  it('removes the entry of a record fixed at the source and counts it; a record still invalid keeps its entry', async () => {
    const source = new ModelSource();
    source.write('a', 'a1');
    source.write('b', 'invalid');
    source.write('c', 'invalid');
    const state = new ModelConnectorState();
    const first = await run(source.stream(2), state);
    source.write('b', 'b2');
    source.write('c', 'invalid');

    const second = await run(source.stream(2), state);

    expect(first).toMatchObject({ recordsQuarantined: 2, recordsReleased: 0 });
    expect(second).toMatchObject({ recordsWritten: 1, recordsQuarantined: 1, recordsReleased: 1 });
    expect([...state.quarantined.keys()]).toEqual(['c']);
    expect(state.releases).toEqual(['b']);
    expect(state.keyReads).toBe(2);
    expect(state.statuses.at(-1)?.recordsReleased).toBe(1);
  });

  it('keeps the entry of a record the store rejects again', async () => {
    const source = new ModelSource();
    source.write('c', 'c1');
    const sink = new ModelSink();
    sink.refuse.add('c');
    const state = new ModelConnectorState();
    await run(source.stream(2), state, sink);
    source.write('c', 'c2');

    const second = await run(source.stream(2), state, sink);

    expect(second).toMatchObject({ recordsQuarantined: 1, recordsReleased: 0 });
    expect([...state.quarantined.keys()]).toEqual(['c']);
  });

  it('keeps an entry when the page holds a valid and then an invalid version of the key, and releases it the other way round', async () => {
    const validThenInvalid = new ModelConnectorState();
    const invalidThenValid = new ModelConnectorState();

    const kept = await run(pagesOf([[row('b', 1, 'b1'), row('b', 2, 'invalid')]]), validThenInvalid);
    const released = await run(pagesOf([[row('b', 1, 'invalid'), row('b', 2, 'b2')]]), invalidThenValid);

    expect(kept).toMatchObject({ recordsQuarantined: 1, recordsReleased: 0 });
    expect([...validThenInvalid.quarantined.keys()]).toEqual(['b']);
    expect(released).toMatchObject({ recordsQuarantined: 1, recordsReleased: 1 });
    expect([...invalidThenValid.quarantined.keys()]).toEqual([]);
  });

  it('does not release an entry filed on a later page by a record taken in on an earlier one', async () => {
    const state = new ModelConnectorState();

    const status = await run(pagesOf([[row('b', 1, 'b1')], [row('b', 2, 'invalid')]]), state);

    expect(status).toMatchObject({ recordsReleased: 0 });
    expect([...state.quarantined.keys()]).toEqual(['b']);
  });

  it('releases an entry filed under the technical key once the record comes back with a business key', async () => {
    const state = new ModelConnectorState();
    const byBusinessKey: RecordTranslator<SourceRow> = (raw) => {
      const r = raw as SourceRow;
      if (r.value === 'invalid') return { ok: false, key: r.key, reason: 'value is not valid' };
      return { ok: true, key: r.key, businessKey: `BP-${r.key}`, records: [r] };
    };

    const status = await syncStream({
      connector: 'model',
      stream: pagesOf([[row('guid-1', 1, 'invalid')], [row('guid-1', 2, 'fixed')]]),
      translate: byBusinessKey,
      sink: new ModelSink(),
      state,
      clock,
      full: false,
      timeBudget: unlimitedTimeBudget,
      reserveMs: 0,
      counters: () => ({ requests: 0, retries: 0 }),
    });

    expect(status).toMatchObject({ recordsQuarantined: 1, recordsReleased: 1 });
    expect(state.releases).toEqual(['guid-1']);
  });

  it('leaves the entry of another connector with the same key alone', async () => {
    const state = new ModelConnectorState();
    await state.quarantine({
      connector: 'other',
      stream: 'rows',
      recordKey: 'b',
      reason: 'value is not valid',
      raw: {},
      lastSeenAt: '2026-03-01T09:00:00.000Z',
    });

    const status = await run(pagesOf([[row('b', 1, 'b1')]]), state);

    expect(status).toMatchObject({ recordsReleased: 0 });
    expect(state.releases).toEqual([]);
    expect(state.quarantined.get('b')?.connector).toBe('other');
  });

  it('checkpoints no page whose release failed, so the next run re-reads it and releases the entry then', async () => {
    const source = new ModelSource();
    source.write('b', 'invalid');
    const state = new ModelConnectorState();
    await run(source.stream(2), state);
    source.write('b', 'b2');
    const failing = new (class extends ModelConnectorState {
      override async releaseQuarantined(): Promise<void> {
        throw new Error('store unreachable');
      }
    })();
    for (const [key, entry] of state.quarantined) failing.quarantined.set(key, entry);
    for (const [key, checkpoint] of state.checkpoints) failing.checkpoints.set(key, checkpoint);

    const failed = await run(source.stream(2), failing).catch((err: unknown) => err);
    state.checkpoints.clear();
    for (const [key, checkpoint] of failing.checkpoints) state.checkpoints.set(key, checkpoint);
    const retried = await run(source.stream(2), state);

    expect(failed).toBeInstanceOf(StreamSyncError);
    expect(failing.checkpoints.get('model/rows')?.state).toEqual({ seq: 1 });
    expect(retried).toMatchObject({ recordsWritten: 1, recordsReleased: 1 });
    expect([...state.quarantined.keys()]).toEqual([]);
  });
});

describe('syncStream sweeps entries a complete full read no longer meets', () => {
  /** Runs the stream at `at` (each run at its own time, as runs are), fully or from the checkpoint. */
  const runAt = (
    at: string,
    stream: SourceStream,
    state: ModelConnectorState,
    options: { full?: boolean; stopAfterPages?: number } = {},
  ) => {
    let pages = 0;
    return syncStream({
      connector: 'model',
      stream,
      translate: identityTranslator,
      sink: new ModelSink(),
      state,
      clock: { now: () => Date.parse(at), sleep: async () => {} },
      full: options.full ?? false,
      // Asked once after each page: a run told to stop after n pages stops there, checkpointed.
      timeBudget: {
        remainingMs: () => (++pages >= (options.stopAfterPages ?? Number.POSITIVE_INFINITY) ? 0 : 1e9),
      },
      reserveMs: 1,
      counters: () => ({ requests: 0, retries: 0 }),
    });
  };
  const filedWith = (state: ModelConnectorState) =>
    [...state.quarantined.values()].map((e) => `${e.recordKey}@${e.lastSeenAt.slice(11, 16)}`).sort();

  it('removes, at the end of a full resync, the entries of records the source no longer serves, and counts them', async () => {
    // prepare: two bad rows filed by the initial load; one is deleted at the source without a marker
    const source = new ModelSource();
    source.write('a', 'a1');
    source.write('gone', 'invalid');
    source.write('bad', 'invalid');
    const state = new ModelConnectorState();
    await runAt('2026-03-01T10:00:00Z', source.stream(2), state);
    source.rows.delete('gone');

    // act
    const resync = await runAt('2026-03-02T10:00:00Z', source.stream(2), state, { full: true });

    // assert: the row still bad was filed again and stays; the deleted one went
    expect(resync).toMatchObject({ recordsQuarantined: 1, recordsReleased: 1 });
    expect(filedWith(state)).toEqual(['bad@10:00']);
    expect(state.quarantined.get('bad')?.firstSeenAt).toBe('2026-03-01T10:00:00.000Z');
    expect(state.sweeps).toEqual(['2026-03-01T10:00:00.000Z', '2026-03-02T10:00:00.000Z']);
  });

  it('never sweeps after an incremental run, which reads only what changed', async () => {
    const source = new ModelSource();
    source.write('gone', 'invalid');
    const state = new ModelConnectorState();
    await runAt('2026-03-01T10:00:00Z', source.stream(2), state);
    source.rows.delete('gone');
    source.write('a', 'a1');

    const incremental = await runAt('2026-03-02T10:00:00Z', source.stream(2), state);

    expect(incremental).toMatchObject({ recordsReleased: 0 });
    expect(filedWith(state)).toEqual(['gone@10:00']);
    expect(state.sweeps).toEqual(['2026-03-01T10:00:00.000Z']);
  });

  it('sweeps a backfill spread over runs from its first run on, keeping what its earlier runs filed', async () => {
    // prepare: an old entry, then a resync that stops for time after its first page and resumes a day later
    const source = new ModelSource();
    source.write('old', 'invalid');
    const state = new ModelConnectorState();
    await runAt('2026-03-01T10:00:00Z', source.stream(1), state);
    source.rows.delete('old');
    source.write('early', 'invalid');
    source.write('late', 'l1');

    // act
    const first = await runAt('2026-03-02T10:00:00Z', source.stream(1), state, {
      full: true,
      stopAfterPages: 1,
    });
    const between = state.checkpoints.get('model/rows');
    const rest = await runAt('2026-03-03T10:00:00Z', source.stream(1), state);

    // assert: the entry the first part filed stays; the one from before the backfill goes at its end
    expect(first).toMatchObject({ status: 'stopped', recordsReleased: 0 });
    expect(between).toMatchObject({
      backfill: 'fullResync',
      backfillStartedAt: '2026-03-02T10:00:00.000Z',
    });
    expect(rest).toMatchObject({ status: 'succeeded', recordsReleased: 1 });
    expect(filedWith(state)).toEqual(['early@10:00']);
    expect(state.sweeps.at(-1)).toBe('2026-03-02T10:00:00.000Z');
  });

  it('does not sweep at the end of a backfill whose checkpoint does not say when it began', async () => {
    const source = new ModelSource();
    source.write('a', 'a1');
    source.write('old', 'invalid');
    const state = new ModelConnectorState();
    await state.quarantine({
      connector: 'model',
      stream: 'rows',
      recordKey: 'older',
      reason: 'value is not valid',
      raw: {},
      lastSeenAt: '2026-02-01T00:00:00.000Z',
    });
    state.checkpoints.set('model/rows', { state: { seq: 0 }, savedAt: '2026-02-01', backfill: 'fullResync' });

    const resumed = await runAt('2026-03-02T10:00:00Z', source.stream(2), state);

    expect(resumed).toMatchObject({ status: 'succeeded', recordsReleased: 0 });
    expect(state.sweeps).toEqual([]);
    expect(filedWith(state)).toEqual(['old@10:00', 'older@00:00']);
  });
});

describe('syncStream counts and sweeps exactly (mutation survivors of the release and the sweep)', () => {
  const entry = (recordKey: string, lastSeenAt: string) => ({
    connector: 'model',
    stream: 'rows',
    recordKey,
    reason: 'value is not valid',
    raw: {},
    lastSeenAt,
  });

  it('adds up the entries released over several pages', async () => {
    const state = new ModelConnectorState();
    await state.quarantine(entry('a', '2026-03-01T09:00:00.000Z'));
    await state.quarantine(entry('b', '2026-03-01T09:00:00.000Z'));
    state.checkpoints.set('model/rows', { state: { page: -1 }, savedAt: '2026-03-01' });

    const status = await run(pagesOf([[row('a', 1, 'a1')], [row('b', 2, 'b1')]]), state);

    expect(status.recordsReleased).toBe(2);
  });

  it('does not sweep after a replay, which reads only part of the source, even with a start on its checkpoint', async () => {
    const state = new ModelConnectorState();
    await state.quarantine(entry('old', '2026-02-01T00:00:00.000Z'));
    state.checkpoints.set('model/rows', {
      state: { page: -1 },
      savedAt: '2026-02-01',
      backfill: 'replay',
      backfillStartedAt: '2026-02-15T00:00:00.000Z',
    });

    const status = await run(pagesOf([[row('a', 1, 'a1')]]), state);

    expect(status.recordsReleased).toBe(0);
    expect(state.sweeps).toEqual([]);
  });

  it('writes no start on the checkpoints of a backfill whose start is not known', async () => {
    const state = new ModelConnectorState();
    state.checkpoints.set('model/rows', {
      state: { page: -1 },
      savedAt: '2026-02-01',
      backfill: 'fullResync',
    });
    const saved: unknown[] = [];
    const save = state.saveCheckpoint.bind(state);
    state.saveCheckpoint = async (connector, stream, value, savedAt, inside) => {
      saved.push(inside);
      await save(connector, stream, value, savedAt, inside);
    };

    await run(pagesOf([[row('a', 1, 'a1')]]), state);

    expect(saved).toStrictEqual([{ backfill: 'fullResync' }, undefined]);
  });
});

describe('syncStream does not sweep on a full read that found nothing', () => {
  it('keeps every entry when a full resync reads no record at all (a fault more likely than an empty source)', async () => {
    const state = new ModelConnectorState();
    await state.quarantine({
      connector: 'model',
      stream: 'rows',
      recordKey: 'bad',
      reason: 'value is not valid',
      raw: {},
      lastSeenAt: '2026-02-01T00:00:00.000Z',
    });

    const status = await syncStream({
      connector: 'model',
      stream: pagesOf([]),
      translate: identityTranslator,
      sink: new ModelSink(),
      state,
      clock,
      full: true,
      timeBudget: unlimitedTimeBudget,
      reserveMs: 0,
      counters: () => ({ requests: 0, retries: 0 }),
    });

    expect(status).toMatchObject({ status: 'succeeded', recordsReleased: 0 });
    expect([...state.quarantined.keys()]).toEqual(['bad']);
    expect(state.sweeps).toEqual([]);
  });
});
