import { foldCase } from './case-folding.ts';
import type { NumericBound, ValueMatcher } from './compiled-pattern.ts';
import { InvalidEventPatternError } from './errors.ts';
import { parseCidr } from './ip-address.ts';
import { isJsonObject, tokenText } from './json-kinds.ts';
import { comparable, isComparableNumber } from './numbers.ts';
import { parseWildcard } from './wildcard.ts';

/** Turns one `{ "<operator>": ... }` element of a field's value list into a matcher, or throws. */
export const compileMatchExpression = (
  expression: Record<string, unknown>,
  location: string,
): ValueMatcher => {
  const fail = (reason: string): never => {
    throw new InvalidEventPatternError(reason, location);
  };
  const keys = Object.keys(expression);
  const operator = keys[0];
  if (operator === undefined) return fail('Match expression name not found');
  const matcher = compileOperator(operator, expression[operator], fail);
  if (keys.length > 1) fail('Only one key allowed in match expression');
  return matcher;
};

type Fail = (reason: string) => never;

const compileOperator = (operator: string, value: unknown, fail: Fail): ValueMatcher => {
  switch (operator) {
    case 'prefix':
    case 'suffix':
      return compileAffix(operator, value, fail);
    case 'equals-ignore-case':
      if (typeof value !== 'string') fail('equals-ignore-case match pattern must be a string');
      return { kind: 'equals-ignore-case', value: String(value) };
    case 'wildcard':
      if (typeof value !== 'string') fail('wildcard match pattern must be a string');
      return { kind: 'wildcard', ...compileWildcard(String(value), fail) };
    case 'numeric':
      return compileNumeric(value, fail);
    case 'anything-but':
      return compileAnythingBut(value, fail);
    case 'exists':
      if (typeof value !== 'boolean') fail('exists match pattern must be either true or false.');
      return { kind: 'exists', exists: value === true };
    case 'cidr': {
      if (typeof value !== 'string') fail('cidr match pattern must be a string');
      const range = parseCidr(String(value));
      if (typeof range === 'string') return fail(range);
      return { kind: 'cidr', range };
    }
    default:
      return fail(`Unrecognized match type ${operator}`);
  }
};

const compileWildcard = (value: string, fail: Fail): { regex: RegExp; prefix: string; suffix: string } => {
  const parsed = parseWildcard(value);
  if (!parsed.ok) return fail(parsed.reason);
  return { regex: parsed.regex, prefix: parsed.prefix, suffix: parsed.suffix };
};

/** `prefix` / `suffix`, either a string or `{ "equals-ignore-case": "<string>" }`. */
const compileAffix = (operator: 'prefix' | 'suffix', value: unknown, fail: Fail): ValueMatcher => {
  if (typeof value === 'string') return { kind: operator, value, ignoreCase: false };
  const label = operator === 'prefix' ? 'Prefix' : 'Suffix';
  if (!isJsonObject(value)) return fail(`${operator} match pattern must be a string`);
  const keys = Object.keys(value);
  const inner = keys[0];
  if (inner === undefined) return fail(`${label} expression name not found`);
  if (inner !== 'equals-ignore-case') return fail(`Unsupported ${operator} pattern: ${inner}`);
  const text = value[inner];
  if (typeof text !== 'string') return fail('equals-ignore-case match pattern must be a string');
  if (keys.length > 1) fail('Only one key allowed in match expression');
  return { kind: operator, value: text, ignoreCase: true };
};

const checkedNumber = (value: unknown, describe: string, fail: Fail): number => {
  // Stryker disable next-line ConditionalExpression: Number.isFinite is false for every non-number too
  if (typeof value !== 'number' || !Number.isFinite(value))
    return fail(`Value of ${describe} must be numeric`);
  if (!isComparableNumber(value)) return fail('Value must be between -5.0E9 and 5.0E9, inclusive');
  return comparable(value);
};

const compileNumeric = (value: unknown, fail: Fail): ValueMatcher => {
  if (!Array.isArray(value)) return fail('Value of numeric must be an array.');
  const [operator, first, secondOperator, second] = value as unknown[];
  if (typeof operator !== 'string') return fail(`Invalid member in numeric match: ${tokenText(operator)}`);
  const tooMany = () => fail('Too many elements in numeric expression');
  switch (operator) {
    case '=': {
      const n = checkedNumber(first, 'equals', fail);
      if (value.length > 2) tooMany();
      return { kind: 'numeric', lower: { value: n, inclusive: true }, upper: { value: n, inclusive: true } };
    }
    case '<':
    case '<=': {
      const upper = { value: checkedNumber(first, operator, fail), inclusive: operator === '<=' };
      if (value.length > 2) tooMany();
      return { kind: 'numeric', upper };
    }
    case '>':
    case '>=': {
      const lower: NumericBound = {
        value: checkedNumber(first, operator, fail),
        inclusive: operator === '>=',
      };
      if (value.length === 2) return { kind: 'numeric', lower };
      if (typeof secondOperator !== 'string') {
        return fail(`Bad value in numeric range: ${tokenText(secondOperator)}`);
      }
      if (secondOperator !== '<' && secondOperator !== '<=') {
        return fail(`Bad numeric range operator: ${secondOperator}`);
      }
      const upper = {
        value: checkedNumber(second, secondOperator, fail),
        inclusive: secondOperator === '<=',
      };
      if (value.length > 4) fail('Too many terms in numeric range expression');
      if (!(lower.value < upper.value)) fail('Bottom must be less than top');
      return { kind: 'numeric', lower, upper };
    }
    default:
      return fail(`Unrecognized numeric range operator: ${operator}`);
  }
};

const ANYTHING_BUT_VALUE = 'Value of anything-but must be an array or single string/number value.';

const compileAnythingBut = (value: unknown, fail: Fail): ValueMatcher => {
  if (isJsonObject(value)) return compileAnythingButModifier(value, fail);
  if (typeof value === 'string') return { kind: 'anything-but', strings: new Set([value]) };
  if (typeof value === 'number') {
    return { kind: 'anything-but-numbers', numbers: [checkedNumber(value, 'anything-but', fail)] };
  }
  if (!Array.isArray(value)) return fail(ANYTHING_BUT_VALUE);
  for (const element of value) {
    if (typeof element !== 'string' && typeof element !== 'number') {
      fail('Inside anything but list, start|null|boolean is not supported.');
    }
  }
  const strings = value.filter((v): v is string => typeof v === 'string');
  const numbers = value.filter((v): v is number => typeof v === 'number');
  if (strings.length > 0 === numbers.length > 0) {
    fail('Inside anything but list, either all values are number or string, mixed type is not supported');
  }
  if (strings.length > 0) return { kind: 'anything-but', strings: new Set(strings) };
  return {
    kind: 'anything-but-numbers',
    numbers: numbers.map((n) => checkedNumber(n, 'anything-but', fail)),
  };
};

const MODIFIER_TYPE_ERRORS: Record<string, string> = {
  'equals-ignore-case':
    'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
  wildcard: 'wildcard match pattern must be a string',
  prefix: 'prefix/suffix match pattern must be a string',
  suffix: 'prefix/suffix match pattern must be a string',
};

/** `{ "anything-but": { "prefix" | "suffix" | "equals-ignore-case" | "wildcard": value or [values] } }`. */
const compileAnythingButModifier = (modifier: Record<string, unknown>, fail: Fail): ValueMatcher => {
  const keys = Object.keys(modifier);
  const operator = keys[0];
  if (operator === undefined) return fail('Anything-But expression name not found');
  const typeError = MODIFIER_TYPE_ERRORS[operator];
  if (typeError === undefined) return fail(`Unsupported anything-but pattern: ${operator}`);
  const raw = modifier[operator];
  if (!Array.isArray(raw) && typeof raw !== 'string' && typeof raw !== 'number') fail(ANYTHING_BUT_VALUE);
  const values = (Array.isArray(raw) ? raw : [raw]).map((v: unknown) => {
    if (typeof v !== 'string') return fail(typeError);
    if ((operator === 'prefix' || operator === 'suffix') && v === '') fail('Null prefix/suffix not allowed');
    return v;
  });
  if (keys.length > 1) fail('Only one key allowed in match expression');
  switch (operator) {
    case 'prefix':
      return { kind: 'anything-but-prefix', values };
    case 'suffix':
      return { kind: 'anything-but-suffix', values };
    case 'wildcard':
      return { kind: 'anything-but-wildcard', regexes: values.map((v) => compileWildcard(v, fail).regex) };
    default:
      return { kind: 'anything-but-ignore-case', values: new Set(values.map(foldCase)) };
  }
};
