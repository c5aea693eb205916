import { describe, expect, it } from 'vitest';
import type { RecordSink } from '../../../connectors/kit/record-translator.ts';
import { StreamSyncError, syncStream } from '../../../connectors/kit/sync-stream.ts';
import { timeBudgetOf, unlimitedTimeBudget } from '../../../connectors/kit/time-budget.ts';
import type { Clock } from '../../../core/ports/clock.ts';
import type { BackfillKind } from '../../../schemas/entities/backfill.ts';
import {
  identityTranslator,
  ModelConnectorState,
  ModelSource,
  ProcessDiedError,
  type SourceRow,
} from './sync-stream-model.ts';

/** The model state, keeping the backfill mark of each checkpoint as the DynamoDB state does. */
class MarkedState extends ModelConnectorState {
  readonly marks = new Map<string, BackfillKind | undefined>();
  override async saveCheckpoint(
    connector: string,
    stream: string,
    state: unknown,
    savedAt: string,
    options?: { readonly backfill?: BackfillKind },
  ) {
    this.marks.set(`${connector}/${stream}`, options?.backfill);
    await super.saveCheckpoint(connector, stream, state, savedAt);
  }
  override async loadCheckpoint(connector: string, stream: string) {
    const stored = await super.loadCheckpoint(connector, stream);
    const backfill = this.marks.get(`${connector}/${stream}`);
    return stored && backfill ? { ...stored, backfill } : stored;
  }
}

/** A sink that remembers each record's backfill mark; it can die before a chosen commit. */
const markingSink = () => {
  const marks = new Map<string, BackfillKind | 'news'>();
  let commits = 0;
  let dieBeforeCommit: number | undefined;
  const sink: RecordSink<SourceRow> = {
    ingest: async (records, options) => {
      const n = commits++;
      if (n === dieBeforeCommit) throw new ProcessDiedError(`died before commit ${n}`);
      for (const r of records) marks.set(r.key, options?.backfill ?? 'news');
      return { outcomes: records.map((_, index) => ({ index, outcome: 'stored' as const })) };
    },
  };
  return {
    sink,
    marks,
    dieBeforeCommit: (n: number) => {
      dieBeforeCommit = n;
    },
  };
};

/** Time moves only by what the run sleeps (no sleeps here): budgets are decided by the reserve alone. */
const clock: Clock = (() => {
  let now = Date.parse('2026-03-01T00:00:00Z');
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
})();

const run = (source: ModelSource, sink: RecordSink<SourceRow>, state: MarkedState, budgetMs?: number) =>
  syncStream({
    connector: 'model',
    stream: source.stream(2),
    translate: identityTranslator,
    sink,
    state,
    clock,
    full: false,
    timeBudget: budgetMs === undefined ? unlimitedTimeBudget : timeBudgetOf(budgetMs, clock.now),
    reserveMs: 100,
    counters: () => ({ requests: 0, retries: 0 }),
  });

describe('syncStream marks history as history across crashes and stops', () => {
  it('a first load that died after its first page goes on marking its records initialLoad, and the changes after it are news', async () => {
    const source = new ModelSource();
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) source.write(key, `${key}1`);
    const { sink, marks, dieBeforeCommit } = markingSink();
    const state = new MarkedState();
    dieBeforeCommit(1);

    const died = run(source, sink, state);

    await expect(died).rejects.toThrow(StreamSyncError);
    await expect(died).rejects.toMatchObject({ cause: expect.any(ProcessDiedError) });
    expect(Object.fromEntries(marks)).toEqual({ a: 'initialLoad', b: 'initialLoad' });
    dieBeforeCommit(-1);

    await run(source, sink, state);
    source.write('c', 'c2');
    source.write('g', 'g1');
    await run(source, sink, state);

    expect(Object.fromEntries(marks)).toEqual({
      a: 'initialLoad',
      b: 'initialLoad',
      c: 'news',
      d: 'initialLoad',
      e: 'initialLoad',
      f: 'initialLoad',
      g: 'news',
    });
  });

  it('a first load stopped for time is continued as initialLoad, and its end clears the mark of the checkpoint', async () => {
    const source = new ModelSource();
    for (const key of ['a', 'b', 'c', 'd']) source.write(key, `${key}1`);
    const { sink, marks } = markingSink();
    const state = new MarkedState();
    // 50 ms of budget and a 100 ms reserve: the run stops after its first page.
    const stopped = await run(source, sink, state, 50);

    expect(stopped).toMatchObject({ status: 'stopped', pages: 1 });
    expect(state.marks.get('model/rows')).toBe('initialLoad');

    const finished = await run(source, sink, state);

    expect(finished.status).toBe('succeeded');
    expect(Object.fromEntries(marks)).toEqual({
      a: 'initialLoad',
      b: 'initialLoad',
      c: 'initialLoad',
      d: 'initialLoad',
    });
    expect(state.marks.get('model/rows')).toBeUndefined();
  });
});
