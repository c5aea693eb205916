import { describe, expect, it } from 'vitest';
import {
  type CompiledPattern,
  compileEventPattern,
  EventRuleSet,
  matchesEventPattern,
} from '../../../infra/local/eventbus/pattern/index.ts';

/**
 * Pattern / event / expected triples for every operator, with the edge cases the EventBridge
 * documentation and AWS's Event Ruler spell out. Each triple is checked twice: by the per-pattern
 * matcher and by a compiled rule set holding every pattern of the table, so conditions shared
 * between rules are exercised too.
 */
interface Triple {
  readonly name: string;
  readonly pattern: Record<string, unknown>;
  readonly event: Record<string, unknown>;
  readonly expected: boolean;
}

const t = (
  name: string,
  pattern: Record<string, unknown>,
  event: Record<string, unknown>,
  expected: boolean,
): Triple => ({
  name,
  pattern,
  event,
  expected,
});
const v = (...values: unknown[]) => ({ detail: { v: values } });
const d = (detail: Record<string, unknown>) => ({ source: 'hub360.test', detail });

const triples: Triple[] = [
  // exact values
  t('exact string equal', v('gold'), d({ v: 'gold' }), true),
  t('exact string is case-sensitive', v('gold'), d({ v: 'Gold' }), false),
  t('exact string in an event array', v('gold'), d({ v: ['silver', 'gold'] }), true),
  t('exact string, field missing', v('gold'), d({}), false),
  t('exact number equals a differently written number', v(300), d({ v: 3e2 }), true),
  t('exact number is not its string', v(300), d({ v: '300' }), false),
  t('exact number beyond the comparable range equals itself', v(6e9), d({ v: 6e9 }), true),
  t('exact true is not "true"', v(true), d({ v: 'true' }), false),
  t('exact null matches null', v(null), d({ v: null }), true),
  t('exact null does not match a missing field', v(null), d({}), false),
  t('exact empty string is not null', v(''), d({ v: null }), false),
  t('exact IPv6 compares as an address', v('2001:db8::1'), d({ v: '2001:0db8:0:0:0:0:0:1' }), true),
  // prefix / suffix
  t('prefix', v({ prefix: 'eu-' }), d({ v: 'eu-west-1' }), true),
  t('prefix is case-sensitive', v({ prefix: 'eu-' }), d({ v: 'EU-west-1' }), false),
  t('prefix ignores numbers', v({ prefix: '1' }), d({ v: 12 }), false),
  t('empty prefix matches the empty string', v({ prefix: '' }), d({ v: '' }), true),
  t('prefix ignoring case', v({ prefix: { 'equals-ignore-case': 'EU-' } }), d({ v: 'eu-west-1' }), true),
  t('suffix', v({ suffix: '.png' }), d({ v: 'a.png' }), true),
  t('suffix longer than the value', v({ suffix: 'xa.png' }), d({ v: 'a.png' }), false),
  t('suffix ignoring case', v({ suffix: { 'equals-ignore-case': '.PNG' } }), d({ v: 'a.png' }), true),
  // equals-ignore-case
  t('equals-ignore-case', v({ 'equals-ignore-case': 'ALICE' }), d({ v: 'alice' }), true),
  t('equals-ignore-case is not a prefix', v({ 'equals-ignore-case': 'ALICE' }), d({ v: 'alicea' }), false),
  // wildcard
  t('wildcard in the middle', v({ wildcard: 'dir/*.png' }), d({ v: 'dir/a/b.png' }), true),
  t('wildcard literal part must match', v({ wildcard: 'dir/*.png' }), d({ v: 'dir/a.jpg' }), false),
  t('wildcard matches an empty run', v({ wildcard: 'a*b' }), d({ v: 'ab' }), true),
  t('wildcard with only a star matches any string', v({ wildcard: '*' }), d({ v: 'anything' }), true),
  t('wildcard does not match numbers', v({ wildcard: '*' }), d({ v: 5 }), false),
  t('wildcard escaped star is literal', v({ wildcard: 'a\\*' }), d({ v: 'ab' }), false),
  // numeric
  t('numeric > excludes the bound', v({ numeric: ['>', 5] }), d({ v: 5 }), false),
  t('numeric >= includes the bound', v({ numeric: ['>=', 5] }), d({ v: 5 }), true),
  t('numeric range inside', v({ numeric: ['>', 0, '<=', 5] }), d({ v: 5 }), true),
  t('numeric range above', v({ numeric: ['>', 0, '<=', 5] }), d({ v: 5.000001 }), false),
  t('numeric = compares six decimals', v({ numeric: ['=', 0.1234564] }), d({ v: 0.1234561 }), true),
  t('numeric ignores strings', v({ numeric: ['<', 10] }), d({ v: '5' }), false),
  t('numeric ignores numbers beyond 5e9', v({ numeric: ['>', 0] }), d({ v: 5.1e9 }), false),
  t('numeric any array element', v({ numeric: ['<', 0] }), d({ v: [3, -1] }), true),
  // anything-but
  t('anything-but string', v({ 'anything-but': 'x' }), d({ v: 'y' }), true),
  t('anything-but string excludes it', v({ 'anything-but': 'x' }), d({ v: 'x' }), false),
  t('anything-but needs the field', v({ 'anything-but': 'x' }), d({}), false),
  t('anything-but string passes numbers', v({ 'anything-but': 'x' }), d({ v: 1 }), true),
  t('anything-but array: one other element suffices', v({ 'anything-but': 'x' }), d({ v: ['x', 'y'] }), true),
  t('anything-but number list', v({ 'anything-but': [1, 2] }), d({ v: 2.0 }), false),
  t('anything-but number passes strings', v({ 'anything-but': [1, 2] }), d({ v: '1' }), true),
  t('anything-but prefix', v({ 'anything-but': { prefix: 'init' } }), d({ v: 'initializing' }), false),
  t(
    'anything-but prefix list, second prefix',
    v({ 'anything-but': { prefix: ['us-', 'ap-'] } }),
    d({ v: 'ap-south-1' }),
    false,
  ),
  t(
    'anything-but prefix list, neither prefix',
    v({ 'anything-but': { prefix: ['us-', 'ap-'] } }),
    d({ v: 'eu-west-1' }),
    true,
  ),
  t(
    'anything-but suffix list, first suffix',
    v({ 'anything-but': { suffix: ['.png', '.jpg'] } }),
    d({ v: 'a.png' }),
    false,
  ),
  t(
    'anything-but suffix list, second suffix',
    v({ 'anything-but': { suffix: ['.png', '.jpg'] } }),
    d({ v: 'a.jpg' }),
    false,
  ),
  t(
    'anything-but suffix list, neither suffix',
    v({ 'anything-but': { suffix: ['.png', '.jpg'] } }),
    d({ v: 'a.gif' }),
    true,
  ),
  t('anything-but suffix passes numbers', v({ 'anything-but': { suffix: ['.png'] } }), d({ v: 7 }), true),
  t(
    'anything-but wildcard list, first wildcard',
    v({ 'anything-but': { wildcard: ['*/lib/*', '*.tmp'] } }),
    d({ v: '/usr/lib/node' }),
    false,
  ),
  t(
    'anything-but wildcard list, second wildcard',
    v({ 'anything-but': { wildcard: ['*/lib/*', '*.tmp'] } }),
    d({ v: '/var/x.tmp' }),
    false,
  ),
  t(
    'anything-but wildcard list, neither wildcard',
    v({ 'anything-but': { wildcard: ['*/lib/*', '*.tmp'] } }),
    d({ v: '/usr/bin/node' }),
    true,
  ),
  t(
    'anything-but ignoring case list',
    v({ 'anything-but': { 'equals-ignore-case': ['Stopped', 'Paused'] } }),
    d({ v: 'PAUSED' }),
    false,
  ),
  t(
    'anything-but ignoring case list, other',
    v({ 'anything-but': { 'equals-ignore-case': ['Stopped', 'Paused'] } }),
    d({ v: 'running' }),
    true,
  ),
  t(
    'two anything-but in one list: one holding suffices',
    v({ 'anything-but': 'a' }, { 'anything-but': 'b' }),
    d({ v: 'a' }),
    true,
  ),
  // exists
  t('exists true on a value', v({ exists: true }), d({ v: 0 }), true),
  t('exists true on null', v({ exists: true }), d({ v: null }), true),
  t('exists true on an empty array', v({ exists: true }), d({ v: [] }), false),
  t('exists true on an object', v({ exists: true }), d({ v: { x: 1 } }), false),
  t('exists false on a missing field', v({ exists: false }), d({}), true),
  t('exists false on a value', v({ exists: false }), d({ v: 'x' }), false),
  t('exists false or a value', v({ exists: false }, 'x'), d({ v: 'x' }), true),
  t('exists false with the whole detail missing', v({ exists: false }), { source: 'hub360.test' }, true),
  // cidr
  t('cidr IPv4 inside', v({ cidr: '10.0.0.0/24' }), d({ v: '10.0.0.255' }), true),
  t('cidr IPv4 outside', v({ cidr: '10.0.0.0/24' }), d({ v: '10.0.1.0' }), false),
  t('cidr IPv6 inside', v({ cidr: '2001:db8::/32' }), d({ v: '2001:db8:ffff::1' }), true),
  t('cidr does not match text', v({ cidr: '10.0.0.0/8' }), d({ v: 'ten' }), false),
  t('cidr /0 matches every IPv4 address', v({ cidr: '0.0.0.0/0' }), d({ v: '192.168.1.1' }), true),
  // structure
  t('fields are ANDed', { source: ['hub360.test'], detail: { v: ['x'] } }, d({ v: 'x' }), true),
  t('fields are ANDed, one fails', { source: ['other'], detail: { v: ['x'] } }, d({ v: 'x' }), false),
  t('values are ORed', v('a', 'b', { numeric: ['>', 10] }), d({ v: 11 }), true),
  t('nested field at the wrong depth', { detail: { a: { v: ['x'] } } }, d({ v: 'x' }), false),
  t(
    'array of objects: fields from one element',
    { detail: { l: { a: ['1'], b: ['2'] } } },
    d({ l: [{ a: '1', b: '2' }] }),
    true,
  ),
  t(
    'array of objects: fields never combined across elements',
    { detail: { l: { a: ['1'], b: ['2'] } } },
    d({ l: [{ a: '1' }, { b: '2' }] }),
    false,
  ),
  t(
    'nested arrays are looked through',
    { detail: { l: { a: ['1'] } } },
    d({ l: [[{ a: '2' }], [{ a: '1' }]] }),
    true,
  ),
  t(
    'exists false judged in the element the rest matched',
    { detail: { l: { a: ['1'], z: [{ exists: false }] } } },
    d({ l: [{ a: '1' }, { a: '2', z: 5 }] }),
    true,
  ),
  t(
    'exists false fails in the element the rest matched',
    { detail: { l: { a: ['1'], z: [{ exists: false }] } } },
    d({ l: [{ a: '1', z: 5 }, { a: '2' }] }),
    false,
  ),
  t(
    'exists false alone is judged over every element',
    { detail: { l: { z: [{ exists: false }] } } },
    d({ l: [{ a: '1' }, { z: 5 }] }),
    false,
  ),
  t(
    'exists false alone, absent from every element',
    { detail: { l: { z: [{ exists: false }] } } },
    d({ l: [{ a: '1' }, { a: '2' }] }),
    true,
  ),
  t('$or first branch', { $or: [{ source: ['hub360.test'] }, { detail: { v: [1] } }] }, d({ v: 2 }), true),
  t('$or second branch', { $or: [{ source: ['x'] }, { detail: { v: [1] } }] }, d({ v: 1 }), true),
  t('$or no branch', { $or: [{ source: ['x'] }, { detail: { v: [1] } }] }, d({ v: 2 }), false),
  t(
    '$or inside an array element',
    { detail: { l: { a: ['1'], $or: [{ b: ['2'] }, { c: ['3'] }] } } },
    d({ l: [{ a: '1', c: '3' }] }),
    true,
  ),
  t(
    '$or inside an array element, across elements',
    { detail: { l: { a: ['1'], $or: [{ b: ['2'] }, { c: ['3'] }] } } },
    d({ l: [{ a: '1' }, { c: '3' }] }),
    false,
  ),
];

describe('pattern conformance table', () => {
  const rules = triples.map((triple, index) => ({ index, pattern: compileEventPattern(triple.pattern) }));
  const ruleSet = new EventRuleSet(rules, (rule): CompiledPattern => rule.pattern);

  describe.each(triples.map((triple, index) => [triple.name, triple, index] as const))(
    '%s',
    (_name, triple, index) => {
      it(`the per-pattern matcher answers ${triple.expected}`, () => {
        const pattern = rules[index]?.pattern as CompiledPattern;

        expect(matchesEventPattern(pattern, triple.event)).toBe(triple.expected);
      });

      it(`the compiled rule set of the whole table answers ${triple.expected}`, () => {
        const matched = ruleSet.match(triple.event).map((rule) => rule.index);

        expect(matched.includes(index)).toBe(triple.expected);
      });
    },
  );
});
