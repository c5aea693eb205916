import { badQuery } from './odata-error.ts';

/**
 * A small, strict parser for the `$filter` subset incremental connectors use: comparisons
 * (eq ne gt ge lt le) between a property path and a literal, joined by and / or / not and parentheses.
 * Anything else (functions, arithmetic, lambdas, `in`, property-to-property comparisons) is rejected
 * with a 400 instead of being ignored, because a silently ignored filter is a full reload in disguise.
 */

/** OData v2 (SAP: `datetime'…'` literals) or v4 (bare ISO literals). */
export type ODataDialect = 'v2' | 'v4';

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type FilterLiteral =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'datetime'; readonly ms: number }
  | { readonly kind: 'datetimeoffset'; readonly ms: number }
  | { readonly kind: 'date'; readonly ms: number }
  | { readonly kind: 'time'; readonly value: string }
  | { readonly kind: 'guid'; readonly value: string };

export type FilterExpression =
  | { readonly kind: 'and' | 'or'; readonly left: FilterExpression; readonly right: FilterExpression }
  | { readonly kind: 'not'; readonly operand: FilterExpression }
  | {
      readonly kind: 'compare';
      readonly operator: ComparisonOperator;
      readonly path: readonly string[];
      readonly literal: FilterLiteral;
    };

type Token =
  | { readonly kind: 'open' | 'close' | 'comma' }
  | { readonly kind: 'word'; readonly text: string }
  | { readonly kind: 'literal'; readonly literal: FilterLiteral };

const comparisonOperators: readonly ComparisonOperator[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];
const isComparisonOperator = (text: string): text is ComparisonOperator =>
  comparisonOperators.some((operator) => operator === text);
const unsupportedOperators = new Set<string>(['add', 'sub', 'mul', 'div', 'mod', 'has', 'in', 'any', 'all']);

const V4_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})/;
const V4_DATE = /^\d{4}-\d{2}-\d{2}(?![\dT:])/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[mMdDlLfF]?/;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*(?:\/[A-Za-z_][A-Za-z0-9_]*)*/;
const ISO_LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?$/;
const ISO_ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const EDM_TIME = /^PT\d{1,2}H\d{1,2}M\d{1,2}(?:\.\d+)?S$/;

const parseIsoMs = (text: string, original: string): number => {
  // Seven fractional digits (SAP) are more than Date.parse accepts; milliseconds are all we keep.
  const trimmed = text.replace(/(\.\d{3})\d+/, '$1');
  const ms = Date.parse(trimmed);
  if (Number.isNaN(ms)) throw badQuery(`Invalid date/time literal ${original} in $filter`);
  return ms;
};

/** Normalises `PT9H5M0S` to the zero-padded `PT09H05M00S` form rows store, so strings compare in order. */
export const normaliseEdmTime = (text: string): string => {
  const match = /^PT(\d{1,2})H(\d{1,2})M(\d{1,2})/.exec(text);
  if (!match) return text;
  const [, h = '0', m = '0', s = '0'] = match;
  return `PT${h.padStart(2, '0')}H${m.padStart(2, '0')}M${s.padStart(2, '0')}S`;
};

const readQuoted = (input: string, start: number): { value: string; end: number } => {
  // `start` points at the opening quote; '' inside the literal is an escaped quote.
  let value = '';
  let index = start + 1;
  while (index < input.length) {
    const char = input[index];
    if (char === "'") {
      if (input[index + 1] === "'") {
        value += "'";
        index += 2;
        continue;
      }
      return { value, end: index + 1 };
    }
    value += char;
    index += 1;
  }
  throw badQuery('Unterminated string literal in $filter');
};

const typedLiteral = (prefix: string, body: string, dialect: ODataDialect): FilterLiteral => {
  const original = `${prefix}'${body}'`;
  if (dialect === 'v4')
    throw badQuery(`Typed literal ${original} is OData v2 syntax; use a bare ISO literal`);
  switch (prefix.toLowerCase()) {
    case 'datetime':
      if (!ISO_LOCAL.test(body)) throw badQuery(`Invalid datetime literal ${original} in $filter`);
      return { kind: 'datetime', ms: parseIsoMs(`${body}Z`, original) };
    case 'datetimeoffset':
      if (!ISO_ZONED.test(body) && !ISO_LOCAL.test(body)) {
        throw badQuery(`Invalid datetimeoffset literal ${original} in $filter`);
      }
      return { kind: 'datetimeoffset', ms: parseIsoMs(ISO_LOCAL.test(body) ? `${body}Z` : body, original) };
    case 'time':
      if (!EDM_TIME.test(body)) throw badQuery(`Invalid time literal ${original} in $filter`);
      return { kind: 'time', value: normaliseEdmTime(body) };
    case 'guid':
      if (!GUID.test(body) || body.length !== 36)
        throw badQuery(`Invalid guid literal ${original} in $filter`);
      return { kind: 'guid', value: body.toLowerCase() };
    default:
      throw badQuery(`Unsupported literal type ${prefix} in $filter`);
  }
};

const tokenize = (input: string, dialect: ODataDialect): Token[] => {
  const tokens: Token[] = [];
  let index = 0;
  while (index < input.length) {
    const rest = input.slice(index);
    const char = rest[0];
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      index += 1;
    } else if (char === '(') {
      tokens.push({ kind: 'open' });
      index += 1;
    } else if (char === ')') {
      tokens.push({ kind: 'close' });
      index += 1;
    } else if (char === ',') {
      tokens.push({ kind: 'comma' });
      index += 1;
    } else if (char === "'") {
      const { value, end } = readQuoted(input, index);
      tokens.push({ kind: 'literal', literal: { kind: 'string', value } });
      index = end;
    } else if (dialect === 'v4' && V4_DATETIME.test(rest)) {
      const text = V4_DATETIME.exec(rest)?.[0] ?? '';
      tokens.push({ kind: 'literal', literal: { kind: 'datetimeoffset', ms: parseIsoMs(text, text) } });
      index += text.length;
    } else if (dialect === 'v4' && V4_DATE.test(rest)) {
      const text = V4_DATE.exec(rest)?.[0] ?? '';
      tokens.push({ kind: 'literal', literal: { kind: 'date', ms: parseIsoMs(`${text}T00:00:00Z`, text) } });
      index += text.length;
    } else if (dialect === 'v4' && GUID.test(rest)) {
      const text = GUID.exec(rest)?.[0] ?? '';
      tokens.push({ kind: 'literal', literal: { kind: 'guid', value: text.toLowerCase() } });
      index += text.length;
    } else if (NUMBER.test(rest)) {
      const text = NUMBER.exec(rest)?.[0] ?? '';
      tokens.push({
        kind: 'literal',
        literal: { kind: 'number', value: Number(text.replace(/[mMdDlLfF]$/, '')) },
      });
      index += text.length;
    } else if (WORD.test(rest)) {
      const text = WORD.exec(rest)?.[0] ?? '';
      index += text.length;
      if (input[index] === "'" && !text.includes('/')) {
        const { value, end } = readQuoted(input, index);
        tokens.push({ kind: 'literal', literal: typedLiteral(text, value, dialect) });
        index = end;
      } else if (text === 'true' || text === 'false') {
        tokens.push({ kind: 'literal', literal: { kind: 'boolean', value: text === 'true' } });
      } else if (text === 'null') {
        tokens.push({ kind: 'literal', literal: { kind: 'null' } });
      } else {
        tokens.push({ kind: 'word', text });
      }
    } else {
      throw badQuery(`Unexpected character '${char}' at position ${index} in $filter`);
    }
  }
  return tokens;
};

const describe = (token: Token | undefined): string => {
  if (token === undefined) return 'end of expression';
  if (token.kind === 'word') return `'${token.text}'`;
  if (token.kind === 'literal') return 'a literal';
  return token.kind === 'open' ? "'('" : token.kind === 'close' ? "')'" : "','";
};

class FilterParser {
  private position = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): FilterExpression {
    const expression = this.parseOr();
    if (this.position < this.tokens.length) {
      throw badQuery(`Unexpected ${describe(this.peek())} in $filter`);
    }
    return expression;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.position + offset];
  }

  private isKeyword(keyword: string): boolean {
    const token = this.peek();
    return token?.kind === 'word' && token.text === keyword;
  }

  private parseOr(): FilterExpression {
    let left = this.parseAnd();
    while (this.isKeyword('or')) {
      this.position += 1;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterExpression {
    let left = this.parseUnary();
    while (this.isKeyword('and')) {
      this.position += 1;
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterExpression {
    if (this.isKeyword('not')) {
      this.position += 1;
      return { kind: 'not', operand: this.parseUnary() };
    }
    if (this.peek()?.kind === 'open') {
      this.position += 1;
      const inner = this.parseOr();
      if (this.peek()?.kind !== 'close')
        throw badQuery(`Expected ')' but found ${describe(this.peek())} in $filter`);
      this.position += 1;
      return inner;
    }
    return this.parseComparison();
  }

  private parseOperand(): { path: readonly string[] } | { literal: FilterLiteral } {
    const token = this.peek();
    if (token?.kind === 'literal') {
      this.position += 1;
      return { literal: token.literal };
    }
    if (token?.kind === 'word') {
      if (this.peek(1)?.kind === 'open')
        throw badQuery(`Function ${token.text}() is not supported in $filter`);
      if (isComparisonOperator(token.text) || ['and', 'or', 'not'].includes(token.text)) {
        throw badQuery(`Expected a property or literal but found '${token.text}' in $filter`);
      }
      this.position += 1;
      return { path: token.text.split('/') };
    }
    throw badQuery(`Expected a property or literal but found ${describe(token)} in $filter`);
  }

  private parseComparison(): FilterExpression {
    const left = this.parseOperand();
    const operatorToken = this.peek();
    if (operatorToken?.kind !== 'word') {
      throw badQuery(`Expected a comparison operator but found ${describe(operatorToken)} in $filter`);
    }
    if (unsupportedOperators.has(operatorToken.text)) {
      throw badQuery(`Operator '${operatorToken.text}' is not supported in $filter`);
    }
    const operator = operatorToken.text;
    if (!isComparisonOperator(operator)) {
      throw badQuery(`Expected a comparison operator but found '${operator}' in $filter`);
    }
    this.position += 1;
    const right = this.parseOperand();
    if ('path' in left && 'literal' in right)
      return { kind: 'compare', operator, path: left.path, literal: right.literal };
    if ('literal' in left && 'path' in right) {
      return { kind: 'compare', operator: mirror(operator), path: right.path, literal: left.literal };
    }
    throw badQuery('A $filter comparison must compare one property with one literal');
  }
}

const mirror = (operator: ComparisonOperator): ComparisonOperator => {
  const mirrored: Record<ComparisonOperator, ComparisonOperator> = {
    eq: 'eq',
    ne: 'ne',
    gt: 'lt',
    ge: 'le',
    lt: 'gt',
    le: 'ge',
  };
  return mirrored[operator];
};

/** Parses a `$filter` value; throws a 400 {@link ODataRequestError} naming what is not supported. */
export const parseFilter = (input: string, dialect: ODataDialect): FilterExpression => {
  if (input.trim() === '') throw badQuery('$filter must not be empty');
  return new FilterParser(tokenize(input, dialect)).parse();
};
