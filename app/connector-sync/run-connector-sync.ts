import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { BuiltConnector, BuiltStream } from '../../connectors/assembly/build-connector.ts';
import { type KnownRecordKeys, reconcileDeletes } from '../../connectors/kit/reconcile-deletes.ts';
import type { RecordSink } from '../../connectors/kit/record-translator.ts';
import { type PageProgress, StreamSyncError, syncStream } from '../../connectors/kit/sync-stream.ts';
import type { TimeBudget } from '../../connectors/kit/time-budget.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { ConnectorStateStore, StreamRunStatus } from '../../core/ports/connector-state.ts';
import type { IngestRecord } from '../../schemas/entities/validated-record.ts';
import { trackSync } from './active-syncs.ts';
import {
  DEFAULT_LEASE_SETTINGS,
  type HeldLease,
  type LeaseSettings,
  type RepeatEvery,
  realRepeatEvery,
  takeLease,
} from './connector-lease.ts';

/** Asked for streams the connector does not have. */
export class UnknownStreamError extends Error {
  override readonly name = 'UnknownStreamError';
}

export interface RunConnectorSyncInput {
  readonly connector: BuiltConnector;
  readonly sink: RecordSink<IngestRecord>;
  readonly state: ConnectorStateStore;
  readonly clock: Clock;
  /** Only these streams. @default all enabled streams */
  readonly streams?: readonly string[];
  /** Forget the checkpoints and read everything again (continuations then resume normally). */
  readonly full?: boolean;
  readonly timeBudget: TimeBudget;
  /** Time kept back at the end for the last checkpoint and status writes. @default 10000 */
  readonly reserveMs?: number;
  readonly signal?: AbortSignal;
  readonly onPage?: (progress: PageProgress) => void;
  /** Identifies this run's lease (shown by `hub360 connectors`). @default host/pid/random */
  readonly runId?: string;
  /** Lease TTL and renewal period. @default 60 s, renewed every 20 s */
  readonly lease?: LeaseSettings;
  /** Drives the lease heartbeat. @default real timers */
  readonly repeatEvery?: RepeatEvery;
  /** The store's live keys, for delete reconciliation (when the connector config turns it on). */
  readonly known?: KnownRecordKeys;
}

/** The outcome of one invocation of a connector's sync. */
export interface ConnectorSyncResult {
  readonly connector: string;
  /** Every selected stream read to its end; false means a follow-up invocation should continue. */
  readonly caughtUp: boolean;
  /** Another run holds the connector's lease; this one did nothing. */
  readonly skipped?: 'locked';
  readonly streams: readonly StreamRunStatus[];
  /** Streams that failed (their checkpoint stays at the last committed page). */
  readonly failed: readonly string[];
  /**
   * Why the run was stopped before its end (the process stopping, the lease lost, the caller's abort): not a
   * failure, and nothing to continue now; the next run resumes from the checkpoints.
   */
  readonly stopped?: string;
}

/**
 * Syncs a connector's streams one after another under a lease (so a schedule and a continuation never
 * run the same connector at once). The lease is short and renewed by a heartbeat while the run lives, so a
 * killed run blocks its connector for one TTL at most; it is released on every way out (success, error,
 * abort, process stop), and a run that lost it stops before its next commit with `LeaseLostError`.
 * A failing stream is recorded and the others still run; a run that runs out of time returns
 * `caughtUp: false` with every stream checkpointed.
 */
export const runConnectorSync = async (input: RunConnectorSyncInput): Promise<ConnectorSyncResult> => {
  const { connector, clock } = input;
  const selected = selectStreams(connector, input.streams);
  const lease = await takeLease({
    state: input.state,
    connector: connector.name,
    holder: input.runId ?? defaultHolder(),
    clock,
    settings: input.lease ?? DEFAULT_LEASE_SETTINGS,
    repeatEvery: input.repeatEvery ?? realRepeatEvery,
  });
  if (!lease)
    return { connector: connector.name, caughtUp: false, skipped: 'locked', streams: [], failed: [] };
  // Stopped by the caller, by this process stopping, or by losing the lease: whichever comes first.
  const stop = new AbortController();
  const signal = AbortSignal.any([stop.signal, lease.signal, ...(input.signal ? [input.signal] : [])]);
  return trackSync(
    stop,
    syncUnderLease(input, selected, lease, signal)
      .catch((err: unknown) => {
        // Stopped outside a stream (e.g. clearing checkpoints for a full sync): nothing was lost either.
        if (!signal.aborted) throw err;
        return {
          connector: connector.name,
          caughtUp: false,
          streams: [],
          failed: [],
          stopped: stopReasonOf(signal),
        };
      })
      .finally(() => lease.release()),
  );
};

/** The stop's reason in words: a SyncStoppedError or LeaseLostError message, or the caller's abort. */
const stopReasonOf = (signal: AbortSignal): string =>
  signal.reason instanceof Error
    ? `${signal.reason.name}: ${signal.reason.message}`
    : 'aborted by the caller';

/** A host/process/run id: who holds a lease is readable in `hub360 connectors` and in logs. */
const defaultHolder = () => `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;

const syncUnderLease = async (
  input: RunConnectorSyncInput,
  selected: readonly BuiltStream[],
  lease: HeldLease,
  signal: AbortSignal,
): Promise<ConnectorSyncResult> => {
  const { connector, clock } = input;
  const reserveMs = input.reserveMs ?? 10_000;
  // Every commit and checkpoint first makes sure the lease is still this run's: a run that lost it stops.
  const sink: RecordSink<IngestRecord> = {
    ingest: async (records, options) => {
      await lease.ensureHeld();
      return input.sink.ingest(records, options);
    },
  };
  const state: ConnectorStateStore = {
    ...input.state,
    saveCheckpoint: async (...args) => {
      await lease.ensureHeld();
      return input.state.saveCheckpoint(...args);
    },
    clearCheckpoint: async (...args) => {
      await lease.ensureHeld();
      return input.state.clearCheckpoint(...args);
    },
    // A run that lost the lease removes nothing: the run that took over may have filed the same keys again.
    releaseQuarantined: async (...args) => {
      await lease.ensureHeld();
      return input.state.releaseQuarantined(...args);
    },
  };
  const guarded: RunConnectorSyncInput = { ...input, sink, state, signal };
  const statuses: StreamRunStatus[] = [];
  const failed: string[] = [];
  let caughtUp = true;
  if (input.full) {
    for (const built of selected) await state.clearCheckpoint(connector.name, built.stream.name);
  }
  for (const built of selected) {
    if (input.timeBudget.remainingMs() < reserveMs) {
      caughtUp = false;
      break;
    }
    try {
      const status = await syncStream({
        connector: connector.name,
        stream: built.stream,
        translate: built.translate,
        sink,
        state,
        clock,
        full: false,
        timeBudget: input.timeBudget,
        reserveMs,
        counters: connector.counters,
        signal,
        // Test doubles of a connector may carry a partial config: the kit's default applies then.
        ...(connector.config.readAheadPages === undefined
          ? {}
          : { readAheadPages: connector.config.readAheadPages }),
        ...(input.onPage ? { onPage: input.onPage } : {}),
      });
      if (!status.caughtUp) caughtUp = false;
      const reconciled = status.caughtUp ? await reconcileIfDue(guarded, built, status) : status;
      statuses.push(reconciled);
      if (reconciled.status === 'failed') failed.push(built.stream.name);
    } catch (err: unknown) {
      // Stopped (the process stopping, the lease lost to another run, the caller's abort) is not a failure: the
      // stream's run is recorded as stopped and the run ends; the next one carries on from the checkpoints.
      if (signal.aborted) {
        const stopped = stopReasonOf(signal);
        if (err instanceof StreamSyncError) {
          const { error: _abortError, ...status } = err.status;
          const recorded: StreamRunStatus = {
            ...status,
            status: 'stopped',
            caughtUp: false,
            warnings: [...(status.warnings ?? []), `stopped: ${stopped}`],
          };
          await input.state.saveRunStatus(recorded);
          statuses.push(recorded);
        }
        return { connector: connector.name, caughtUp: false, streams: statuses, failed, stopped };
      }
      if (!(err instanceof StreamSyncError)) throw err;
      statuses.push(err.status);
      failed.push(built.stream.name);
    }
  }
  return { connector: connector.name, caughtUp: caughtUp && failed.length === 0, streams: statuses, failed };
};

const selectStreams = (connector: BuiltConnector, names: readonly string[] | undefined) => {
  if (names === undefined || names.length === 0) return connector.streams;
  const known = new Map(connector.streams.map((s) => [s.stream.name, s]));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new UnknownStreamError(
      `${connector.name} has no stream ${unknown.join(', ')}; its streams are ${[...known.keys()].join(', ')}`,
    );
  }
  return names.flatMap((n) => known.get(n) ?? []);
};

/**
 * After a stream caught up, compares its keys with the store when reconciliation is on and due, and
 * tombstones what the source no longer has; the stream's status then counts those deletes.
 */
const reconcileIfDue = async (
  input: RunConnectorSyncInput,
  built: BuiltStream,
  status: StreamRunStatus,
): Promise<StreamRunStatus> => {
  const { connector, state, clock, known } = input;
  const settings = connector.config.reconcileDeletes;
  if (!settings.enabled || !known || !built.stream.listKeys) return status;
  const last = await state.loadReconciledAt(connector.name, built.stream.name);
  const now = clock.now();
  if (last !== undefined && now - Date.parse(last) < settings.everyHours * 3_600_000) return status;
  try {
    const deleted = await reconcileDeletes({
      entity: built.entity,
      system: connector.name,
      stream: built.stream,
      known,
      sink: input.sink,
      now: clock.now,
      ...(input.signal ? { signal: input.signal } : {}),
    });
    await state.saveReconciledAt(connector.name, built.stream.name, new Date(now).toISOString());
    const updated = { ...status, recordsDeleted: status.recordsDeleted + deleted };
    await state.saveRunStatus(updated);
    return updated;
  } catch (err: unknown) {
    if (input.signal?.aborted) throw err;
    const failed: StreamRunStatus = {
      ...status,
      status: 'failed',
      caughtUp: false,
      error: `delete reconciliation: ${err instanceof Error ? err.message : String(err)}`,
    };
    await state.saveRunStatus(failed);
    return failed;
  }
};
