import { describe, expect, it } from 'vitest';
import {
  advanceRun,
  compareKeys,
  completeRun,
  isAfter,
  isCommitted,
  planWindow,
  queryLowerBound,
  timestampWatermark,
  truncateToGranularity,
} from '../../../../connectors/kit/incremental/timestamp-window.ts';

const settings = { overlapMs: 60_000, lagMs: 10_000 };
const NOW = Date.parse('2026-03-01T12:00:00Z');
const position = (cursor: string, ...key: (string | number)[]) => ({ cursor, key });

describe('planWindow', () => {
  it('reads everything up to now minus the lag on a first run (no watermark)', () => {
    expect(planWindow(undefined, settings, NOW)).toEqual({ upTo: '2026-03-01T11:59:50.000Z' });
    expect(planWindow({}, settings, NOW)).toEqual({ upTo: '2026-03-01T11:59:50.000Z' });
  });

  it('never starts a window after its end, even when the watermark lies ahead of now minus the lag', () => {
    const window = planWindow({ watermark: '2026-03-01T12:30:00.000Z' }, settings, NOW);

    expect(window).toEqual({ from: '2026-03-01T11:59:50.000Z', upTo: '2026-03-01T11:59:50.000Z' });
  });

  it('starts exactly at the watermark with no overlap and ends at now with no lag', () => {
    const window = planWindow({ watermark: '2026-03-01T11:00:00.000Z' }, { overlapMs: 0, lagMs: 0 }, NOW);

    expect(window).toEqual({ from: '2026-03-01T11:00:00.000Z', upTo: '2026-03-01T12:00:00.000Z' });
  });
});

describe('compareKeys', () => {
  it('orders numbers numerically and strings by code unit, field by field', () => {
    expect(compareKeys([9], [10])).toBe(-1);
    expect(compareKeys([10], [9])).toBe(1);
    expect(compareKeys(['9'], ['10'])).toBe(1);
    expect(compareKeys(['a'], ['B'])).toBe(1);
    expect(compareKeys(['HH1', 2], ['HH1', 1])).toBe(1);
    expect(compareKeys(['HH1', 1], ['HH1', 1])).toBe(0);
  });

  it('puts a shorter key that is a prefix of a longer one first', () => {
    expect(compareKeys(['A'], ['A', 1])).toBe(-1);
    expect(compareKeys(['A', 1], ['A'])).toBe(1);
  });
});

describe('isCommitted and isAfter', () => {
  const after = position('2026-03-01T09:00:00.000Z', 5);
  const at = Date.parse(after.cursor);

  it('counts nothing as committed before a run committed anything', () => {
    expect(isCommitted(undefined, at, [1])).toBe(false);
  });

  it('treats a later cursor as not committed whatever its key', () => {
    expect(isCommitted(after, at + 1, [1])).toBe(false);
  });

  it('puts everything after no position, and only later cursors or equal cursors with a greater key after one', () => {
    expect(isAfter(undefined, 0, [0])).toBe(true);
    expect(isAfter(after, at + 1, [0])).toBe(true);
    expect(isAfter(after, at - 1, [99])).toBe(false);
    expect(isAfter(after, at, [6])).toBe(true);
    expect(isAfter(after, at, [5])).toBe(false);
    expect(isAfter(after, at, [4])).toBe(false);
  });
});

describe('checkpoints of a timestamp run', () => {
  const window = { from: '2026-03-01T10:59:00.000Z', upTo: '2026-03-01T11:59:50.000Z' };

  it('filters from the resume position when there is one, else from the window start', () => {
    expect(queryLowerBound(window)).toBe('2026-03-01T10:59:00.000Z');
    expect(queryLowerBound({ ...window, after: position('2026-03-01T11:10:00.000Z', 1) })).toBe(
      '2026-03-01T11:10:00.000Z',
    );
    expect(queryLowerBound({ upTo: window.upTo })).toBeUndefined();
  });

  it('keeps the watermark and records the run with its last committed position after a page', () => {
    const next = advanceRun(
      { watermark: '2026-03-01T11:00:00.000Z' },
      window,
      position('2026-03-01T11:10:00.000Z', 1),
    );

    expect(next).toEqual({
      watermark: '2026-03-01T11:00:00.000Z',
      run: { ...window, after: position('2026-03-01T11:10:00.000Z', 1) },
    });
    expect(advanceRun(undefined, window, undefined)).toEqual({ run: window });
  });

  it('moves the watermark to the window end and forgets the run once the window is read', () => {
    expect(completeRun(window)).toEqual({ watermark: '2026-03-01T11:59:50.000Z' });
  });

  it('reports the resumed run’s position as the watermark for the lag, else the watermark itself', () => {
    expect(timestampWatermark({})).toBeUndefined();
    expect(timestampWatermark({ watermark: '2026-03-01T11:00:00.000Z' })).toBe(
      Date.parse('2026-03-01T11:00:00Z'),
    );
    expect(
      timestampWatermark({
        watermark: '2026-03-01T11:00:00.000Z',
        run: { ...window, after: position('2026-03-01T11:10:00.000Z', 1) },
      }),
    ).toBe(Date.parse('2026-03-01T11:10:00Z'));
  });

  it('leaves an instant-granular bound as it is', () => {
    expect(truncateToGranularity('2026-03-01T10:59:00.000Z', 'instant')).toBe('2026-03-01T10:59:00.000Z');
  });
});
