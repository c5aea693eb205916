import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileEventPattern, matchesEventPattern } from '../../../infra/local/eventbus/pattern/index.ts';
import { EventRuleSet } from '../../../infra/local/eventbus/pattern/rule-set.ts';
import { propertyRuns } from '../../support/property-runs.ts';
import { eventPattern, randomEvent } from './pattern-arbitraries.ts';

/** Names of the rules the straightforward matcher finds, one pattern at a time: the reference answer. */
const oneByOne = (patterns: readonly Record<string, unknown>[], event: unknown): number[] =>
  patterns.flatMap((pattern, i) => (matchesEventPattern(compileEventPattern(pattern), event) ? [i] : []));

const compiledSet = (patterns: readonly Record<string, unknown>[]) =>
  new EventRuleSet(
    patterns.map((pattern, i) => ({ i, pattern: compileEventPattern(pattern) })),
    (rule) => rule.pattern,
  );

describe('the compiled rule set against the per-pattern matcher', () => {
  it('finds exactly the rules the per-pattern matcher finds, for random rule sets and events', () => {
    fc.assert(
      fc.property(
        fc.array(eventPattern, { minLength: 1, maxLength: 12 }),
        fc.array(randomEvent, { minLength: 1, maxLength: 5 }),
        (patterns, events) => {
          const set = compiledSet(patterns);

          for (const event of events) {
            expect(set.match(event).map((rule) => rule.i)).toEqual(oneByOne(patterns, event));
          }
        },
      ),
      { numRuns: propertyRuns(300) },
    );
  });

  it('finds exactly the rules the per-pattern matcher finds when many rules share fields and values', () => {
    fc.assert(
      fc.property(
        fc.array(eventPattern, { minLength: 30, maxLength: 60 }),
        fc.array(randomEvent, { minLength: 10, maxLength: 20 }),
        (patterns, events) => {
          const set = compiledSet(patterns);

          for (const event of events) {
            expect(set.match(event).map((rule) => rule.i)).toEqual(oneByOne(patterns, event));
          }
        },
      ),
      { numRuns: propertyRuns(40) },
    );
  });

  it('matches nothing for events that are not objects, as the per-pattern matcher', () => {
    const patterns = [{ a: [{ exists: false }] }, { a: ['x'] }];
    const set = compiledSet(patterns);

    for (const event of [null, 'text', 3, [{ a: 'x' }]]) {
      expect(set.match(event).map((rule) => rule.i)).toEqual(oneByOne(patterns, event));
    }
  });
});
