import { describe, expect, it } from 'vitest';
import type { ValueMatcher } from '../../../infra/local/eventbus/pattern/compiled-pattern.ts';
import { compileEventPattern } from '../../../infra/local/eventbus/pattern/index.ts';
import { compileLeafTest } from '../../../infra/local/eventbus/pattern/leaf-test.ts';
import { type Leaf, matchesValue } from '../../../infra/local/eventbus/pattern/match-value.ts';

/** The one value matcher of the pattern `{ a: [value] }`, as the compiler makes it. */
const matcherOf = (value: unknown): Exclude<ValueMatcher, { kind: 'exists' }> => {
  const field = compileEventPattern({ a: [value] }).root.fields[0];
  const matcher = field?.kind === 'leaf' ? field.matchers[0] : undefined;
  if (matcher === undefined || matcher.kind === 'exists') throw new Error('expected a value matcher');
  return matcher;
};

/** The verdicts of the reference matcher and of the compiled leaf test, which must agree. */
const bothVerdicts = (value: unknown, leaves: readonly Leaf[]) => {
  const matcher = matcherOf(value);
  const test = compileLeafTest(matcher);
  return {
    reference: leaves.map((leaf) => matchesValue(matcher, leaf)),
    compiled: leaves.map((leaf) => test(leaf)),
  };
};

describe('exact IP addresses against values that are not text', () => {
  it('refuses null, numbers and booleans for an IPv4 address without failing', () => {
    const verdicts = bothVerdicts('10.0.0.1', [null, 167772161, true, '10.0.0.1']);

    expect(verdicts).toEqual({
      reference: [false, false, false, true],
      compiled: [false, false, false, true],
    });
  });

  it('refuses null, numbers and booleans for an IPv6 address without failing', () => {
    const verdicts = bothVerdicts('2001:db8::1', [null, 1, false, '2001:db8:0::1']);

    expect(verdicts).toEqual({
      reference: [false, false, false, true],
      compiled: [false, false, false, true],
    });
  });
});

describe('exact numbers too large to count in millionths', () => {
  it('match only themselves, although both overflow to the same count of millionths', () => {
    const verdicts = bothVerdicts(1e303, [1e303, 1.5e303, Number.POSITIVE_INFINITY, '1e+303']);

    expect(verdicts).toEqual({
      reference: [true, false, false, false],
      compiled: [true, false, false, false],
    });
  });
});
