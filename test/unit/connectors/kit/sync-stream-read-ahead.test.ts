import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { RecordSink, SinkOutcome } from '../../../../connectors/kit/record-translator.ts';
import type { RawPage, SourceStream } from '../../../../connectors/kit/source-stream.ts';
import { StreamSyncError, syncStream } from '../../../../connectors/kit/sync-stream.ts';
import { type TimeBudget, unlimitedTimeBudget } from '../../../../connectors/kit/time-budget.ts';
import type { Clock } from '../../../../core/ports/clock.ts';
import type { QuarantineEntry } from '../../../../core/ports/connector-state.ts';
import { identityTranslator, ModelConnectorState, type SourceRow } from '../sync-stream-model.ts';

/** A promise the test settles when it chooses. */
const deferred = <T>() => {
  let resolve: (value: T) => void = () => undefined;
  let reject: (reason: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};
type Deferred<T> = ReturnType<typeof deferred<T>>;

/** Lets every callback of an already settled promise run (no timer: only the queues drain). */
const drain = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Resolves when `predicate` holds, checked each time an event is logged (no polling, no timers). */
const watchedLog = () => {
  const entries: string[] = [];
  const waiters: { predicate: () => boolean; resolve: () => void }[] = [];
  const push = (entry: string) => {
    entries.push(entry);
    for (const waiter of waiters.splice(0)) {
      if (waiter.predicate()) waiter.resolve();
      else waiters.push(waiter);
    }
  };
  const until = (entry: string) =>
    new Promise<void>((resolve) => {
      if (entries.includes(entry)) resolve();
      else waiters.push({ predicate: () => entries.includes(entry), resolve });
    });
  return { entries, push, until };
};

const row = (key: string, value = key): SourceRow => ({ key, seq: 1, value });

/**
 * A source and a sink the test drives: read n starts when the sync asks for page n and finishes when the test
 * hands the page over (`serve`); ingest n finishes when the test says (`commit`). Everything is logged.
 */
const harness = () => {
  const log = watchedLog();
  const reads: Deferred<RawPage<{ page: number }> | 'end'>[] = [];
  const signals: AbortSignal[] = [];
  let closed = false;
  const stream: SourceStream<{ page: number }> = {
    name: 'rows',
    primaryKey: ['key'],
    cursorField: 'seq',
    stateSchema: z.object({ page: z.number().int() }),
    watermarkOf: () => undefined,
    async *read(state, options) {
      if (options.signal) signals.push(options.signal);
      try {
        for (let n = state?.page ?? 0; ; n += 1) {
          const read = deferred<RawPage<{ page: number }> | 'end'>();
          reads[n] = read;
          options.signal?.addEventListener('abort', () => read.reject(options.signal?.reason), {
            once: true,
          });
          log.push(`read ${n} started`);
          const page = await read.promise;
          if (page === 'end') return;
          log.push(`read ${n} done`);
          yield page;
        }
      } finally {
        closed = true;
      }
    },
  };
  const ingests: Deferred<void>[] = [];
  const ingested: string[][] = [];
  const sink: RecordSink<SourceRow> & { refuse: Set<string> } = {
    refuse: new Set(),
    async ingest(records) {
      const n = ingests.length;
      const commit = deferred<void>();
      ingests.push(commit);
      log.push(`ingest ${n} started`);
      await commit.promise;
      ingested.push(records.map((r) => r.key));
      log.push(`ingest ${n} done`);
      return {
        outcomes: records.map(
          (r, index): SinkOutcome =>
            this.refuse.has(r.key)
              ? { index, outcome: 'rejected', reason: 'refused' }
              : { index, outcome: 'stored' },
        ),
      };
    },
  };
  const state = new (class extends ModelConnectorState {
    override async saveCheckpoint(connector: string, stream: string, value: unknown, savedAt: string) {
      log.push(`checkpoint ${(value as { page: number }).page}`);
      await super.saveCheckpoint(connector, stream, value, savedAt);
    }
  })();
  const page = (n: number, ...keys: string[]): RawPage<{ page: number }> => ({
    records: keys.map((k) => row(k)),
    state: { page: n + 1 },
  });
  const serve = async (n: number, served: RawPage<{ page: number }> | 'end') => {
    await log.until(`read ${n} started`);
    reads[n]?.resolve(served);
  };
  const fail = async (n: number, error: unknown) => {
    await log.until(`read ${n} started`);
    reads[n]?.reject(error);
  };
  const commit = async (n: number) => {
    await log.until(`ingest ${n} started`);
    ingests[n]?.resolve();
  };
  return {
    log,
    stream,
    sink,
    state,
    page,
    serve,
    fail,
    commit,
    ingested,
    signals,
    closed: () => closed,
  };
};

const clock: Clock = { now: () => Date.parse('2026-03-01T10:00:00Z'), sleep: async () => {} };

const sync = (
  h: ReturnType<typeof harness>,
  options: {
    readAheadPages?: number;
    timeBudget?: TimeBudget;
    reserveMs?: number;
    signal?: AbortSignal;
  } = {},
) =>
  syncStream({
    connector: 'erp',
    stream: h.stream,
    translate: identityTranslator,
    sink: h.sink,
    state: h.state,
    clock,
    full: false,
    timeBudget: options.timeBudget ?? unlimitedTimeBudget,
    reserveMs: options.reserveMs ?? 0,
    counters: () => ({ requests: 0, retries: 0 }),
    ...(options.readAheadPages === undefined ? {} : { readAheadPages: options.readAheadPages }),
    ...(options.signal ? { signal: options.signal } : {}),
  });

describe('syncStream reads the next page while the current one commits', () => {
  it('starts reading page 1 while page 0 is still being ingested, and checkpoints each page after its commit, in page order', async () => {
    const h = harness();
    const run = sync(h);

    await h.serve(0, h.page(0, 'a', 'b'));
    await h.log.until('ingest 0 started');
    await h.log.until('read 1 started');
    const whileCommitting = [...h.log.entries];
    await h.serve(1, h.page(1, 'c'));
    await h.commit(0);
    await h.commit(1);
    await h.serve(2, 'end');
    const status = await run;

    expect(whileCommitting).toEqual(['read 0 started', 'read 0 done', 'read 1 started', 'ingest 0 started']);
    expect(h.log.entries).toEqual([
      'read 0 started',
      'read 0 done',
      'read 1 started',
      'ingest 0 started',
      'read 1 done',
      'ingest 0 done',
      'checkpoint 1',
      'read 2 started',
      'ingest 1 started',
      'ingest 1 done',
      'checkpoint 2',
      // The first load reached its end: its last checkpoint is saved again without the backfill mark.
      'checkpoint 2',
    ]);
    expect(h.ingested).toEqual([['a', 'b'], ['c']]);
    expect(status).toMatchObject({ status: 'succeeded', pages: 2, recordsRead: 3, recordsWritten: 3 });
  });

  it('reads no further than one page ahead by default: page 2 is not asked for while page 0 commits', async () => {
    const h = harness();
    const run = sync(h);

    await h.serve(0, h.page(0, 'a'));
    await h.serve(1, h.page(1, 'b'));
    await h.log.until('ingest 0 started');
    await drain();
    const whileCommitting = [...h.log.entries];
    await h.commit(0);
    await h.commit(1);
    await h.serve(2, 'end');
    await run;

    expect(whileCommitting).toEqual([
      'read 0 started',
      'read 0 done',
      'read 1 started',
      'ingest 0 started',
      'read 1 done',
    ]);
  });

  it('reads as many pages ahead as asked: with two, pages 1 and 2 are read while page 0 commits', async () => {
    const h = harness();
    const run = sync(h, { readAheadPages: 2 });

    await h.serve(0, h.page(0, 'a'));
    await h.serve(1, h.page(1, 'b'));
    await h.serve(2, h.page(2, 'c'));
    await h.log.until('ingest 0 started');
    await drain();
    const whileCommitting = h.log.entries.filter((e) => e.startsWith('read') && e.endsWith('started'));
    await h.commit(0);
    await h.commit(1);
    await h.commit(2);
    await h.serve(3, 'end');
    const status = await run;

    expect(whileCommitting).toEqual(['read 0 started', 'read 1 started', 'read 2 started']);
    expect(h.log.entries.filter((e) => e.startsWith('checkpoint'))).toEqual([
      'checkpoint 1',
      'checkpoint 2',
      'checkpoint 3',
      'checkpoint 3',
    ]);
    expect(status).toMatchObject({ status: 'succeeded', pages: 3 });
  });

  it('with no read-ahead reads the next page only after the page before is checkpointed', async () => {
    const h = harness();
    const run = sync(h, { readAheadPages: 0 });

    await h.serve(0, h.page(0, 'a'));
    await h.commit(0);
    await h.serve(1, 'end');
    await run;

    expect(h.log.entries).toEqual([
      'read 0 started',
      'read 0 done',
      'ingest 0 started',
      'ingest 0 done',
      'checkpoint 1',
      'read 1 started',
      'checkpoint 1',
    ]);
  });

  it('fails at the page whose read failed, after the page before it is committed and checkpointed', async () => {
    const h = harness();
    const run = sync(h).catch((err: unknown) => err);

    await h.serve(0, h.page(0, 'a'));
    await h.fail(1, new TypeError('socket hang up'));
    await drain();
    const failedBeforeCommit = h.state.checkpoints.size;
    await h.commit(0);
    const failure = await run;

    expect(failedBeforeCommit).toBe(0);
    expect(failure).toBeInstanceOf(StreamSyncError);
    expect((failure as StreamSyncError).cause).toEqual(new TypeError('socket hang up'));
    expect((failure as StreamSyncError).status).toMatchObject({ status: 'failed', pages: 1, recordsRead: 1 });
    expect(h.state.checkpoints.get('erp/rows')?.state).toEqual({ page: 1 });
  });

  it('a crash while committing page 0 with page 1 read ahead saves no checkpoint, stops the read and counts only page 0', async () => {
    const h = harness();
    h.sink.ingest = async () => {
      h.log.push('ingest 0 started');
      throw new Error('process died');
    };
    const run = sync(h).catch((err: unknown) => err);

    await h.serve(0, h.page(0, 'a', 'b'));
    await h.log.until('read 1 started');
    const failure = await run;

    expect((failure as StreamSyncError).cause).toEqual(new Error('process died'));
    expect((failure as StreamSyncError).status).toMatchObject({
      pages: 0,
      recordsRead: 2,
      recordsWritten: 0,
    });
    expect(h.state.checkpoints.size).toBe(0);
    expect(h.signals[0]?.aborted).toBe(true);
    expect(h.closed()).toBe(true);
  });

  it('stops for time with page 1 read ahead: page 0 checkpointed, page 1 neither ingested nor counted, its read closed', async () => {
    const h = harness();
    let remaining = 1_000;
    const run = sync(h, { timeBudget: { remainingMs: () => remaining }, reserveMs: 500 });

    await h.serve(0, h.page(0, 'a'));
    await h.serve(1, h.page(1, 'b', 'c'));
    await h.log.until('read 1 done');
    remaining = 400;
    await h.commit(0);
    const status = await run;

    expect(status).toMatchObject({
      status: 'stopped',
      caughtUp: false,
      pages: 1,
      recordsRead: 1,
      recordsWritten: 1,
    });
    expect(h.ingested).toEqual([['a']]);
    expect(h.state.checkpoints.get('erp/rows')?.state).toEqual({ page: 1 });
    expect(h.signals[0]?.aborted).toBe(true);
    expect(h.closed()).toBe(true);
  });

  it('stops for time with page 1 still being read: that read is aborted and the run returns without it', async () => {
    const h = harness();
    let remaining = 1_000;
    const run = sync(h, { timeBudget: { remainingMs: () => remaining }, reserveMs: 500 });

    await h.serve(0, h.page(0, 'a'));
    await h.log.until('read 1 started');
    remaining = 400;
    await h.commit(0);
    const status = await run;

    expect(status).toMatchObject({ status: 'stopped', pages: 1 });
    expect(h.log.entries).not.toContain('read 1 done');
    expect(h.signals[0]?.aborted).toBe(true);
    expect(h.state.checkpoints.get('erp/rows')?.state).toEqual({ page: 1 });
  });

  it('a caller abort (as a lost lease gives) during a commit aborts the read ahead and commits nothing more', async () => {
    const h = harness();
    const caller = new AbortController();
    const run = sync(h, { signal: caller.signal }).catch((err: unknown) => err);

    await h.serve(0, h.page(0, 'a'));
    await h.log.until('read 1 started');
    await h.log.until('ingest 0 started');
    caller.abort(new Error('lease of run-1 lost'));
    const readAbortedDuringCommit = h.signals[0]?.aborted;
    await h.commit(0);
    const failure = await run;

    expect(readAbortedDuringCommit).toBe(true);
    expect((failure as StreamSyncError).cause).toEqual(new Error('lease of run-1 lost'));
    expect(h.log.entries.filter((e) => e.startsWith('ingest') && e.endsWith('started'))).toEqual([
      'ingest 0 started',
    ]);
    expect(h.log.entries).not.toContain('read 1 done');
  });

  it('a page read ahead after the caller aborted is not committed, even when the source ignored the abort', async () => {
    const h = harness();
    const caller = new AbortController();
    const stream: SourceStream<{ page: number }> = {
      ...h.stream,
      async *read() {
        yield h.page(0, 'a');
        yield h.page(1, 'b');
      },
    };
    const ingest = h.sink.ingest.bind(h.sink);
    h.sink.ingest = async (records) => {
      caller.abort(new Error('stopped by the operator'));
      return ingest(records);
    };
    const run = syncStream({
      connector: 'erp',
      stream,
      translate: identityTranslator,
      sink: h.sink,
      state: h.state,
      clock,
      full: false,
      timeBudget: unlimitedTimeBudget,
      reserveMs: 0,
      counters: () => ({ requests: 0, retries: 0 }),
      signal: caller.signal,
    }).catch((err: unknown) => err);

    await h.commit(0);
    const failure = await run;

    expect((failure as StreamSyncError).cause).toEqual(new Error('stopped by the operator'));
    expect(h.ingested).toEqual([['a']]);
  });
});

describe('syncStream files a page’s quarantined records beside its commit', () => {
  it('files the translator’s refusals while the store ingests, and the store’s rejections after it, all before the checkpoint', async () => {
    const h = harness();
    const filed: string[] = [];
    const quarantine = h.state.quarantine.bind(h.state);
    h.state.quarantine = async (entry: Omit<QuarantineEntry, 'firstSeenAt' | 'occurrences'>) => {
      h.log.push(`quarantine ${entry.recordKey}`);
      filed.push(entry.reason);
      await quarantine(entry);
    };
    h.sink.refuse.add('c');
    const run = sync(h);

    await h.serve(0, { records: [row('a', 'invalid'), row('b', 'invalid'), row('c')], state: { page: 1 } });
    await h.log.until('quarantine b');
    const beforeCommit = [...h.log.entries];
    await h.commit(0);
    await h.serve(1, 'end');
    const status = await run;

    expect(beforeCommit).toContain('ingest 0 started');
    expect(beforeCommit).not.toContain('ingest 0 done');
    expect(h.log.entries.slice(h.log.entries.indexOf('ingest 0 done'))).toEqual([
      'ingest 0 done',
      'quarantine c',
      'checkpoint 1',
      'checkpoint 1',
    ]);
    expect(filed).toEqual(['value is not valid', 'value is not valid', 'rejected by the store: refused']);
    expect(status).toMatchObject({ recordsRead: 3, recordsWritten: 0, recordsQuarantined: 3 });
  });

  it('fails without a checkpoint when filing a refusal fails, even though the ingest succeeded', async () => {
    const h = harness();
    h.state.quarantine = async () => {
      throw new Error('state table unavailable');
    };
    const run = sync(h).catch((err: unknown) => err);

    await h.serve(0, { records: [row('a', 'invalid'), row('b')], state: { page: 1 } });
    await h.commit(0);
    const failure = await run;

    expect((failure as StreamSyncError).cause).toEqual(new Error('state table unavailable'));
    expect(h.ingested).toEqual([['b']]);
    expect(h.state.checkpoints.size).toBe(0);
  });

  it('reports the store’s failure rather than a filing’s when both fail on one page', async () => {
    const h = harness();
    h.state.quarantine = async () => {
      throw new Error('state table unavailable');
    };
    h.sink.ingest = async () => {
      throw new Error('store unavailable');
    };
    const run = sync(h).catch((err: unknown) => err);

    await h.serve(0, { records: [row('a', 'invalid'), row('b')], state: { page: 1 } });
    const failure = await run;

    expect((failure as StreamSyncError).cause).toEqual(new Error('store unavailable'));
  });
});
