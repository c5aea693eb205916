import { describe, expect, it } from 'vitest';
import {
  createTimestampStream,
  type FetchedPage,
  recordCursorOf,
  recordKeyOf,
  recordKeyTupleOf,
  type TimestampStreamSpec,
  type WindowQuery,
} from '../../../../connectors/kit/incremental/timestamp-stream.ts';
import type { TimestampCursorState } from '../../../../connectors/kit/incremental/timestamp-window.ts';
import { createVirtualClock } from '../../../../core/ports/clock.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('record keys and cursors', () => {
  it('reads the key fields as a tuple, numbers kept, and joins them with | for the store', () => {
    const raw = { plant: 'HH1', part: { no: 42 } };

    expect(recordKeyTupleOf(raw, ['plant', 'part.no'])).toEqual(['HH1', 42]);
    expect(recordKeyOf(raw, ['plant', 'part.no'])).toBe('HH1|42');
  });

  it('has no key when a key field is missing, empty, not a scalar, or no key field is configured', () => {
    expect(recordKeyTupleOf({ plant: 'HH1' }, ['plant', 'part'])).toBeUndefined();
    expect(recordKeyTupleOf({ plant: '' }, ['plant'])).toBeUndefined();
    expect(recordKeyTupleOf({ plant: true }, ['plant'])).toBeUndefined();
    expect(recordKeyTupleOf({ plant: 'HH1' }, [])).toBeUndefined();
    expect(recordKeyOf({ plant: null }, ['plant'])).toBeUndefined();
  });

  it('adds a separate time of day to a date-only cursor, and has no cursor when that time is unreadable', () => {
    const spec = { cursorField: 'date', cursorFormat: 'iso' as const, cursorTimeField: 'time' };

    expect(recordCursorOf({ date: '2026-03-01T00:00:00', time: 'PT09H30M00S' }, spec)).toBe(
      Date.parse('2026-03-01T09:30:00Z'),
    );
    expect(recordCursorOf({ date: '2026-03-01T00:00:00', time: 'later' }, spec)).toBeUndefined();
    expect(recordCursorOf({ time: 'PT09H30M00S' }, spec)).toBeUndefined();
    expect(
      recordCursorOf({ date: '2026-03-01T08:00:00Z' }, { cursorField: 'date', cursorFormat: 'iso' }),
    ).toBe(Date.parse('2026-03-01T08:00:00Z'));
  });
});

/** A stream over fixed pages that records each window query it was asked. */
const streamOver = (pages: readonly FetchedPage[], extra: Partial<TimestampStreamSpec> = {}) => {
  const queries: WindowQuery[] = [];
  const stream = createTimestampStream({
    name: 'parts',
    primaryKey: ['id'],
    cursorField: 'changed',
    cursorFormat: 'iso',
    granularity: 'instant',
    incremental: { overlapMs: 60_000, lagMs: 10_000 },
    clock: createVirtualClock(() => NOW),
    async *fetchPages(query) {
      queries.push(query);
      yield* pages;
    },
    ...extra,
  });
  return { stream, queries };
};

const readAll = async (
  stream: ReturnType<typeof streamOver>['stream'],
  state: TimestampCursorState | undefined,
  full = false,
) => {
  const pages = [];
  for await (const page of stream.read(state, { full })) pages.push(page);
  return pages;
};

describe('createTimestampStream', () => {
  const watermarked = { watermark: '2026-03-01T11:00:00.000Z' };

  it('queries from the watermark minus the overlap, passes the source total on and ends with the completed window', async () => {
    const { stream, queries } = streamOver([
      { records: [{ id: 1, changed: '2026-03-01T11:30:00Z' }], total: 1 },
    ]);

    const pages = await readAll(stream, watermarked);

    expect(queries).toEqual([{ from: '2026-03-01T10:59:00.000Z', upTo: '2026-03-01T11:59:50.000Z' }]);
    expect(pages).toEqual([
      {
        records: [{ id: 1, changed: '2026-03-01T11:30:00Z' }],
        total: 1,
        state: {
          watermark: '2026-03-01T11:00:00.000Z',
          run: {
            from: '2026-03-01T10:59:00.000Z',
            upTo: '2026-03-01T11:59:50.000Z',
            after: { cursor: '2026-03-01T11:30:00.000Z', key: [1] },
          },
        },
      },
      { records: [], state: { watermark: '2026-03-01T11:59:50.000Z' } },
    ]);
  });

  it('ignores the checkpoint on a full read', async () => {
    const { stream, queries } = streamOver([]);

    await readAll(stream, watermarked, true);

    expect(queries).toEqual([{ from: undefined, upTo: '2026-03-01T11:59:50.000Z' }]);
  });

  it('filters a day-granular cursor from midnight of the window start', async () => {
    const { stream, queries } = streamOver([], { granularity: 'day' });

    await readAll(stream, watermarked);

    expect(queries[0]?.from).toBe('2026-03-01T00:00:00.000Z');
  });

  it('passes records without a readable cursor or key on (to be quarantined) without moving the position', async () => {
    const noCursor = { id: 2, changed: 'yesterday' };
    const noKey = { changed: '2026-03-01T11:50:00Z' };
    const { stream } = streamOver([
      { records: [{ id: 1, changed: '2026-03-01T11:30:00Z' }, noCursor, noKey] },
    ]);

    const [page] = await readAll(stream, watermarked);

    expect(page?.records).toEqual([{ id: 1, changed: '2026-03-01T11:30:00Z' }, noCursor, noKey]);
    expect(page?.state.run?.after).toEqual({ cursor: '2026-03-01T11:30:00.000Z', key: [1] });
  });

  it('keeps the latest (cursor, key) as the position when the source serves rows out of order', async () => {
    const { stream } = streamOver([
      {
        records: [
          { id: 3, changed: '2026-03-01T11:40:00Z' },
          { id: 1, changed: '2026-03-01T11:30:00Z' },
        ],
      },
    ]);

    const [page] = await readAll(stream, watermarked);

    expect(page?.state.run?.after).toEqual({ cursor: '2026-03-01T11:40:00.000Z', key: [3] });
  });

  it('offers the source’s key listing only when the spec has one, and reports the watermark for the lag', () => {
    const listKeys = async function* () {
      yield ['1'];
    };

    expect(streamOver([]).stream.listKeys).toBeUndefined();
    expect(streamOver([], { listKeys }).stream.listKeys).toBe(listKeys);
    const { stream } = streamOver([]);
    expect([stream.name, stream.primaryKey, stream.cursorField]).toEqual(['parts', ['id'], 'changed']);
    expect(stream.watermarkOf(watermarked)).toBe(Date.parse('2026-03-01T11:00:00Z'));
  });
});
