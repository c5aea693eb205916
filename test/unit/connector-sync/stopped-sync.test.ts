import { describe, expect, it } from 'vitest';
import { stopActiveSyncs } from '../../../app/connector-sync/active-syncs.ts';
import { LeaseLostError, leaseSettingsOf } from '../../../app/connector-sync/connector-lease.ts';
import { runConnectorSync } from '../../../app/connector-sync/run-connector-sync.ts';
import type { BuiltConnector } from '../../../connectors/assembly/build-connector.ts';
import type { RecordSink } from '../../../connectors/kit/record-translator.ts';
import type { RawPage, SourceStream } from '../../../connectors/kit/source-stream.ts';
import { unlimitedTimeBudget } from '../../../connectors/kit/time-budget.ts';
import type { ConnectorStateStore } from '../../../core/ports/connector-state.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { createManualClock } from '../../support/manual-clock.ts';
import {
  identityTranslator,
  ModelConnectorState,
  ModelSink,
  ModelSource,
} from '../connectors/sync-stream-model.ts';

const T0 = Date.parse('2026-03-01T10:00:00Z');

const connectorOf = (name: string, stream: SourceStream): BuiltConnector =>
  ({
    name,
    streams: [{ stream, entity: 'customer', translate: identityTranslator }],
    config: { reconcileDeletes: { enabled: false, everyHours: 24 } },
    counters: () => ({ requests: 0, retries: 0 }),
  }) as unknown as BuiltConnector;

/** A stream that yields one page, then waits on its source until the sync is aborted. */
const stuckAfterPageOne = (onWaiting: () => void): SourceStream<{ seq: number }> => {
  const source = new ModelSource();
  return {
    ...source.stream(2),
    async *read(_state, options): AsyncIterable<RawPage<{ seq: number }>> {
      yield { records: [{ key: 'a', seq: 1, value: 'a1' }], state: { seq: 1 } };
      onWaiting();
      await new Promise((_, reject) =>
        options.signal?.addEventListener('abort', () => reject(options.signal?.reason), { once: true }),
      );
    },
  };
};

/** The model's methods as own properties: the sync spreads the state store to guard its writes. */
const asPlainObject = (model: ModelConnectorState): ConnectorStateStore =>
  Object.fromEntries(
    Object.getOwnPropertyNames(ModelConnectorState.prototype)
      .filter((name) => name !== 'constructor')
      .map((name) => [
        name,
        (model[name as keyof ModelConnectorState] as (...a: unknown[]) => unknown).bind(model),
      ]),
  ) as unknown as ConnectorStateStore;

const syncOf = (
  stream: SourceStream,
  state: ModelConnectorState,
  signal?: AbortSignal,
  onPage?: () => void,
) => {
  const time = createManualClock(T0);
  return runConnectorSync({
    connector: connectorOf('erp', stream),
    sink: new ModelSink() as unknown as RecordSink<CanonicalRecordInput>,
    state: asPlainObject(state),
    clock: time.clock,
    repeatEvery: time.repeatEvery,
    lease: leaseSettingsOf(60_000),
    timeBudget: unlimitedTimeBudget,
    reserveMs: 0,
    ...(signal ? { signal } : {}),
    ...(onPage ? { onPage } : {}),
  });
};

describe('a sync stopped by the hub stopping is recorded as stopped, not failed', () => {
  it('resolves with the stop reason and records the stream as stopped with its committed page', async () => {
    const state = new ModelConnectorState();
    let waiting: () => void = () => {};
    const onSecondPage = new Promise<void>((resolve) => {
      waiting = resolve;
    });
    let committed: () => void = () => {};
    const pageOneCommitted = new Promise<void>((resolve) => {
      committed = resolve;
    });
    const running = syncOf(stuckAfterPageOne(waiting), state, undefined, committed);
    await Promise.all([onSecondPage, pageOneCommitted]);

    await stopActiveSyncs('the local hub is stopping');
    const result = await running;

    expect(result.stopped).toBe('SyncStoppedError: the local hub is stopping');
    expect(result.failed).toEqual([]);
    expect(result.caughtUp).toBe(false);
    const last = state.statuses.at(-1);
    expect(last).toMatchObject({ status: 'stopped', pages: 1, recordsRead: 1, caughtUp: false });
    expect(last?.error).toBeUndefined();
    expect(last?.warnings).toEqual(['stopped: SyncStoppedError: the local hub is stopping']);
    expect(state.checkpoints.get('erp/rows')?.state).toEqual({ seq: 1 });
  });

  it('treats a lost lease as a stop as well', async () => {
    const state = new ModelConnectorState();
    const caller = new AbortController();
    let waiting: () => void = () => {};
    const onSecondPage = new Promise<void>((resolve) => {
      waiting = resolve;
    });
    const running = syncOf(stuckAfterPageOne(waiting), state, caller.signal);
    await onSecondPage;

    caller.abort(new LeaseLostError('erp: lease of run-1 was taken over by another run'));
    const result = await running;

    expect(result.stopped).toBe('LeaseLostError: erp: lease of run-1 was taken over by another run');
    expect(state.statuses.at(-1)?.status).toBe('stopped');
  });
});
