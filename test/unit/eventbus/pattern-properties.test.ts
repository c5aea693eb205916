import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileEventPattern, matchesEventPattern } from '../../../infra/local/eventbus/pattern/index.ts';

const scalar = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.double({ min: -5e9, max: 5e9, noNaN: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const fieldName = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== '$or' && k !== '__proto__');

const everyOperator = compileEventPattern({
  source: [{ prefix: 'a' }, { suffix: 'z' }, { wildcard: '*x*y' }, { 'equals-ignore-case': 'Q' }],
  detail: {
    n: [{ numeric: ['>', 0, '<=', 10] }, { 'anything-but': [1, 2] }, { cidr: '10.0.0.0/8' }],
    s: [{ 'anything-but': { wildcard: '*a*' } }, { 'anything-but': { prefix: 'p' } }, { exists: false }],
    nested: { deeper: [null, true, 0, ''] },
  },
  $or: [{ resources: [{ exists: true }] }, { region: [{ 'anything-but': { 'equals-ignore-case': ['x'] } }] }],
});

describe('pattern language properties', () => {
  it('never throws while matching arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (detail, source) => {
        expect(typeof matchesEventPattern(everyOperator, { source, detail })).toBe('boolean');
      }),
    );
  });

  it('an exact-value pattern built from an event field matches that event', () => {
    fc.assert(
      fc.property(fieldName, scalar, fc.dictionary(fieldName, scalar), (key, value, rest) => {
        const detail = { ...rest, [key]: value };
        const pattern = compileEventPattern({ detail: { [key]: [value] } });

        expect(matchesEventPattern(pattern, { detail })).toBe(true);
      }),
    );
  });

  it('anything-but a string never matches that string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const pattern = compileEventPattern({ detail: { v: [{ 'anything-but': value }] } });

        expect(matchesEventPattern(pattern, { detail: { v: value } })).toBe(false);
      }),
    );
  });

  it('exists true and exists false disagree on every value of a field', () => {
    const present = compileEventPattern({ detail: { v: [{ exists: true }] } });
    const absent = compileEventPattern({ detail: { v: [{ exists: false }] } });
    fc.assert(
      fc.property(fc.option(fc.jsonValue(), { nil: undefined }), (value) => {
        const event = { detail: value === undefined ? {} : { v: value } };

        expect(matchesEventPattern(present, event)).toBe(!matchesEventPattern(absent, event));
      }),
    );
  });

  it('a wildcard without * matches exactly the same strings as an exact value', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).filter((s) => !s.includes('*') && !s.includes('\\')),
        fc.string({ unit: 'binary' }),
        (text, other) => {
          const wildcard = compileEventPattern({ v: [{ wildcard: text }] });
          const exact = compileEventPattern({ v: [text] });

          for (const candidate of [text, other]) {
            expect(matchesEventPattern(wildcard, { v: candidate })).toBe(
              matchesEventPattern(exact, { v: candidate }),
            );
          }
        },
      ),
    );
  });
});
