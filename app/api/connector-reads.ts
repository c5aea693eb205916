import type {
  ConnectorStateStore,
  QuarantineEntry,
  StreamRunStatus,
} from '../../core/ports/connector-state.ts';
import type { ConnectorStatus } from '../../schemas/api/connectors.ts';
import type { PageQuery } from '../../schemas/api/pagination.ts';
import { ConnectorNotFoundError, InvalidCursorError } from './errors.ts';
import type { CursorCodec } from './http/cursor.ts';
import { type QuarantineReader, StartKeySchema } from './quarantine-reader.ts';

export interface ConnectorReadsDeps {
  readonly state: Pick<ConnectorStateStore, 'listRunStatuses' | 'readLease'>;
  readonly quarantine: QuarantineReader;
  readonly cursors: () => Promise<CursorCodec>;
}

const toSeconds = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms / 1000));

const overallStatus = (streams: readonly StreamRunStatus[]): ConnectorStatus['status'] => {
  if (streams.some((s) => s.status === 'failed')) return 'failing';
  if (streams.some((s) => s.status === 'running')) return 'running';
  return 'healthy';
};

/** One connector's health from its streams' last runs: the worst status, the largest lag, the latest error. */
export const summariseConnector = (
  name: string,
  streams: readonly StreamRunStatus[],
  quarantined: number,
): ConnectorStatus => {
  const lags = streams.flatMap((s) => (s.lagMs === undefined ? [] : [s.lagMs]));
  const lastFailure = [...streams]
    .filter((s) => s.error)
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
  return {
    name,
    status: overallStatus(streams),
    ...(lags.length > 0 ? { lagSeconds: toSeconds(Math.max(...lags)) } : {}),
    ...(lastFailure?.error ? { lastError: lastFailure.error } : {}),
    quarantined,
    quarantineHref: `/connectors/${encodeURIComponent(name)}/quarantine`,
    streams: [...streams]
      .sort((a, b) => a.stream.localeCompare(b.stream))
      .map((s) => ({
        stream: s.stream,
        status: s.status,
        caughtUp: s.caughtUp,
        lastRunStartedAt: s.startedAt,
        ...(s.finishedAt ? { lastRunFinishedAt: s.finishedAt } : {}),
        ...(s.lagMs === undefined ? {} : { lagSeconds: toSeconds(s.lagMs) }),
        ...(s.watermark ? { watermark: s.watermark } : {}),
        recordsRead: s.recordsRead,
        recordsWritten: s.recordsWritten,
        recordsQuarantined: s.recordsQuarantined,
        ...(s.recordsReleased === undefined ? {} : { recordsReleased: s.recordsReleased }),
        ...(s.error ? { lastError: s.error } : {}),
      })),
  };
};

const quarantineListing = (connector: string) => `quarantine:${connector}`;

/** Connector status and quarantine, for the query API. */
export const createConnectorReads = (deps: ConnectorReadsDeps) => ({
  /** Every connector that has run, with its streams and how many records sit in its quarantine. */
  async list(): Promise<{ items: ConnectorStatus[] }> {
    const byConnector = new Map<string, StreamRunStatus[]>();
    for (const status of await deps.state.listRunStatuses()) {
      byConnector.set(status.connector, [...(byConnector.get(status.connector) ?? []), status]);
    }
    const names = [...byConnector.keys()].sort();
    const counts = await Promise.all(names.map((name) => deps.quarantine.count(name)));
    return {
      items: names.map((name, i) => summariseConnector(name, byConnector.get(name) ?? [], counts[i] ?? 0)),
    };
  },

  /** One page of a connector's quarantined records. */
  async quarantine(
    connector: string,
    page: PageQuery,
  ): Promise<{ items: QuarantineEntry[]; nextCursor?: string }> {
    const cursors = await deps.cursors();
    const listing = quarantineListing(connector);
    let start: Record<string, string> | undefined;
    if (page.cursor !== undefined) {
      const position = StartKeySchema.safeParse(cursors.open(page.cursor, listing));
      if (!position.success) throw new InvalidCursorError();
      start = position.data;
    }
    const result = await deps.quarantine.page(connector, page.limit, start);
    if (result.items.length === 0 && start === undefined) {
      // Nothing quarantined, or no such connector: a connector is known once it has run or is running now
      // (its first sync holds a lease before any stream has finished and saved a status).
      const [runs, lease] = await Promise.all([
        deps.state.listRunStatuses(connector),
        deps.state.readLease(connector),
      ]);
      if (runs.length === 0 && lease === undefined) throw new ConnectorNotFoundError(connector);
    }
    return {
      items: result.items,
      ...(result.next ? { nextCursor: cursors.seal(result.next, listing) } : {}),
    };
  },
});

export type ConnectorReads = ReturnType<typeof createConnectorReads>;
