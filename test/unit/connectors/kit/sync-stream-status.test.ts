import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { RecordTranslator } from '../../../../connectors/kit/record-translator.ts';
import type { RawPage, SourceStream } from '../../../../connectors/kit/source-stream.ts';
import {
  InvalidCheckpointError,
  type PageProgress,
  payloadHash,
  StreamSyncError,
  syncStream,
} from '../../../../connectors/kit/sync-stream.ts';
import { timeBudgetOf, unlimitedTimeBudget } from '../../../../connectors/kit/time-budget.ts';
import type { Clock } from '../../../../core/ports/clock.ts';
import { identityTranslator, ModelConnectorState, ModelSink, type SourceRow } from '../sync-stream-model.ts';

const T0 = Date.parse('2026-03-01T10:00:00Z');

/** A clock that moves 100 ms each time it is read, so durations and timestamps are exact. */
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

/** A stream serving these pages, each checkpointed by its number, with an optional watermark per state. */
const pagesStream = (
  pages: readonly Omit<RawPage<{ page: number }>, 'state'>[],
  watermark?: (state: { page: number }) => number | undefined,
): SourceStream<{ page: number }> & { readsFrom: ({ page: number } | undefined)[] } => {
  const readsFrom: ({ page: number } | undefined)[] = [];
  return {
    name: 'rows',
    primaryKey: ['key'],
    cursorField: 'seq',
    stateSchema: z.object({ page: z.number().int() }),
    watermarkOf: watermark ?? (() => undefined),
    readsFrom,
    async *read(state) {
      readsFrom.push(state);
      for (const [i, page] of pages.entries()) {
        if (state && i < state.page) continue;
        yield { ...page, state: { page: i + 1 } };
      }
    },
  };
};

const row = (key: string, value = key): SourceRow => ({ key, seq: 1, value });

const run = (
  stream: SourceStream,
  options: {
    state?: ModelConnectorState;
    sink?: ModelSink;
    translate?: RecordTranslator<SourceRow>;
    full?: boolean;
    counters?: () => { requests: number; retries: number };
    onPage?: (p: PageProgress) => void;
    onWarning?: (w: { connector: string; stream: string; message: string }) => void;
    clock?: Clock;
  } = {},
) =>
  syncStream({
    connector: 'erp',
    stream,
    translate: options.translate ?? identityTranslator,
    sink: options.sink ?? new ModelSink(),
    state: options.state ?? new ModelConnectorState(),
    clock: options.clock ?? steppingClock(),
    full: options.full ?? false,
    timeBudget: unlimitedTimeBudget,
    reserveMs: 0,
    counters: options.counters ?? (() => ({ requests: 0, retries: 0 })),
    ...(options.onPage ? { onPage: options.onPage } : {}),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });

describe('syncStream run status', () => {
  it('reports the counts, this run’s share of requests and retries, the duration, the watermark and the lag', async () => {
    let requests = 10;
    const state = new ModelConnectorState();
    const stream = pagesStream(
      [{ records: [row('a'), row('b', 'invalid')] }, { records: [row('c')] }],
      (s) => T0 + s.page * 10,
    );

    const status = await run(stream, {
      state,
      counters: () => {
        requests += 3;
        return { requests, retries: 2 * requests };
      },
    });

    expect(status).toEqual({
      connector: 'erp',
      stream: 'rows',
      status: 'succeeded',
      caughtUp: true,
      startedAt: '2026-03-01T10:00:00.100Z',
      finishedAt: new Date(
        status.startedAt ? Date.parse(status.startedAt) + status.durationMs : 0,
      ).toISOString(),
      recordsRead: 3,
      recordsWritten: 2,
      recordsQuarantined: 1,
      recordsDeleted: 0,
      recordsReleased: 0,
      pages: 2,
      requests: 3,
      retries: 6,
      durationMs: expect.any(Number),
      watermark: '2026-03-01T10:00:00.020Z',
      lagMs: Date.parse(status.finishedAt ?? '') - (T0 + 20),
    });
    expect(status.durationMs).toBeGreaterThan(0);
    expect(state.statuses).toEqual([status]);
    expect(state.checkpoints.get('erp/rows')?.state).toEqual({ page: 2 });
  });

  it('reports no lag when the watermark lies ahead of the clock, and none without a watermark', async () => {
    const ahead = await run(pagesStream([{ records: [row('a')] }], () => T0 + 3_600_000));
    const none = await run(pagesStream([{ records: [row('a')] }]));

    expect(ahead.lagMs).toBe(0);
    expect(none).not.toHaveProperty('lagMs');
    expect(none).not.toHaveProperty('watermark');
  });

  it('keeps each warning a page reports in the status and tells the caller about it', async () => {
    const told: unknown[] = [];

    const status = await run(
      pagesStream([
        { records: [row('a')], warning: 'change tracking off' },
        { records: [], warning: 'slow source' },
      ]),
      { onWarning: (w) => told.push(w) },
    );

    expect(status.warnings).toEqual(['change tracking off', 'slow source']);
    expect(told).toEqual([
      { connector: 'erp', stream: 'rows', message: 'change tracking off' },
      { connector: 'erp', stream: 'rows', message: 'slow source' },
    ]);
  });

  it('counts deleted records and reports progress after each page with the source total kept from the first page', async () => {
    const progress: PageProgress[] = [];
    const translate: RecordTranslator<SourceRow> = (raw) => {
      const r = raw as SourceRow;
      return { ok: true, key: r.key, records: [r], ...(r.value === 'gone' ? { deleted: true } : {}) };
    };

    const status = await run(
      pagesStream([{ records: [row('a'), row('b', 'gone')], total: 3 }, { records: [row('c')] }]),
      { translate, onPage: (p) => progress.push(p) },
    );

    expect(status.recordsDeleted).toBe(1);
    expect(progress.map(({ elapsedMs, ...p }) => p)).toEqual([
      {
        connector: 'erp',
        stream: 'rows',
        pages: 1,
        recordsRead: 2,
        recordsWritten: 2,
        recordsQuarantined: 0,
        total: 3,
      },
      {
        connector: 'erp',
        stream: 'rows',
        pages: 2,
        recordsRead: 3,
        recordsWritten: 3,
        recordsQuarantined: 0,
        total: 3,
      },
    ]);
    expect(progress.every((p) => p.elapsedMs > 0)).toBe(true);
  });

  it('files a record the translator refuses without a key under the hash of its payload, and a store rejection under its business key', async () => {
    const state = new ModelConnectorState();
    const sink = new ModelSink();
    sink.refuse.add('b');
    const translate: RecordTranslator<SourceRow> = (raw) => {
      const r = raw as SourceRow;
      if (r.value === 'keyless') return { ok: false, key: undefined, reason: 'no key' };
      return { ok: true, key: r.key, records: [r], ...(r.key === 'b' ? { businessKey: 'BP-b' } : {}) };
    };

    await run(pagesStream([{ records: [row('a', 'keyless'), row('b')] }]), { state, sink, translate });

    expect([...state.quarantined.values()].map((q) => [q.recordKey, q.reason])).toEqual([
      [`payload:${payloadHash(row('a', 'keyless'))}`, 'no key'],
      ['BP-b', 'rejected by the store: key b refused'],
    ]);
  });

  it('marks what a first load or a full resync ingests as backfill, and what follows a checkpoint as live', async () => {
    const seen: unknown[] = [];
    const sink = new ModelSink();
    const ingest = sink.ingest.bind(sink);
    sink.ingest = async (records: readonly SourceRow[], options?: unknown) => {
      seen.push(options);
      return ingest(records);
    };
    const state = new ModelConnectorState();
    const stream = pagesStream([{ records: [row('a')] }, { records: [row('b')] }]);

    await run(stream, { state, sink });
    state.checkpoints.set('erp/rows', { state: { page: 1 }, savedAt: '' });
    await run(stream, { state, sink });
    await run(stream, { state, sink, full: true });

    expect(seen).toEqual([
      { backfill: 'initialLoad' },
      { backfill: 'initialLoad' },
      {},
      { backfill: 'fullResync' },
      { backfill: 'fullResync' },
    ]);
    expect(stream.readsFrom).toEqual([undefined, { page: 1 }, undefined]);
  });
});

describe('syncStream failures', () => {
  it('fails with the source error named in the status, keeping the counts of the committed pages', async () => {
    const state = new ModelConnectorState();
    const stream: SourceStream<{ page: number }> = {
      ...pagesStream([]),
      async *read() {
        yield { records: [row('a')], state: { page: 1 } };
        throw new TypeError('socket hang up');
      },
    };

    const failure = await run(stream, { state }).catch((err: unknown) => err);

    expect(failure).toBeInstanceOf(StreamSyncError);
    const { status } = failure as StreamSyncError;
    expect(status).toMatchObject({
      status: 'failed',
      caughtUp: false,
      error: 'TypeError: socket hang up',
      pages: 1,
    });
    expect((failure as Error).message).toBe('erp/rows: TypeError: socket hang up');
    expect((failure as Error).cause).toBeInstanceOf(TypeError);
    expect(state.statuses).toEqual([status]);
  });

  it('names a thrown non-error value as it is', async () => {
    const stream: SourceStream<{ page: number }> = {
      ...pagesStream([]),
      // biome-ignore lint/correctness/useYield: the source fails before its first page
      async *read() {
        throw 'quota exceeded';
      },
    };

    await expect(run(stream)).rejects.toMatchObject({ status: { error: 'quota exceeded' } });
  });

  it('refuses a stored checkpoint its stream cannot read, telling to run a full sync', async () => {
    const state = new ModelConnectorState();
    state.checkpoints.set('erp/rows', { state: { page: 'one' }, savedAt: '' });

    const failure = await run(pagesStream([{ records: [row('a')] }]), { state }).catch((err: unknown) => err);

    expect((failure as StreamSyncError).cause).toBeInstanceOf(InvalidCheckpointError);
    expect(((failure as StreamSyncError).cause as Error).message).toMatch(
      /^stored checkpoint of erp\/rows is not valid \(.+\); run a full sync to reset it$/,
    );
  });

  it('still reports the failure when saving the failed status fails too', async () => {
    const state = new ModelConnectorState();
    state.saveRunStatus = async () => {
      throw new Error('table unavailable');
    };
    const stream: SourceStream<{ page: number }> = {
      ...pagesStream([]),
      // biome-ignore lint/correctness/useYield: the source fails before its first page
      async *read() {
        throw new Error('source down');
      },
    };

    await expect(run(stream, { state })).rejects.toMatchObject({ status: { error: 'Error: source down' } });
  });

  it('stops after the page that left less than the reserve, checkpointed and saved as stopped', async () => {
    const state = new ModelConnectorState();
    let now = T0;
    const clock: Clock = { now: () => now, sleep: async () => {} };
    const stream = pagesStream([{ records: [row('a')] }, { records: [row('b')] }]);
    const sink = new ModelSink();
    const ingest = sink.ingest.bind(sink);
    sink.ingest = async (records) => {
      now += 600;
      return ingest(records);
    };

    const status = await syncStream({
      connector: 'erp',
      stream,
      translate: identityTranslator,
      sink,
      state,
      clock,
      full: false,
      timeBudget: timeBudgetOf(1_000, () => now),
      reserveMs: 500,
      counters: () => ({ requests: 0, retries: 0 }),
    });

    expect(status).toMatchObject({ status: 'stopped', caughtUp: false, pages: 1, durationMs: 600 });
    expect(state.statuses).toEqual([status]);
    expect(state.checkpoints.get('erp/rows')?.state).toEqual({ page: 1 });
  });
});

describe('payloadHash', () => {
  it('is a 24-hex-digit digest that tells payloads apart and is stable for the same payload', () => {
    expect(payloadHash({ a: 1 })).toMatch(/^[0-9a-f]{24}$/);
    expect(payloadHash({ a: 1 })).toBe(payloadHash({ a: 1 }));
    expect(payloadHash({ a: 1 })).not.toBe(payloadHash({ a: 2 }));
    expect(payloadHash(undefined)).toMatch(/^[0-9a-f]{24}$/);
    expect(payloadHash(undefined)).not.toBe(payloadHash(null));
  });
});

describe('syncStream details a page can reveal', () => {
  it('tells the stream whether the read is full and always gives it an abort signal (see sync-stream-read-ahead for what aborts it)', async () => {
    const seen: { full: boolean; firstPageSize?: number; signal?: AbortSignal }[] = [];
    const caller = new AbortController();
    const stream: SourceStream<{ page: number }> = {
      ...pagesStream([]),
      // biome-ignore lint/correctness/useYield: an empty source
      async *read(_state, options) {
        seen.push(options);
      },
    };

    await syncStream({
      connector: 'erp',
      stream,
      translate: identityTranslator,
      sink: new ModelSink(),
      state: new ModelConnectorState(),
      clock: steppingClock(),
      full: true,
      timeBudget: unlimitedTimeBudget,
      reserveMs: 0,
      counters: () => ({ requests: 0, retries: 0 }),
      signal: caller.signal,
    });
    await run(stream);

    // The second run has no checkpoint yet (the source was empty): an initial load, so a small first page.
    expect(seen.map(({ signal, ...options }) => options)).toEqual([
      { full: true },
      { full: false, firstPageSize: 25 },
    ]);
    expect(seen.map((options) => options.signal instanceof AbortSignal)).toEqual([true, true]);
  });

  it('does not call the store for a page whose records were all quarantined', async () => {
    const sink = new ModelSink();

    const status = await run(pagesStream([{ records: [row('a', 'invalid')] }]), { sink });

    expect(sink.commits).toBe(0);
    expect(status).toMatchObject({ recordsRead: 1, recordsQuarantined: 1, pages: 1 });
  });

  it('goes on to the next page while exactly the reserve is left', async () => {
    let now = T0;
    const sink = new ModelSink();
    const ingest = sink.ingest.bind(sink);
    sink.ingest = async (records) => {
      now += 500;
      return ingest(records);
    };

    const status = await syncStream({
      connector: 'erp',
      stream: pagesStream([{ records: [row('a')] }, { records: [row('b')] }]),
      translate: identityTranslator,
      sink,
      state: new ModelConnectorState(),
      clock: { now: () => now, sleep: async () => {} },
      full: false,
      timeBudget: timeBudgetOf(1_500, () => now),
      reserveMs: 1_000,
      counters: () => ({ requests: 0, retries: 0 }),
    });

    expect(status).toMatchObject({ status: 'stopped', pages: 2 });
  });

  it('names its errors, and a failure without an error text says failed', () => {
    const status = {
      connector: 'erp',
      stream: 'rows',
      status: 'failed' as const,
      caughtUp: false,
      startedAt: '2026-03-01T10:00:00.000Z',
      recordsRead: 0,
      recordsWritten: 0,
      recordsQuarantined: 0,
      recordsDeleted: 0,
      pages: 0,
      requests: 0,
      retries: 0,
      durationMs: 0,
    };

    const error = new StreamSyncError(status, undefined);

    expect(error.message).toBe('erp/rows: failed');
    expect(error.name).toBe('StreamSyncError');
    expect(new InvalidCheckpointError('x').name).toBe('InvalidCheckpointError');
  });
});
