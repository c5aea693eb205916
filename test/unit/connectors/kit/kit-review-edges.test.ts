import { afterEach, describe, expect, it } from 'vitest';
import { parseCursorValue, parseTimeOfDay } from '../../../../connectors/kit/incremental/cursor-value.ts';
import { timestampWatermark } from '../../../../connectors/kit/incremental/timestamp-window.ts';
import { reconcileDeletes } from '../../../../connectors/kit/reconcile-deletes.ts';
import type { SourceStream } from '../../../../connectors/kit/source-stream.ts';

// The kit's survivors left after its ed90e78 run (issue 17): cursor values that are not text, bare
// date-times in a process that does not run in UTC, a resumed run without a position, and the name a
// refused reconciliation reports under.

const TEN_UTC = Date.UTC(2026, 2, 1, 10);

describe('parseCursorValue of values that are not text', () => {
  it('reads no ISO cursor from an array holding a timestamp', () => {
    expect(parseCursorValue(['2026-03-01T10:00:00Z'], 'iso')).toBeUndefined();
    expect(parseCursorValue(['2026-03-01T10:00:00'], 'iso')).toBeUndefined();
  });

  it('reads no OData v2 cursor from an array holding a /Date()/ value', () => {
    expect(parseCursorValue(['/Date(1700000000000)/'], 'odata-v2-date')).toBeUndefined();
  });

  it('reads no time of day from an array holding one', () => {
    expect(parseTimeOfDay(['PT09H05M07S'])).toBeUndefined();
    expect(parseTimeOfDay(['09:05:07'])).toBeUndefined();
  });
});

describe('parseCursorValue in a process that does not run in UTC', () => {
  // Lambda and CI run in UTC; a CLI run on a laptop may not. Node applies a changed TZ to Date at once
  // when each test file has its own process (the suite's pool); in a shared worker thread it does not,
  // and these tests then check the UTC case only.
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('takes a bare date-time as UTC, as SAP stores it, and keeps a written offset', () => {
    process.env.TZ = 'America/New_York';

    expect(parseCursorValue('2026-03-01T10:00:00', 'iso')).toBe(TEN_UTC);
    expect(parseCursorValue('2026-03-01T10:00:00.000', 'odata-v2-date')).toBe(TEN_UTC);
    expect(parseCursorValue('2026-03-01T11:00:00+01:00', 'iso')).toBe(TEN_UTC);
    expect(parseCursorValue('2026-03-01T05:00:00-0500', 'iso')).toBe(TEN_UTC);
  });

  it('takes a bare date-time with an expanded year as UTC too', () => {
    process.env.TZ = 'Asia/Tokyo';

    expect(parseCursorValue('+002026-03-01T10:00:00', 'iso')).toBe(TEN_UTC);
  });
});

describe('timestampWatermark of a resumed run', () => {
  it('reports the watermark while the run has no position yet', () => {
    const state = {
      watermark: '2026-03-01T09:00:00.000Z',
      run: { from: '2026-03-01T08:59:50.000Z', upTo: '2026-03-01T11:59:50.000Z' },
    };

    expect(timestampWatermark(state)).toBe(Date.parse('2026-03-01T09:00:00Z'));
  });
});

describe('reconcileDeletes refusal', () => {
  it('refuses under the name ReconciliationRefusedError, which the run status shows', async () => {
    const stream = {
      name: 'partners',
      primaryKey: ['id'],
      cursorField: 'changedAt',
      read: async function* () {},
      watermarkOf: () => undefined,
      listKeys: async function* () {
        yield [];
      },
    } as unknown as SourceStream;
    const known = {
      async *list() {
        yield 'a';
      },
    };
    const sink = { ingest: async () => ({ outcomes: [] }) };

    const run = reconcileDeletes({ entity: 'customer', system: 'sap-s4', stream, known, sink, now: () => 0 });

    await expect(run).rejects.toMatchObject({ name: 'ReconciliationRefusedError' });
  });
});
