import { describe, expect, it } from 'vitest';
import { compileEventPattern } from '../../../infra/local/eventbus/pattern/index.ts';
import { EventRuleSet } from '../../../infra/local/eventbus/pattern/rule-set.ts';

/**
 * The compiled rule set's leaf index, one operator at a time: each rule below has a single field, so its
 * value list is the anchor indexed at that path, and the expected rule names are written out by hand.
 * Every rule set is built inside its test (a set built while the file loads would not see a mutant).
 */
const ruleSet = (rules: Record<string, unknown>) =>
  new EventRuleSet(
    Object.entries(rules).map(([name, values]) => ({ name, pattern: compileEventPattern({ v: values }) })),
    (rule) => rule.pattern,
  );

/** The names of the rules that match an event whose field `v` holds the value. */
const matchedBy = (set: ReturnType<typeof ruleSet>, value: unknown): string[] =>
  set.match(value === undefined ? {} : { v: value }).map((rule) => rule.name);

describe('the compiled rule set, exact values', () => {
  it('matches strings, booleans and null only by the same value and type', () => {
    const set = ruleSet({ text: ['gold'], yes: [true], no: [false], nothing: [null], empty: [''] });

    expect(matchedBy(set, 'gold')).toEqual(['text']);
    expect(matchedBy(set, 'Gold')).toEqual([]);
    expect(matchedBy(set, true)).toEqual(['yes']);
    expect(matchedBy(set, false)).toEqual(['no']);
    expect(matchedBy(set, null)).toEqual(['nothing']);
    expect(matchedBy(set, '')).toEqual(['empty']);
    expect(matchedBy(set, 'true')).toEqual([]);
    expect(matchedBy(set, 0)).toEqual([]);
  });

  it('matches numbers by their millionths within the comparable range and only themselves beyond it', () => {
    const set = ruleSet({ three: [300], fine: [0.1234564], huge: [6e9], negative: [-5e9] });

    expect(matchedBy(set, 3e2)).toEqual(['three']);
    expect(matchedBy(set, 300.000001)).toEqual([]);
    expect(matchedBy(set, 0.1234561)).toEqual(['fine']);
    expect(matchedBy(set, 0.123457)).toEqual([]);
    expect(matchedBy(set, 6e9)).toEqual(['huge']);
    expect(matchedBy(set, 6e9 + 1)).toEqual([]);
    expect(matchedBy(set, -5e9)).toEqual(['negative']);
    expect(matchedBy(set, '300')).toEqual([]);
  });

  it('matches an exact IP address as an address, by its text or by its value', () => {
    const set = ruleSet({ v4: ['10.0.0.1'], v6: ['2001:db8::1'] });

    expect(matchedBy(set, '10.0.0.1')).toEqual(['v4']);
    expect(matchedBy(set, '010.000.000.001')).toEqual(['v4']);
    expect(matchedBy(set, '10.0.0.2')).toEqual([]);
    expect(matchedBy(set, '2001:0db8:0:0:0:0:0:1')).toEqual(['v6']);
    expect(matchedBy(set, '2001:db8::2')).toEqual([]);
    expect(matchedBy(set, '::ffff:10.0.0.1')).toEqual([]);
  });
});

describe('the compiled rule set, string operators', () => {
  it('matches prefixes and suffixes as given and ignoring case', () => {
    const set = ruleSet({
      prefix: [{ prefix: 'eu-' }],
      prefixAnyCase: [{ prefix: { 'equals-ignore-case': 'US-' } }],
      suffix: [{ suffix: '.png' }],
      suffixAnyCase: [{ suffix: { 'equals-ignore-case': '.JPG' } }],
    });

    expect(matchedBy(set, 'eu-west-1')).toEqual(['prefix']);
    expect(matchedBy(set, 'EU-west-1')).toEqual([]);
    expect(matchedBy(set, 'us-east-1')).toEqual(['prefixAnyCase']);
    expect(matchedBy(set, 'Us-East-1')).toEqual(['prefixAnyCase']);
    expect(matchedBy(set, 'a.png')).toEqual(['suffix']);
    expect(matchedBy(set, 'a.PNG')).toEqual([]);
    expect(matchedBy(set, 'a.jpg')).toEqual(['suffixAnyCase']);
    expect(matchedBy(set, 'A.JpG')).toEqual(['suffixAnyCase']);
    expect(matchedBy(set, 'eu-x.png')).toEqual(['prefix', 'suffix']);
    expect(matchedBy(set, 42)).toEqual([]);
  });

  it('matches equals-ignore-case on the whole value', () => {
    const set = ruleSet({ alice: [{ 'equals-ignore-case': 'ALICE' }] });

    expect(matchedBy(set, 'alice')).toEqual(['alice']);
    expect(matchedBy(set, 'AlIcE')).toEqual(['alice']);
    expect(matchedBy(set, 'alice2')).toEqual([]);
    expect(matchedBy(set, true)).toEqual([]);
  });

  it('matches wildcards indexed by their prefix, by their suffix and with neither', () => {
    const set = ruleSet({
      byPrefix: [{ wildcard: 'img-*.png' }],
      bySuffix: [{ wildcard: '*-copy' }],
      unanchored: [{ wildcard: '*mid*' }],
    });

    expect(matchedBy(set, 'img-1.png')).toEqual(['byPrefix']);
    expect(matchedBy(set, 'img-1.jpg')).toEqual([]);
    expect(matchedBy(set, 'report-copy')).toEqual(['bySuffix']);
    expect(matchedBy(set, 'report-copy2')).toEqual([]);
    expect(matchedBy(set, 'in the middle')).toEqual(['unanchored']);
    expect(matchedBy(set, 'img-mid-copy')).toEqual(['bySuffix', 'unanchored']);
    expect(matchedBy(set, 'img-mid.png')).toEqual(['byPrefix', 'unanchored']);
    expect(matchedBy(set, 5)).toEqual([]);
  });

  it('matches a wildcard with only a literal suffix although another wildcard at the path has a prefix', () => {
    const set = ruleSet({ both: [{ wildcard: 'a*z' }], tail: [{ wildcard: '*z' }] });

    expect(matchedBy(set, 'abz')).toEqual(['both', 'tail']);
    expect(matchedBy(set, 'bz')).toEqual(['tail']);
    expect(matchedBy(set, 'ab')).toEqual([]);
  });
});

describe('the compiled rule set, numeric ranges', () => {
  it('honours inclusive and exclusive bounds on both sides', () => {
    const set = ruleSet({
      closed: [{ numeric: ['>=', 1, '<=', 2] }],
      open: [{ numeric: ['>', 1, '<', 2] }],
      atLeast: [{ numeric: ['>=', 5] }],
      below: [{ numeric: ['<', 0] }],
      equal: [{ numeric: ['=', 7.5] }],
    });

    expect(matchedBy(set, 1)).toEqual(['closed']);
    expect(matchedBy(set, 1.5)).toEqual(['closed', 'open']);
    expect(matchedBy(set, 2)).toEqual(['closed']);
    expect(matchedBy(set, 2.0000001)).toEqual(['closed']);
    expect(matchedBy(set, 4.999999)).toEqual([]);
    expect(matchedBy(set, 5)).toEqual(['atLeast']);
    expect(matchedBy(set, 5e9)).toEqual(['atLeast']);
    expect(matchedBy(set, 6e9)).toEqual([]);
    expect(matchedBy(set, -0.000001)).toEqual(['below']);
    expect(matchedBy(set, 0)).toEqual([]);
    expect(matchedBy(set, 7.5)).toEqual(['atLeast', 'equal']);
    expect(matchedBy(set, '1.5')).toEqual([]);
  });
});

describe('the compiled rule set, CIDR blocks', () => {
  it('matches IPv4 and IPv6 addresses from the first to the last address of their blocks', () => {
    const set = ruleSet({ v4: [{ cidr: '10.0.0.0/24' }], v6: [{ cidr: '2001:db8::/32' }] });

    expect(matchedBy(set, '10.0.0.0')).toEqual(['v4']);
    expect(matchedBy(set, '10.0.0.255')).toEqual(['v4']);
    expect(matchedBy(set, '10.0.1.0')).toEqual([]);
    expect(matchedBy(set, '9.255.255.255')).toEqual([]);
    expect(matchedBy(set, '2001:db8::')).toEqual(['v6']);
    expect(matchedBy(set, '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff')).toEqual(['v6']);
    expect(matchedBy(set, '2001:db9::')).toEqual([]);
    expect(matchedBy(set, 'not an address')).toEqual([]);
  });

  it('looks IPv6 text up only when the path holds IPv6 blocks, and IPv4 text only in IPv4 blocks', () => {
    const onlyV6 = ruleSet({ all6: [{ cidr: '::/0' }] });
    const onlyV4 = ruleSet({ all4: [{ cidr: '0.0.0.0/0' }] });

    expect(matchedBy(onlyV6, '::1')).toEqual(['all6']);
    expect(matchedBy(onlyV6, '10.0.0.1')).toEqual([]);
    expect(matchedBy(onlyV4, '10.0.0.1')).toEqual(['all4']);
    expect(matchedBy(onlyV4, '::1')).toEqual([]);
  });
});

describe('the compiled rule set, exists', () => {
  it('matches exists true for any leaf and exists false only without one', () => {
    const set = ruleSet({ present: [{ exists: true }], absent: [{ exists: false }] });

    expect(matchedBy(set, 'x')).toEqual(['present']);
    expect(matchedBy(set, null)).toEqual(['present']);
    expect(matchedBy(set, 0)).toEqual(['present']);
    expect(matchedBy(set, [])).toEqual(['absent']);
    expect(matchedBy(set, { nested: 1 })).toEqual(['absent']);
    expect(matchedBy(set, undefined)).toEqual(['absent']);
  });
});

describe('the compiled rule set, anything-but', () => {
  it('excludes listed strings and lets every other string and every non-string through', () => {
    const set = ruleSet({ butStrings: [{ 'anything-but': ['a', 'b'] }] });

    expect(matchedBy(set, 'a')).toEqual([]);
    expect(matchedBy(set, 'b')).toEqual([]);
    expect(matchedBy(set, 'c')).toEqual(['butStrings']);
    expect(matchedBy(set, 1)).toEqual(['butStrings']);
    expect(matchedBy(set, 6e9)).toEqual(['butStrings']);
    expect(matchedBy(set, true)).toEqual(['butStrings']);
    expect(matchedBy(set, null)).toEqual(['butStrings']);
    expect(matchedBy(set, undefined)).toEqual([]);
  });

  it('excludes listed numbers by their millionths and lets strings, other scalars and huge numbers through', () => {
    const set = ruleSet({ butNumbers: [{ 'anything-but': [1, 2.5] }] });

    expect(matchedBy(set, 1)).toEqual([]);
    expect(matchedBy(set, 1.0000001)).toEqual([]);
    expect(matchedBy(set, 2.5)).toEqual([]);
    expect(matchedBy(set, 3)).toEqual(['butNumbers']);
    expect(matchedBy(set, 6e9)).toEqual(['butNumbers']);
    expect(matchedBy(set, '1')).toEqual(['butNumbers']);
    expect(matchedBy(set, false)).toEqual(['butNumbers']);
    expect(matchedBy(set, null)).toEqual(['butNumbers']);
  });

  it('excludes listed strings ignoring case', () => {
    const set = ruleSet({ butAnyCase: [{ 'anything-but': { 'equals-ignore-case': ['Alice', 'BOB'] } }] });

    expect(matchedBy(set, 'ALICE')).toEqual([]);
    expect(matchedBy(set, 'bob')).toEqual([]);
    expect(matchedBy(set, 'carol')).toEqual(['butAnyCase']);
    expect(matchedBy(set, 7)).toEqual(['butAnyCase']);
    expect(matchedBy(set, null)).toEqual(['butAnyCase']);
  });

  it('excludes strings starting or ending with any listed affix', () => {
    const set = ruleSet({
      butPrefix: [{ 'anything-but': { prefix: ['tmp-', 'x'] } }],
      butSuffix: [{ 'anything-but': { suffix: ['.bak', 'z'] } }],
    });

    expect(matchedBy(set, 'tmp-file')).toEqual(['butSuffix']);
    expect(matchedBy(set, 'xyz')).toEqual([]);
    expect(matchedBy(set, 'file.bak')).toEqual(['butPrefix']);
    expect(matchedBy(set, 'tmp-file.bak')).toEqual([]);
    expect(matchedBy(set, 'file')).toEqual(['butPrefix', 'butSuffix']);
    expect(matchedBy(set, 12)).toEqual(['butPrefix', 'butSuffix']);
    expect(matchedBy(set, true)).toEqual(['butPrefix', 'butSuffix']);
  });

  it('excludes strings matching any listed wildcard', () => {
    const set = ruleSet({ butWildcard: [{ 'anything-but': { wildcard: ['*.tmp', 'draft-*'] } }] });

    expect(matchedBy(set, 'a.tmp')).toEqual([]);
    expect(matchedBy(set, 'draft-1')).toEqual([]);
    expect(matchedBy(set, 'final-1')).toEqual(['butWildcard']);
    expect(matchedBy(set, 0)).toEqual(['butWildcard']);
    expect(matchedBy(set, null)).toEqual(['butWildcard']);
  });

  it('holds a value list of two exclusions when either lets the value through', () => {
    const set = ruleSet({
      strings: [{ 'anything-but': 'a' }, { 'anything-but': 'b' }],
      numbers: [{ 'anything-but': 1 }, { 'anything-but': 2 }],
      prefixes: [{ 'anything-but': { prefix: 'p' } }, { 'anything-but': { prefix: 'q' } }],
      suffixes: [{ 'anything-but': { suffix: 'p' } }, { 'anything-but': { suffix: 'q' } }],
      anyCase: [
        { 'anything-but': { 'equals-ignore-case': 'A' } },
        { 'anything-but': { 'equals-ignore-case': 'B' } },
      ],
    });

    expect(matchedBy(set, 'a')).toEqual(['strings', 'numbers', 'prefixes', 'suffixes', 'anyCase']);
    expect(matchedBy(set, 1)).toEqual(['strings', 'numbers', 'prefixes', 'suffixes', 'anyCase']);
    expect(matchedBy(set, 'p')).toEqual(['strings', 'numbers', 'prefixes', 'suffixes', 'anyCase']);
  });

  it('judges each leaf of an array on its own: one leaf outside the exclusions is enough', () => {
    const set = ruleSet({
      butStrings: [{ 'anything-but': 'a' }],
      butNumbers: [{ 'anything-but': 1 }],
      butAnyCase: [{ 'anything-but': { 'equals-ignore-case': 'A' } }],
      butPrefix: [{ 'anything-but': { prefix: 'a' } }],
      butSuffix: [{ 'anything-but': { suffix: 'a' } }],
    });

    expect(matchedBy(set, ['a', 'a'])).toEqual(['butNumbers']);
    expect(matchedBy(set, ['a', 'b'])).toEqual([
      'butStrings',
      'butNumbers',
      'butAnyCase',
      'butPrefix',
      'butSuffix',
    ]);
    expect(matchedBy(set, ['b', 'a'])).toEqual([
      'butStrings',
      'butNumbers',
      'butAnyCase',
      'butPrefix',
      'butSuffix',
    ]);
    expect(matchedBy(set, [1, 1])).toEqual(['butStrings', 'butAnyCase', 'butPrefix', 'butSuffix']);
    expect(matchedBy(set, [1, 2])).toEqual([
      'butStrings',
      'butNumbers',
      'butAnyCase',
      'butPrefix',
      'butSuffix',
    ]);
  });
});

describe('the compiled rule set, many operators at one path', () => {
  it('gives each rule its own verdict when every kind of matcher shares the field', () => {
    const set = ruleSet({
      exact: ['x1'],
      number: [5],
      prefix: [{ prefix: 'x' }],
      suffix: [{ suffix: '1' }],
      anyCase: [{ 'equals-ignore-case': 'X1' }],
      prefixAnyCase: [{ prefix: { 'equals-ignore-case': 'Y' } }],
      wildcard: [{ wildcard: 'x*1' }],
      range: [{ numeric: ['>', 4] }],
      block: [{ cidr: '10.0.0.0/8' }],
      butString: [{ 'anything-but': 'x1' }],
      butNumber: [{ 'anything-but': 5 }],
    });

    expect(matchedBy(set, 'x1')).toEqual(['exact', 'prefix', 'suffix', 'anyCase', 'wildcard', 'butNumber']);
    expect(matchedBy(set, 'y1')).toEqual(['suffix', 'prefixAnyCase', 'butString', 'butNumber']);
    expect(matchedBy(set, 5)).toEqual(['number', 'range', 'butString']);
    expect(matchedBy(set, 6)).toEqual(['range', 'butString', 'butNumber']);
    expect(matchedBy(set, '10.1.2.3')).toEqual(['block', 'butString', 'butNumber']);
    expect(matchedBy(set, '10.1.2.1')).toEqual(['suffix', 'block', 'butString', 'butNumber']);
    expect(matchedBy(set, null)).toEqual(['butString', 'butNumber']);
  });
});
