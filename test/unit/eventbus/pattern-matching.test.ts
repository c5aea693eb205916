import { describe, expect, it } from 'vitest';
import { compileEventPattern, matchesEventPattern } from '../../../infra/local/eventbus/pattern/index.ts';

/** An event in the envelope EventBridge delivers, with the given detail. */
const eventWith = (detail: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'CustomerMerged',
  source: 'hub360.identity',
  account: '123456789012',
  time: '2026-11-23T08:00:00Z',
  region: 'eu-central-1',
  resources: ['arn:aws:dynamodb:eu-central-1:123456789012:table/customer360'],
  detail,
  ...overrides,
});

interface Case {
  readonly name: string;
  readonly pattern: Record<string, unknown>;
  readonly matches: readonly Record<string, unknown>[];
  readonly rejects: readonly Record<string, unknown>[];
}

const field = (value: unknown): Record<string, unknown> => (value === undefined ? {} : { value });
const onValue = (...values: unknown[]) => ({ detail: { value: values } });

const cases: Case[] = [
  {
    name: 'exact string',
    pattern: onValue('gold'),
    matches: [field('gold'), field(['silver', 'gold'])],
    rejects: [field('Gold'), field('gold '), field(undefined), {}],
  },
  {
    name: 'one of several values',
    pattern: onValue('gold', 'silver'),
    matches: [field('gold'), field('silver')],
    rejects: [field('bronze')],
  },
  {
    name: 'exact number compares numerically',
    pattern: onValue(300),
    matches: [field(300), field(300.0), field(3e2), field([1, 300])],
    rejects: [field('300'), field(300.5), field(301)],
  },
  {
    name: 'exact number keeps six decimal digits',
    pattern: onValue(0.1234564),
    matches: [field(0.1234561)],
    rejects: [field(0.123457)],
  },
  {
    name: 'exact boolean',
    pattern: onValue(true),
    matches: [field(true)],
    rejects: [field('true'), field(false), field(1)],
  },
  {
    name: 'null is not the empty string',
    pattern: onValue(null),
    matches: [field(null)],
    rejects: [field(''), field(undefined), field('null')],
  },
  {
    name: 'the empty string is not null',
    pattern: onValue(''),
    matches: [field('')],
    rejects: [field(null), field(undefined), field(' ')],
  },
  {
    name: 'exact IP addresses compare as addresses',
    pattern: onValue('2001:db8::1'),
    matches: [field('2001:db8::1'), field('2001:0db8:0:0:0:0:0:1')],
    rejects: [field('2001:db8::2')],
  },
  {
    name: 'prefix',
    pattern: onValue({ prefix: 'eu-' }),
    matches: [field('eu-central-1'), field(['us-east-1', 'eu-west-1'])],
    rejects: [field('EU-central-1'), field('us-east-1'), field(42)],
  },
  {
    name: 'empty prefix matches any string',
    pattern: onValue({ prefix: '' }),
    matches: [field(''), field('x')],
    rejects: [field(1), field(null)],
  },
  {
    name: 'prefix ignoring case',
    pattern: onValue({ prefix: { 'equals-ignore-case': 'EventB' } }),
    matches: [field('eventbridge'), field('EVENTBUS')],
    rejects: [field('sns'), field('event')],
  },
  {
    name: 'suffix',
    pattern: onValue({ suffix: '.png' }),
    matches: [field('photo.png')],
    rejects: [field('photo.PNG'), field('photo.png.gz')],
  },
  {
    name: 'suffix ignoring case',
    pattern: onValue({ suffix: { 'equals-ignore-case': '.png' } }),
    matches: [field('photo.PNG'), field('a.Png')],
    rejects: [field('photo.jpg')],
  },
  {
    name: 'equals-ignore-case',
    pattern: onValue({ 'equals-ignore-case': 'alice' }),
    matches: [field('Alice'), field('ALICE')],
    rejects: [field('Alicia'), field(['bob'])],
  },
  {
    name: 'wildcard',
    pattern: onValue({ wildcard: 'arn:aws:s3:::*/reports/*.csv' }),
    matches: [field('arn:aws:s3:::bucket/reports/2026.csv'), field('arn:aws:s3:::b/reports/.csv')],
    rejects: [field('arn:aws:s3:::bucket/reports/2026.csv.gz'), field('ARN:aws:s3:::b/reports/x.csv')],
  },
  {
    name: 'wildcard with escaped asterisk and backslash',
    pattern: onValue({ wildcard: 'a\\*b\\\\c*' }),
    matches: [field('a*b\\c'), field('a*b\\cdef')],
    rejects: [field('axb\\c'), field('a*bc')],
  },
  {
    name: 'wildcard treats regex characters literally',
    pattern: onValue({ wildcard: '(a).[b]+*' }),
    matches: [field('(a).[b]+x')],
    rejects: [field('a.b')],
  },
  {
    name: 'anything-but a string',
    pattern: onValue({ 'anything-but': 'initializing' }),
    matches: [field('running'), field(['initializing', 'running']), field(5)],
    rejects: [field('initializing'), field(undefined)],
  },
  {
    name: 'anything-but a list of strings',
    pattern: onValue({ 'anything-but': ['stopped', 'overloaded'] }),
    matches: [field('running')],
    rejects: [field('stopped'), field('overloaded')],
  },
  {
    name: 'anything-but a number',
    pattern: onValue({ 'anything-but': 123 }),
    matches: [field(124), field(122.999), field('123'), field(true)],
    rejects: [field(123), field(123.0), field(undefined)],
  },
  {
    name: 'anything-but a list of numbers',
    pattern: onValue({ 'anything-but': [100, 200, 300] }),
    matches: [field(101)],
    rejects: [field(100), field(3e2)],
  },
  {
    name: 'anything-but a prefix',
    pattern: onValue({ 'anything-but': { prefix: 'init' } }),
    matches: [field('running')],
    rejects: [field('initializing'), field(undefined)],
  },
  {
    name: 'anything-but a list of prefixes',
    pattern: onValue({ 'anything-but': { prefix: ['us-', 'ap-'] } }),
    matches: [field('eu-west-1')],
    rejects: [field('us-east-1'), field('ap-south-1')],
  },
  {
    name: 'anything-but a suffix',
    pattern: onValue({ 'anything-but': { suffix: '.png' } }),
    matches: [field('a.jpg')],
    rejects: [field('a.png')],
  },
  {
    name: 'anything-but ignoring case',
    pattern: onValue({ 'anything-but': { 'equals-ignore-case': 'initializing' } }),
    matches: [field('running')],
    rejects: [field('INITIALIZING'), field('Initializing')],
  },
  {
    name: 'anything-but ignoring case, a list',
    pattern: onValue({ 'anything-but': { 'equals-ignore-case': ['Stopped', 'Overloaded'] } }),
    matches: [field('running')],
    rejects: [field('STOPPED'), field('overloaded')],
  },
  {
    name: 'anything-but a wildcard',
    pattern: onValue({ 'anything-but': { wildcard: '*/lib/*' } }),
    matches: [field('/usr/bin/node')],
    rejects: [field('/usr/lib/node')],
  },
  {
    name: 'numeric two-sided range',
    pattern: onValue({ numeric: ['>', 0, '<=', 5] }),
    matches: [field(0.000001), field(5), field(5.0), field([9, 3])],
    rejects: [field(0), field(5.000001), field('3'), field(null)],
  },
  {
    name: 'numeric one-sided range',
    pattern: onValue({ numeric: ['<', 10] }),
    matches: [field(9.99), field(-1e9)],
    rejects: [field(10), field(11)],
  },
  {
    name: 'numeric >= and <',
    pattern: onValue({ numeric: ['>=', 10, '<', 20] }),
    matches: [field(10), field(19.5)],
    rejects: [field(9.999999), field(20)],
  },
  {
    name: 'numeric equals',
    pattern: onValue({ numeric: ['=', 3.018e2] }),
    matches: [field(301.8), field(301.8)],
    rejects: [field(301.81), field('301.8')],
  },
  {
    name: 'numeric ignores numbers outside the comparable range',
    pattern: onValue({ numeric: ['>', 0] }),
    matches: [field(5e9)],
    rejects: [field(5.1e9)],
  },
  {
    name: 'IPv4 cidr',
    pattern: onValue({ cidr: '10.0.0.0/24' }),
    matches: [field('10.0.0.0'), field('10.0.0.255')],
    rejects: [field('10.0.1.0'), field('not-an-ip'), field('::ffff:10.0.0.1')],
  },
  {
    name: 'IPv6 cidr',
    pattern: onValue({ cidr: '2001:db8::/32' }),
    matches: [field('2001:db8:1234::1'), field('2001:0DB8::')],
    rejects: [field('2001:db9::1'), field('10.0.0.1')],
  },
  {
    name: 'exists true on a leaf',
    pattern: onValue({ exists: true }),
    matches: [field('x'), field(null), field(''), field([1])],
    rejects: [field(undefined), field([]), field({ nested: 1 }), {}],
  },
  {
    name: 'exists false on a leaf',
    pattern: onValue({ exists: false }),
    matches: [field(undefined), field([]), field({ nested: 1 }), {}],
    rejects: [field('x'), field(null), field(0)],
  },
  {
    name: 'several matchers in one list are alternatives',
    pattern: onValue({ prefix: 'a' }, { numeric: ['>', 10] }, 'zzz'),
    matches: [field('abc'), field(11), field('zzz')],
    rejects: [field('b'), field(10)],
  },
];

describe('event pattern matching, operator by operator', () => {
  for (const c of cases) {
    describe(c.name, () => {
      const compiled = compileEventPattern(c.pattern);
      it.each(c.matches.map((d) => [JSON.stringify(d), d]))('matches %s', (_label, detail) => {
        expect(matchesEventPattern(compiled, eventWith(detail))).toBe(true);
      });
      it.each(c.rejects.map((d) => [JSON.stringify(d) ?? 'undefined', d]))(
        'does not match %s',
        (_label, detail) => {
          expect(matchesEventPattern(compiled, eventWith(detail))).toBe(false);
        },
      );
    });
  }
});

describe('event pattern structure', () => {
  it('requires every field (AND) and ignores fields the pattern does not name', () => {
    const compiled = compileEventPattern({ source: ['hub360.identity'], 'detail-type': ['CustomerMerged'] });

    expect(matchesEventPattern(compiled, eventWith({ extra: 1 }))).toBe(true);
    expect(matchesEventPattern(compiled, eventWith({}, { 'detail-type': 'Other' }))).toBe(false);
  });

  it('matches nested fields only at the same nesting', () => {
    const compiled = compileEventPattern({ detail: { customer: { tier: ['gold'] } } });

    expect(matchesEventPattern(compiled, eventWith({ customer: { tier: 'gold' } }))).toBe(true);
    expect(matchesEventPattern(compiled, eventWith({ tier: 'gold' }))).toBe(false);
    expect(matchesEventPattern(compiled, eventWith({ customer: 'gold' }))).toBe(false);
  });

  it('matches arrays of objects element by element, never combining fields across elements', () => {
    const compiled = compileEventPattern({ detail: { lines: { sku: ['A'], qty: [2] } } });

    const sameElement = eventWith({
      lines: [
        { sku: 'B', qty: 1 },
        { sku: 'A', qty: 2 },
      ],
    });
    const acrossElements = eventWith({
      lines: [
        { sku: 'A', qty: 1 },
        { sku: 'B', qty: 2 },
      ],
    });

    expect(matchesEventPattern(compiled, sameElement)).toBe(true);
    expect(matchesEventPattern(compiled, acrossElements)).toBe(false);
  });

  it('looks through nested arrays', () => {
    const compiled = compileEventPattern({ detail: { grid: { v: [7] } } });

    expect(matchesEventPattern(compiled, eventWith({ grid: [[{ v: 1 }], [{ v: 7 }]] }))).toBe(true);
    expect(matchesEventPattern(compiled, eventWith({ grid: [[{ v: 1 }]] }))).toBe(false);
  });

  it('matches resources (an array) when any element matches', () => {
    const compiled = compileEventPattern({ resources: [{ suffix: 'table/customer360' }] });

    expect(matchesEventPattern(compiled, eventWith({}))).toBe(true);
    expect(matchesEventPattern(compiled, eventWith({}, { resources: [] }))).toBe(false);
  });

  it('judges exists:false over every element of an array', () => {
    const compiled = compileEventPattern({ detail: { lines: { discount: [{ exists: false }] } } });

    expect(matchesEventPattern(compiled, eventWith({ lines: [{ sku: 'A' }, { sku: 'B' }] }))).toBe(true);
    expect(matchesEventPattern(compiled, eventWith({ lines: [{ sku: 'A' }, { discount: 5 }] }))).toBe(false);
    expect(matchesEventPattern(compiled, eventWith({ lines: [] }))).toBe(true);
  });

  it('treats exists on an intermediate object as absent, since exists only sees leaves', () => {
    const present = compileEventPattern({ detail: { 'c-count': [{ exists: true }] } });
    const absent = compileEventPattern({ detail: { 'c-count': [{ exists: false }] } });
    const event = eventWith({ 'c-count': { c1: 100 } });

    expect(matchesEventPattern(present, event)).toBe(false);
    expect(matchesEventPattern(absent, event)).toBe(true);
  });

  it('combines $or branches with the other fields', () => {
    const compiled = compileEventPattern({
      source: ['hub360.identity'],
      $or: [{ detail: { tier: ['gold'] } }, { detail: { revenue: [{ numeric: ['>', 1000] }] } }],
    });

    expect(matchesEventPattern(compiled, eventWith({ tier: 'gold' }))).toBe(true);
    expect(matchesEventPattern(compiled, eventWith({ tier: 'silver', revenue: 5000 }))).toBe(true);
    expect(matchesEventPattern(compiled, eventWith({ tier: 'silver', revenue: 10 }))).toBe(false);
    expect(matchesEventPattern(compiled, eventWith({ tier: 'gold' }, { source: 'other' }))).toBe(false);
  });

  it('supports $or nested inside an object and inside another $or', () => {
    const compiled = compileEventPattern({
      detail: {
        $or: [
          { stage: ['churned'] },
          { stage: ['dormant'], $or: [{ risk: ['high'] }, { arrears: [{ numeric: ['>', 0] }] }] },
        ],
      },
    });

    expect(matchesEventPattern(compiled, eventWith({ stage: 'churned' }))).toBe(true);
    expect(matchesEventPattern(compiled, eventWith({ stage: 'dormant', arrears: 3 }))).toBe(true);
    expect(matchesEventPattern(compiled, eventWith({ stage: 'dormant', risk: 'low' }))).toBe(false);
  });

  it('does not match a non-object event', () => {
    const compiled = compileEventPattern({ source: ['x'] });

    for (const event of ['x', 'not an event', 42, true, null, [{ source: 'x' }], ['x']]) {
      expect(matchesEventPattern(compiled, event)).toBe(false);
    }
    expect(matchesEventPattern(compiled, { source: 'x' })).toBe(true);
  });

  it('matches a pattern of absent fields against a non-object event, which has no fields', () => {
    const compiled = compileEventPattern({ source: [{ exists: false }] });

    expect(matchesEventPattern(compiled, 'not an event')).toBe(true);
    expect(matchesEventPattern(compiled, { source: 'x' })).toBe(false);
  });
});
