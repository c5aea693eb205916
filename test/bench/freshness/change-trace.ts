import { demandSignalItemKey } from '../../../core/demand/signal-item.ts';
import type { InvocationTrace } from '../../../infra/local/functions/local-functions.ts';

/** A moment on a change's way through the hub (epoch ms); undefined when the trace could not see it. */
type Moment = number | undefined;

/** What the bench knows about one change and its reaction. */
export interface TracedChange {
  /** The source row's change time. */
  readonly changedAt: number;
  /** The connector's lag: the change is invisible to a poll until `changedAt + lagMs`. */
  readonly lagMs: number;
  /** The SAP sales order key and the part it makes short. */
  readonly orderKey: string;
  readonly partNumber: string;
  /** When the target system received the reaction. */
  readonly arrivedAt: number;
}

/** Where one change's time went, stage by stage (ms); a stage the trace could not see is absent. */
export interface ChangeStages {
  /** From the change to the start of the sync that read it: connector lag plus the wait for the next poll. */
  readonly lagAndPollWait?: number;
  /** Sync start → the sales-order request that returned the change (the streams read before it). */
  readonly syncUntilRead?: number;
  /** Read → the demand function handed the order's change: the page's ingest plus the DynamoDB stream wait. */
  readonly ingestAndStream?: number;
  /** The demand function's run that re-decided the part and wrote its signal. */
  readonly demandEvaluation?: number;
  /** Signal written → the stream publisher handed its change: a pure DynamoDB stream wait. */
  readonly signalStream?: number;
  /** The publisher's run: change → event → PutEvents. */
  readonly publish?: number;
  /** PutEvents done → the planned order in ERP: rule match, input transformer, HTTP target. */
  readonly busToTarget?: number;
}

/** The stages in the order a change passes them. */
export const STAGE_KEYS = [
  'lagAndPollWait',
  'syncUntilRead',
  'ingestAndStream',
  'demandEvaluation',
  'signalStream',
  'publish',
  'busToTarget',
] as const satisfies readonly (keyof ChangeStages)[];

export interface ChangeTrace {
  readonly endToEndMs: number;
  /** The part of the wait that belongs to the poll interval: from the change being visible to the poll start. */
  readonly pollWaitMs: number;
  /** End to end minus the poll wait: what a change needs beyond one poll interval in the worst alignment. */
  readonly overPollMs: number;
  /** The connector whose write of the change reached the demand function first. */
  readonly enteredThrough?: string;
  /** Whether the sync that read the change has finished (until then its start is not known). */
  readonly syncFinished: boolean;
  readonly stages: ChangeStages;
}

interface StreamRecordLike {
  readonly dynamodb?: { readonly Keys?: Record<string, { readonly S?: string }> };
}

const recordsOf = (event: unknown): readonly StreamRecordLike[] => {
  if (typeof event !== 'object' || event === null || !('Records' in event)) return [];
  const records = (event as { Records: unknown }).Records;
  return Array.isArray(records) ? (records as StreamRecordLike[]) : [];
};

const keyText = (record: StreamRecordLike) =>
  `${record.dynamodb?.Keys?.pk?.S ?? ''}|${record.dynamodb?.Keys?.sk?.S ?? ''}`;

const connectorOf = (event: unknown): string | undefined =>
  typeof event === 'object' && event !== null && 'connector' in event
    ? String((event as { connector: unknown }).connector)
    : undefined;

/** A sync that found its connector's lease held did nothing: it cannot have read the change. */
const wasSkipped = (result: unknown) =>
  typeof result === 'object' && result !== null && 'skipped' in result && result.skipped !== undefined;

const firstInvocation = (
  traces: readonly InvocationTrace[],
  name: string,
  notBefore: number,
  carries: (record: StreamRecordLike) => boolean,
) =>
  traces
    .filter((t) => t.function === name && t.startedAt >= notBefore && recordsOf(t.event).some(carries))
    .sort((a, b) => a.startedAt - b.startedAt)[0];

const span = (from: Moment, to: Moment) => (from === undefined || to === undefined ? undefined : to - from);

/** One way a source change can enter the hub: a connector, when its source was read, and the items it writes. */
export interface EntryPath {
  readonly connector: string;
  /** When the source answered this connector's reads of the changed stream (epoch ms). */
  readonly reads: readonly number[];
  /** Whether a stream record (as `pk|sk`) is this path's write of the change. */
  readonly carries: (key: string) => boolean;
}

/**
 * Follows one change through the local hub from what the runtime and the sandbox recorded: the source request
 * logs (when the changed streams were read), the invocations of the connector syncs, the demand function and
 * the stream publisher (which carried the change's and the signal's items), and the reaction's arrival. A
 * change can enter through more than one connector (an SAP order also reserves stock in SCM); the trace
 * follows the one that reached the demand function first.
 */
export const traceChange = (
  change: TracedChange,
  invocations: readonly InvocationTrace[],
  paths: readonly EntryPath[],
): ChangeTrace => {
  const visibleAt = change.changedAt + change.lagMs;
  const entries = paths.flatMap((path) => {
    const readAt = path.reads.filter((at) => at >= visibleAt).sort((a, b) => a - b)[0];
    const demand = firstInvocation(invocations, 'demand-recompute', readAt ?? visibleAt, (r) =>
      path.carries(keyText(r)),
    );
    return demand ? [{ path, readAt, demand }] : [];
  });
  const entry = entries.sort((a, b) => a.demand.startedAt - b.demand.startedAt)[0];
  const readAt = entry?.readAt;
  const sync =
    readAt === undefined
      ? undefined
      : invocations
          .filter(
            (t) =>
              t.function === 'connector-sync' &&
              connectorOf(t.event) === entry?.path.connector &&
              !wasSkipped(t.result) &&
              t.startedAt <= readAt &&
              t.finishedAt >= readAt,
          )
          .sort((a, b) => b.startedAt - a.startedAt)[0];
  const demand = entry?.demand;
  const signalKey = demandSignalItemKey(change.partNumber);
  const publish = firstInvocation(
    invocations,
    'stream-publisher',
    demand?.startedAt ?? readAt ?? visibleAt,
    (r) => keyText(r) === `${signalKey.pk}|${signalKey.sk}`,
  );
  const pollStart = sync?.startedAt ?? readAt;
  const pollWaitMs = pollStart === undefined ? 0 : Math.max(0, pollStart - visibleAt);
  const endToEndMs = change.arrivedAt - change.changedAt;
  // A sync already under way when the change happened still reads it: its wait then starts at the change.
  const waitEnd = pollStart === undefined ? undefined : Math.max(pollStart, change.changedAt);
  const stages: Record<keyof ChangeStages, number | undefined> = {
    lagAndPollWait: span(change.changedAt, waitEnd),
    syncUntilRead: span(waitEnd, readAt),
    ingestAndStream: span(readAt, demand?.startedAt),
    demandEvaluation: span(demand?.startedAt, demand?.finishedAt),
    signalStream: span(demand?.finishedAt, publish?.startedAt),
    publish: span(publish?.startedAt, publish?.finishedAt),
    busToTarget: span(publish?.finishedAt, change.arrivedAt),
  };
  return {
    endToEndMs,
    pollWaitMs,
    overPollMs: endToEndMs - pollWaitMs,
    ...(entry ? { enteredThrough: entry.path.connector } : {}),
    syncFinished: sync !== undefined,
    stages: Object.fromEntries(Object.entries(stages).filter(([, v]) => v !== undefined)) as ChangeStages,
  };
};
