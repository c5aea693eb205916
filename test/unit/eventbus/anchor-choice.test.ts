import { describe, expect, it } from 'vitest';
import { chooseAnchor, conditionRank } from '../../../infra/local/eventbus/pattern/anchor-choice.ts';
import type { ValueMatcher } from '../../../infra/local/eventbus/pattern/compiled-pattern.ts';
import { compileEventPattern } from '../../../infra/local/eventbus/pattern/index.ts';

/** The matchers of a one-field pattern `{ a: values }`, as the pattern compiler makes them. */
const matchersOf = (...values: unknown[]): readonly ValueMatcher[] => {
  const field = compileEventPattern({ a: values }).root.fields[0];
  if (field?.kind !== 'leaf') throw new Error('expected a leaf field');
  return field.matchers;
};

describe('anchor choice', () => {
  it('ranks values naming one thing lowest, ranges next, presence, exclusions and absence last', () => {
    expect(
      [
        matchersOf('x'),
        matchersOf(3),
        matchersOf('10.0.0.1'),
        matchersOf({ 'equals-ignore-case': 'X' }),
        matchersOf({ prefix: 'x' }),
        matchersOf({ suffix: 'x' }),
        matchersOf({ cidr: '10.0.0.0/8' }),
        matchersOf({ wildcard: 'x*' }),
        matchersOf({ wildcard: '*x' }),
      ].map(conditionRank),
    ).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(conditionRank(matchersOf({ numeric: ['>', 1] }))).toBe(1);
    expect(
      [matchersOf(true), matchersOf(null), matchersOf({ wildcard: '*' }), matchersOf({ exists: true })].map(
        conditionRank,
      ),
    ).toEqual([2, 2, 2, 2]);
    expect(
      [
        matchersOf({ 'anything-but': 'x' }),
        matchersOf({ 'anything-but': 1 }),
        matchersOf({ 'anything-but': { prefix: 'x' } }),
        matchersOf({ 'anything-but': { suffix: 'x' } }),
        matchersOf({ 'anything-but': { 'equals-ignore-case': 'x' } }),
        matchersOf({ 'anything-but': { wildcard: 'x*' } }),
      ].map(conditionRank),
    ).toEqual([3, 3, 3, 3, 3, 3]);
    expect(conditionRank(matchersOf({ exists: false }))).toBe(4);
  });

  it('ranks a value list by its least selective matcher, since any of them lets an event through', () => {
    expect(conditionRank(matchersOf('x', { numeric: ['>', 1] }))).toBe(1);
    expect(conditionRank(matchersOf({ exists: false }, 'x'))).toBe(4);
    expect(conditionRank(matchersOf('x', 'y'))).toBe(0);
  });

  it('anchors on the lowest rank, then on the condition fewer disjuncts share, then on the first', () => {
    const ranks = [3, 0, 0, 1, 0];
    const shared = [1, 9, 4, 1, 4];
    const anchor = (conditions: number[]) =>
      chooseAnchor(
        conditions,
        (c) => ranks[c] as number,
        (c) => shared[c] as number,
      );

    expect(anchor([0, 3])).toBe(3);
    expect(anchor([3, 0])).toBe(3);
    expect(anchor([0, 1, 2])).toBe(2);
    expect(anchor([2, 1])).toBe(2);
    expect(anchor([2, 4])).toBe(2);
    expect(anchor([4, 2])).toBe(4);
    expect(anchor([1, 0])).toBe(1);
    expect(anchor([0])).toBe(0);
  });
});
