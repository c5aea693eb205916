import { foldCase } from './case-folding.ts';
import type { ValueMatcher } from './compiled-pattern.ts';
import { inRange, parseIpAddress } from './ip-address.ts';
import { comparable, isComparableNumber, numbersEqual } from './numbers.ts';

/** A scalar of an event: what value matchers compare against. */
export type Leaf = string | number | boolean | null;

const withinBounds = (matcher: Extract<ValueMatcher, { kind: 'numeric' }>, value: number): boolean => {
  const n = comparable(value);
  const { lower, upper } = matcher;
  if (lower && (lower.inclusive ? n < lower.value : n <= lower.value)) return false;
  if (upper && (upper.inclusive ? n > upper.value : n >= upper.value)) return false;
  return true;
};

const matchesIp = (text: string, range: Extract<ValueMatcher, { kind: 'cidr' }>['range']): boolean => {
  const address = parseIpAddress(text);
  return address !== undefined && inRange(address, range);
};

/**
 * One matcher against one scalar. String operators only see strings and numeric ones only numbers;
 * `anything-but` only excludes values of its own kind and accepts all others, as AWS's matcher does.
 */
export const matchesValue = (matcher: ValueMatcher, value: Leaf): boolean => {
  switch (matcher.kind) {
    case 'exact':
      if (typeof matcher.value === 'number')
        // Stryker disable next-line ConditionalExpression: numbersEqual of a number and a non-number is false too
        return typeof value === 'number' && numbersEqual(matcher.value, value);
      return value === matcher.value;
    case 'exact-ip':
      return (
        typeof value === 'string' &&
        // Stryker disable next-line ConditionalExpression: a shortcut; the text is an address of its own range
        (value === matcher.text || matchesIp(value, matcher.range))
      );
    case 'prefix':
      if (typeof value !== 'string') return false;
      return matcher.ignoreCase
        ? foldCase(value).startsWith(foldCase(matcher.value))
        : value.startsWith(matcher.value);
    case 'suffix':
      if (typeof value !== 'string') return false;
      return matcher.ignoreCase
        ? foldCase(value).endsWith(foldCase(matcher.value))
        : value.endsWith(matcher.value);
    case 'equals-ignore-case':
      return typeof value === 'string' && foldCase(value) === foldCase(matcher.value);
    case 'wildcard':
      return typeof value === 'string' && matcher.regex.test(value);
    case 'numeric':
      // Stryker disable next-line ConditionalExpression: isComparableNumber refuses every non-number too
      return typeof value === 'number' && isComparableNumber(value) && withinBounds(matcher, value);
    case 'cidr':
      return typeof value === 'string' && matchesIp(value, matcher.range);
    case 'exists':
      return matcher.exists;
    case 'anything-but':
      // Stryker disable next-line ConditionalExpression: the set holds only strings, so it never has a non-string
      return typeof value !== 'string' || !matcher.strings.has(value);
    case 'anything-but-numbers':
      // Only a comparable number can equal one of the excluded numbers; every other value passes. The excluded
      // numbers are all comparable and isComparableNumber refuses every non-number (Number.isFinite does not
      // convert), so the type check and the range check each only save work.
      return (
        // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, see above
        typeof value !== 'number' ||
        !isComparableNumber(value) ||
        !matcher.numbers.includes(comparable(value))
      );
    case 'anything-but-prefix':
      return typeof value !== 'string' || !matcher.values.some((p) => value.startsWith(p));
    case 'anything-but-suffix':
      return typeof value !== 'string' || !matcher.values.some((s) => value.endsWith(s));
    case 'anything-but-ignore-case':
      return typeof value !== 'string' || !matcher.values.has(foldCase(value));
    case 'anything-but-wildcard':
      return typeof value !== 'string' || !matcher.regexes.some((r) => r.test(value));
  }
};
