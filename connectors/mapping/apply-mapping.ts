import type { FieldMap, FieldMapping } from './field-mapping.ts';
import { readPath } from './field-path.ts';
import { applyTransform } from './transforms.ts';

const isPresent = (value: unknown): boolean => value !== undefined && value !== null;

/** Produces one canonical value from a source record; `undefined` when the source has nothing for it. */
export const applyFieldMapping = (mapping: FieldMapping, record: unknown): unknown => {
  if (typeof mapping === 'string') return readPath(record, mapping) ?? undefined;
  let value: unknown;
  if (mapping.value !== undefined) value = mapping.value;
  else if (mapping.each !== undefined) return applyEach(mapping, mapping.each, record);
  else if (mapping.fields !== undefined) {
    const nested = applyFieldMap(mapping.fields, record);
    value = Object.keys(nested).length > 0 ? nested : undefined;
  } else if (mapping.coalesce !== undefined) {
    value = mapping.coalesce.map((m) => applyFieldMapping(m, record)).find(isPresent);
  } else if (mapping.join !== undefined) {
    const parts = mapping.join
      .map((m) => applyFieldMapping(m, record))
      .filter(
        (part): part is string | number =>
          (typeof part === 'string' && part.trim() !== '') || typeof part === 'number',
      );
    value = parts.length > 0 ? parts.join(mapping.separator ?? ' ') : undefined;
  } else if (mapping.path !== undefined) {
    value = readPath(record, mapping.path);
  }
  value = convert(mapping, value);
  if (!isPresent(value) && mapping.default !== undefined) value = mapping.default;
  return isPresent(value) ? value : undefined;
};

type MappingObject = Exclude<FieldMapping, string>;

/** Applies a mapping's transforms, then its lookup table. */
const convert = (mapping: MappingObject, input: unknown): unknown => {
  let value = input;
  const transforms = mapping.transform === undefined ? [] : [mapping.transform].flat();
  for (const name of transforms) value = applyTransform(name, value);
  if (mapping.lookup !== undefined && isPresent(value)) {
    const key = String(value);
    value = Object.hasOwn(mapping.lookup, key) ? mapping.lookup[key] : undefined;
  }
  return value;
};

/** `{ each }`: maps every element (kept by `where`) of an array; `first` keeps only the first result. */
const applyEach = (mapping: MappingObject, each: string, record: unknown): unknown => {
  const items = readPath(record, each);
  // OData v2 wraps expanded collections in `{ results: [...] }`.
  const list = Array.isArray(items) ? items : readPath(items, 'results');
  if (!Array.isArray(list)) return mapping.default;
  const { where, fields, path } = mapping;
  const kept = where
    ? list.filter((item) => JSON.stringify(readPath(item, where.path)) === JSON.stringify(where.equals))
    : list;
  const values = kept
    .map((item) => {
      const value =
        fields !== undefined ? applyFieldMap(fields, item) : path !== undefined ? readPath(item, path) : item;
      return convert(mapping, value);
    })
    .filter(isPresent);
  if (mapping.first) return values[0] ?? mapping.default;
  return values;
};

/** Produces an object from a field map; fields without a value are left out. */
export const applyFieldMap = (map: FieldMap, record: unknown): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [name, mapping] of Object.entries(map)) {
    const value = applyFieldMapping(mapping, record);
    if (value !== undefined) out[name] = value;
  }
  return out;
};
