import { describe, expect, it } from 'vitest';
import { compareVersions, versionOrder } from '../../../core/identity/version-order.ts';

// Source versions as sortable text: the store's write conditions compare these strings, so each kind
// (digits, ISO timestamps, anything else) must come out exactly in version order.

describe('versionOrder', () => {
  it('pads a digit string to 30 digits behind N, so numbers compare as numbers', () => {
    expect(versionOrder('42')).toBe(`N${'0'.repeat(28)}42`);
    expect(versionOrder('9') < versionOrder('10')).toBe(true);
  });

  it('keeps a digit string of 30 digits as digits and one of 31 digits as plain text', () => {
    const thirty = '1'.repeat(30);
    const thirtyOne = '1'.repeat(31);

    expect(versionOrder(thirty)).toBe(`N${thirty}`);
    expect(versionOrder(thirtyOne)).toBe(`S${thirtyOne}`);
  });

  it('treats digits with anything around them as text, not as a number', () => {
    expect(versionOrder('v12')).toBe('Sv12');
    expect(versionOrder('12a')).toBe('S12a');
    expect(versionOrder('')).toBe('S');
  });

  it('turns an ISO timestamp into its UTC instant with nine fraction digits behind T', () => {
    expect(versionOrder('2026-03-01T10:00:00Z')).toBe('T2026-03-01T10:00:00.000000000');
    expect(versionOrder('2026-03-01T12:00:00+02:00')).toBe('T2026-03-01T10:00:00.000000000');
    expect(versionOrder('2026-03-01T10:00:00.123456789123Z')).toBe('T2026-03-01T10:00:00.123456789');
  });

  it('keeps sub-millisecond digits that Date drops, so close timestamps stay ordered', () => {
    const earlier = versionOrder('2026-03-01T10:00:00.0001Z');
    const later = versionOrder('2026-03-01T10:00:00.0002Z');

    expect(earlier).toBe('T2026-03-01T10:00:00.000100000');
    expect(earlier < later).toBe(true);
  });

  it('keeps dates Date would read but that are no ISO date as plain text, so they never compare as instants', () => {
    expect(versionOrder('2026/03/01')).toBe('S2026/03/01');
    expect(versionOrder('March 1, 2026')).toBe('SMarch 1, 2026');
    expect(versionOrder('v 2026-03-01')).toBe('Sv 2026-03-01');
    expect(versionOrder('2026-03-1')).toBe('S2026-03-1');
  });

  it('reads a bare date as midnight UTC and a date-like text that is no date as plain text', () => {
    expect(versionOrder('2026-03-01')).toBe('T2026-03-01T00:00:00.000000000');
    expect(versionOrder('2026-13-45T99:00:00Z')).toBe('S2026-13-45T99:00:00Z');
    expect(versionOrder('x2026-03-01')).toBe('Sx2026-03-01');
  });
});

describe('compareVersions', () => {
  it('is negative, zero or positive as the first version is older, the same instant or newer', () => {
    expect(compareVersions('9', '10')).toBe(-1);
    expect(compareVersions('10', '9')).toBe(1);
    expect(compareVersions('2026-03-01T12:00:00+02:00', '2026-03-01T10:00:00Z')).toBe(0);
    expect(compareVersions('b', 'a')).toBe(1);
  });
});
