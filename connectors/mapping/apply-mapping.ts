import type { ConversionProblem } from './conversion-problem.ts';
import type { FieldMap, FieldMapping } from './field-mapping.ts';
import { readPath } from './field-path.ts';
import { applyTransform, TRANSFORM_ACCEPTS } from './transforms.ts';

const isPresent = (value: unknown): boolean => value !== undefined && value !== null;

/** Where a mapping is being applied: the canonical field, and where its conversion problems are collected. */
interface Trace {
  readonly field: string;
  readonly problems: ConversionProblem[] | undefined;
}

const LOOKUP_KEYS_SHOWN = 8;

/** `one of "A", "B", "C"` (the first few keys of a lookup table). */
const lookupExpectation = (lookup: Readonly<Record<string, unknown>>): string => {
  const keys = Object.keys(lookup);
  const shown = keys.slice(0, LOOKUP_KEYS_SHOWN).map((key) => JSON.stringify(key));
  return `one of ${shown.join(', ')}${keys.length > LOOKUP_KEYS_SHOWN ? ', …' : ''}`;
};

/**
 * Produces one canonical value from a source record; `undefined` when the source has nothing for it.
 * A present value that a transform or lookup cannot convert also gives `undefined`, and is noted in
 * `problems` (under `field`) so a record the canonical schema then rejects is quarantined with a reason
 * naming the value.
 */
export const applyFieldMapping = (
  mapping: FieldMapping,
  record: unknown,
  problems?: ConversionProblem[],
  field = '',
): unknown => mapValue(mapping, record, { field, problems });

const mapValue = (mapping: FieldMapping, record: unknown, trace: Trace): unknown => {
  if (typeof mapping === 'string') return readPath(record, mapping) ?? undefined;
  let value: unknown;
  if (mapping.value !== undefined) value = mapping.value;
  else if (mapping.each !== undefined) return applyEach(mapping, mapping.each, record, trace);
  else if (mapping.fields !== undefined) {
    const nested = mapFields(mapping.fields, record, trace);
    value = Object.keys(nested).length > 0 ? nested : undefined;
  } else if (mapping.coalesce !== undefined) {
    value = mapping.coalesce.map((m) => mapValue(m, record, trace)).find(isPresent);
  } else if (mapping.join !== undefined) {
    const parts = mapping.join
      .map((m) => mapValue(m, record, trace))
      .filter(
        (part): part is string | number =>
          (typeof part === 'string' && part.trim() !== '') || typeof part === 'number',
      );
    value = parts.length > 0 ? parts.join(mapping.separator ?? ' ') : undefined;
  } else if (mapping.path !== undefined) {
    value = readPath(record, mapping.path);
  }
  value = convert(mapping, value, trace);
  if (!isPresent(value) && mapping.default !== undefined) value = mapping.default;
  return isPresent(value) ? value : undefined;
};

type MappingObject = Exclude<FieldMapping, string>;

/** Applies a mapping's transforms, then its lookup table; a present value either cannot convert is noted. */
const convert = (mapping: MappingObject, input: unknown, trace: Trace): unknown => {
  const note = (raw: unknown, expected: string) =>
    trace.problems?.push({ field: trace.field, source: mapping.path, raw, expected });
  let value = input;
  const transforms = mapping.transform === undefined ? [] : [mapping.transform].flat();
  for (const name of transforms) {
    const before = value;
    value = applyTransform(name, value);
    const accepts = TRANSFORM_ACCEPTS[name];
    if (accepts !== undefined && isPresent(before) && value === undefined) {
      note(before, accepts);
      return undefined;
    }
  }
  if (mapping.lookup !== undefined && isPresent(value)) {
    const key = String(value);
    if (Object.hasOwn(mapping.lookup, key)) return mapping.lookup[key];
    note(value, lookupExpectation(mapping.lookup));
    return undefined;
  }
  return value;
};

/** `{ each }`: maps every element (kept by `where`) of an array; `first` keeps only the first result. */
const applyEach = (mapping: MappingObject, each: string, record: unknown, trace: Trace): unknown => {
  const items = readPath(record, each);
  // OData v2 wraps expanded collections in `{ results: [...] }`.
  const list = Array.isArray(items) ? items : readPath(items, 'results');
  if (!Array.isArray(list)) return mapping.default;
  const { where, fields, path } = mapping;
  const kept = where
    ? list.filter((item) => JSON.stringify(readPath(item, where.path)) === JSON.stringify(where.equals))
    : list;
  const values: unknown[] = [];
  for (const item of kept) {
    // An element is named by the index it will have in the canonical array (`lines[2].quantity`).
    const itemTrace = { ...trace, field: mapping.first ? trace.field : `${trace.field}[${values.length}]` };
    const value =
      fields !== undefined
        ? mapFields(fields, item, itemTrace)
        : path !== undefined
          ? readPath(item, path)
          : item;
    const converted = convert(mapping, value, itemTrace);
    if (isPresent(converted)) values.push(converted);
  }
  if (mapping.first) return values[0] ?? mapping.default;
  return values;
};

const mapFields = (map: FieldMap, record: unknown, trace: Trace): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [name, mapping] of Object.entries(map)) {
    const field = trace.field === '' ? name : `${trace.field}.${name}`;
    const value = mapValue(mapping, record, { field, problems: trace.problems });
    if (value !== undefined) out[name] = value;
  }
  return out;
};

/**
 * Produces an object from a field map; fields without a value are left out, and values that could not be
 * converted are noted in `problems`.
 */
export const applyFieldMap = (
  map: FieldMap,
  record: unknown,
  problems?: ConversionProblem[],
): Record<string, unknown> => mapFields(map, record, { field: '', problems });
