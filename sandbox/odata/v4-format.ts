import {
  type EntitySetMeta,
  isComplexType,
  isRow,
  type PropertyType,
  type Row,
  resolveNavigation,
} from './entity-model.ts';
import type { Json } from './v2-format.ts';

const v4Value = (value: unknown, type: PropertyType): Json => {
  if (value === null || value === undefined) return null;
  if (isComplexType(type)) {
    if (!isRow(value)) return null;
    const out: { [key: string]: Json } = {};
    for (const [name, memberType] of Object.entries(type.complex)) {
      out[name] = v4Value(value[name], memberType);
    }
    return out;
  }
  if (value instanceof Date)
    return type === 'Edm.Date' ? value.toISOString().slice(0, 10) : value.toISOString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
};

/** Options for serialising one v4 entity. */
export interface V4EntityOptions {
  readonly select?: readonly string[];
  readonly expand: readonly (readonly string[])[];
  /** The row's change version, rendered as `@odata.etag` like Business Central does. */
  readonly etag?: (row: Row) => string | undefined;
}

/** Serialises a row as an OData v4 JSON entity; expanded navigation becomes a nested array. */
export const toV4Entity = (
  row: Row,
  entity: EntitySetMeta,
  options: V4EntityOptions,
): { [key: string]: Json } => {
  const out: { [key: string]: Json } = {};
  const etag = options.etag?.(row);
  if (etag !== undefined) out['@odata.etag'] = etag;
  const selected = (name: string) =>
    options.select === undefined || options.select.length === 0 || options.select.includes(name);
  for (const [name, type] of Object.entries(entity.properties)) {
    if (selected(name)) out[name] = v4Value(row[name], type);
  }
  for (const [name, navigation] of Object.entries(entity.navigations)) {
    const paths = options.expand.filter((path) => path[0] === name);
    if (paths.length === 0) continue;
    const nested = paths.filter((path) => path.length > 1).map((path) => path.slice(1));
    const children = resolveNavigation(navigation, name, row).map((child) =>
      toV4Entity(child, navigation.target, {
        expand: nested,
        ...(options.etag ? { etag: options.etag } : {}),
      }),
    );
    out[name] = navigation.single ? (children[0] ?? null) : children;
  }
  return out;
};

/** The OData v4 error body (`{ error: { code, message } }`) Business Central and Windchill return. */
export const v4ErrorBody = (code: string, message: string): Json => ({ error: { code, message } });
