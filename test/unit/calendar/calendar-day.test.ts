import { describe, expect, it } from 'vitest';
import {
  addDays,
  DAY_MS,
  dayFromNumber,
  dayNumber,
  daysBetween,
  isoDay,
  periodOf,
} from '../../../core/calendar/calendar-day.ts';

describe('dayNumber', () => {
  it('counts whole days since 1970-01-01 for an ISO date', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-01-05')).toBe(4);
    expect(dayNumber('2026-03-01')).toBe(Date.UTC(2026, 2, 1) / DAY_MS);
  });

  it('places an ISO date-time on the UTC day it falls on, whatever its time or offset', () => {
    expect(dayNumber('2026-03-01T00:00:00Z')).toBe(dayNumber('2026-03-01'));
    expect(dayNumber('2026-03-01T23:59:59.999Z')).toBe(dayNumber('2026-03-01'));
    // 23:30 two hours behind UTC is 01:30 UTC on the next day.
    expect(dayNumber('2026-03-01T23:30:00-02:00')).toBe(dayNumber('2026-03-02'));
  });

  it.each(['2026/03/01', '03/01/2026', 'yesterday', ''])(
    'rejects %j, which is not an ISO date, naming it',
    (text) => {
      expect(() => dayNumber(text)).toThrow(RangeError);
      expect(() => dayNumber(text)).toThrow(`not an ISO date: ${text}`);
    },
  );
});

describe('day arithmetic', () => {
  it('turns a day number back into its ISO date', () => {
    expect(dayFromNumber(0)).toBe('1970-01-01');
    expect(dayFromNumber(dayNumber('2026-12-31'))).toBe('2026-12-31');
  });

  it('takes the UTC calendar day of an instant', () => {
    expect(isoDay(new Date('2026-03-01T23:59:59Z'))).toBe('2026-03-01');
    expect(isoDay(new Date('2026-03-01T23:30:00-02:00'))).toBe('2026-03-02');
  });

  it('adds days across month and year ends, and subtracts with a negative count', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('counts the days between two dates, negative when the second is earlier', () => {
    expect(daysBetween('2026-03-01', '2026-03-11')).toBe(10);
    expect(daysBetween('2026-03-11', '2026-03-01')).toBe(-10);
    expect(daysBetween('2026-03-01T22:00:00Z', '2026-03-02T01:00:00Z')).toBe(1);
  });
});

describe('periodOf', () => {
  it('runs weekly periods from Monday to Sunday', () => {
    // 2026-03-04 is a Wednesday; its week starts Monday 2026-03-02.
    expect(periodOf('2026-03-04', 7)).toEqual({ start: '2026-03-02', end: '2026-03-08' });
    expect(periodOf('2026-03-02', 7)).toEqual({ start: '2026-03-02', end: '2026-03-08' });
    expect(periodOf('2026-03-08', 7)).toEqual({ start: '2026-03-02', end: '2026-03-08' });
  });

  it('anchors longer periods on the Monday 1970-01-05, also for days before it', () => {
    expect(periodOf('1970-01-05', 14)).toEqual({ start: '1970-01-05', end: '1970-01-18' });
    expect(periodOf('1970-01-04', 14)).toEqual({ start: '1969-12-22', end: '1970-01-04' });
  });
});
