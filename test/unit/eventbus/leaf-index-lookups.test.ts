import { describe, expect, it } from 'vitest';
import { compileEventPattern } from '../../../infra/local/eventbus/pattern/index.ts';
import { EventRuleSet } from '../../../infra/local/eventbus/pattern/rule-set.ts';

/**
 * The leaf index's lookups when a path holds only some kinds of matcher: sealing leaves out the lookups
 * (and the case folding) no matcher needs, so each test below puts a single kind, or a chosen pair, at
 * the path and checks that the kind still finds its values. Every rule set is built inside its test.
 */
const ruleSet = (rules: Record<string, unknown>) =>
  new EventRuleSet(
    Object.entries(rules).map(([name, values]) => ({ name, pattern: compileEventPattern({ v: values }) })),
    (rule) => rule.pattern,
  );

/** The names of the rules that match an event whose field `v` holds the value. */
const matchedBy = (set: ReturnType<typeof ruleSet>, value: unknown): string[] =>
  set.match({ v: value }).map((rule) => rule.name);

describe('the leaf index folding case only for the matchers that need it', () => {
  it('folds the leaf when an ignore-case prefix is the only folded matcher at the path', () => {
    const set = ruleSet({ prefixAnyCase: [{ prefix: { 'equals-ignore-case': 'us-' } }] });

    expect(matchedBy(set, 'US-East-1')).toEqual(['prefixAnyCase']);
    expect(matchedBy(set, 'eu-US-1')).toEqual([]);
  });

  it('folds the leaf when an ignore-case suffix is the only folded matcher at the path', () => {
    const set = ruleSet({ suffixAnyCase: [{ suffix: { 'equals-ignore-case': '.jpg' } }] });

    expect(matchedBy(set, 'HOLIDAY.JPG')).toEqual(['suffixAnyCase']);
    expect(matchedBy(set, 'a.JPG.png')).toEqual([]);
  });

  it('folds the leaf for each pair of folded matcher kinds sharing the path', () => {
    const pairs = [
      {
        anyCase: [{ 'equals-ignore-case': 'abc' }],
        prefixAnyCase: [{ prefix: { 'equals-ignore-case': 'ab' } }],
      },
      {
        anyCase: [{ 'equals-ignore-case': 'abc' }],
        suffixAnyCase: [{ suffix: { 'equals-ignore-case': 'bc' } }],
      },
      {
        prefixAnyCase: [{ prefix: { 'equals-ignore-case': 'ab' } }],
        butAnyCase: [{ 'anything-but': { 'equals-ignore-case': 'abc' } }],
      },
    ];

    const verdicts = pairs.map((rules) => matchedBy(ruleSet(rules), 'ABC'));

    expect(verdicts).toEqual([['anyCase', 'prefixAnyCase'], ['anyCase', 'suffixAnyCase'], ['prefixAnyCase']]);
  });
});

describe('the leaf index looking up addresses and numbers', () => {
  it('finds IPv4 and IPv6 blocks held at the same path', () => {
    const set = ruleSet({ v4: [{ cidr: '10.0.0.0/8' }], v6: [{ cidr: '2001:db8::/32' }] });

    expect(matchedBy(set, '10.1.2.3')).toEqual(['v4']);
    expect(matchedBy(set, '2001:db8::7')).toEqual(['v6']);
    expect(matchedBy(set, '11.0.0.1')).toEqual([]);
    expect(matchedBy(set, '2001:db9::7')).toEqual([]);
  });

  it('finds an IPv6 block for an IPv6 text and never for an IPv4 one when only IPv6 blocks are held', () => {
    const set = ruleSet({ all6: [{ cidr: '::/0' }] });

    expect(matchedBy(set, '::ffff:0:1')).toEqual(['all6']);
    expect(matchedBy(set, '10.0.0.1')).toEqual([]);
  });

  it('judges anything-but numbers at a path without numeric ranges', () => {
    const set = ruleSet({ notFive: [{ 'anything-but': 5 }], six: [6] });

    expect(matchedBy(set, 5)).toEqual([]);
    expect(matchedBy(set, 6)).toEqual(['notFive', 'six']);
  });
});

describe('the leaf index testing wildcards', () => {
  it('tests wildcards with and without a literal start or end side by side', () => {
    const set = ruleSet({
      starts: [{ wildcard: 'ab*' }],
      ends: [{ wildcard: '*yz' }],
      inside: [{ wildcard: '*mid*' }],
      anything: [{ wildcard: '*' }],
    });

    expect(matchedBy(set, 'ab-mid-yz')).toEqual(['starts', 'ends', 'inside', 'anything']);
    expect(matchedBy(set, 'xmidx')).toEqual(['inside', 'anything']);
    expect(matchedBy(set, 'b')).toEqual(['anything']);
    expect(matchedBy(set, 7)).toEqual([]);
  });
});
