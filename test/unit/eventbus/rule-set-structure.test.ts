import { describe, expect, it } from 'vitest';
import { MAX_DISJUNCTS } from '../../../infra/local/eventbus/pattern/disjuncts.ts';
import { compileEventPattern } from '../../../infra/local/eventbus/pattern/index.ts';
import { EventRuleSet } from '../../../infra/local/eventbus/pattern/rule-set.ts';

/**
 * The compiled rule set's walk and bookkeeping, with hand-written expectations: wide objects, inherited
 * keys, arrays of objects, absence, rules too large to multiply out, many matches and their order. Every
 * rule set is built inside its test (a set built while the file loads would not see a mutant).
 */
const ruleSet = (patterns: readonly Record<string, unknown>[]) =>
  new EventRuleSet(
    patterns.map((pattern, index) => ({ index, pattern: compileEventPattern(pattern) })),
    (rule) => rule.pattern,
  );

const indexes = (set: ReturnType<typeof ruleSet>, event: unknown): number[] =>
  set.match(event).map((rule) => rule.index);

/** Ten field names: more than the rule set walks one by one, so it walks the event's own keys instead. */
const WIDE_KEYS = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9'];

describe('the compiled rule set walking objects', () => {
  it('finds fields of an object whose rules name more fields than it walks one by one', () => {
    const set = ruleSet(WIDE_KEYS.map((key) => ({ [key]: ['x'] })));

    expect(indexes(set, { k3: 'x', k9: 'x', other: 'x' })).toEqual([3, 9]);
    expect(indexes(set, { k3: 'y' })).toEqual([]);
  });

  it('never reads an inherited field, whichever way the object is walked', () => {
    const narrow = ruleSet([{ k0: ['x'] }]);
    const wide = ruleSet(WIDE_KEYS.map((key) => ({ [key]: ['x'] })));
    const inherits = Object.assign(Object.create({ k0: 'x', k1: 'x' }), { k2: 'x' });

    expect(indexes(narrow, inherits)).toEqual([]);
    expect(indexes(wide, inherits)).toEqual([2]);
  });

  it('reads the own fields of an object without a prototype', () => {
    const wide = ruleSet(WIDE_KEYS.map((key) => ({ [key]: ['x'] })));
    const bare = Object.assign(Object.create(null), { k1: 'x', k5: 'x' });

    expect(indexes(wide, bare)).toEqual([1, 5]);
  });

  it('ignores a field added to every object through Object.prototype', () => {
    const wide = ruleSet(WIDE_KEYS.map((key) => ({ [key]: ['x'] })));
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.k4 = 'x';
    try {
      expect(indexes(wide, { k7: 'x' })).toEqual([7]);
    } finally {
      delete prototype.k4;
    }
    expect(indexes(wide, { k4: 'x' })).toEqual([4]);
  });

  it('reads a field named "undefined" like any other, and nothing past the rules’ fields', () => {
    const set = ruleSet([{ a: ['x'] }]);

    expect(indexes(set, { a: 'x', undefined: 'x' })).toEqual([0]);
    expect(indexes(set, { undefined: 'x' })).toEqual([]);
  });

  it('walks nested objects along the rules’ paths only', () => {
    const set = ruleSet([{ detail: { a: { b: ['deep'] } } }, { detail: { a: ['deep'] } }]);

    expect(indexes(set, { detail: { a: { b: 'deep' } } })).toEqual([0]);
    expect(indexes(set, { detail: { a: 'deep' } })).toEqual([1]);
    expect(indexes(set, { detail: { b: 'deep' } })).toEqual([]);
    expect(indexes(set, { a: { b: 'deep' } })).toEqual([]);
  });

  it('matches nothing but absence for events that are not objects', () => {
    const set = ruleSet([{ a: ['x'] }, { a: [{ exists: false }] }, { a: [{ 'anything-but': 'y' }] }]);

    for (const event of [null, 'text', 3, true, [{ a: 'x' }]]) expect(indexes(set, event)).toEqual([1]);
  });
});

describe('the compiled rule set and arrays', () => {
  it('requires two fields of a rule to come from the same element of an array of objects', () => {
    const set = ruleSet([{ items: { sku: ['A'], qty: [2] } }]);

    expect(
      indexes(set, {
        items: [
          { sku: 'A', qty: 1 },
          { sku: 'B', qty: 2 },
        ],
      }),
    ).toEqual([]);
    expect(
      indexes(set, {
        items: [
          { sku: 'B', qty: 1 },
          { sku: 'A', qty: 2 },
        ],
      }),
    ).toEqual([0]);
    expect(indexes(set, { items: { sku: 'A', qty: 2 } })).toEqual([0]);
  });

  it('requires an absent field to be absent from the element the other fields matched', () => {
    const set = ruleSet([{ items: { sku: ['A'], gift: [{ exists: false }] } }]);

    expect(indexes(set, { items: [{ sku: 'A', gift: true }, { sku: 'B' }] })).toEqual([]);
    expect(indexes(set, { items: [{ sku: 'B', gift: true }, { sku: 'A' }] })).toEqual([0]);
  });

  it('judges a pattern of absent fields against every element of an array', () => {
    const set = ruleSet([{ items: { gift: [{ exists: false }] } }]);

    expect(indexes(set, { items: [{ sku: 'A' }, { sku: 'B' }] })).toEqual([0]);
    expect(indexes(set, { items: [{ sku: 'A' }, { gift: true }] })).toEqual([]);
    expect(indexes(set, { items: [] })).toEqual([0]);
    expect(indexes(set, {})).toEqual([0]);
  });

  it('accepts values from any element for a rule with one field under the array', () => {
    const set = ruleSet([{ items: { sku: ['A'] }, source: ['shop'] }]);

    expect(indexes(set, { source: 'shop', items: [{ sku: 'B' }, { sku: 'A' }] })).toEqual([0]);
    expect(indexes(set, { source: 'shop', items: [{ sku: 'B' }] })).toEqual([]);
  });

  it('reads every leaf of an array of scalars, nested arrays included', () => {
    const set = ruleSet([{ tags: ['vip'] }, { tags: [{ numeric: ['>', 10] }], kind: ['x'] }]);

    expect(indexes(set, { tags: ['new', ['old', 'vip']] })).toEqual([0]);
    expect(indexes(set, { tags: [1, 'vip', 20], kind: 'x' })).toEqual([0, 1]);
    expect(indexes(set, { tags: [1, 2], kind: 'x' })).toEqual([]);
  });
});

describe('the compiled rule set, conditions other than the anchor', () => {
  it('checks every other field of a rule against the leaves the walk kept', () => {
    const set = ruleSet([
      { source: ['shop'], detail: { status: ['paid'], total: [{ numeric: ['>=', 100] }] } },
      { source: ['shop'], detail: { status: [{ 'anything-but': 'paid' }] } },
    ]);

    expect(indexes(set, { source: 'shop', detail: { status: 'paid', total: 100 } })).toEqual([0]);
    expect(indexes(set, { source: 'shop', detail: { status: 'paid', total: 99 } })).toEqual([]);
    expect(indexes(set, { source: 'shop', detail: { status: 'open', total: 500 } })).toEqual([1]);
    expect(indexes(set, { source: 'crm', detail: { status: 'paid', total: 500 } })).toEqual([]);
  });

  it('holds exists true and exists false conditions that are not the anchor', () => {
    const set = ruleSet([
      { id: ['c-1'], email: [{ exists: true }] },
      { id: ['c-1'], email: [{ exists: false }] },
      { id: ['c-1'], email: [{ exists: false }, 'none'] },
    ]);

    expect(indexes(set, { id: 'c-1', email: 'a@b' })).toEqual([0]);
    expect(indexes(set, { id: 'c-1' })).toEqual([1, 2]);
    expect(indexes(set, { id: 'c-1', email: 'none' })).toEqual([0, 2]);
    expect(indexes(set, { id: 'c-2' })).toEqual([]);
  });

  it('judges a condition shared by several rules once, with the same verdict for each', () => {
    const set = ruleSet([
      { id: ['a'], kind: [{ prefix: 'order' }] },
      { id: ['b'], kind: [{ prefix: 'order' }] },
      { id: ['a', 'b'], kind: [{ prefix: 'order' }] },
    ]);

    expect(indexes(set, { id: 'b', kind: 'order-paid' })).toEqual([1, 2]);
    expect(indexes(set, { id: 'b', kind: 'refund' })).toEqual([]);
  });

  it('keeps conditions apart that differ only inside a set, a regex or an address', () => {
    const set = ruleSet([
      { v: [{ 'anything-but': ['a'] }] },
      { v: [{ 'anything-but': ['b'] }] },
      { v: [{ wildcard: 'a*b*c' }] },
      { v: [{ wildcard: 'a*x*c' }] },
      { v: [{ 'anything-but': { wildcard: 'a*b*c' } }], w: ['1'] },
      { v: [{ 'anything-but': { wildcard: 'a*x*c' } }], w: ['1'] },
      { v: ['10.0.0.1'] },
      { v: ['10.0.0.2'] },
    ]);

    expect(indexes(set, { v: 'a' })).toEqual([1]);
    expect(indexes(set, { v: 'a-b-c', w: '1' })).toEqual([0, 1, 2, 5]);
    expect(indexes(set, { v: 'a-x-c', w: '1' })).toEqual([0, 1, 3, 4]);
    expect(indexes(set, { v: '10.0.0.2' })).toEqual([0, 1, 7]);
  });

  it('matches a rule through any of its $or branches, once', () => {
    const set = ruleSet([{ $or: [{ a: ['1'] }, { b: ['2'] }] }, { a: ['1'] }]);

    expect(indexes(set, { a: '1', b: '2' })).toEqual([0, 1]);
    expect(indexes(set, { b: '2' })).toEqual([0]);
    expect(indexes(set, { a: '2', b: '1' })).toEqual([]);
  });

  it('judges absence anchors after the walk, also when a later event has the field', () => {
    const set = ruleSet([{ gone: [{ exists: false }] }, { gone: [{ exists: false }, 'x'] }]);

    expect(indexes(set, {})).toEqual([0, 1]);
    expect(indexes(set, { gone: 'x' })).toEqual([1]);
    expect(indexes(set, { gone: 'y' })).toEqual([]);
    expect(indexes(set, {})).toEqual([0, 1]);
  });
});

describe('the compiled rule set, rules too large to multiply out', () => {
  /** A pattern of two `$or` groups whose choices multiply to more than MAX_DISJUNCTS ways. */
  const tooManyWays = () => {
    const branches = (key: string) => Array.from({ length: 17 }, (_, i) => ({ [key]: [`v${i}`] }));
    return { detail: { $or: branches('a') }, $or: branches('b') };
  };

  it('still matches a rule with more ways than MAX_DISJUNCTS, by the per-pattern matcher', () => {
    expect(17 * 17).toBeGreaterThan(MAX_DISJUNCTS);
    const set = ruleSet([tooManyWays(), { b: ['v3'] }]);

    expect(indexes(set, { b: 'v3', detail: { a: 'v16' } })).toEqual([0, 1]);
    expect(indexes(set, { b: 'v16', detail: { a: 'v0' } })).toEqual([0]);
    expect(indexes(set, { b: 'v3', detail: { a: 'v17' } })).toEqual([1]);
    expect(indexes(set, { detail: { a: 'v1' } })).toEqual([]);
  });

  it('expands a rule of exactly MAX_DISJUNCTS ways like any other', () => {
    const branches = (key: string) => Array.from({ length: 16 }, (_, i) => ({ [key]: [`v${i}`] }));
    expect(16 * 16).toBe(MAX_DISJUNCTS);
    const set = ruleSet([{ detail: { $or: branches('a') }, $or: branches('b') }]);

    expect(indexes(set, { b: 'v15', detail: { a: 'v15' } })).toEqual([0]);
    expect(indexes(set, { b: 'v15', detail: { a: 'v16' } })).toEqual([]);
  });
});

describe('the compiled rule set, many matches', () => {
  it('returns the rules in the order given, whatever order their anchors fire in', () => {
    const set = ruleSet([{ z: ['1'] }, { y: ['1'] }, { x: ['1'] }, { a: [{ exists: false }] }, { w: ['1'] }]);

    expect(indexes(set, { w: '1', x: '1', y: '1', z: '1' })).toEqual([0, 1, 2, 3, 4]);
    expect(indexes(set, { x: '1', z: '1', a: 1 })).toEqual([0, 2]);
  });

  it('returns every one of more matches than its first buffer holds, in order', () => {
    const count = 20;
    const set = ruleSet(
      Array.from({ length: count }, (_, i) =>
        i % 2 === 0 ? { n: [{ numeric: ['>=', i] }] } : { s: [`${i}`] },
      ),
    );
    const event = { n: 100, s: ['1', '3', '5', '7', '9', '11', '13', '15', '17', '19'] };

    expect(indexes(set, event)).toEqual(Array.from({ length: count }, (_, i) => i));
  });

  it('returns more than 32 matches in the order given, and then fewer again', () => {
    const count = 40;
    const patterns = Array.from({ length: count }, (_, i) => ({ [`f${count - i}`]: ['on'] }));
    const set = ruleSet([...patterns, { other: ['on'] }]);
    const allOn = Object.fromEntries(Array.from({ length: count }, (_, i) => [`f${i + 1}`, 'on']));

    expect(indexes(set, allOn)).toEqual(Array.from({ length: count }, (_, i) => i));
    expect(indexes(set, { f1: 'on', f40: 'on', other: 'on' })).toEqual([0, count - 1, count]);
    expect(indexes(set, allOn)).toEqual(Array.from({ length: count }, (_, i) => i));
  });

  it('returns the rules themselves, the same objects as given', () => {
    const rules = [
      { name: 'first', pattern: compileEventPattern({ a: ['1'] }) },
      { name: 'second', pattern: compileEventPattern({ a: [{ prefix: '' }] }) },
    ];
    const set = new EventRuleSet(rules, (rule) => rule.pattern);

    const matched = set.match({ a: '1' });

    expect(matched).toHaveLength(2);
    expect(matched[0]).toBe(rules[0]);
    expect(matched[1]).toBe(rules[1]);
  });
});
