import { createHash } from 'node:crypto';
import type { Clock } from '../../core/ports/clock.ts';
import type { ConnectorStateStore, StreamRunStatus } from '../../core/ports/connector-state.ts';
import type { BackfillKind } from '../../schemas/entities/backfill.ts';
import type { RecordSink, RecordTranslator } from './record-translator.ts';
import type { SourceStream } from './source-stream.ts';
import type { TimeBudget } from './time-budget.ts';

/** A stored checkpoint that no longer matches the stream's state schema; a full sync resets it. */
export class InvalidCheckpointError extends Error {
  override readonly name = 'InvalidCheckpointError';
}

/** Progress after each committed page, for the CLI's progress line and for logs. */
export interface PageProgress {
  readonly connector: string;
  readonly stream: string;
  readonly pages: number;
  readonly recordsRead: number;
  readonly recordsWritten: number;
  readonly recordsQuarantined: number;
  readonly elapsedMs: number;
  /** Records the source says this read holds, where it reports one (OData counts, Oracle `totalResults`). */
  readonly total?: number;
}

/** Counters of requests and retries, read before and after the run to report this run's share. */
export interface RequestCounters {
  readonly requests: number;
  readonly retries: number;
}

export interface SyncStreamInput<R> {
  readonly connector: string;
  readonly stream: SourceStream;
  readonly translate: RecordTranslator<R>;
  readonly sink: RecordSink<R>;
  readonly state: ConnectorStateStore;
  readonly clock: Clock;
  readonly full: boolean;
  readonly timeBudget: TimeBudget;
  /** Stop starting new pages when less than this is left, so the last checkpoint still gets written. */
  readonly reserveMs: number;
  readonly counters: () => RequestCounters;
  readonly signal?: AbortSignal;
  readonly onPage?: (progress: PageProgress) => void;
  /** The first page's size of an initial load (no checkpoint yet), see `StreamReadOptions.firstPageSize`. */
  readonly initialFirstPageSize?: number;
  /** Told about each warning a stream reports (also kept in the run status). */
  readonly onWarning?: (warning: { connector: string; stream: string; message: string }) => void;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** An initial load's first page: small enough to commit in about a second, even beside other loads. */
export const INITIAL_LOAD_FIRST_PAGE_SIZE = 25;

/** Hash of a raw payload: the quarantine key of a record whose own key cannot be read. */
export const payloadHash = (raw: unknown): string =>
  createHash('sha256')
    .update(JSON.stringify(raw) ?? 'undefined')
    .digest('hex')
    .slice(0, 24);

/**
 * Syncs one stream from its last checkpoint: each page's valid records are ingested, its invalid ones
 * quarantined, and only then is the page's checkpoint saved, so a crash at any point resumes from
 * committed data and re-reads (harmlessly, by upsert) at most one page. Stops early, checkpointed,
 * when the time budget runs low; the returned status then says `caughtUp: false`.
 */
export const syncStream = async <R>(input: SyncStreamInput<R>): Promise<StreamRunStatus> => {
  const { connector, stream, clock, state: store } = input;
  const startedMs = clock.now();
  const before = input.counters();
  const status: StreamRunStatus = {
    connector,
    stream: stream.name,
    // Stryker disable next-line StringLiteral,BooleanLiteral: equivalent, finish() overwrites both before this status leaves the function
    status: 'running',
    // Stryker disable next-line BooleanLiteral: equivalent, finish() overwrites it before this status leaves the function
    caughtUp: false,
    startedAt: iso(startedMs),
    recordsRead: 0,
    recordsWritten: 0,
    recordsQuarantined: 0,
    recordsDeleted: 0,
    pages: 0,
    requests: 0,
    retries: 0,
    durationMs: 0,
  };
  let lastState: unknown;
  const finish = (outcome: StreamRunStatus['status'], error?: string): StreamRunStatus => {
    const now = clock.now();
    const after = input.counters();
    const watermark = lastState === undefined ? undefined : stream.watermarkOf(lastState);
    return {
      ...status,
      status: outcome,
      caughtUp: outcome === 'succeeded',
      finishedAt: iso(now),
      durationMs: now - startedMs,
      requests: after.requests - before.requests,
      retries: after.retries - before.retries,
      ...(watermark === undefined ? {} : { watermark: iso(watermark), lagMs: Math.max(0, now - watermark) }),
      ...(error === undefined ? {} : { error }),
    };
  };

  const quarantine = async (recordKey: string, reason: string, raw: unknown) => {
    status.recordsQuarantined += 1;
    await store.quarantine({
      connector,
      stream: stream.name,
      recordKey,
      reason,
      raw,
      lastSeenAt: iso(clock.now()),
    });
  };

  try {
    const stored = input.full ? undefined : await loadState(input);
    const resumeFrom = stored?.state;
    lastState = resumeFrom;
    // History is not news: what a full resync or a first load (no checkpoint yet) brings is marked as such,
    // and so is the rest of either after a crash or a stop for time (its checkpoints carry the mark).
    const backfill: BackfillKind | undefined = input.full
      ? 'fullResync'
      : stored === undefined
        ? 'initialLoad'
        : stored.backfill;
    const checkpoint = (state: unknown) =>
      backfill === undefined
        ? store.saveCheckpoint(connector, stream.name, state, iso(clock.now()))
        : store.saveCheckpoint(connector, stream.name, state, iso(clock.now()), { backfill });
    const iterator = stream.read(resumeFrom, {
      full: input.full,
      ...(input.signal ? { signal: input.signal } : {}),
      ...(backfill === 'initialLoad'
        ? { firstPageSize: input.initialFirstPageSize ?? INITIAL_LOAD_FIRST_PAGE_SIZE }
        : {}),
    });
    // The source's count of this read, usually sent with the first page and kept for the ones after it.
    let total: number | undefined;
    for await (const page of iterator) {
      // A stopped run commits nothing more, even when the source handed over a page without noticing.
      input.signal?.throwIfAborted();
      if (page.total !== undefined) total = page.total;
      if (page.warning !== undefined) {
        status.warnings = [...(status.warnings ?? []), page.warning];
        input.onWarning?.({ connector, stream: stream.name, message: page.warning });
      }
      const valid: R[] = [];
      // For each canonical record, the raw source record and key it came from (to quarantine rejections).
      const origins: { raw: unknown; key: string }[] = [];
      for (const raw of page.records) {
        status.recordsRead += 1;
        const translation = input.translate(raw);
        if (translation.ok) {
          for (const record of translation.records) {
            valid.push(record);
            origins.push({ raw, key: translation.businessKey ?? translation.key });
          }
          if (translation.deleted) status.recordsDeleted += 1;
          continue;
        }
        await quarantine(translation.key ?? `payload:${payloadHash(raw)}`, translation.reason, raw);
      }
      if (valid.length > 0) {
        const { outcomes } = await input.sink.ingest(valid, backfill ? { backfill } : {});
        for (const outcome of outcomes) {
          const origin = origins[outcome.index];
          if (outcome.outcome === 'rejected' && origin) {
            await quarantine(
              origin.key,
              `rejected by the store: ${outcome.reason ?? 'no reason given'}`,
              origin.raw,
            );
          } else {
            status.recordsWritten += 1;
          }
        }
      }
      // The checkpoint follows the commit: a crash before this line re-reads the page, never skips it.
      await checkpoint(page.state);
      lastState = page.state;
      status.pages += 1;
      input.onPage?.({
        connector,
        stream: stream.name,
        pages: status.pages,
        recordsRead: status.recordsRead,
        recordsWritten: status.recordsWritten,
        recordsQuarantined: status.recordsQuarantined,
        elapsedMs: clock.now() - startedMs,
        ...(total === undefined ? {} : { total }),
      });
      if (input.timeBudget.remainingMs() < input.reserveMs) {
        const stopped = finish('stopped');
        await store.saveRunStatus(stopped);
        return stopped;
      }
    }
    // The backfill reached its end: its last checkpoint loses the mark, so the next run's changes are news.
    if (backfill !== undefined && lastState !== undefined)
      await store.saveCheckpoint(connector, stream.name, lastState, iso(clock.now()));
    const done = finish('succeeded');
    await store.saveRunStatus(done);
    return done;
  } catch (err: unknown) {
    const failed = finish('failed', err instanceof Error ? `${err.name}: ${err.message}` : String(err));
    await store.saveRunStatus(failed).catch(() => undefined);
    throw new StreamSyncError(failed, err);
  }
};

/** A stream's sync failed; its status (with the counts up to the last committed page) is attached. */
export class StreamSyncError extends Error {
  override readonly name = 'StreamSyncError';
  constructor(
    readonly status: StreamRunStatus,
    cause: unknown,
  ) {
    super(`${status.connector}/${status.stream}: ${status.error ?? 'failed'}`, { cause });
  }
}

const loadState = async <R>(
  input: SyncStreamInput<R>,
): Promise<{ state: unknown; backfill?: BackfillKind } | undefined> => {
  const stored = await input.state.loadCheckpoint(input.connector, input.stream.name);
  if (stored === undefined) return undefined;
  const parsed = input.stream.stateSchema.safeParse(stored.state);
  if (!parsed.success) {
    throw new InvalidCheckpointError(
      `stored checkpoint of ${input.connector}/${input.stream.name} is not valid (${parsed.error.issues[0]?.message}); ` +
        'run a full sync to reset it',
    );
  }
  return { state: parsed.data, ...(stored.backfill === undefined ? {} : { backfill: stored.backfill }) };
};
