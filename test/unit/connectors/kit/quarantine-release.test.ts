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
