import { randomUUID } from 'node:crypto';
import type { ConnectorSyncPausedDetail } from '../../adapters/eventbridge/continuation.ts';
import {
  type BuiltConnector,
  buildConnector,
  type ConnectorDependencies,
} from '../../connectors/assembly/build-connector.ts';
import type { ConnectorsConfig } from '../../connectors/config/connector-config.ts';
import type { RetryNotice } from '../../connectors/http/http-client.ts';
import { fetchTransport, type HttpTransport } from '../../connectors/http/transport.ts';
import type { KnownRecordKeys } from '../../connectors/kit/reconcile-deletes.ts';
import type { RecordSink } from '../../connectors/kit/record-translator.ts';
import type { PageProgress } from '../../connectors/kit/sync-stream.ts';
import type { TimeBudget } from '../../connectors/kit/time-budget.ts';
import { type Clock, systemClock } from '../../core/ports/clock.ts';
import type { ConnectorStateStore } from '../../core/ports/connector-state.ts';
import type { SecretResolver } from '../../core/ports/secret-resolver.ts';
import type { IngestRecord } from '../../schemas/entities/validated-record.ts';
import type { LeaseSettings, RepeatEvery } from './connector-lease.ts';
import { type ConnectorSyncResult, runConnectorSync } from './run-connector-sync.ts';
import type { ConnectorSyncRequest } from './sync-request.ts';

/** A sync was asked for a connector this deployment does not configure. */
export class UnknownConnectorError extends Error {
  override readonly name = 'UnknownConnectorError';
}

export interface ConnectorSyncServiceDependencies {
  readonly connectors: ConnectorsConfig;
  readonly sink: RecordSink<IngestRecord>;
  readonly state: ConnectorStateStore;
  readonly secrets: SecretResolver;
  readonly clock?: Clock;
  readonly transport?: HttpTransport;
  readonly openLanding?: ConnectorDependencies['openLanding'];
  readonly onRetry?: (connector: string, notice: RetryNotice) => void;
  /** The store's live keys, for delete reconciliation. */
  readonly known?: KnownRecordKeys;
  /** Lease TTL and renewal period of every sync. @default 60 s, renewed every 20 s */
  readonly lease?: LeaseSettings;
  /** Drives the lease heartbeat. @default real timers */
  readonly repeatEvery?: RepeatEvery;
  /** Announces a paused sync so it continues at once (EventBridge on both runtimes). */
  readonly publishPaused?: (detail: ConnectorSyncPausedDetail) => Promise<void>;
}

export interface SyncOptions {
  readonly timeBudget: TimeBudget;
  readonly reserveMs?: number;
  readonly signal?: AbortSignal;
  readonly onPage?: (progress: PageProgress) => void;
  readonly correlationId?: string;
}

/** A sync's result and whether a continuation was requested. */
export type ConnectorSyncOutcome = ConnectorSyncResult & { readonly continued: boolean };

/** Runs connector syncs from configuration: builds each connector once (keeping its tokens warm) and syncs it. */
export const createConnectorSyncService = (deps: ConnectorSyncServiceDependencies) => {
  const clock = deps.clock ?? systemClock;
  const built = new Map<string, BuiltConnector>();
  const connectorFor = (name: string): BuiltConnector => {
    const cached = built.get(name);
    if (cached) return cached;
    const config = deps.connectors[name];
    if (!config) {
      const known = Object.keys(deps.connectors);
      throw new UnknownConnectorError(
        `connector "${name}" is not configured${known.length > 0 ? `; configured: ${known.join(', ')}` : ''}`,
      );
    }
    const connector = buildConnector(name, config, {
      clock,
      transport: deps.transport ?? fetchTransport,
      secrets: deps.secrets,
      ...(deps.openLanding ? { openLanding: deps.openLanding } : {}),
      ...(deps.onRetry ? { onRetry: (notice: RetryNotice) => deps.onRetry?.(name, notice) } : {}),
    });
    built.set(name, connector);
    return connector;
  };

  return {
    /** Names of the configured connectors. */
    configured: (): string[] => Object.keys(deps.connectors),
    /** The built connector (for `check()` and stream listings). */
    connector: connectorFor,
    /** Syncs a connector; when it ran out of time with work left, asks for a continuation. */
    sync: async (request: ConnectorSyncRequest, options: SyncOptions): Promise<ConnectorSyncOutcome> => {
      const connector = connectorFor(request.connector);
      const result = await runConnectorSync({
        connector,
        sink: deps.sink,
        state: deps.state,
        clock,
        full: request.full,
        timeBudget: options.timeBudget,
        ...(request.streams ? { streams: request.streams } : {}),
        ...(deps.known ? { known: deps.known } : {}),
        ...(deps.lease ? { lease: deps.lease } : {}),
        ...(deps.repeatEvery ? { repeatEvery: deps.repeatEvery } : {}),
        ...(options.reserveMs === undefined ? {} : { reserveMs: options.reserveMs }),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onPage ? { onPage: options.onPage } : {}),
      });
      // A stopped run is not continued now: its process is stopping or another run holds the lease.
      const needsMore =
        !result.caughtUp && !result.skipped && result.stopped === undefined && result.failed.length === 0;
      if (needsMore && deps.publishPaused) {
        await deps.publishPaused({
          schemaVersion: 1,
          connector: connector.name,
          pausedAt: new Date(clock.now()).toISOString(),
          streams: result.streams.filter((s) => s.status === 'stopped').map((s) => s.stream),
          correlationId: options.correlationId ?? randomUUID(),
        });
      }
      return { ...result, continued: needsMore && deps.publishPaused !== undefined };
    },
  };
};

export type ConnectorSyncService = ReturnType<typeof createConnectorSyncService>;
