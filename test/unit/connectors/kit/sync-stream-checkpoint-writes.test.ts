import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { SourceStream } from '../../../../connectors/kit/source-stream.ts';
import { syncStream } from '../../../../connectors/kit/sync-stream.ts';
import { unlimitedTimeBudget } from '../../../../connectors/kit/time-budget.ts';
import type { Clock } from '../../../../core/ports/clock.ts';
import { identityTranslator, ModelConnectorState, ModelSink, type SourceRow } from '../sync-stream-model.ts';

/** The connector state of the model, keeping the time of every checkpoint write. */
class RecordingState extends ModelConnectorState {
  readonly writes: string[] = [];
  override async saveCheckpoint(connector: string, stream: string, state: unknown, savedAt: string) {
    this.writes.push(savedAt);
    await super.saveCheckpoint(connector, stream, state, savedAt);
  }
}

/** A clock that moves 100 ms each time it is read, so a later write carries a later time. */
const steppingClock = (): Clock => {
  let now = Date.parse('2026-03-01T10:00:00Z');
  return {
    now: () => {
      now += 100;
      return now;
    },
    sleep: async () => {},
  };
};

/** A stream of two one-row pages, checkpointed by the number of pages read. */
const twoPages = (): SourceStream<{ page: number }> => ({
  name: 'rows',
  primaryKey: ['key'],
  cursorField: 'seq',
  stateSchema: z.object({ page: z.number().int() }),
  watermarkOf: () => undefined,
  async *read(state) {
    const rows: SourceRow[] = [
      { key: 'a', seq: 1, value: 'a' },
      { key: 'b', seq: 2, value: 'b' },
    ];
    for (const [i, row] of rows.entries())
      if ((state?.page ?? 0) <= i) yield { records: [row], state: { page: i + 1 } };
  },
});

const sync = (state: RecordingState) =>
  syncStream({
    connector: 'erp',
    stream: twoPages(),
    translate: identityTranslator,
    sink: new ModelSink(),
    state,
    clock: steppingClock(),
    full: false,
    timeBudget: unlimitedTimeBudget,
    reserveMs: 0,
    counters: () => ({ requests: 0, retries: 0 }),
  });

describe('syncStream checkpoint writes', () => {
  it('writes one checkpoint a page in an incremental run and none again at its end', async () => {
    const state = new RecordingState();
    await state.saveCheckpoint('erp', 'rows', { page: 0 }, '2026-03-01T09:00:00.000Z');
    state.writes.length = 0;

    const status = await sync(state);

    expect(status).toMatchObject({ status: 'succeeded', pages: 2 });
    expect(state.writes).toHaveLength(2);
    // The stored checkpoint is the last page's write, not a copy of it saved again later.
    expect(state.checkpoints.get('erp/rows')).toEqual({ state: { page: 2 }, savedAt: state.writes[1] });
  });

  it('writes the end of a first load once more, after its last page, to drop the backfill mark', async () => {
    const state = new RecordingState();

    await sync(state);

    expect(state.writes).toHaveLength(3);
    expect(state.checkpoints.get('erp/rows')?.state).toEqual({ page: 2 });
  });
});
