import { describe, expect, it } from 'vitest';
import { compileEventPattern } from '../../../infra/local/eventbus/pattern/index.ts';
import { matchesEventPattern } from '../../../infra/local/eventbus/pattern/match.ts';
import { EventRuleSet } from '../../../infra/local/eventbus/pattern/rule-set.ts';

/**
 * An `exists: false` field is "possibly absent" only where an array of objects lies above it: elsewhere in
 * the same event an array of objects must not make a present field count as absent. Every rule set is
 * built inside its test; each verdict is also compared with the per-pattern matcher.
 */
const patterns = (): Record<string, unknown>[] => [
  { gone: [{ exists: false }] },
  { meta: { gone: [{ exists: false }] } },
  { items: { sku: ['A'] } },
];

const matchedIndexes = (event: unknown): number[] => {
  const compiled = patterns().map((pattern, index) => ({ index, pattern: compileEventPattern(pattern) }));
  return new EventRuleSet(compiled, (rule) => rule.pattern).match(event).map((rule) => rule.index);
};

const referenceIndexes = (event: unknown): number[] =>
  patterns().flatMap((pattern, index) =>
    matchesEventPattern(compileEventPattern(pattern), event) ? [index] : [],
  );

describe('the compiled rule set, absent fields beside an array of objects', () => {
  it('refuses a present top-level field when another field holds an array of objects', () => {
    const event = { gone: 'here', meta: { other: 1 }, items: [{ sku: 'A' }, { sku: 'B' }] };

    expect(matchedIndexes(event)).toEqual([1, 2]);
    expect(referenceIndexes(event)).toEqual([1, 2]);
  });

  it('refuses a present nested field whose parent is an object, not an array, beside an array of objects', () => {
    const event = { meta: { gone: 'here' }, items: [{ sku: 'A' }] };

    expect(matchedIndexes(event)).toEqual([0, 2]);
    expect(referenceIndexes(event)).toEqual([0, 2]);
  });

  it('accepts the fields as absent when they are absent, whatever the arrays', () => {
    const event = { meta: {}, items: [{ sku: 'B' }] };

    expect(matchedIndexes(event)).toEqual([0, 1]);
    expect(referenceIndexes(event)).toEqual([0, 1]);
  });
});
