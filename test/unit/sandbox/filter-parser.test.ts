import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../sandbox/odata/filter-parser.ts';
import { ODataRequestError } from '../../../sandbox/odata/odata-error.ts';

const rejection = (input: string, dialect: 'v2' | 'v4' = 'v2'): ODataRequestError => {
  try {
    parseFilter(input, dialect);
  } catch (err: unknown) {
    if (err instanceof ODataRequestError) return err;
    throw err;
  }
  throw new Error(`expected ${input} to be rejected`);
};

describe('parseFilter', () => {
  it('parses and binds tighter than or, with parentheses overriding', () => {
    const expression = parseFilter(
      "(LastChangeDate gt datetime'2024-01-01T00:00:00' or LastChangeDate eq datetime'2024-01-01T00:00:00') and Customer ne 'X'",
      'v2',
    );

    expect(expression.kind).toBe('and');
    if (expression.kind !== 'and') return;
    expect(expression.left.kind).toBe('or');
    expect(expression.right).toEqual({
      kind: 'compare',
      operator: 'ne',
      path: ['Customer'],
      literal: { kind: 'string', value: 'X' },
    });
  });

  it('reads OData v2 typed literals', () => {
    const expression = parseFilter(
      "A eq datetimeoffset'2024-05-01T10:00:00.1234567Z' and B ge time'PT9H5M0S' and C eq guid'0ab5d2a1-979b-4bf1-ac8a-2f2d33c51aca' and D eq 'it''s'",
      'v2',
    );

    const literals: unknown[] = [];
    const collect = (node: typeof expression): void => {
      if (node.kind === 'compare') literals.push(node.literal);
      else if (node.kind === 'not') collect(node.operand);
      else {
        collect(node.left);
        collect(node.right);
      }
    };
    collect(expression);
    expect(literals).toEqual([
      { kind: 'datetimeoffset', ms: Date.parse('2024-05-01T10:00:00.123Z') },
      { kind: 'time', value: 'PT09H05M00S' },
      { kind: 'guid', value: '0ab5d2a1-979b-4bf1-ac8a-2f2d33c51aca' },
      { kind: 'string', value: "it's" },
    ]);
  });

  it('reads OData v4 bare date, datetime and guid literals', () => {
    const expression = parseFilter(
      'lastModifiedDateTime gt 2024-05-01T10:00:00+02:00 and orderDate le 2024-05-31',
      'v4',
    );

    expect(expression).toEqual({
      kind: 'and',
      left: {
        kind: 'compare',
        operator: 'gt',
        path: ['lastModifiedDateTime'],
        literal: { kind: 'datetimeoffset', ms: Date.parse('2024-05-01T08:00:00Z') },
      },
      right: {
        kind: 'compare',
        operator: 'le',
        path: ['orderDate'],
        literal: { kind: 'date', ms: Date.parse('2024-05-31T00:00:00Z') },
      },
    });
  });

  it('mirrors a literal-first comparison and reads complex property paths', () => {
    const expression = parseFilter("'RELEASED' eq State/Value", 'v4');

    expect(expression).toEqual({
      kind: 'compare',
      operator: 'eq',
      path: ['State', 'Value'],
      literal: { kind: 'string', value: 'RELEASED' },
    });
  });

  it.each([
    ["substringof('a', Name)", 'Function substringof() is not supported'],
    ['Amount add 1 gt 2', "Operator 'add' is not supported"],
    ["Name in ('a','b')", "Operator 'in' is not supported"],
    ['Name eq Other', 'must compare one property with one literal'],
    ["Name eq 'open", 'Unterminated string literal'],
    ["LastChangeDate gt datetime'yesterday'", 'Invalid datetime literal'],
    ['Name eq', 'Expected a property or literal'],
    ["(Name eq 'a'", "Expected ')'"],
    ["Name eq 'a' Name", 'Unexpected'],
    ['', 'must not be empty'],
  ])('rejects %s with a 400', (input, message) => {
    const error = rejection(input);

    expect(error.status).toBe(400);
    expect(error.message).toContain(message);
  });

  it('rejects v2 typed literals in a v4 service', () => {
    expect(rejection("lastModifiedDateTime gt datetime'2024-01-01T00:00:00'", 'v4').message).toContain(
      'OData v2 syntax',
    );
  });
});
