import { foldCase } from './case-folding.ts';
import type { ValueMatcher } from './compiled-pattern.ts';
import type { IpRange } from './ip-address.ts';
import { parseIpAddress } from './ip-address.ts';
import { ipv4Number, NOT_IPV4 } from './ipv4-number.ts';
import type { Leaf } from './match-value.ts';
import { comparable, isComparableNumber } from './numbers.ts';

/** Whether one scalar of an event satisfies a value matcher, with everything about the matcher worked out. */
export type LeafTest = (leaf: Leaf) => boolean;

/** An address test that reads IPv4 text without regex or bigint, the way the leaf index looks it up. */
const ipTest = (range: IpRange): ((text: string) => boolean) => {
  if (range.version === 4) {
    const first = Number(range.first);
    const last = Number(range.last);
    return (text) => {
      const n = ipv4Number(text);
      // Stryker disable next-line ConditionalExpression: NOT_IPV4 (-1) lies below every range's first address
      return n !== NOT_IPV4 && n >= first && n <= last;
    };
  }
  return (text) => {
    const address = parseIpAddress(text);
    return address?.version === 6 && address.value >= range.first && address.value <= range.last;
  };
};

const exactNumberTest = (value: number): LeafTest => {
  // Within EventBridge's comparable range numbers are equal by their millionths; beyond it only to themselves.
  if (!isComparableNumber(value)) return (leaf) => leaf === value;
  const key = comparable(value);
  // A number beyond the limit counts more millionths than any within it, and isComparableNumber refuses
  // every non-number (Number.isFinite does not convert), so neither half of the guard alone changes a verdict.
  // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, see above
  return (leaf) => typeof leaf === 'number' && isComparableNumber(leaf) && comparable(leaf) === key;
};

const numericTest = (matcher: Extract<ValueMatcher, { kind: 'numeric' }>): LeafTest => {
  const low = matcher.lower?.value ?? Number.NEGATIVE_INFINITY;
  const high = matcher.upper?.value ?? Number.POSITIVE_INFINITY;
  // Without a bound the limit is infinite, where inclusive and exclusive agree for every finite number.
  // Stryker disable next-line LogicalOperator,BooleanLiteral: equivalent, see above
  const lowInclusive = matcher.lower?.inclusive ?? true;
  // Stryker disable next-line LogicalOperator,BooleanLiteral: equivalent, see above
  const highInclusive = matcher.upper?.inclusive ?? true;
  return (leaf) => {
    // Stryker disable next-line ConditionalExpression: isComparableNumber refuses every non-number too
    if (typeof leaf !== 'number' || !isComparableNumber(leaf)) return false;
    const n = comparable(leaf);
    return (lowInclusive ? n >= low : n > low) && (highInclusive ? n <= high : n < high);
  };
};

const someStartsWith = (text: string, prefixes: readonly string[]): boolean => {
  for (const prefix of prefixes) if (text.startsWith(prefix)) return true;
  return false;
};

const someEndsWith = (text: string, suffixes: readonly string[]): boolean => {
  for (const suffix of suffixes) if (text.endsWith(suffix)) return true;
  return false;
};

const someMatches = (text: string, regexes: readonly RegExp[]): boolean => {
  for (const regex of regexes) if (regex.test(text)) return true;
  return false;
};

/**
 * The matcher as a test of one scalar, the same verdicts as `matchesValue` (match-value.ts, the
 * reference) with the per-matcher work (case folding, bounds, IP parsing of the pattern) done once.
 * `exists` is not a test of a scalar: the rule set judges it from whether the field has leaves.
 */
export const compileLeafTest = (matcher: Exclude<ValueMatcher, { kind: 'exists' }>): LeafTest => {
  switch (matcher.kind) {
    case 'exact': {
      const { value } = matcher;
      // Stryker disable next-line ConditionalExpression: exactNumberTest of a non-number is `leaf === value` too
      return typeof value === 'number' ? exactNumberTest(value) : (leaf) => leaf === value;
    }
    // The exact text is an address of its one-address range, so `leaf === exactText` is a shortcut only and
    // this case without it (or falling through to `cidr`) gives the same verdicts.
    // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent, see above
    case 'exact-ip': {
      const { text: exactText } = matcher;
      const inRange = ipTest(matcher.range);
      return (leaf) =>
        typeof leaf === 'string' &&
        // Stryker disable next-line ConditionalExpression: equivalent, see above
        (leaf === exactText || inRange(leaf));
    }
    case 'cidr': {
      const inRange = ipTest(matcher.range);
      return (leaf) => typeof leaf === 'string' && inRange(leaf);
    }
    case 'prefix': {
      const { value } = matcher;
      if (!matcher.ignoreCase) return (leaf) => typeof leaf === 'string' && leaf.startsWith(value);
      const folded = foldCase(value);
      return (leaf) => typeof leaf === 'string' && foldCase(leaf).startsWith(folded);
    }
    case 'suffix': {
      const { value } = matcher;
      if (!matcher.ignoreCase) return (leaf) => typeof leaf === 'string' && leaf.endsWith(value);
      const folded = foldCase(value);
      return (leaf) => typeof leaf === 'string' && foldCase(leaf).endsWith(folded);
    }
    case 'equals-ignore-case': {
      const folded = foldCase(matcher.value);
      return (leaf) => typeof leaf === 'string' && foldCase(leaf) === folded;
    }
    case 'wildcard': {
      const { regex } = matcher;
      return (leaf) => typeof leaf === 'string' && regex.test(leaf);
    }
    case 'numeric':
      return numericTest(matcher);
    case 'anything-but': {
      const { strings } = matcher;
      // Stryker disable next-line ConditionalExpression: the set holds only strings, so it never has a non-string
      return (leaf) => typeof leaf !== 'string' || !strings.has(leaf);
    }
    case 'anything-but-numbers': {
      const excluded = new Set(matcher.numbers);
      // Only a comparable number can equal one of the excluded numbers; every other value passes. The excluded
      // numbers are all comparable and isComparableNumber refuses every non-number (Number.isFinite does not
      // convert), so the type check and the range check each only save work.
      return (leaf) =>
        // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, see above
        typeof leaf !== 'number' || !isComparableNumber(leaf) || !excluded.has(comparable(leaf));
    }
    case 'anything-but-prefix': {
      const { values } = matcher;
      return (leaf) => typeof leaf !== 'string' || !someStartsWith(leaf, values);
    }
    case 'anything-but-suffix': {
      const { values } = matcher;
      return (leaf) => typeof leaf !== 'string' || !someEndsWith(leaf, values);
    }
    case 'anything-but-ignore-case': {
      const { values } = matcher;
      return (leaf) => typeof leaf !== 'string' || !values.has(foldCase(leaf));
    }
    case 'anything-but-wildcard': {
      const { regexes } = matcher;
      return (leaf) => typeof leaf !== 'string' || !someMatches(leaf, regexes);
    }
  }
};

/** A value list without its `exists` matchers as one test: some matcher accepts the leaf. */
export const compileAnyLeafTest = (matchers: readonly ValueMatcher[]): LeafTest | undefined => {
  const tests: LeafTest[] = [];
  for (const matcher of matchers) if (matcher.kind !== 'exists') tests.push(compileLeafTest(matcher));
  if (tests.length === 0) return undefined;
  // Stryker disable next-line ConditionalExpression: a shortcut; the loop below gives the same verdicts
  if (tests.length === 1) return tests[0];
  return (leaf) => {
    for (const test of tests) if (test(leaf)) return true;
    return false;
  };
};
