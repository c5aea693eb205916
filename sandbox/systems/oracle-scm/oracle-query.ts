import type { EntitySetMeta } from '../../odata/entity-model.ts';
import { propertyTypeAt } from '../../odata/entity-model.ts';
import type { ComparisonOperator, FilterExpression, FilterLiteral } from '../../odata/filter-parser.ts';
import { badQuery } from '../../odata/odata-error.ts';

/**
 * Oracle ADF REST `q` parameter: either query-by-example (`Attr=value;Attr2=value`) or a row-match
 * expression (`LastUpdateDate > '2024-01-01T00:00:00+00:00' and OrganizationCode = 'HH1'`). Both are
 * turned into the sandbox's filter expression; operators it does not know (LIKE, BETWEEN, IN…) are a 400.
 */

type Token =
  | { readonly kind: 'open' | 'close' }
  | { readonly kind: 'word'; readonly text: string }
  | { readonly kind: 'operator'; readonly operator: ComparisonOperator }
  | { readonly kind: 'value'; readonly text: string; readonly quoted: boolean };

const operators: Readonly<Record<string, ComparisonOperator>> = {
  '=': 'eq',
  '!=': 'ne',
  '<>': 'ne',
  '>': 'gt',
  '>=': 'ge',
  '<': 'lt',
  '<=': 'le',
};

const tokenize = (input: string): Token[] => {
  const tokens: Token[] = [];
  let index = 0;
  while (index < input.length) {
    const char = input[index] ?? '';
    const rest = input.slice(index);
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === '(' || char === ')') {
      tokens.push({ kind: char === '(' ? 'open' : 'close' });
      index += 1;
    } else if (char === "'" || char === '"') {
      const end = input.indexOf(char, index + 1);
      if (end < 0) throw badQuery('Unterminated quoted value in q', 'InvalidQuery');
      tokens.push({ kind: 'value', text: input.slice(index + 1, end), quoted: true });
      index = end + 1;
    } else if (/^(>=|<=|<>|!=|=|>|<)/.test(rest)) {
      const text = /^(>=|<=|<>|!=|=|>|<)/.exec(rest)?.[0] ?? '';
      const operator = operators[text];
      if (operator === undefined) throw badQuery(`Unsupported operator ${text} in q`, 'InvalidQuery');
      tokens.push({ kind: 'operator', operator });
      index += text.length;
    } else {
      const text = /^[^\s()'"=<>!]+/.exec(rest)?.[0] ?? char;
      tokens.push(
        /^-?\d+(\.\d+)?$/.test(text) ? { kind: 'value', text, quoted: false } : { kind: 'word', text },
      );
      index += text.length;
    }
  }
  return tokens;
};

const literalFor = (entity: EntitySetMeta, attribute: string, text: string): FilterLiteral => {
  const type = propertyTypeAt(entity, [attribute]);
  if (type === undefined)
    throw badQuery(`Attribute ${attribute} is not found in resource ${entity.name}`, 'InvalidQuery');
  if (type === 'Edm.DateTimeOffset' || type === 'Edm.DateTime' || type === 'Edm.Date') {
    const ms = Date.parse(text);
    if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(ms)) {
      throw badQuery(`Value '${text}' for attribute ${attribute} is not a valid date`, 'InvalidQuery');
    }
    return { kind: 'datetimeoffset', ms };
  }
  if (type === 'Edm.Decimal' || type === 'Edm.Int32') {
    const value = Number(text);
    if (text.trim() === '' || Number.isNaN(value)) {
      throw badQuery(`Value '${text}' for attribute ${attribute} is not a number`, 'InvalidQuery');
    }
    return { kind: 'number', value };
  }
  if (type === 'Edm.Boolean') return { kind: 'boolean', value: text === 'true' };
  return { kind: 'string', value: text };
};

class RowMatchParser {
  private position = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly entity: EntitySetMeta,
  ) {}

  parse(): FilterExpression {
    const expression = this.parseOr();
    if (this.position < this.tokens.length) throw badQuery('Unexpected trailing input in q', 'InvalidQuery');
    return expression;
  }

  private keyword(word: string): boolean {
    const token = this.tokens[this.position];
    return token?.kind === 'word' && token.text.toLowerCase() === word;
  }

  private parseOr(): FilterExpression {
    let left = this.parseAnd();
    while (this.keyword('or')) {
      this.position += 1;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterExpression {
    let left = this.parsePrimary();
    while (this.keyword('and')) {
      this.position += 1;
      left = { kind: 'and', left, right: this.parsePrimary() };
    }
    return left;
  }

  private parsePrimary(): FilterExpression {
    const token = this.tokens[this.position];
    if (token?.kind === 'open') {
      this.position += 1;
      const inner = this.parseOr();
      if (this.tokens[this.position]?.kind !== 'close') throw badQuery("Expected ')' in q", 'InvalidQuery');
      this.position += 1;
      return inner;
    }
    if (token?.kind !== 'word') throw badQuery('Expected an attribute name in q', 'InvalidQuery');
    const operator = this.tokens[this.position + 1];
    const value = this.tokens[this.position + 2];
    if (operator?.kind !== 'operator') {
      const word = operator?.kind === 'word' ? operator.text.toUpperCase() : 'that';
      throw badQuery(`Operator ${word} is not supported by this sandbox in q`, 'InvalidQuery');
    }
    if (value?.kind !== 'value') throw badQuery(`Expected a value after ${token.text} in q`, 'InvalidQuery');
    this.position += 3;
    return {
      kind: 'compare',
      operator: operator.operator,
      path: [token.text],
      literal: literalFor(this.entity, token.text, value.text),
    };
  }
}

/** Parses a `q` value into a filter expression over the resource's attributes. */
export const parseOracleQ = (q: string, entity: EntitySetMeta): FilterExpression => {
  const isRowMatch = /[<>()'"]|!=|\s(and|or)\s/i.test(q);
  if (!isRowMatch) {
    // Query by example: Attr=value;Attr2=value (all equalities, joined by AND).
    const conditions = q.split(';').filter((part) => part.trim() !== '');
    if (conditions.length === 0) throw badQuery('q must not be empty', 'InvalidQuery');
    const expressions = conditions.map((condition): FilterExpression => {
      const equals = condition.indexOf('=');
      if (equals <= 0) throw badQuery(`Invalid query-by-example condition '${condition}'`, 'InvalidQuery');
      const attribute = condition.slice(0, equals).trim();
      return {
        kind: 'compare',
        operator: 'eq',
        path: [attribute],
        literal: literalFor(entity, attribute, condition.slice(equals + 1).trim()),
      };
    });
    return expressions.reduce((left, right) => ({ kind: 'and', left, right }));
  }
  return new RowMatchParser(tokenize(q), entity).parse();
};
