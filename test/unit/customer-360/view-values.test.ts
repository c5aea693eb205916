import { describe, expect, it } from 'vitest';
import { estimateItemBytes } from '../../../core/customer-360/view/item-size.ts';
import { recordImageOf } from '../../../core/customer-360/view/record-image.ts';
import { compareSequence } from '../../../core/customer-360/view/sequence-order.ts';
import {
  addToSketch,
  emptySketch,
  estimateSketch,
  fnv1a,
  sessionHash,
} from '../../../core/customer-360/view/session-count.ts';

describe('estimateItemBytes', () => {
  it('counts strings by UTF-8 bytes, booleans, null and undefined as one byte', () => {
    expect(estimateItemBytes('abc')).toBe(3);
    expect(estimateItemBytes('ä€')).toBe(5);
    expect(estimateItemBytes(true)).toBe(1);
    expect(estimateItemBytes(false)).toBe(1);
    expect(estimateItemBytes(null)).toBe(1);
    expect(estimateItemBytes(undefined)).toBe(1);
  });

  it('counts a number by half its significant digits, rounded up, plus one, ignoring sign and point', () => {
    expect(estimateItemBytes(7)).toBe(2);
    expect(estimateItemBytes(12)).toBe(2);
    expect(estimateItemBytes(123)).toBe(3);
    expect(estimateItemBytes(-12.5)).toBe(3);
  });

  it('counts a list as 3 bytes plus one per element plus the elements', () => {
    expect(estimateItemBytes([])).toBe(3);
    expect(estimateItemBytes(new Uint8Array(70))).toBe(70);
    expect(estimateItemBytes(['ab', true])).toBe(3 + 1 + 2 + 1 + 1);
  });

  it('counts a map as 3 bytes plus each name, one byte and the value, skipping undefined values', () => {
    expect(estimateItemBytes({})).toBe(3);
    expect(estimateItemBytes({ ab: 'xyz', skip: undefined })).toBe(3 + 2 + 1 + 3);
    expect(estimateItemBytes({ n: { m: 1 } })).toBe(3 + 1 + 1 + (3 + 1 + 1 + 2));
  });

  it('counts what DynamoDB cannot store as nothing', () => {
    expect(estimateItemBytes(() => 1)).toBe(0);
    expect(estimateItemBytes(Symbol('s'))).toBe(0);
  });
});

describe('compareSequence', () => {
  it('orders sequence numbers as numbers whatever their length or leading zeros', () => {
    expect(compareSequence('9', '10')).toBeLessThan(0);
    expect(compareSequence('10', '9')).toBeGreaterThan(0);
    expect(compareSequence('0010', '9')).toBeGreaterThan(0);
    expect(compareSequence('0009', '10')).toBeLessThan(0);
    expect(compareSequence('123', '124')).toBe(-1);
    expect(compareSequence('124', '123')).toBe(1);
    expect(compareSequence('00123', '123')).toBe(0);
    expect(compareSequence('00012', '012')).toBe(0);
  });
});

describe('recordImageOf', () => {
  const image = {
    kind: 'record',
    pk: 'CUST#c1',
    sk: 'REC#k',
    recordKey: 'k',
    entity: 'order',
    source: { system: 's' },
  };

  it('reads a record item’s key, entity, source, version order and data', () => {
    expect(recordImageOf({ ...image, versionOrd: 'N5', data: { a: 1 }, other: 'x' })).toEqual({
      recordKey: 'k',
      entity: 'order',
      source: { system: 's' },
      versionOrd: 'N5',
      data: { a: 1 },
    });
  });

  it('reads a tombstone without data and an item without a version order as version ""', () => {
    expect(recordImageOf({ ...image, versionOrd: 5, data: ['not', 'a', 'map'] })).toEqual({
      recordKey: 'k',
      entity: 'order',
      source: { system: 's' },
      versionOrd: '',
    });
    expect(recordImageOf({ ...image, data: null })).not.toHaveProperty('data');
  });

  it('is undefined for no image and for any other kind of item', () => {
    expect(recordImageOf(undefined)).toBeUndefined();
    expect(recordImageOf({ ...image, kind: 'profile' })).toBeUndefined();
  });

  it('fails naming the item when a record item lacks its key, entity or source', () => {
    const message = 'record item CUST#c1 / REC#k lacks recordKey, entity or source';
    expect(() => recordImageOf({ ...image, recordKey: 1 })).toThrow(message);
    expect(() => recordImageOf({ ...image, entity: undefined })).toThrow(message);
    expect(() => recordImageOf({ ...image, source: 'sap' })).toThrow(message);
    expect(() => recordImageOf({ ...image, source: null })).toThrow(message);
    expect(() => recordImageOf({ ...image, source: ['sap'] })).toThrow(message);
  });
});

describe('session counting', () => {
  it('hashes with 32-bit FNV-1a and writes the hash as eight hex digits', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
    expect(sessionHash('a')).toBe('e40c292c');
    expect(sessionHash('s-1')).toHaveLength(8);
    expect(sessionHash('s-1')).toBe(fnv1a('s-1').toString(16).padStart(8, '0'));
  });

  it('starts from 256 empty registers that estimate zero sessions', () => {
    expect(emptySketch()).toBe('0'.repeat(256));
    expect(estimateSketch(emptySketch())).toBe(0);
  });

  it('sets one register per new session and leaves the sketch as it is for a session seen before', () => {
    const one = addToSketch(emptySketch(), 's-1');

    expect(one).toHaveLength(256);
    expect([...one].filter((c) => c !== '0')).toHaveLength(1);
    expect(addToSketch(one, 's-1')).toBe(one);
    expect(estimateSketch(one)).toBe(1);
  });

  it('keeps the higher rank when a register is hit again', () => {
    const sketch = `z${'0'.repeat(255)}`;
    let result = sketch;
    for (let i = 0; i < 50; i++) result = addToSketch(result, `s-${i}`);

    expect(result[0]).toBe('z');
  });

  it('estimates small and large session counts within the sketch’s error', () => {
    const estimate = (n: number) => {
      let sketch = emptySketch();
      for (let i = 0; i < n; i++) sketch = addToSketch(sketch, `session-${i}`);
      return estimateSketch(sketch);
    };

    expect(Math.abs(estimate(100) - 100)).toBeLessThanOrEqual(10);
    expect(Math.abs(estimate(5_000) - 5_000) / 5_000).toBeLessThan(0.15);
  });

  it('uses the raw HyperLogLog estimate once no register is empty', () => {
    // Every register at rank 1: no zeros, so the raw estimate alpha * m^2 / sum(2^-1) applies.
    const alpha = 0.7213 / (1 + 1.079 / 256);

    expect(estimateSketch('1'.repeat(256))).toBe(Math.round((alpha * 256 * 256) / 128));
  });
});
