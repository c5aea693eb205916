import fc from 'fast-check';
import { validateEventPattern } from '../../../infra/local/eventbus/pattern/index.ts';

/**
 * Random event patterns of every operator and random events, drawn from one small vocabulary of
 * field names and values so that patterns and events collide often enough to match.
 */

const KEYS = ['a', 'b', 'c'] as const;
const STRINGS = [
  '',
  'x',
  'xy',
  'X',
  'yx',
  'xyz',
  'a.png',
  'A.PNG',
  'b.jpg',
  '10.0.0.1',
  '10.1.0.1',
  '::1',
  '2001:db8::1',
];
const NUMBERS = [-1, 0, 0.5, 1, 2, 5, 5.0000001, 5e9, 6e9];
const WILDCARDS = ['x*', '*y', 'x*z', '*', '*x*', 'a.*', '10.*.1', '\\*x'];
const CIDRS = ['10.0.0.0/8', '10.0.0.0/24', '::/0', '2001:db8::/32'];

const stringValue = fc.constantFrom(...STRINGS);
const numberValue = fc.constantFrom(...NUMBERS);
/** A scalar of an event or pattern from the shared vocabulary. */
export const scalar = fc.oneof(stringValue, numberValue, fc.boolean(), fc.constant(null));
const nonEmpty = <T>(item: fc.Arbitrary<T>) => fc.uniqueArray(item, { minLength: 1, maxLength: 3 });
const oneOrList = <T>(item: fc.Arbitrary<T>) => fc.oneof(item, nonEmpty(item));

const numericRange = fc
  .tuple(
    numberValue.filter((n) => n < 5e9 + 1),
    numberValue.filter((n) => n <= 5e9),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([x, y, lowInclusive, highInclusive]) => {
    if (x === y) return { numeric: ['=', x] };
    const [low, high] = x < y ? [x, y] : [y, x];
    return { numeric: [lowInclusive ? '>=' : '>', low, highInclusive ? '<=' : '<', high] };
  });

const oneSidedRange = fc
  .tuple(
    fc.constantFrom('<', '<=', '>', '>='),
    numberValue.filter((n) => n <= 5e9),
  )
  .map(([op, n]) => ({ numeric: [op, n] }));

/** One element of a field's value list, of any operator. */
export const valueMatcher: fc.Arbitrary<unknown> = fc.oneof(
  scalar,
  stringValue.map((prefix) => ({ prefix })),
  stringValue.map((v) => ({ prefix: { 'equals-ignore-case': v } })),
  stringValue.map((suffix) => ({ suffix })),
  stringValue.map((v) => ({ suffix: { 'equals-ignore-case': v } })),
  stringValue.map((v) => ({ 'equals-ignore-case': v })),
  fc.constantFrom(...WILDCARDS).map((wildcard) => ({ wildcard })),
  numericRange,
  oneSidedRange,
  fc.boolean().map((exists) => ({ exists })),
  fc.constantFrom(...CIDRS).map((cidr) => ({ cidr })),
  oneOrList(stringValue).map((v) => ({ 'anything-but': v })),
  oneOrList(numberValue.filter((n) => n <= 5e9)).map((v) => ({ 'anything-but': v })),
  oneOrList(stringValue.filter((s) => s !== '')).map((v) => ({ 'anything-but': { prefix: v } })),
  oneOrList(stringValue.filter((s) => s !== '')).map((v) => ({ 'anything-but': { suffix: v } })),
  oneOrList(stringValue).map((v) => ({ 'anything-but': { 'equals-ignore-case': v } })),
  oneOrList(fc.constantFrom(...WILDCARDS)).map((v) => ({ 'anything-but': { wildcard: v } })),
);

/** A pattern object at most `depth` objects deep, sometimes with an `$or` group. */
const patternObject = (depth: number): fc.Arbitrary<Record<string, unknown>> => {
  const leaf = fc.uniqueArray(valueMatcher, { minLength: 1, maxLength: 2 });
  const field =
    depth > 1
      ? fc.oneof({ arbitrary: leaf, weight: 3 }, { arbitrary: patternObject(depth - 1), weight: 1 })
      : leaf;
  const fields = (maxKeys: number) => fc.dictionary(fc.constantFrom(...KEYS), field, { minKeys: 1, maxKeys });
  const or = fc.array(fields(1), { minLength: 2, maxLength: 2 });
  return fc
    .tuple(fields(3), fc.option(or, { freq: 4, nil: undefined }))
    .map(([own, branches]) => (branches ? { ...own, $or: branches } : own));
};

/** A valid event pattern mixing every operator, nested objects and `$or`. */
export const eventPattern: fc.Arbitrary<Record<string, unknown>> = patternObject(3).filter(
  (pattern) => validateEventPattern(pattern) === undefined,
);

const eventObject = (depth: number): fc.Arbitrary<Record<string, unknown>> => {
  const element =
    depth > 1 ? fc.oneof(scalar, eventObject(depth - 1), fc.array(scalar, { maxLength: 2 })) : scalar;
  const value = fc.oneof(
    scalar,
    fc.array(element, { maxLength: 3 }),
    ...(depth > 1 ? [eventObject(depth - 1)] : []),
  );
  return fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 3 });
};

/** A random event over the same field names and values, with arrays of scalars and of objects. */
export const randomEvent: fc.Arbitrary<Record<string, unknown>> = eventObject(4);
