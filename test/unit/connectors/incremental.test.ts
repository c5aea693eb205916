import { describe, expect, it } from 'vitest';
import { parseCursorValue, parseTimeOfDay } from '../../../connectors/kit/incremental/cursor-value.ts';
import { createTimestampStream } from '../../../connectors/kit/incremental/timestamp-stream.ts';
import {
  compareKeys,
  isCommitted,
  planWindow,
  truncateToGranularity,
} from '../../../connectors/kit/incremental/timestamp-window.ts';
import { createVirtualClock } from '../../../core/ports/clock.ts';

const settings = { overlapMs: 60_000, lagMs: 10_000 };
const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('incremental window', () => {
  it('starts at the watermark minus the overlap and ends at now minus the lag', () => {
    const window = planWindow({ watermark: '2026-03-01T11:00:00.000Z' }, settings, NOW);

    expect(window).toEqual({ from: '2026-03-01T10:59:00.000Z', upTo: '2026-03-01T11:59:50.000Z' });
  });

  it('resumes an unfinished run exactly as it was planned', () => {
    const run = {
      upTo: '2026-03-01T10:00:00.000Z',
      after: { cursor: '2026-03-01T09:00:00.000Z', key: ['7'] },
    };

    expect(planWindow({ run }, settings, NOW)).toBe(run);
  });

  it('breaks timestamp ties by key, numbers numerically and strings by code unit', () => {
    const after = { cursor: '2026-03-01T09:00:00.000Z', key: [9] };
    const at = Date.parse(after.cursor);

    expect(isCommitted(after, at, [9])).toBe(true);
    expect(isCommitted(after, at, [10])).toBe(false);
    expect(isCommitted(after, at - 1, [99])).toBe(true);
    expect(compareKeys(['B'], ['a'])).toBeLessThan(0);
    expect(compareKeys(['HH1', 'P-1'], ['HH1', 'P-2'])).toBeLessThan(0);
  });

  it('filters day-granular cursors from midnight, so nothing changed that day is cut off', () => {
    expect(truncateToGranularity('2026-03-01T10:59:00.000Z', 'day')).toBe('2026-03-01T00:00:00.000Z');
  });

  it('reads OData v2 dates, ISO instants and SAP times of day', () => {
    expect(parseCursorValue('/Date(1700000000000+0000)/', 'odata-v2-date')).toBe(1_700_000_000_000);
    expect(parseCursorValue('2026-03-01T10:00:00', 'iso')).toBe(Date.parse('2026-03-01T10:00:00Z'));
    expect(parseCursorValue('yesterday', 'iso')).toBeUndefined();
    expect(parseTimeOfDay('PT09H05M07S')).toBe((9 * 3600 + 5 * 60 + 7) * 1000);
  });
});

describe('timestamp stream', () => {
  const rows = [
    { id: 1, changed: '2026-03-01T09:00:00Z' },
    { id: 2, changed: '2026-03-01T09:00:00Z' },
    { id: 3, changed: '2026-03-01T09:00:00Z' },
    { id: 4, changed: '2026-03-01T09:30:00Z' },
  ];
  const streamOver = (pageSize: number) =>
    createTimestampStream({
      name: 'things',
      primaryKey: ['id'],
      cursorField: 'changed',
      cursorFormat: 'iso',
      granularity: 'instant',
      incremental: settings,
      clock: createVirtualClock(() => NOW),
      async *fetchPages(query) {
        const from = query.from === undefined ? 0 : Date.parse(query.from);
        const matching = rows.filter((r) => Date.parse(r.changed) >= from);
        for (let i = 0; i < matching.length; i += pageSize)
          yield { records: matching.slice(i, i + pageSize) };
      },
    });

  it('resumed after a page that ended inside a tie, re-reads none of the committed rows and misses none', async () => {
    const stream = streamOver(2);
    const pages = [];
    for await (const page of stream.read(undefined, { full: false })) pages.push(page);
    const afterFirstPage = pages[0]?.state;

    const resumed: unknown[] = [];
    for await (const page of stream.read(afterFirstPage, { full: false })) resumed.push(...page.records);

    expect(afterFirstPage?.run?.after).toEqual({ cursor: '2026-03-01T09:00:00.000Z', key: [2] });
    expect(resumed).toEqual([rows[2], rows[3]]);
    expect(pages.at(-1)?.state).toEqual({ watermark: '2026-03-01T11:59:50.000Z' });
  });
});
