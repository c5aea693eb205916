import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamSyncError, syncStream } from '../../../connectors/kit/sync-stream.ts';
import { timeBudgetOf, unlimitedTimeBudget } from '../../../connectors/kit/time-budget.ts';
import type { Clock } from '../../../core/ports/clock.ts';
import {
  type CrashStep,
  identityTranslator,
  ModelConnectorState,
  ModelSink,
  ModelSource,
  ProcessDiedError,
} from './sync-stream-model.ts';

const scale = Number(process.env.HUB360_PROPERTY_RUNS ?? (process.env.HUB360_DEEP_TESTS ? '10' : '1'));

/** A clock that moves only when told (each commit costs `perCommitMs` of virtual time). */
const virtualClock = () => {
  let now = Date.parse('2026-03-01T00:00:00Z');
  const clock: Clock & { advance(ms: number): void } = {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
  return clock;
};

const runOnce = (
  source: ModelSource,
  sink: ModelSink,
  state: ModelConnectorState,
  clock: Clock,
  timeBudget = unlimitedTimeBudget,
  readAheadPages?: number,
) =>
  syncStream({
    connector: 'model',
    stream: source.stream(2),
    translate: identityTranslator,
    sink,
    state,
    clock,
    full: false,
    timeBudget,
    reserveMs: 100,
    counters: () => ({ requests: 0, retries: 0 }),
    ...(readAheadPages === undefined ? {} : { readAheadPages }),
  });

const storeContents = (sink: ModelSink) =>
  Object.fromEntries([...sink.stored.values()].map((r) => [r.key, r.value]).sort());
const sourceContents = (source: ModelSource) =>
  Object.fromEntries([...source.rows.values()].map((r) => [r.key, r.value]).sort());

/** Source rows the checkpoint says are committed (their change is at or before it), as key → value. */
const committedPrefix = (source: ModelSource, state: ModelConnectorState) => {
  const at = (state.checkpoints.get('model/rows')?.state as { seq: number } | undefined)?.seq ?? 0;
  return Object.fromEntries(
    [...source.rows.values()]
      .filter((r) => r.seq <= at)
      .map((r) => [r.key, r.value])
      .sort(),
  );
};

describe('syncStream crash recovery (the process dies at each step of a page)', () => {
  it('after a crash before commit, after commit or after checkpoint, with new source rows arriving between a commit and its checkpoint, a rerun stores every row its checkpoint covers and the next run leaves the store equal to the source, reading ahead or not', {
    // Three runs per case over three read-ahead depths: deep runs (HUB360_PROPERTY_RUNS) get time in proportion.
    timeout: 20_000 * Math.max(1, scale),
  }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), fc.string({ maxLength: 3 })), {
          minLength: 1,
          maxLength: 10,
        }),
        fc.constantFrom<CrashStep>('before-commit', 'after-commit', 'after-checkpoint'),
        fc.nat(5),
        fc.nat(5),
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'g', 'h'), fc.string({ maxLength: 3 })), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.constantFrom(0, 1, 2),
        async (initial, step, occurrence, arrivalAfterCommit, arrivals, readAheadPages) => {
          const source = new ModelSource();
          for (const [key, value] of initial) source.write(key, value);
          const sink = new ModelSink();
          const state = new ModelConnectorState();
          const clock = virtualClock();
          sink.crash = step === 'after-checkpoint' ? undefined : { step, occurrence };
          state.crash = step === 'after-checkpoint' ? { step, occurrence } : undefined;
          // New source data lands between commit n and its checkpoint.
          sink.afterCommit = () => {
            if (sink.commits - 1 === arrivalAfterCommit) for (const [k, v] of arrivals) source.write(k, v);
          };

          const first = await runOnce(source, sink, state, clock, unlimitedTimeBudget, readAheadPages).then(
            (status) => ({ status, error: undefined }),
            (error: unknown) => ({ status: undefined, error }),
          );
          if (first.error !== undefined) {
            // The crash is reported as this stream's failure, caused by exactly the injected death.
            expect(first.error).toBeInstanceOf(StreamSyncError);
            expect((first.error as StreamSyncError).cause).toBeInstanceOf(ProcessDiedError);
            expect((first.error as StreamSyncError).status.status).toBe('failed');
          }
          sink.crash = undefined;
          state.crash = undefined;
          const second = await runOnce(source, sink, state, clock, unlimitedTimeBudget, readAheadPages);

          expect(second.status).toBe('succeeded');
          // Nothing the checkpoint covers is missing or stale: a crash lost nothing.
          expect(storeContents(sink)).toMatchObject(committedPrefix(source, state));
          // Rows that land while the last page commits are read by this run only if it reads the end of the
          // source after that commit; reading ahead has read it already, so the next run brings them.
          if (readAheadPages === 0) expect(storeContents(sink)).toEqual(sourceContents(source));
          const third = await runOnce(source, sink, state, clock, unlimitedTimeBudget, readAheadPages);
          expect(third.status).toBe('succeeded');
          expect(storeContents(sink)).toEqual(sourceContents(source));
        },
      ),
      { numRuns: Math.round(300 * scale) },
    );
  });

  it('a crash before the first commit fails with StreamSyncError caused by the death and leaves no checkpoint', async () => {
    const source = new ModelSource();
    for (const key of ['a', 'b', 'c']) source.write(key, `${key}1`);
    const sink = new ModelSink();
    const state = new ModelConnectorState();
    sink.crash = { step: 'before-commit', occurrence: 0 };

    const run = runOnce(source, sink, state, virtualClock());

    await expect(run).rejects.toThrow(StreamSyncError);
    await expect(run).rejects.toMatchObject({ cause: expect.any(ProcessDiedError) });
    expect(state.checkpoints.size).toBe(0);
  });

  it('stops when the time budget runs low, with the checkpoint of the last committed page, and the next run resumes from exactly that checkpoint', async () => {
    const source = new ModelSource();
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) source.write(key, `${key}1`);
    const sink = new ModelSink();
    const state = new ModelConnectorState();
    const clock = virtualClock();
    sink.afterCommit = () => clock.advance(100);
    // 250 ms with a 100 ms reserve: after page 1 150 ms are left (go on), after page 2 only 50 (stop).
    const stopped = await runOnce(source, sink, state, clock, timeBudgetOf(250, clock.now));

    expect(stopped).toMatchObject({ status: 'stopped', caughtUp: false, pages: 2, recordsWritten: 4 });
    expect(state.checkpoints.get('model/rows')?.state).toEqual({ seq: 4 });
    expect(storeContents(sink)).toEqual({ a: 'a1', b: 'b1', c: 'c1', d: 'd1' });

    const resumed = await runOnce(source, sink, state, clock);

    expect(source.readsFrom).toEqual([undefined, 4]);
    expect(resumed).toMatchObject({ status: 'succeeded', pages: 1, recordsWritten: 2 });
    expect(storeContents(sink)).toEqual(sourceContents(source));
  });

  it('quarantines records the translator refuses and records the store rejects, naming the reason, and writes the rest', async () => {
    const source = new ModelSource();
    source.write('a', 'a1');
    source.write('b', 'invalid');
    source.write('c', 'c1');
    const sink = new ModelSink();
    sink.refuse.add('c');
    const state = new ModelConnectorState();

    const status = await runOnce(source, sink, state, virtualClock());

    expect(status).toMatchObject({ recordsRead: 3, recordsWritten: 1, recordsQuarantined: 2 });
    expect([...state.quarantined.values()].map((q) => [q.recordKey, q.reason])).toEqual([
      ['b', 'value is not valid'],
      ['c', 'rejected by the store: key c refused'],
    ]);
    expect(storeContents(sink)).toEqual({ a: 'a1' });
  });
});
