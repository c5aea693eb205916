import { describe, expect, it } from 'vitest';
import { InvalidEventPatternError } from '../../../infra/local/eventbus/pattern/errors.ts';
import { compileEventPattern } from '../../../infra/local/eventbus/pattern/index.ts';
import { tokenText } from '../../../infra/local/eventbus/pattern/json-kinds.ts';

const reasonOf = (pattern: unknown): string | undefined => {
  try {
    compileEventPattern(pattern);
    return undefined;
  } catch (err: unknown) {
    if (err instanceof InvalidEventPatternError) return err.reason;
    throw err;
  }
};

describe('tokenText', () => {
  it('quotes a string as its text, a number or literal as written and nothing there as the closing ]', () => {
    expect([tokenText('>'), tokenText(5), tokenText(-0.5), tokenText(true), tokenText(null)]).toEqual([
      '>',
      '5',
      '-0.5',
      'true',
      'null',
    ]);
    expect(tokenText(undefined)).toBe(']');
  });

  it('quotes an object or an array by its opening bracket only, as AWS names the token', () => {
    expect([tokenText({ a: 1 }), tokenText({}), tokenText([1, 2]), tokenText([])]).toEqual([
      '{',
      '{',
      '[',
      '[',
    ]);
  });
});

describe('numeric expressions with an object or array where an operator belongs', () => {
  it('name the opening bracket of the object or array, as AWS does', () => {
    expect(reasonOf({ a: [{ numeric: [{ op: '>' }, 1] }] })).toBe('Invalid member in numeric match: {');
    expect(reasonOf({ a: [{ numeric: [['>'], 1] }] })).toBe('Invalid member in numeric match: [');
    expect(reasonOf({ a: [{ numeric: ['>', 1, { op: '<' }, 2] }] })).toBe('Bad value in numeric range: {');
    expect(reasonOf({ a: [{ numeric: ['>', 1, ['<'], 2] }] })).toBe('Bad value in numeric range: [');
  });
});
