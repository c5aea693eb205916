import { describe, expect, it } from 'vitest';
import { InvalidEventPatternError } from '../../../infra/local/eventbus/pattern/errors.ts';
import { compileEventPattern } from '../../../infra/local/eventbus/pattern/index.ts';

const reasonOf = (pattern: unknown): string | undefined => {
  try {
    compileEventPattern(pattern);
    return undefined;
  } catch (err: unknown) {
    if (err instanceof InvalidEventPatternError) return err.reason;
    throw err;
  }
};

describe('anything-but with numbers that are not finite, whatever the caller built', () => {
  it('names anything-but for a single number and for a number in a list', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(reasonOf({ a: [{ 'anything-but': value }] })).toBe('Value of anything-but must be numeric');
      expect(reasonOf({ a: [{ 'anything-but': [1, value] }] })).toBe('Value of anything-but must be numeric');
    }
  });
});
