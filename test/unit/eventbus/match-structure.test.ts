import { describe, expect, it } from 'vitest';
import { compileEventPattern, matchesEventPattern } from '../../../infra/local/eventbus/pattern/index.ts';

/** The per-pattern matcher's verdict; the pattern is compiled inside each test. */
const matches = (pattern: Record<string, unknown>, event: unknown): boolean =>
  matchesEventPattern(compileEventPattern(pattern), event);

describe('the per-pattern matcher, fields of the event', () => {
  it('never reads an inherited field, such as constructor or toString', () => {
    expect(matches({ constructor: [{ exists: true }] }, {})).toBe(false);
    expect(matches({ constructor: [{ exists: false }] }, {})).toBe(true);
    expect(matches({ detail: { toString: [{ exists: true }] } }, { detail: {} })).toBe(false);
    expect(matches({ a: ['x'] }, Object.create({ a: 'x' }))).toBe(false);
    expect(matches({ constructor: ['x'] }, { constructor: 'x' })).toBe(true);
  });

  it('reads the leaves of a field through arrays at any depth and never an object as a leaf', () => {
    expect(matches({ v: ['x'] }, { v: [['a', ['x']]] })).toBe(true);
    expect(matches({ v: [{ exists: true }] }, { v: [[], [[]]] })).toBe(false);
    expect(matches({ v: [{ exists: true }] }, { v: [{ x: 1 }] })).toBe(false);
    expect(matches({ v: [{ exists: true }] }, { v: [{ x: 1 }, 0] })).toBe(true);
  });

  it('matches a nested pattern against a scalar, an empty array or a missing value as an object without fields', () => {
    expect(matches({ d: { a: [{ exists: false }] } }, { d: 'text' })).toBe(true);
    expect(matches({ d: { a: [{ exists: false }] } }, { d: [] })).toBe(true);
    expect(matches({ d: { a: [{ exists: false }] } }, {})).toBe(true);
    expect(matches({ d: { a: ['x'] } }, { d: 'x' })).toBe(false);
    expect(matches({ d: { a: ['x'] } }, { d: [] })).toBe(false);
  });
});

describe('the per-pattern matcher, absence over arrays of objects', () => {
  it('needs an absent field absent from every element, at every level of nested arrays', () => {
    const pattern = { d: { lines: { meta: { flag: [{ exists: false }] } } } };

    expect(matches(pattern, { d: { lines: [{ meta: [{ x: 1 }, { y: 2 }] }, { meta: { z: 3 } }] } })).toBe(
      true,
    );
    expect(matches(pattern, { d: { lines: [{ meta: [{ x: 1 }, { flag: 2 }] }, { meta: { z: 3 } }] } })).toBe(
      false,
    );
    expect(matches(pattern, { d: { lines: [{ meta: { z: 3 } }, { meta: { flag: 'on' } }] } })).toBe(false);
    expect(matches(pattern, { d: [{ lines: { meta: { z: 1 } } }, { lines: [{ meta: { flag: 1 } }] }] })).toBe(
      false,
    );
    expect(matches(pattern, { d: [{ lines: { meta: { z: 1 } } }, { lines: [{ meta: { q: 1 } }] }] })).toBe(
      true,
    );
  });

  it('looks through arrays inside an array element for the absent field', () => {
    const pattern = { lines: { flag: [{ exists: false }] } };

    expect(matches(pattern, { lines: [[{ a: 1 }], [{ flag: 1 }]] })).toBe(false);
    expect(matches(pattern, { lines: [[{ a: 1 }], [{ b: 1 }]] })).toBe(true);
    expect(matches(pattern, { lines: [{ flag: [] }] })).toBe(true);
    expect(matches(pattern, { lines: [{ flag: [[1]] }] })).toBe(false);
  });

  it('judges a $or of absent fields against the whole array: some branch absent from every element', () => {
    const pattern = { lines: { $or: [{ a: [{ exists: false }] }, { b: [{ exists: false }] }] } };

    expect(matches(pattern, { lines: [{ a: 1 }, { a: 2 }] })).toBe(true);
    expect(matches(pattern, { lines: [{ a: 1, b: 1 }, { c: 2 }] })).toBe(false);
    expect(matches(pattern, { lines: [{ a: 1 }, { b: 2 }] })).toBe(false);
  });

  it('lets an element chosen by a present field decide an absent one beside it', () => {
    const pattern = { lines: { sku: ['A'], gift: [{ exists: false }] } };

    expect(matches(pattern, { lines: [{ sku: 'A' }, { sku: 'B', gift: true }] })).toBe(true);
    expect(matches(pattern, { lines: [{ sku: 'A', gift: true }, { sku: 'B' }] })).toBe(false);
  });

  it('treats an object that also asks for a present field as choosing an element', () => {
    const pattern = { lines: { meta: { flag: [{ exists: false }], kind: ['x'] } } };

    expect(matches(pattern, { lines: [{ meta: { kind: 'x' } }, { meta: { flag: 1, kind: 'y' } }] })).toBe(
      true,
    );
    expect(matches(pattern, { lines: [{ meta: { kind: 'x', flag: 1 } }, { meta: { kind: 'y' } }] })).toBe(
      false,
    );
  });

  it('treats a $or with a present field as choosing an element', () => {
    const pattern = { lines: { $or: [{ a: [{ exists: false }] }, { b: ['x'] }] } };

    expect(matches(pattern, { lines: [{ a: 1 }, { a: 2, b: 'x' }] })).toBe(true);
    expect(matches(pattern, { lines: [{ a: 1 }, { a: 2 }] })).toBe(false);
    expect(matches(pattern, { lines: [{ a: 1 }, { c: 2 }] })).toBe(true);
  });

  it('gives the same verdicts when one compiled pattern is asked again', () => {
    const compiled = compileEventPattern({ lines: { flag: [{ exists: false }] } });
    const without = { lines: [{ a: 1 }, { b: 2 }] };
    const withFlag = { lines: [{ a: 1 }, { flag: 2 }] };

    expect(
      [without, withFlag, without, withFlag].map((event) => matchesEventPattern(compiled, event)),
    ).toEqual([true, false, true, false]);
  });
});
