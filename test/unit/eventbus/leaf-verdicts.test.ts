import { describe, expect, it } from 'vitest';
import type { ValueMatcher } from '../../../infra/local/eventbus/pattern/compiled-pattern.ts';
import { compileEventPattern } from '../../../infra/local/eventbus/pattern/index.ts';
import { compileAnyLeafTest, compileLeafTest } from '../../../infra/local/eventbus/pattern/leaf-test.ts';
import { type Leaf, matchesValue } from '../../../infra/local/eventbus/pattern/match-value.ts';

/** The matchers of a one-field pattern `{ a: values }`, as the pattern compiler makes them. */
const matchersOf = (values: readonly unknown[]): readonly ValueMatcher[] => {
  const field = compileEventPattern({ a: values }).root.fields[0];
  if (field?.kind !== 'leaf') throw new Error('expected a leaf field');
  return field.matchers;
};

const onlyMatcher = (value: unknown): Exclude<ValueMatcher, { kind: 'exists' }> => {
  const [matcher] = matchersOf([value]);
  if (matcher === undefined || matcher.kind === 'exists') throw new Error('expected a value matcher');
  return matcher;
};

/** [element of a value list, scalar of an event, whether the element accepts the scalar], written out by hand. */
type Verdict = readonly [unknown, Leaf, boolean];

const VERDICTS: readonly (readonly [string, readonly Verdict[]])[] = [
  [
    'exact values',
    [
      ['gold', 'gold', true],
      ['gold', 'Gold', false],
      [true, true, true],
      [true, 'true', false],
      [null, null, true],
      [null, '', false],
      [300, 3e2, true],
      [300, 300.000001, false],
      [300, '300', false],
      [0.1234564, 0.1234561, true],
      [6e9, 6e9, true],
      [6e9, 6e9 + 1024, false],
      [6e9, '6000000000', false],
      [5e9, 5e9, true],
    ],
  ],
  [
    'exact IP addresses',
    [
      ['10.0.0.1', '10.0.0.1', true],
      ['10.0.0.1', '010.0.0.001', true],
      ['10.0.0.1', '10.0.0.2', false],
      ['10.0.0.1', 167772161, false],
      ['2001:db8::1', '2001:0db8:0000::1', true],
      ['2001:db8::1', '2001:db8::2', false],
      ['2001:db8::1', '10.0.0.1', false],
    ],
  ],
  [
    'CIDR blocks',
    [
      [{ cidr: '10.0.0.0/24' }, '10.0.0.0', true],
      [{ cidr: '10.0.0.0/24' }, '10.0.0.255', true],
      [{ cidr: '10.0.0.0/24' }, '10.0.1.0', false],
      [{ cidr: '10.0.0.0/24' }, '9.255.255.255', false],
      [{ cidr: '10.0.0.0/24' }, '::ffff:10.0.0.1', false],
      [{ cidr: '10.0.0.0/24' }, 'text', false],
      [{ cidr: '10.0.0.0/24' }, 10, false],
      [{ cidr: '2001:db8::/32' }, '2001:db8::', true],
      [{ cidr: '2001:db8::/32' }, '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', true],
      [{ cidr: '2001:db8::/32' }, '2001:db9::', false],
      [{ cidr: '2001:db8::/32' }, '2001:db7:ffff:ffff:ffff:ffff:ffff:ffff', false],
      [{ cidr: '::/0' }, '10.0.0.1', false],
      [{ cidr: '::/0' }, 'text', false],
    ],
  ],
  [
    'prefixes and suffixes',
    [
      [{ prefix: 'eu-' }, 'eu-west', true],
      [{ prefix: 'eu-' }, 'EU-west', false],
      [{ prefix: 'eu-' }, 'xeu-', false],
      [{ prefix: { 'equals-ignore-case': 'EU-' } }, 'eu-west', true],
      [{ prefix: { 'equals-ignore-case': 'EU-' } }, 'xeu-', false],
      [{ prefix: '1' }, 12, false],
      [{ prefix: { 'equals-ignore-case': '1' } }, 12, false],
      [{ suffix: '.png' }, 'a.png', true],
      [{ suffix: '.png' }, 'a.PNG', false],
      [{ suffix: '.png' }, 'a.png.x', false],
      [{ suffix: { 'equals-ignore-case': '.PNG' } }, 'a.png', true],
      [{ suffix: { 'equals-ignore-case': '.PNG' } }, 'a.pngx', false],
      [{ suffix: '2' }, 12, false],
      [{ suffix: { 'equals-ignore-case': '2' } }, 12, false],
    ],
  ],
  [
    'equals-ignore-case and wildcards',
    [
      [{ 'equals-ignore-case': 'ALICE' }, 'alice', true],
      [{ 'equals-ignore-case': 'ALICE' }, 'alice ', false],
      [{ 'equals-ignore-case': 'true' }, true, false],
      [{ wildcard: 'a*c' }, 'abbc', true],
      [{ wildcard: 'a*c' }, 'abcd', false],
      [{ wildcard: '*' }, 5, false],
    ],
  ],
  [
    'numeric ranges',
    [
      [{ numeric: ['>', 1] }, 1, false],
      [{ numeric: ['>', 1] }, 1.000001, true],
      [{ numeric: ['>=', 1] }, 1, true],
      [{ numeric: ['>=', 1] }, 0.999999, false],
      [{ numeric: ['<', 1] }, 1, false],
      [{ numeric: ['<', 1] }, 0.999999, true],
      [{ numeric: ['<=', 1] }, 1, true],
      [{ numeric: ['<=', 1] }, 1.000001, false],
      [{ numeric: ['=', 2] }, 2.0000001, true],
      [{ numeric: ['=', 2] }, 2.000001, false],
      [{ numeric: ['>', 0, '<=', 5e9] }, 5e9, true],
      [{ numeric: ['>', 0, '<=', 5e9] }, 6e9, false],
      [{ numeric: ['<', 0] }, -6e9, false],
      [{ numeric: ['>', 0] }, '5', false],
    ],
  ],
  [
    'anything-but strings and numbers',
    [
      [{ 'anything-but': ['a', 'b'] }, 'a', false],
      [{ 'anything-but': ['a', 'b'] }, 'c', true],
      [{ 'anything-but': ['a', 'b'] }, 1, true],
      [{ 'anything-but': ['a', 'b'] }, null, true],
      [{ 'anything-but': [1, 2] }, 1.0000001, false],
      [{ 'anything-but': [1, 2] }, 3, true],
      [{ 'anything-but': [1, 2] }, '1', true],
      [{ 'anything-but': [1, 2] }, 6e9, true],
      [{ 'anything-but': [1, 2] }, false, true],
    ],
  ],
  [
    'anything-but modifiers',
    [
      [{ 'anything-but': { prefix: ['tmp', 'x'] } }, 'tmp-1', false],
      [{ 'anything-but': { prefix: ['tmp', 'x'] } }, 'xyz', false],
      [{ 'anything-but': { prefix: ['tmp', 'x'] } }, 'a-tmp', true],
      [{ 'anything-but': { prefix: ['tmp', 'x'] } }, 7, true],
      [{ 'anything-but': { suffix: ['.bak', 'z'] } }, 'a.bak', false],
      [{ 'anything-but': { suffix: ['.bak', 'z'] } }, 'xyz', false],
      [{ 'anything-but': { suffix: ['.bak', 'z'] } }, '.bak.a', true],
      [{ 'anything-but': { suffix: ['.bak', 'z'] } }, null, true],
      [{ 'anything-but': { 'equals-ignore-case': ['Alice', 'BOB'] } }, 'bob', false],
      [{ 'anything-but': { 'equals-ignore-case': ['Alice', 'BOB'] } }, 'ALICE', false],
      [{ 'anything-but': { 'equals-ignore-case': ['Alice', 'BOB'] } }, 'carol', true],
      [{ 'anything-but': { 'equals-ignore-case': ['Alice', 'BOB'] } }, true, true],
      [{ 'anything-but': { wildcard: ['*.tmp', 'draft-*'] } }, 'a.tmp', false],
      [{ 'anything-but': { wildcard: ['*.tmp', 'draft-*'] } }, 'draft-2', false],
      [{ 'anything-but': { wildcard: ['*.tmp', 'draft-*'] } }, 'final', true],
      [{ 'anything-but': { wildcard: ['*.tmp', 'draft-*'] } }, 0, true],
    ],
  ],
];

describe.each(VERDICTS)('value matchers, %s', (_kind, verdicts) => {
  it.each(
    verdicts.map(([value, leaf, expected]) => [
      JSON.stringify(value),
      JSON.stringify(leaf),
      expected,
      value,
      leaf,
    ]),
  )('the reference matcher: %s against %s is %s', (_value, _leaf, expected, value, leaf) => {
    const matcher = onlyMatcher(value);

    expect(matchesValue(matcher, leaf as Leaf)).toBe(expected);
  });

  it.each(
    verdicts.map(([value, leaf, expected]) => [
      JSON.stringify(value),
      JSON.stringify(leaf),
      expected,
      value,
      leaf,
    ]),
  )('the compiled leaf test: %s against %s is %s', (_value, _leaf, expected, value, leaf) => {
    const test = compileLeafTest(onlyMatcher(value));

    expect(test(leaf as Leaf)).toBe(expected);
  });
});

describe('exists in the reference matcher', () => {
  it('accepts any scalar for exists true and none for exists false', () => {
    const [present] = matchersOf([{ exists: true }]);
    const [absent] = matchersOf([{ exists: false }]);
    if (!present || !absent) throw new Error('expected two matchers');

    expect([matchesValue(present, 'x'), matchesValue(present, null)]).toEqual([true, true]);
    expect([matchesValue(absent, 'x'), matchesValue(absent, null)]).toEqual([false, false]);
  });
});

describe('compileAnyLeafTest', () => {
  it('has no test for a value list of exists matchers only', () => {
    expect(compileAnyLeafTest(matchersOf([{ exists: true }]))).toBeUndefined();
    expect(compileAnyLeafTest(matchersOf([{ exists: false }]))).toBeUndefined();
  });

  it('accepts a leaf when any matcher of the list does, leaving exists matchers out', () => {
    const test = compileAnyLeafTest(
      matchersOf([{ exists: false }, 'a', { prefix: 'b' }, { numeric: ['>', 5] }]),
    );
    if (!test) throw new Error('expected a test');

    expect(['a', 'bx', 6, 'c', 5, null].map(test)).toEqual([true, true, true, false, false, false]);
  });

  it('is the one matcher’s test for a list of one', () => {
    const test = compileAnyLeafTest(matchersOf([{ exists: true }, { suffix: 'z' }]));
    if (!test) throw new Error('expected a test');

    expect(['xz', 'zx'].map(test)).toEqual([true, false]);
  });
});
