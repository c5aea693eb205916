import { describe, expect, it } from 'vitest';
import {
  compileEventPattern,
  EventRuleSet,
  matchesEventPattern,
} from '../../../infra/local/eventbus/pattern/index.ts';

// A value list that mixes `exists: false` with other values asks "absent, or one of these"; only a nested
// object whose every field asks for absence alone judges an array as a whole. Both the per-pattern matcher
// and the rule set must give the same verdict.
const verdicts = (pattern: Record<string, unknown>, event: unknown): [boolean, boolean] => {
  const compiled = compileEventPattern(pattern);
  const set = new EventRuleSet([{ compiled }], (rule) => rule.compiled);
  return [matchesEventPattern(compiled, event), set.match(event).length === 1];
};

describe('absence mixed with values in one list', () => {
  it('lets an array element match by value when the list also allows the field to be absent', () => {
    const pattern = { o: { a: [{ exists: false }, 'x'] } };

    expect(verdicts(pattern, { o: [{ a: 'x' }, { a: 'y' }] })).toEqual([true, true]);
    expect(verdicts(pattern, { o: [{ a: 'y' }, { a: 'z' }] })).toEqual([false, false]);
  });

  it('matches an empty array under a nested pattern as an object without fields when the list allows absence', () => {
    const pattern = { o: { a: [{ exists: false }, 'x'] } };

    expect(verdicts(pattern, { o: [] })).toEqual([true, true]);
  });

  it('matches an empty array under a nested $or whose absence branch accepts an object without fields', () => {
    const pattern = { o: { $or: [{ a: [{ exists: false }] }, { b: ['x'] }] } };

    expect(verdicts(pattern, { o: [] })).toEqual([true, true]);
    expect(verdicts(pattern, { o: [{ a: 1 }] })).toEqual([false, false]);
  });
});
