/**
 * The tiny entity data model the sandbox OData servers describe their entity sets with: enough type
 * information to validate `$filter`/`$orderby`/`$select`/`$expand` and to serialise values the way the
 * real services do (OData v2 `/Date(ms)/` and decimals as strings, OData v4 ISO dates and numbers).
 */

/** Primitive Edm types the sandbox uses. `Time` values are zero-padded `PThhHmmMssS` strings (SAP Edm.Time). */
export type EdmType =
  | 'Edm.String'
  | 'Edm.Decimal'
  | 'Edm.Int32'
  | 'Edm.Boolean'
  | 'Edm.DateTime'
  | 'Edm.DateTimeOffset'
  | 'Edm.Date'
  | 'Edm.Time'
  | 'Edm.Guid';

/** A complex property (e.g. Windchill `State`) with primitive members, filterable as `State/Value`. */
export interface ComplexType {
  readonly complex: Readonly<Record<string, EdmType>>;
}

export type PropertyType = EdmType | ComplexType;

/** A value held in a sandbox row: dates are `Date`, children are nested rows. */
export type FieldValue = string | number | boolean | null | Date | Row | Row[];

/** One record as the sandbox stores it (field names as the real API spells them). */
export interface Row {
  [field: string]: FieldValue | undefined;
}

/** A navigation property: `to_Item`, `salesOrderLines`, `Successors`… */
export interface NavigationMeta {
  readonly target: EntitySetMeta;
  /** Children of one row; by default the array stored under the navigation property's own name. */
  readonly resolve?: (row: Row) => Row[];
  /** A single-valued navigation (an entity, not a collection), e.g. a link's `AlternatePart`. */
  readonly single?: boolean;
}

/** The description of one entity set (or of a child entity type reached by navigation). */
export interface EntitySetMeta {
  readonly name: string;
  /** OData type name used in `__metadata.type` / `@odata.context`. */
  readonly typeName: string;
  readonly keyFields: readonly string[];
  readonly properties: Readonly<Record<string, PropertyType>>;
  readonly navigations: Readonly<Record<string, NavigationMeta>>;
  /** The last-changed field incremental readers filter on; faults corrupt and tie it. */
  readonly changedField?: string;
}

/** True for a nested row (complex value), false for primitives, dates and child arrays. */
export const isRow = (value: unknown): value is Row =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);

export const isComplexType = (type: PropertyType): type is ComplexType => typeof type === 'object';

/** The children of `row` reached through `navigation`. */
export const resolveNavigation = (meta: NavigationMeta, name: string, row: Row): Row[] => {
  if (meta.resolve) return meta.resolve(row);
  const value = row[name];
  return Array.isArray(value) ? value : [];
};

/** Resolves a property path (`LastChangeDateTime`, `State/Value`) to its primitive type, or undefined. */
export const propertyTypeAt = (entity: EntitySetMeta, path: readonly string[]): EdmType | undefined => {
  const [head, member, ...rest] = path;
  if (head === undefined || rest.length > 0) return undefined;
  const type = entity.properties[head];
  if (type === undefined) return undefined;
  if (isComplexType(type)) return member === undefined ? undefined : type.complex[member];
  return member === undefined ? type : undefined;
};

/** Reads a (possibly complex) property path from a row. */
export const valueAt = (row: Row, path: readonly string[]): FieldValue | undefined => {
  const [head, member] = path;
  if (head === undefined) return undefined;
  const value = row[head];
  if (member === undefined) return value;
  return isRow(value) ? value[member] : undefined;
};

/** A stable string key for a row (joined key fields), used for maps and tombstones. */
export const rowKey = (entity: EntitySetMeta, row: Row): string =>
  entity.keyFields.map((field) => String(row[field] ?? '')).join('|');
