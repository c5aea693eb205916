import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  createTimestampStream,
  type WindowQuery,
} from '../../../../connectors/kit/incremental/timestamp-stream.ts';
import type { RecordSink, RecordTranslator } from '../../../../connectors/kit/record-translator.ts';
import type { RawPage, SourceStream } from '../../../../connectors/kit/source-stream.ts';
import { type PageProgress, syncStream } from '../../../../connectors/kit/sync-stream.ts';
import { unlimitedTimeBudget } from '../../../../connectors/kit/time-budget.ts';
import { type Clock, createVirtualClock } from '../../../../core/ports/clock.ts';
import { identityTranslator, ModelConnectorState, ModelSink, type SourceRow } from '../sync-stream-model.ts';

const T0 = Date.parse('2026-03-01T10:00:00Z');

/** A clock that moves 100 ms each time it is read. */
const steppingClock = (): Clock => {
  let now = T0;
  return {
    now: () => {
      now += 100;
      return now;
    },
    sleep: async () => {},
  };
};

/** A stream serving these pages, checkpointed by page number; its watermark needs a state. */
const pagesOf = (
  pages: readonly Omit<RawPage<{ page: number }>, 'state'>[],
): SourceStream<{ page: number }> => ({
  name: 'rows',
  primaryKey: ['key'],
  cursorField: 'seq',
  stateSchema: z.object({ page: z.number().int() }),
  watermarkOf: (state) => {
    if (state === undefined) throw new Error('asked for the watermark of no checkpoint');
    return undefined;
  },
  async *read(state) {
    for (const [i, page] of pages.entries())
      if (!state || i >= state.page) yield { ...page, state: { page: i + 1 } };
  },
});

const row = (key: string, value = key): SourceRow => ({ key, seq: 1, value });

const run = (
  stream: SourceStream,
  options: {
    state?: ModelConnectorState;
    sink?: RecordSink<SourceRow>;
    translate?: RecordTranslator<SourceRow>;
    onPage?: (p: PageProgress) => void;
  } = {},
) =>
  syncStream({
    connector: 'erp',
    stream,
    translate: options.translate ?? identityTranslator,
    sink: options.sink ?? new ModelSink(),
    state: options.state ?? new ModelConnectorState(),
    clock: steppingClock(),
    full: false,
    timeBudget: unlimitedTimeBudget,
    reserveMs: 0,
    counters: () => ({ requests: 0, retries: 0 }),
    ...(options.onPage ? { onPage: options.onPage } : {}),
  });

describe('syncStream edges', () => {
  it('writes no checkpoint and asks for no watermark when a first load finds the source empty', async () => {
    const state = new ModelConnectorState();

    const status = await run(pagesOf([]), { state });

    expect(state.checkpoints.size).toBe(0);
    expect(status).toMatchObject({ status: 'succeeded', pages: 0 });
    expect(status).not.toHaveProperty('watermark');
  });

  it('counts nothing written for a page whose records were all refused by the translator', async () => {
    const status = await run(pagesOf([{ records: [row('a', 'invalid'), row('b', 'invalid')] }]));

    expect(status).toMatchObject({ recordsRead: 2, recordsWritten: 0, recordsQuarantined: 2 });
  });

  it('files a store rejection that gives no reason as rejected with no reason given', async () => {
    const state = new ModelConnectorState();
    const sink: RecordSink<SourceRow> = {
      ingest: async (records) => ({
        outcomes: records.map((_, index) => ({ index, outcome: 'rejected' as const })),
      }),
    };

    await run(pagesOf([{ records: [row('a')] }]), { state, sink });

    expect([...state.quarantined.values()].map((q) => q.reason)).toEqual([
      'rejected by the store: no reason given',
    ]);
  });

  it("keeps a page's warning in the status when no one listens for warnings", async () => {
    const status = await run(pagesOf([{ records: [row('a')], warning: 'source truncated a field' }]));

    expect(status).toMatchObject({ status: 'succeeded', warnings: ['source truncated a field'] });
  });

  it('reports progress with the time since the start and, when the source gives no total, no total at all', async () => {
    const progress: PageProgress[] = [];

    const status = await run(pagesOf([{ records: [row('a')] }]), { onPage: (p) => progress.push(p) });

    expect(progress).toHaveLength(1);
    expect(progress[0]).toStrictEqual({
      connector: 'erp',
      stream: 'rows',
      pages: 1,
      recordsRead: 1,
      recordsWritten: 1,
      recordsQuarantined: 0,
      elapsedMs: progress[0]?.elapsedMs,
    });
    // The stepping clock moves 100 ms a reading: some readings after the start, never more than the whole run.
    expect(progress[0]?.elapsedMs).toBeGreaterThan(0);
    expect(progress[0]?.elapsedMs).toBeLessThan(status.durationMs);
    expect(status).not.toHaveProperty('error');
  });
});

describe('timestamp stream edges', () => {
  const NOW = Date.parse('2026-03-01T12:00:00Z');

  it('queries a day-granular source without a lower bound on its first load', async () => {
    const queries: WindowQuery[] = [];
    const stream = createTimestampStream({
      name: 'parts',
      primaryKey: ['id'],
      cursorField: 'changed',
      cursorFormat: 'iso',
      granularity: 'day',
      incremental: { overlapMs: 60_000, lagMs: 10_000 },
      clock: createVirtualClock(() => NOW),
      async *fetchPages(query) {
        queries.push(query);
        yield { records: [{ id: 'p1', changed: '2026-03-01T08:00:00Z' }] };
      },
    });

    const pages: unknown[] = [];
    for await (const page of stream.read(undefined, { full: false })) pages.push(page);

    expect(queries).toEqual([{ from: undefined, upTo: '2026-03-01T11:59:50.000Z' }]);
    expect(pages[0]).not.toHaveProperty('total');
  });

  it('passes a record without a readable cursor through, even first on the page, and keeps the position at the readable one', async () => {
    const stream = createTimestampStream({
      name: 'parts',
      primaryKey: ['id'],
      cursorField: 'changed',
      cursorFormat: 'iso',
      granularity: 'instant',
      incremental: { overlapMs: 60_000, lagMs: 10_000 },
      clock: createVirtualClock(() => NOW),
      async *fetchPages() {
        yield {
          records: [
            { id: 'p2', changed: 'not a time' },
            { id: 'p1', changed: '2026-03-01T08:00:00Z' },
          ],
        };
      },
    });

    const pages: RawPage<unknown>[] = [];
    for await (const page of stream.read(undefined, { full: false })) pages.push(page);

    expect(pages[0]?.records).toEqual([
      { id: 'p2', changed: 'not a time' },
      { id: 'p1', changed: '2026-03-01T08:00:00Z' },
    ]);
    expect(pages[0]?.state).toMatchObject({
      run: { after: { cursor: '2026-03-01T08:00:00.000Z', key: ['p1'] } },
    });
  });
});
