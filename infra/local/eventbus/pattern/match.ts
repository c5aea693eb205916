import { foldCase } from './case-folding.ts';
import type { CompiledObject, CompiledPattern, ValueMatcher } from './compiled-pattern.ts';
import { inRange, parseIpAddress } from './ip-address.ts';
import { isJsonObject } from './json-kinds.ts';
import { comparable, isComparableNumber, numbersEqual } from './numbers.ts';

type Leaf = string | number | boolean | null;

/** A field of an event object; inherited names such as `constructor` are never event fields. */
const ownField = (value: unknown, key: string): unknown =>
  isJsonObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;

const isLeaf = (value: unknown): value is Leaf =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** The scalar values of a field: arrays (at any depth) are flattened, objects are not leaves. */
const leavesOf = (value: unknown, out: Leaf[] = []): Leaf[] => {
  if (isLeaf(value)) out.push(value);
  else if (Array.isArray(value)) for (const item of value) leavesOf(item, out);
  return out;
};

/** Every leaf at a path from the event root, looking through arrays at each level. */
const leavesAtPath = (value: unknown, path: readonly string[], depth = 0): Leaf[] => {
  if (Array.isArray(value)) return value.flatMap((item) => leavesAtPath(item, path, depth));
  if (depth === path.length) return leavesOf(value);
  const key = path[depth];
  if (key === undefined) return [];
  return leavesAtPath(ownField(value, key), path, depth + 1);
};

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
const matchesValue = (matcher: ValueMatcher, value: Leaf): boolean => {
  switch (matcher.kind) {
    case 'exact':
      if (typeof matcher.value === 'number')
        return typeof value === 'number' && numbersEqual(matcher.value, value);
      return value === matcher.value;
    case 'exact-ip':
      return typeof value === 'string' && (value === matcher.text || matchesIp(value, matcher.range));
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
      return typeof value === 'number' && isComparableNumber(value) && withinBounds(matcher, value);
    case 'cidr':
      return typeof value === 'string' && matchesIp(value, matcher.range);
    case 'exists':
      return matcher.exists;
    case 'anything-but':
      return typeof value !== 'string' || !matcher.strings.has(value);
    case 'anything-but-numbers':
      // Only a comparable number can equal one of the excluded numbers; every other value passes.
      return (
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

/** A field's value list: some matcher must accept some leaf (or, for `exists: false`, there is none). */
const matchesLeafField = (
  matchers: readonly ValueMatcher[],
  path: readonly string[],
  value: unknown,
  event: unknown,
): boolean => {
  const leaves = leavesOf(value);
  return matchers.some((matcher) => {
    if (matcher.kind === 'exists') {
      // Absence is judged over the whole event, across array elements, as AWS judges it.
      return matcher.exists ? leaves.length > 0 : leavesAtPath(event, path).length === 0;
    }
    return leaves.some((leaf) => matchesValue(matcher, leaf));
  });
};

/**
 * A nested pattern object against a value. An array matches when one of its elements matches the
 * whole object, so fields are never combined across different array elements (AWS's array-consistent
 * matching); an empty array, a scalar or a missing value is matched as an object without fields.
 */
const matchesNested = (object: CompiledObject, value: unknown, event: unknown): boolean => {
  if (Array.isArray(value) && value.length > 0)
    return value.some((item) => matchesNested(object, item, event));
  return matchesObject(object, isJsonObject(value) ? value : undefined, event);
};

const matchesObject = (
  object: CompiledObject,
  value: Record<string, unknown> | undefined,
  event: unknown,
): boolean =>
  object.fields.every((field) => {
    const child = ownField(value, field.key);
    return field.kind === 'leaf'
      ? matchesLeafField(field.matchers, field.path, child, event)
      : matchesNested(field.object, child, event);
  }) && object.anyOf.every((branches) => branches.some((branch) => matchesObject(branch, value, event)));

/** True when the event matches the compiled pattern. */
export const matchesEventPattern = (pattern: CompiledPattern, event: unknown): boolean =>
  matchesObject(pattern.root, isJsonObject(event) ? event : undefined, event);
