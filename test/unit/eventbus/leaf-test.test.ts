import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ValueMatcher } from '../../../infra/local/eventbus/pattern/compiled-pattern.ts';
import { compileEventPattern, validateEventPattern } from '../../../infra/local/eventbus/pattern/index.ts';
import { compileAnyLeafTest, compileLeafTest } from '../../../infra/local/eventbus/pattern/leaf-test.ts';
import { type Leaf, matchesValue } from '../../../infra/local/eventbus/pattern/match-value.ts';
import { propertyRuns } from '../../support/property-runs.ts';
import { scalar, valueMatcher } from './pattern-arbitraries.ts';

/** The matchers of a one-field pattern `{ a: values }`, as the pattern compiler makes them. */
const matchersOf = (values: readonly unknown[]): readonly ValueMatcher[] => {
  const field = compileEventPattern({ a: values }).root.fields[0];
  if (field?.kind !== 'leaf') throw new Error('expected a leaf field');
  return field.matchers;
};

const leaf: fc.Arbitrary<Leaf> = fc.oneof(
  scalar,
  fc.constantFrom('10.0.0.1', '10.0.0.255', '10.0.1.0', '11.0.0.1', '2001:db8::1', '::1', '::ffff:10.0.0.1'),
  fc.constantFrom(-5e9, 5e9, 5e9 + 1, -5e9 - 1, 0.0000004, 1e-7, 2.0000001),
  fc.string({ maxLength: 4 }),
);

const validMatcher = valueMatcher.filter((value) => validateEventPattern({ a: [value] }) === undefined);

describe('compiled leaf tests', () => {
  it('give the same verdict as matchesValue for every operator and scalar', () => {
    fc.assert(
      fc.property(validMatcher, fc.array(leaf, { minLength: 1, maxLength: 8 }), (value, leaves) => {
        const [matcher] = matchersOf([value]);
        if (matcher === undefined || matcher.kind === 'exists') return;
        const test = compileLeafTest(matcher);

        for (const candidate of leaves) expect(test(candidate)).toBe(matchesValue(matcher, candidate));
      }),
      { numRuns: propertyRuns(2000) },
    );
  });

  it('compare IPv4 addresses by their numbers and IPv6 ranges only with IPv6 addresses', () => {
    const [v4Block] = matchersOf([{ cidr: '10.0.0.0/24' }]);
    const [v6Block] = matchersOf([{ cidr: '2001:db8::/32' }]);
    const [exactIp] = matchersOf(['10.0.0.1']);
    if (v4Block?.kind !== 'cidr' || v6Block?.kind !== 'cidr' || exactIp?.kind !== 'exact-ip') {
      throw new Error('unexpected matcher kinds');
    }

    expect(
      ['10.0.0.0', '10.0.0.255', '10.0.1.0', '::ffff:10.0.0.1', 7].map(compileLeafTest(v4Block)),
    ).toEqual([true, true, false, false, false]);
    expect(['2001:db8::1', '2001:db9::1', '10.0.0.1'].map(compileLeafTest(v6Block))).toEqual([
      true,
      false,
      false,
    ]);
    expect(['10.0.0.1', '10.0.00.1', '10.0.0.2'].map(compileLeafTest(exactIp))).toEqual([true, true, false]);
  });

  it('accept a leaf when any matcher of the value list does, leaving exists matchers to the rule set', () => {
    const test = compileAnyLeafTest(matchersOf([{ prefix: 'ab' }, { numeric: ['>', 3] }, { exists: true }]));

    expect(['abc', 4, 'b', 3, null].map((value) => test?.(value))).toEqual([true, true, false, false, false]);
    expect(compileAnyLeafTest(matchersOf([{ exists: false }]))).toBeUndefined();
  });

  it('judge numbers at EventBridge precision: six digits after the point within ±5e9, exactly beyond', () => {
    const [small] = matchersOf([1]);
    const [large] = matchersOf([6e9]);
    const [range] = matchersOf([{ numeric: ['>', 0, '<=', 5] }]);
    if (small?.kind !== 'exact' || large?.kind !== 'exact' || range?.kind !== 'numeric') {
      throw new Error('unexpected matcher kinds');
    }

    expect([1.0000004, 1.000001, '1'].map(compileLeafTest(small))).toEqual([true, false, false]);
    expect([6e9, 6e9 + 1].map(compileLeafTest(large))).toEqual([true, false]);
    expect([0, 0.0000004, 0.000001, 5, 5.0000004, 5.000001, 6e9].map(compileLeafTest(range))).toEqual([
      false,
      false,
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
