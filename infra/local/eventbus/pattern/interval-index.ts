/** One end of a range; a missing end is unbounded. */
export interface IntervalBound<K> {
  readonly value: K;
  readonly inclusive: boolean;
}

export interface Interval<K> {
  readonly lower?: IntervalBound<K>;
  readonly upper?: IntervalBound<K>;
  readonly id: number;
}

// Stryker disable next-line EqualityOperator,ConditionalExpression: only sorts distinct points, which are never equal
const compare = <K extends number | bigint>(a: K, b: K): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Ranges over numbers (or bigints, for IP addresses) cut into elementary slots: every range end is a
 * slot of its own and so is each open gap between ends. A value finds its slot by binary search and
 * reads off the ids of every range covering it, so a lookup costs log(ranges) plus what it returns.
 */
export class IntervalIndex<K extends number | bigint> {
  readonly #points: K[];
  readonly #slots: number[][];

  constructor(intervals: readonly Interval<K>[]) {
    const ends = intervals.flatMap((r) => [r.lower?.value, r.upper?.value]).filter((v) => v !== undefined);
    this.#points = [...new Set(ends)].sort(compare);
    const last = 2 * this.#points.length;
    this.#slots = Array.from({ length: last + 1 }, () => []);
    for (const range of intervals) {
      const from = range.lower ? this.#pointSlot(range.lower.value) + (range.lower.inclusive ? 0 : 1) : 0;
      const to = range.upper ? this.#pointSlot(range.upper.value) - (range.upper.inclusive ? 0 : 1) : last;
      // Stryker disable next-line OptionalChaining: every slot from `from` to `to` exists
      for (let slot = from; slot <= to; slot++) this.#slots[slot]?.push(range.id);
    }
  }

  get size(): number {
    return this.#points.length;
  }

  /** Ids of every range holding the value. */
  covering(value: K): readonly number[] {
    const points = this.#points;
    let low = 0;
    let high = points.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((points[mid] as K) < value) low = mid + 1;
      else high = mid;
    }
    const slot = points[low] === value ? 2 * low + 1 : 2 * low;
    // Stryker disable next-line ArrayDeclaration: every slot exists; the fallback only satisfies the type checker
    return this.#slots[slot] ?? [];
  }

  #pointSlot(value: K): number {
    return 2 * this.#points.indexOf(value) + 1;
  }
}
