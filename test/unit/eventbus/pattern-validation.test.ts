import { describe, expect, it } from 'vitest';
import {
  compileEventPattern,
  compileEventPatternText,
  InvalidEventPatternError,
  validateEventPattern,
} from '../../../infra/local/eventbus/pattern/index.ts';

const onValue = (...values: unknown[]) => ({ detail: { value: values } });

/** [why it is invalid, pattern, text the reason must contain] */
const invalid: [string, unknown, string][] = [
  ['pattern is not an object', ['source'], 'Filter is not an object'],
  ['pattern is null', null, 'Filter is not an object'],
  ['empty pattern', {}, 'Empty objects are not allowed'],
  ['leaf is a string, not an array', { source: 'hub360.identity' }, '"source" must be an object or an array'],
  ['leaf is a number', { detail: { n: 5 } }, '"n" must be an object or an array'],
  ['leaf is null', { detail: { n: null } }, '"n" must be an object or an array'],
  ['empty value list', { source: [] }, 'Empty arrays are not allowed'],
  ['nested empty object', { detail: {} }, 'Empty objects are not allowed'],
  [
    'array inside a value list',
    { source: [['a']] },
    'Match value must be String, number, true, false, or null',
  ],
  ['empty match expression', onValue({}), 'Match expression name not found'],
  ['unknown operator', onValue({ contains: 'x' }), 'Unrecognized match type contains'],
  ['two operators in one expression', onValue({ prefix: 'a', suffix: 'b' }), 'Only one key allowed'],
  ['prefix not a string', onValue({ prefix: 1 }), 'prefix match pattern must be a string'],
  [
    'prefix with unknown modifier',
    onValue({ prefix: { wildcard: 'a' } }),
    'Unsupported prefix pattern: wildcard',
  ],
  ['prefix ignore-case not a string', onValue({ prefix: { 'equals-ignore-case': 1 } }), 'must be a string'],
  ['suffix not a string', onValue({ suffix: [] }), 'suffix match pattern must be a string'],
  [
    'suffix with unknown modifier',
    onValue({ suffix: { prefix: 'a' } }),
    'Unsupported suffix pattern: prefix',
  ],
  [
    'equals-ignore-case not a string',
    onValue({ 'equals-ignore-case': 5 }),
    'equals-ignore-case match pattern',
  ],
  ['wildcard not a string', onValue({ wildcard: 5 }), 'wildcard match pattern must be a string'],
  ['consecutive wildcards', onValue({ wildcard: 'a**b' }), 'Consecutive wildcard characters at pos 2'],
  ['invalid wildcard escape', onValue({ wildcard: 'a\\b' }), 'Invalid escape character at pos 2'],
  ['trailing backslash in wildcard', onValue({ wildcard: 'ab\\' }), 'Invalid escape character at pos 3'],
  ['numeric not an array', onValue({ numeric: '>' }), 'Value of numeric must be an array.'],
  ['numeric empty', onValue({ numeric: [] }), 'Invalid member in numeric match: ]'],
  ['numeric starts with a number', onValue({ numeric: [5, '>'] }), 'Invalid member in numeric match: 5'],
  ['numeric unknown operator', onValue({ numeric: ['!=', 5] }), 'Unrecognized numeric range operator: !='],
  ['numeric value not a number', onValue({ numeric: ['>', '5'] }), 'Value of > must be numeric'],
  ['numeric equals not a number', onValue({ numeric: ['=', 'x'] }), 'Value of equals must be numeric'],
  ['numeric equals with extra terms', onValue({ numeric: ['=', 5, '<', 6] }), 'Too many elements'],
  ['numeric upper bound first', onValue({ numeric: ['<', 5, '>', 1] }), 'Too many elements'],
  [
    'numeric range with wrong second operator',
    onValue({ numeric: ['>', 1, '>', 5] }),
    'Bad numeric range operator: >',
  ],
  [
    'numeric range with a number as operator',
    onValue({ numeric: ['>', 1, 5] }),
    'Bad value in numeric range: 5',
  ],
  ['numeric range bottom above top', onValue({ numeric: ['>', 10, '<', 5] }), 'Bottom must be less than top'],
  ['numeric range of width zero', onValue({ numeric: ['>=', 5, '<=', 5] }), 'Bottom must be less than top'],
  ['numeric range too long', onValue({ numeric: ['>', 1, '<', 5, 6] }), 'Too many terms in numeric range'],
  ['numeric beyond 5e9', onValue({ numeric: ['<', 6e9] }), 'Value must be between -5.0E9 and 5.0E9'],
  ['anything-but null', onValue({ 'anything-but': null }), 'must be an array or single string/number value'],
  [
    'anything-but boolean',
    onValue({ 'anything-but': true }),
    'must be an array or single string/number value',
  ],
  ['anything-but mixed list', onValue({ 'anything-but': ['a', 1] }), 'mixed type is not supported'],
  ['anything-but empty list', onValue({ 'anything-but': [] }), 'mixed type is not supported'],
  [
    'anything-but list with null',
    onValue({ 'anything-but': ['a', null] }),
    'start|null|boolean is not supported',
  ],
  ['anything-but empty modifier', onValue({ 'anything-but': {} }), 'Anything-But expression name not found'],
  [
    'anything-but numeric modifier',
    onValue({ 'anything-but': { numeric: ['>', 1] } }),
    'Unsupported anything-but pattern: numeric',
  ],
  [
    'anything-but prefix number',
    onValue({ 'anything-but': { prefix: 5 } }),
    'prefix/suffix match pattern must be a string',
  ],
  [
    'anything-but empty prefix',
    onValue({ 'anything-but': { prefix: '' } }),
    'Null prefix/suffix not allowed',
  ],
  [
    'anything-but empty suffix in list',
    onValue({ 'anything-but': { suffix: ['a', ''] } }),
    'Null prefix/suffix',
  ],
  [
    'anything-but ignore-case number',
    onValue({ 'anything-but': { 'equals-ignore-case': 5 } }),
    'number|start|null|boolean',
  ],
  [
    'anything-but wildcard with **',
    onValue({ 'anything-but': { wildcard: '**' } }),
    'Consecutive wildcard characters',
  ],
  [
    'anything-but wildcard object',
    onValue({ 'anything-but': { wildcard: {} } }),
    'must be an array or single',
  ],
  ['exists not a boolean', onValue({ exists: 'true' }), 'exists match pattern must be either true or false.'],
  ['cidr not a string', onValue({ cidr: 10 }), 'cidr match pattern must be a string'],
  ['cidr without mask', onValue({ cidr: '10.0.0.1' }), "Malformed CIDR, one '/' required"],
  ['cidr with a bad address', onValue({ cidr: '10.0.0.256/8' }), 'is not an IPv4 or IPv6 address'],
  ['cidr mask too wide', onValue({ cidr: '10.0.0.0/33' }), 'mask bits must be an integer between 0 and 32'],
  ['$or not an array', { $or: { source: ['a'] } }, 'It must be an Array followed with $or.'],
  [
    '$or with one branch',
    { $or: [{ source: ['a'] }] },
    'There must have at least 2 Objects in $or relationship.',
  ],
  ['$or with a non-object', { $or: [{ source: ['a'] }, 'x'] }, 'Only JSON object is allowed in array of $or'],
  [
    '$or branch using an operator name',
    { $or: [{ prefix: ['a'] }, { source: ['b'] }] },
    'prefix is Ruler reserved fieldName',
  ],
  ['$or branch with an empty object', { $or: [{}, { source: ['b'] }] }, 'Empty objects are not allowed'],
];

describe('invalid event patterns are rejected as TestEventPattern rejects them', () => {
  it.each(invalid)('%s', (_why, pattern, reason) => {
    const act = () => compileEventPattern(pattern);

    expect(act).toThrow(InvalidEventPatternError);
    expect(act).toThrow(reason);
    expect(validateEventPattern(pattern)).toMatch(/^Event pattern is not valid\. Reason: /);
  });

  it('names where in the pattern the problem is', () => {
    const message = validateEventPattern({ detail: { lines: { qty: [1, { numeric: ['>', 'x'] }] } } });

    expect(message).toBe(
      'Event pattern is not valid. Reason: Value of > must be numeric (at detail.lines.qty[1])',
    );
  });

  it('rejects pattern text that is not JSON', () => {
    expect(() => compileEventPatternText('{"source": [')).toThrow(InvalidEventPatternError);
  });
});

describe('valid event patterns are accepted', () => {
  const valid: [string, unknown][] = [
    [
      'every operator at once',
      {
        source: ['a', 1, true, null, ''],
        detail: {
          a: [
            { prefix: 'x' },
            { prefix: { 'equals-ignore-case': 'x' } },
            { suffix: { 'equals-ignore-case': 'y' } },
          ],
          b: [{ 'anything-but': { prefix: ['x', 'y'] } }, { 'anything-but': { wildcard: ['*a', 'b*'] } }],
          c: [{ numeric: ['>=', -5e9, '<=', 5e9] }, { numeric: ['=', 0] }, { cidr: '::/0' }],
          d: [{ exists: false }, { wildcard: '\\*\\\\*' }, { 'equals-ignore-case': '' }],
        },
      },
    ],
    ['$or as a field name inside nested $or', { $or: [{ a: ['1'] }, { $or: [{ b: ['2'] }, { c: ['3'] }] }] }],
    ['anything-but with an empty prefix list', { a: [{ 'anything-but': { prefix: [] } }] }],
  ];

  it.each(valid)('%s', (_why, pattern) => {
    expect(validateEventPattern(pattern)).toBeUndefined();
  });
});
