import { describe, expect, it } from 'vitest';
import type { ValueMatcher } from '../../../infra/local/eventbus/pattern/compiled-pattern.ts';
import {
  compileEventPattern,
  compileEventPatternText,
  InvalidEventPatternError,
  validateEventPattern,
} from '../../../infra/local/eventbus/pattern/index.ts';

/** The matcher the compiler makes of one element of a field's value list. */
const compiledValue = (value: unknown): ValueMatcher => {
  const field = compileEventPattern({ a: [value] }).root.fields[0];
  if (field?.kind !== 'leaf' || field.matchers[0] === undefined) throw new Error('expected one matcher');
  return field.matchers[0];
};

/** The error the compiler throws for a pattern, or undefined when it compiles. */
const errorOf = (pattern: unknown): InvalidEventPatternError | undefined => {
  try {
    compileEventPattern(pattern);
    return undefined;
  } catch (err: unknown) {
    if (err instanceof InvalidEventPatternError) return err;
    throw err;
  }
};

describe('the compiled form of a pattern', () => {
  it('keeps the pattern as given and lists fields, nested objects and $or groups in order', () => {
    const pattern = { source: ['s'], detail: { state: ['x'] }, $or: [{ a: ['1'] }, { b: ['2'] }] };
    const compiled = compileEventPattern(pattern);

    expect(compiled.source).toBe(pattern);
    expect(compiled.root.fields.map((f) => [f.key, f.kind])).toEqual([
      ['source', 'leaf'],
      ['detail', 'object'],
    ]);
    const detail = compiled.root.fields[1];
    expect(
      detail?.kind === 'object' ? detail.object.fields.map((f) => f.kind === 'leaf' && f.path) : [],
    ).toEqual([['detail', 'state']]);
    expect(compiled.root.anyOf).toHaveLength(1);
    expect(
      compiled.root.anyOf[0]?.map((branch) => branch.fields.map((f) => f.kind === 'leaf' && f.path)),
    ).toEqual([[['a']], [['b']]]);
  });

  it('gives fields inside a $or branch their path from the event root, $or left out', () => {
    const compiled = compileEventPattern({ detail: { $or: [{ a: { b: ['1'] } }, { c: ['2'] }] } });
    const detail = compiled.root.fields[0];
    const [first] = detail?.kind === 'object' ? (detail.object.anyOf[0] ?? []) : [];
    const a = first?.fields[0];
    const b = a?.kind === 'object' ? a.object.fields[0] : undefined;

    expect(b?.kind === 'leaf' ? b.path : undefined).toEqual(['detail', 'a', 'b']);
  });

  it('compiles an exact IP address as a one-address range and other text as exact text', () => {
    expect(compiledValue('10.0.0.1')).toEqual({
      kind: 'exact-ip',
      text: '10.0.0.1',
      range: { version: 4, first: 0x0a000001n, last: 0x0a000001n },
    });
    expect(compiledValue('::1')).toEqual({
      kind: 'exact-ip',
      text: '::1',
      range: { version: 6, first: 1n, last: 1n },
    });
    expect(compiledValue('10.0.0')).toEqual({ kind: 'exact', value: '10.0.0' });
    expect(compiledValue(5)).toEqual({ kind: 'exact', value: 5 });
    expect(compiledValue(false)).toEqual({ kind: 'exact', value: false });
    expect(compiledValue(null)).toEqual({ kind: 'exact', value: null });
  });

  it('compiles numeric ranges to bounds in millionths with their inclusiveness', () => {
    expect(compiledValue({ numeric: ['>=', 1, '<', 2.5] })).toEqual({
      kind: 'numeric',
      lower: { value: 1_000_000, inclusive: true },
      upper: { value: 2_500_000, inclusive: false },
    });
    expect(compiledValue({ numeric: ['>', -1, '<=', 0] })).toEqual({
      kind: 'numeric',
      lower: { value: -1_000_000, inclusive: false },
      upper: { value: 0, inclusive: true },
    });
    expect(compiledValue({ numeric: ['=', 0.5] })).toEqual({
      kind: 'numeric',
      lower: { value: 500_000, inclusive: true },
      upper: { value: 500_000, inclusive: true },
    });
    expect(compiledValue({ numeric: ['<', 3] })).toEqual({
      kind: 'numeric',
      upper: { value: 3_000_000, inclusive: false },
    });
    expect(compiledValue({ numeric: ['<=', 3] })).toEqual({
      kind: 'numeric',
      upper: { value: 3_000_000, inclusive: true },
    });
    expect(compiledValue({ numeric: ['>', 3] })).toEqual({
      kind: 'numeric',
      lower: { value: 3_000_000, inclusive: false },
    });
    expect(compiledValue({ numeric: ['>=', 3] })).toEqual({
      kind: 'numeric',
      lower: { value: 3_000_000, inclusive: true },
    });
  });

  it('compiles each operator to its kind, with case folded once where it is ignored', () => {
    expect(compiledValue({ prefix: 'Ab' })).toEqual({ kind: 'prefix', value: 'Ab', ignoreCase: false });
    expect(compiledValue({ prefix: { 'equals-ignore-case': 'Ab' } })).toEqual({
      kind: 'prefix',
      value: 'Ab',
      ignoreCase: true,
    });
    expect(compiledValue({ suffix: { 'equals-ignore-case': 'Ab' } })).toEqual({
      kind: 'suffix',
      value: 'Ab',
      ignoreCase: true,
    });
    expect(compiledValue({ 'equals-ignore-case': 'Ab' })).toEqual({
      kind: 'equals-ignore-case',
      value: 'Ab',
    });
    expect(compiledValue({ exists: true })).toEqual({ kind: 'exists', exists: true });
    expect(compiledValue({ exists: false })).toEqual({ kind: 'exists', exists: false });
    expect(compiledValue({ cidr: '10.0.0.0/8' })).toEqual({
      kind: 'cidr',
      range: { version: 4, first: 0x0a000000n, last: 0x0affffffn },
    });
    expect(compiledValue({ wildcard: 'a*b' })).toMatchObject({ kind: 'wildcard', prefix: 'a', suffix: 'b' });
  });

  it('compiles anything-but to the kind of its values', () => {
    expect(compiledValue({ 'anything-but': 'x' })).toEqual({ kind: 'anything-but', strings: new Set(['x']) });
    expect(compiledValue({ 'anything-but': ['x', 'y'] })).toEqual({
      kind: 'anything-but',
      strings: new Set(['x', 'y']),
    });
    expect(compiledValue({ 'anything-but': 1.5 })).toEqual({
      kind: 'anything-but-numbers',
      numbers: [1_500_000],
    });
    expect(compiledValue({ 'anything-but': [1, 2] })).toEqual({
      kind: 'anything-but-numbers',
      numbers: [1_000_000, 2_000_000],
    });
    expect(compiledValue({ 'anything-but': { prefix: 'p' } })).toEqual({
      kind: 'anything-but-prefix',
      values: ['p'],
    });
    expect(compiledValue({ 'anything-but': { suffix: ['s', 't'] } })).toEqual({
      kind: 'anything-but-suffix',
      values: ['s', 't'],
    });
    expect(compiledValue({ 'anything-but': { 'equals-ignore-case': ['Ab', 'CD'] } })).toEqual({
      kind: 'anything-but-ignore-case',
      values: new Set(['ab', 'cd']),
    });
    const wildcard = compiledValue({ 'anything-but': { wildcard: ['a*', '*b'] } });
    expect(wildcard.kind === 'anything-but-wildcard' && wildcard.regexes.map((r) => r.test('ax'))).toEqual([
      true,
      false,
    ]);
  });
});

describe('pattern errors', () => {
  it('carry their reason and location, and a message with the location only when there is one', () => {
    const top = errorOf(['source']);
    const nested = errorOf({ detail: { n: [{ numeric: ['>', 'x'] }] } });

    expect(top?.name).toBe('InvalidEventPatternError');
    expect(top?.message).toBe('Event pattern is not valid. Reason: Filter is not an object');
    expect([top?.reason, top?.location]).toEqual(['Filter is not an object', '']);
    expect(nested?.message).toBe(
      'Event pattern is not valid. Reason: Value of > must be numeric (at detail.n[0])',
    );
    expect([nested?.reason, nested?.location]).toEqual(['Value of > must be numeric', 'detail.n[0]']);
  });

  it('name where inside a $or branch the problem is', () => {
    expect(errorOf({ $or: [{ a: ['x'] }, { b: [{ prefix: 1 }] }] })?.location).toBe('$or[1].b[0]');
    expect(errorOf({ detail: { $or: [{ a: 'x' }, { b: ['y'] }] } })?.location).toBe('detail.$or[0].a');
    expect(errorOf({ detail: { $or: [{ a: ['x'] }] } })?.location).toBe('detail.$or');
    expect(errorOf({ $or: [{ a: ['x'] }, 5] })?.location).toBe('$or[1]');
  });

  it('refuse operator names as field names anywhere inside a $or branch, and allow them outside', () => {
    expect(errorOf({ $or: [{ detail: { numeric: ['x'] } }, { b: ['y'] }] })?.reason).toBe(
      'numeric is Ruler reserved fieldName which cannot be used inside $or.',
    );
    expect(errorOf({ $or: [{ a: ['x'] }, { '>=': ['y'] }] })?.location).toBe('$or[1].>=');
    expect(
      validateEventPattern({ prefix: ['x'], detail: { numeric: ['y'], exactly: ['z'] } }),
    ).toBeUndefined();
  });

  it('refuse numbers that are not finite, whatever the caller built', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(errorOf({ a: [value] })?.reason).toBe(
        'Match value must be String, number, true, false, or null',
      );
      expect(errorOf({ a: [{ numeric: ['>', value] }] })?.reason).toBe('Value of > must be numeric');
    }
    expect(errorOf({ a: [undefined] })?.reason).toBe(
      'Match value must be String, number, true, false, or null',
    );
  });

  it('refuse the malformed parts of prefix, suffix, numeric and anything-but expressions by name', () => {
    expect(errorOf({ a: [{ prefix: {} }] })?.reason).toBe('Prefix expression name not found');
    expect(errorOf({ a: [{ suffix: {} }] })?.reason).toBe('Suffix expression name not found');
    expect(errorOf({ a: [{ suffix: 5 }] })?.reason).toBe('suffix match pattern must be a string');
    expect(errorOf({ a: [{ prefix: { 'equals-ignore-case': 'x', other: 1 } }] })?.reason).toBe(
      'Only one key allowed in match expression',
    );
    expect(errorOf({ a: [{ numeric: ['>', 1, '<'] }] })?.reason).toBe('Value of < must be numeric');
    expect(errorOf({ a: [{ numeric: ['>', 1, '<=', 'x'] }] })?.reason).toBe('Value of <= must be numeric');
    expect(errorOf({ a: [{ numeric: ['>=', 6e9] }] })?.reason).toBe(
      'Value must be between -5.0E9 and 5.0E9, inclusive',
    );
    expect(errorOf({ a: [{ numeric: ['<=', 5, 6] }] })?.reason).toBe(
      'Too many elements in numeric expression',
    );
    expect(errorOf({ a: [{ 'anything-but': 6e9 }] })?.reason).toBe(
      'Value must be between -5.0E9 and 5.0E9, inclusive',
    );
    expect(errorOf({ a: [{ 'anything-but': [1, -6e9] }] })?.reason).toBe(
      'Value must be between -5.0E9 and 5.0E9, inclusive',
    );
    expect(errorOf({ a: [{ 'anything-but': [true] }] })?.reason).toBe(
      'Inside anything but list, start|null|boolean is not supported.',
    );
    expect(errorOf({ a: [{ 'anything-but': { prefix: true } }] })?.reason).toBe(
      'Value of anything-but must be an array or single string/number value.',
    );
    expect(errorOf({ a: [{ 'anything-but': { suffix: 'a', other: 1 } }] })?.reason).toBe(
      'Only one key allowed in match expression',
    );
    expect(errorOf({ a: [{ 'anything-but': { wildcard: 5 } }] })?.reason).toBe(
      'wildcard match pattern must be a string',
    );
    expect(errorOf({ a: [{ 'anything-but': { suffix: [''] } }] })?.reason).toBe(
      'Null prefix/suffix not allowed',
    );
    expect(errorOf({ a: [{ 'anything-but': { 'equals-ignore-case': '' } }] })).toBeUndefined();
    expect(errorOf({ a: [{ 'anything-but': { wildcard: 'a\\x' } }] })?.reason).toBe(
      'Invalid escape character at pos 2',
    );
  });

  it('are thrown for pattern text that is not JSON, with the parser’s reason and no location', () => {
    const act = () => compileEventPatternText('{"source": [');

    expect(act).toThrow(/^Event pattern is not valid\. Reason: .*JSON/);
    try {
      act();
    } catch (err: unknown) {
      expect(err instanceof InvalidEventPatternError && err.location).toBe('');
    }
    expect(compileEventPatternText('{"source": ["s"]}').source).toEqual({ source: ['s'] });
  });

  it('are the only errors validateEventPattern turns into a reason; others propagate', () => {
    const pattern = {
      get source(): unknown {
        throw new RangeError('getter failed');
      },
    };

    expect(() => validateEventPattern(pattern)).toThrow(RangeError);
    expect(validateEventPattern({ source: 's' })).toBe(
      'Event pattern is not valid. Reason: "source" must be an object or an array (at source)',
    );
  });
});
