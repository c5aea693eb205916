import { describe, expect, it } from 'vitest';
import { demandSignalIdempotencyKey, demandSignalKey } from '../../../core/demand/signal-keys.ts';

describe('demandSignalKey', () => {
  it('names part, plant and period start for a part number safe in a URL', () => {
    expect(demandSignalKey('P-100_a', '1000', '2026-03-02')).toBe('PIR-P-100_a-1000-20260302');
  });

  it('replaces characters unsafe in a path and adds a hash of the original, keeping two such parts apart', () => {
    const slash = demandSignalKey('P/100', '1000', '2026-03-02');
    const space = demandSignalKey('P 100', '1000', '2026-03-02');

    expect(slash).toMatch(/^PIR-P_100-1000-20260302-[0-9a-f]{12}$/);
    expect(space).toMatch(/^PIR-P_100-1000-20260302-[0-9a-f]{12}$/);
    expect(slash).not.toBe(space);
  });

  it('also disambiguates when only the plant needed replacing', () => {
    expect(demandSignalKey('P-100', 'HH 1', '2026-03-02')).toMatch(/^PIR-P-100-HH_1-20260302-[0-9a-f]{12}$/);
  });

  it('gives the same key for the same part, plant and period every time', () => {
    expect(demandSignalKey('P/100', '1000', '2026-03-02')).toBe(
      demandSignalKey('P/100', '1000', '2026-03-02'),
    );
  });

  it('keeps a key of up to 128 characters as it is', () => {
    // PIR- (4) + part + -1000- (6) + 20260302 (8) = 128 with a part of 110 characters.
    const part = 'P'.repeat(110);

    expect(demandSignalKey(part, '1000', '2026-03-02')).toBe(`PIR-${part}-1000-20260302`);
  });

  it('hashes part and plant into a short key when the readable one would pass 128 characters', () => {
    const part = 'P'.repeat(111);
    const key = demandSignalKey(part, '1000', '2026-03-02');

    expect(key).toMatch(/^PIR-[0-9a-f]{12}-20260302$/);
    expect(key).not.toBe(demandSignalKey('Q'.repeat(111), '1000', '2026-03-02'));
  });

  it('keeps apart long keys whose part and plant split the same characters differently', () => {
    const part = 'P'.repeat(120);

    expect(demandSignalKey(`${part}1`, '00', '2026-03-02')).not.toBe(
      demandSignalKey(part, '100', '2026-03-02'),
    );
  });
});

describe('demandSignalIdempotencyKey', () => {
  it('names key, revision and action, with a hash of the three', () => {
    expect(demandSignalIdempotencyKey('PIR-P-1000-20260302', 2, 'supersede')).toMatch(
      /^PIR-P-1000-20260302\.r2\.supersede\.[0-9a-f]{12}$/,
    );
  });

  it('is the same for a redelivered decision and different for another revision or action', () => {
    const key = demandSignalIdempotencyKey('PIR-P-1000-20260302', 1, 'raise');

    expect(demandSignalIdempotencyKey('PIR-P-1000-20260302', 1, 'raise')).toBe(key);
    expect(demandSignalIdempotencyKey('PIR-P-1000-20260302', 2, 'raise').split('.')[3]).not.toBe(
      key.split('.')[3],
    );
    expect(demandSignalIdempotencyKey('PIR-P-1000-20260302', 1, 'withdraw').split('.')[3]).not.toBe(
      key.split('.')[3],
    );
  });
});
