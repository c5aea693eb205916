import type { Clock } from '../../core/ports/clock.ts';
import type { ConnectorStateStore, StreamRunStatus } from '../../core/ports/connector-state.ts';
import type { BackfillKind } from '../../schemas/entities/backfill.ts';
import { type PreparedPage, preparePages, type QuarantineFiling } from './prepared-page.ts';
import { fileQuarantined } from './quarantine-filing.ts';
import { type KeyVerdict, settleQuarantine } from './quarantine-release.ts';
import { DEFAULT_READ_AHEAD_PAGES, readAhead } from './read-ahead.ts';
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
  /**
   * Pages read (and translated) ahead of the one being committed, 0 to 8; 0 reads each page only after the
   * one before is checkpointed. @default 1
   */
  readonly readAheadPages?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** An initial load's first page: small enough to commit in about a second, even beside other loads. */
export const INITIAL_LOAD_FIRST_PAGE_SIZE = 25;

export { payloadHash } from './prepared-page.ts';

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
    recordsReleased: 0,
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

  const file = (filings: readonly QuarantineFiling[]) => {
    status.recordsQuarantined += filings.length;
    return fileQuarantined(filings, ({ recordKey, reason, raw }) =>
      store.quarantine({
        connector,
        stream: stream.name,
        recordKey,
        reason,
        raw,
        lastSeenAt: iso(clock.now()),
      }),
    );
  };

  try {
    const stored = input.full ? undefined : await loadState(input);
    // The stream's quarantined keys, read once (they are few) and kept up to date with what the run files and
    // releases: a record taken in costs no extra write unless its key is in here.
    const held = new Set(await store.listQuarantinedKeys(connector, stream.name));
    const resumeFrom = stored?.state;
    lastState = resumeFrom;
    // History is not news: what a full resync or a first load (no checkpoint yet) brings is marked as such,
    // and so is the rest of either after a crash or a stop for time (its checkpoints carry the mark).
    const backfill: BackfillKind | undefined = input.full
      ? 'fullResync'
      : stored === undefined
        ? 'initialLoad'
        : stored.backfill;
    // When the backfill began, carried by its checkpoints across runs (absent on ones written before it was kept).
    const backfillStartedAt =
      backfill !== 'initialLoad' && backfill !== 'fullResync'
        ? undefined
        : stored === undefined
          ? iso(startedMs)
          : stored.backfillStartedAt;
    const checkpoint = (state: unknown) =>
      // Stryker disable next-line ConditionalExpression: `{ backfill: undefined }` marks nothing, as no options do
      backfill === undefined
        ? store.saveCheckpoint(connector, stream.name, state, iso(clock.now()))
        : store.saveCheckpoint(connector, stream.name, state, iso(clock.now()), {
            backfill,
            ...(backfillStartedAt === undefined ? {} : { backfillStartedAt }),
          });

    /**
     * Commits one page: the translator's refusals are filed while the store ingests the valid records, then
     * the store's rejections are filed; only when all of it is written is the page done.
     */
    const commit = async (prepared: PreparedPage<R>) => {
      const filing = file(prepared.refused);
      const ingesting =
        prepared.valid.length > 0
          ? input.sink.ingest(prepared.valid, backfill ? { backfill } : {})
          : undefined;
      const [filed, ingested] = await Promise.allSettled([filing, ingesting]);
      if (ingested.status === 'rejected') throw ingested.reason;
      if (filed.status === 'rejected') throw filed.reason;
      const rejected: QuarantineFiling[] = [];
      const verdicts: KeyVerdict[] = prepared.refused.map((r) => ({
        key: r.recordKey,
        position: r.position,
        heldBack: true,
      }));
      for (const outcome of ingested.value?.outcomes ?? []) {
        const origin = prepared.origins[outcome.index];
        if (outcome.outcome === 'rejected' && origin) {
          rejected.push({
            recordKey: origin.key,
            reason: `rejected by the store: ${outcome.reason ?? 'no reason given'}`,
            raw: origin.raw,
          });
          verdicts.push({ key: origin.key, position: origin.position, heldBack: true });
        } else {
          status.recordsWritten += 1;
          if (origin) {
            verdicts.push({ key: origin.key, position: origin.position, heldBack: false });
            if (origin.technicalKey !== undefined)
              verdicts.push({ key: origin.technicalKey, position: origin.position, heldBack: false });
          }
        }
      }
      await file(rejected);
      // Released only after this page's filings are written (an entry filed and taken in by the same page goes
      // too) and before its checkpoint: a crash in between re-reads the page, whose records come back unchanged.
      const released = settleQuarantine(held, verdicts);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: releasing no keys writes nothing; the guard saves the call
      if (released.length > 0) {
        await store.releaseQuarantined(connector, stream.name, released);
        status.recordsReleased = (status.recordsReleased ?? 0) + released.length;
      }
    };

    // The next page is read (and translated) while this one commits; at most `readAheadPages` wait in memory.
    // Reading ahead never moves a checkpoint: a page counts and is checkpointed only once it is committed.
    const pages = readAhead(
      (signal) =>
        preparePages(
          stream.read(resumeFrom, {
            full: input.full,
            signal,
            ...(backfill === 'initialLoad'
              ? { firstPageSize: input.initialFirstPageSize ?? INITIAL_LOAD_FIRST_PAGE_SIZE }
              : {}),
          }),
          input.translate,
        ),
      {
        depth: input.readAheadPages ?? DEFAULT_READ_AHEAD_PAGES,
        ...(input.signal ? { signal: input.signal } : {}),
      },
    );
    try {
      // The source's count of this read, usually sent with the first page and kept for the ones after it.
      let total: number | undefined;
      for (let next = await pages.next(); !next.done; next = await pages.next()) {
        const prepared = next.value;
        const { page } = prepared;
        // A stopped run commits nothing more, even when the source handed over a page without noticing.
        input.signal?.throwIfAborted();
        if (page.total !== undefined) total = page.total;
        if (page.warning !== undefined) {
          status.warnings = [...(status.warnings ?? []), page.warning];
          input.onWarning?.({ connector, stream: stream.name, message: page.warning });
        }
        status.recordsRead += page.records.length;
        status.recordsDeleted += prepared.deleted;
        await commit(prepared);
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
          // A page read ahead is dropped unread into the store: the next run reads it again from the checkpoint.
          const stopped = finish('stopped');
          await store.saveRunStatus(stopped);
          return stopped;
        }
      }
    } finally {
      await pages.close();
    }
    // The backfill read everything the source serves: an entry it did not file again since it began belongs to a
    // record the source no longer has (deleted without a marker, or fixed under another key, as a `payload:` hash
    // entry is). Swept before the mark goes, so a crash in between sweeps again on the resumed run. A full read that
    // found nothing at all sweeps nothing: an empty answer is more likely a fault (wrong company, revoked rights).
    if (backfillStartedAt !== undefined && lastState !== undefined) {
      const swept = await store.sweepQuarantine(connector, stream.name, backfillStartedAt);
      status.recordsReleased = (status.recordsReleased ?? 0) + swept;
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
): Promise<
  { state: unknown; backfill: BackfillKind | undefined; backfillStartedAt: string | undefined } | undefined
> => {
  const stored = await input.state.loadCheckpoint(input.connector, input.stream.name);
  if (stored === undefined) return undefined;
  const parsed = input.stream.stateSchema.safeParse(stored.state);
  if (!parsed.success) {
    throw new InvalidCheckpointError(
      // Stryker disable next-line OptionalChaining: a failed zod parse always has at least one issue
      `stored checkpoint of ${input.connector}/${input.stream.name} is not valid (${parsed.error.issues[0]?.message}); ` +
        'run a full sync to reset it',
    );
  }
  return { state: parsed.data, backfill: stored.backfill, backfillStartedAt: stored.backfillStartedAt };
};
