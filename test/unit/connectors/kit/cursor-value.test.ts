import { describe, expect, it } from 'vitest';
import { parseCursorValue, parseTimeOfDay } from '../../../../connectors/kit/incremental/cursor-value.ts';

describe('parseCursorValue', () => {
  it('reads ISO instants with Z or an offset as they are and a bare date-time as UTC', () => {
    expect(parseCursorValue('2026-03-01T10:00:00+02:00', 'iso')).toBe(Date.parse('2026-03-01T08:00:00Z'));
    expect(parseCursorValue('2026-03-01T10:00:00-0130', 'iso')).toBe(Date.parse('2026-03-01T11:30:00Z'));
    expect(parseCursorValue('2026-03-01T10:00:00z', 'iso')).toBe(Date.parse('2026-03-01T10:00:00Z'));
    expect(parseCursorValue('2026-03-01T10:00:00.250', 'iso')).toBe(Date.parse('2026-03-01T10:00:00.250Z'));
  });

  it('gives no cursor for values that are not text in the ISO and OData formats', () => {
    expect(parseCursorValue(1_700_000_000_000, 'iso')).toBeUndefined();
    expect(parseCursorValue(undefined, 'iso')).toBeUndefined();
    expect(parseCursorValue(1_700_000_000_000, 'odata-v2-date')).toBeUndefined();
  });

  it('reads OData v2 dates with or without an offset and negative ones, and falls back to ISO text', () => {
    expect(parseCursorValue('/Date(1700000000000)/', 'odata-v2-date')).toBe(1_700_000_000_000);
    expect(parseCursorValue('/Date(1700000000000-0300)/', 'odata-v2-date')).toBe(1_700_000_000_000);
    expect(parseCursorValue('/Date(-86400000)/', 'odata-v2-date')).toBe(-86_400_000);
    expect(parseCursorValue('2026-03-01T10:00:00Z', 'odata-v2-date')).toBe(
      Date.parse('2026-03-01T10:00:00Z'),
    );
    expect(parseCursorValue('x/Date(1700000000000)/', 'odata-v2-date')).toBeUndefined();
    expect(parseCursorValue('/Date(1700000000000)/x', 'odata-v2-date')).toBeUndefined();
  });

  it('reads epoch milliseconds as numbers or numeric text and nothing else', () => {
    expect(parseCursorValue(1_700_000_000_000, 'epoch-ms')).toBe(1_700_000_000_000);
    expect(parseCursorValue('1700000000000', 'epoch-ms')).toBe(1_700_000_000_000);
    expect(parseCursorValue('soon', 'epoch-ms')).toBeUndefined();
    expect(parseCursorValue(Number.POSITIVE_INFINITY, 'epoch-ms')).toBeUndefined();
    expect(parseCursorValue(null, 'epoch-ms')).toBeUndefined();
  });
});

describe('parseTimeOfDay', () => {
  it('reads Edm.Time and HH:MM:SS, with fractions of a second', () => {
    expect(parseTimeOfDay('PT9H5M7.5S')).toBe((9 * 3600 + 5 * 60 + 7.5) * 1000);
    expect(parseTimeOfDay('09:05:07')).toBe((9 * 3600 + 5 * 60 + 7) * 1000);
    expect(parseTimeOfDay('23:59:59.250')).toBe((23 * 3600 + 59 * 60 + 59.25) * 1000);
  });

  it('gives no time for anything else', () => {
    expect(parseTimeOfDay(32_400_000)).toBeUndefined();
    expect(parseTimeOfDay('9 o’clock')).toBeUndefined();
    expect(parseTimeOfDay('x09:05:07')).toBeUndefined();
    expect(parseTimeOfDay('09:05:07x')).toBeUndefined();
    expect(parseTimeOfDay('PT09H05M07Sx')).toBeUndefined();
  });
});
