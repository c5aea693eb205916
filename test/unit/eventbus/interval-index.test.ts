import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Interval, IntervalIndex } from '../../../infra/local/eventbus/pattern/interval-index.ts';
import { propertyRuns } from '../../support/property-runs.ts';

const covering = <K extends number | bigint>(index: IntervalIndex<K>, value: K): number[] =>
  [...index.covering(value)].sort((a, b) => a - b);

describe('the interval index', () => {
  it('tells inclusive from exclusive ends and covers open ends without bound', () => {
    const index = new IntervalIndex<number>([
      { lower: { value: 0, inclusive: true }, upper: { value: 10, inclusive: false }, id: 1 },
      { lower: { value: 10, inclusive: false }, id: 2 },
      { upper: { value: 0, inclusive: false }, id: 3 },
      { lower: { value: 5, inclusive: true }, upper: { value: 5, inclusive: true }, id: 4 },
    ]);

    expect(covering(index, -1)).toEqual([3]);
    expect(covering(index, 0)).toEqual([1]);
    expect(covering(index, 5)).toEqual([1, 4]);
    expect(covering(index, 7)).toEqual([1]);
    expect(covering(index, 10)).toEqual([]);
    expect(covering(index, 11)).toEqual([2]);
    expect(index.size).toBe(3);
  });

  it('holds bigint ranges as IPv6 blocks need', () => {
    const index = new IntervalIndex<bigint>([
      { lower: { value: 2n ** 100n, inclusive: true }, upper: { value: 2n ** 101n, inclusive: true }, id: 7 },
    ]);

    expect(covering(index, 2n ** 100n)).toEqual([7]);
    expect(covering(index, 2n ** 101n + 1n)).toEqual([]);
  });

  it('finds nothing when it holds no range', () => {
    const index = new IntervalIndex<number>([]);

    expect(covering(index, 1)).toEqual([]);
    expect(index.size).toBe(0);
  });

  it('returns exactly the ranges holding a value, for random ranges and values', () => {
    const bound = fc.option(fc.record({ value: fc.integer({ min: -5, max: 5 }), inclusive: fc.boolean() }), {
      nil: undefined,
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(bound, bound), { maxLength: 8 }),
        fc.array(fc.integer({ min: -7, max: 7 }), { minLength: 1, maxLength: 10 }),
        (ends, values) => {
          const intervals: Interval<number>[] = ends.map(([lower, upper], id) => ({ lower, upper, id }));
          const index = new IntervalIndex(intervals);

          for (const value of values) {
            const expected = intervals
              .filter(
                ({ lower, upper }) =>
                  (!lower || (lower.inclusive ? value >= lower.value : value > lower.value)) &&
                  (!upper || (upper.inclusive ? value <= upper.value : value < upper.value)),
              )
              .map((interval) => interval.id);
            expect(covering(index, value)).toEqual(expected);
          }
        },
      ),
      { numRuns: propertyRuns(500) },
    );
  });
});
