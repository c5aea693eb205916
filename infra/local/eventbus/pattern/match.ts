import type { CompiledObject, CompiledPattern, ValueMatcher } from './compiled-pattern.ts';
import { isJsonObject } from './json-kinds.ts';
import { type Leaf, matchesValue } from './match-value.ts';

/**
 * The straightforward matcher: one pattern against one event. The bus routes with the compiled rule
 * set (rule-set.ts); this is its reference, TestEventPattern's matcher and the check the rule set
 * runs where array elements must be told apart.
 */

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

/** True when no leaf sits under `key` of the value, looking through arrays at both levels. */
const noLeafUnder = (value: unknown, key: string): boolean => {
  if (Array.isArray(value)) return value.every((item) => noLeafUnder(item, key));
  return leavesOf(ownField(value, key)).length === 0;
};

/** The values under `key` of the value, looking through arrays. */
const childrenUnder = (value: unknown, key: string): unknown[] =>
  Array.isArray(value) ? value.flatMap((item) => childrenUnder(item, key)) : [ownField(value, key)];

const onlyAbsence = (matchers: readonly ValueMatcher[]): boolean =>
  matchers.every((m) => m.kind === 'exists' && !m.exists);

const absenceOnlyCache = new WeakMap<CompiledObject, boolean>();

/**
 * True when the object asks only that fields be absent. Such an object picks no array element: like
 * AWS's array-consistent matcher, which judges absence against every element unless a matched field
 * has already chosen one, it then needs the fields absent from all elements.
 */
export const isAbsenceOnly = (object: CompiledObject): boolean => {
  let known = absenceOnlyCache.get(object);
  // Stryker disable next-line ConditionalExpression: a memo; working the answer out again gives the same answer
  if (known === undefined) {
    known =
      object.fields.every((f) => (f.kind === 'leaf' ? onlyAbsence(f.matchers) : isAbsenceOnly(f.object))) &&
      object.anyOf.every((branches) => branches.every(isAbsenceOnly));
    absenceOnlyCache.set(object, known);
  }
  return known;
};

/** An absence-only object against a value, each array judged as a whole. */
const absentThroughout = (object: CompiledObject, value: unknown): boolean =>
  object.fields.every((field) =>
    field.kind === 'leaf'
      ? noLeafUnder(value, field.key)
      : absentThroughout(field.object, childrenUnder(value, field.key)),
  ) && object.anyOf.every((branches) => branches.some((branch) => absentThroughout(branch, value)));

/**
 * A field's value list within one object: some matcher must accept some leaf, or, for
 * `exists: false`, the field has no leaf in this object (the array element the rest of the pattern
 * matched, when the object is an element of an array).
 */
const matchesLeafField = (matchers: readonly ValueMatcher[], value: unknown): boolean => {
  const leaves = leavesOf(value);
  return matchers.some((matcher) => {
    if (matcher.kind === 'exists') return matcher.exists === leaves.length > 0;
    return leaves.some((leaf) => matchesValue(matcher, leaf));
  });
};

/**
 * A nested pattern object against a value. An array matches when one of its elements matches the
 * whole object, so fields are never combined across different array elements (AWS's array-consistent
 * matching); an empty array, a scalar or a missing value is matched as an object without fields.
 */
const matchesNested = (object: CompiledObject, value: unknown): boolean => {
  if (Array.isArray(value) && value.length > 0) {
    if (isAbsenceOnly(object)) return absentThroughout(object, value);
    return value.some((item) => matchesNested(object, item));
  }
  return matchesObject(object, isJsonObject(value) ? value : undefined);
};

const matchesObject = (object: CompiledObject, value: Record<string, unknown> | undefined): boolean =>
  object.fields.every((field) => {
    const child = ownField(value, field.key);
    return field.kind === 'leaf'
      ? matchesLeafField(field.matchers, child)
      : matchesNested(field.object, child);
  }) && object.anyOf.every((branches) => branches.some((branch) => matchesObject(branch, value)));

/** True when the event matches the compiled pattern. */
export const matchesEventPattern = (pattern: CompiledPattern, event: unknown): boolean =>
  matchesObject(pattern.root, isJsonObject(event) ? event : undefined);
