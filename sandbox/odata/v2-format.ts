import {
  type EntitySetMeta,
  isComplexType,
  isRow,
  type PropertyType,
  type Row,
  resolveNavigation,
} from './entity-model.ts';

/** JSON as the sandbox writes it. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** OData v2 JSON date: `/Date(1700000000000)/` (Edm.DateTime) or `/Date(1700000000000+0000)/` (offset). */
export const v2Date = (date: Date, withOffset: boolean): string =>
  withOffset ? `/Date(${date.getTime()}+0000)/` : `/Date(${date.getTime()})/`;

const v2Value = (value: unknown, type: PropertyType): Json => {
  if (value === null || value === undefined) return null;
  if (isComplexType(type)) {
    if (!isRow(value)) return null;
    const out: { [key: string]: Json } = {};
    for (const [name, memberType] of Object.entries(type.complex)) {
      out[name] = v2Value(value[name], memberType);
    }
    return out;
  }
  if (value instanceof Date) {
    if (type === 'Edm.DateTime' || type === 'Edm.Date') return v2Date(value, false);
    return v2Date(value, true);
  }
  if (type === 'Edm.Decimal' && typeof value === 'number') return value.toFixed(2);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
};

/** `('1000123')` or `(SalesOrder='1',SalesOrderItem='10')`: the key predicate of an entity URI. */
export const keyPredicate = (entity: EntitySetMeta, row: Row): string => {
  const literal = (value: unknown) => `'${String(value ?? '').replaceAll("'", "''")}'`;
  if (entity.keyFields.length === 1) return `(${literal(row[entity.keyFields[0] ?? ''])})`;
  return `(${entity.keyFields.map((field) => `${field}=${literal(row[field])}`).join(',')})`;
};

/** Options for serialising one v2 entity. */
export interface V2EntityOptions {
  /** The service root, e.g. `http://127.0.0.1:4000/sap/opu/odata/sap/API_SALES_ORDER_SRV`. */
  readonly serviceRoot: string;
  readonly serviceName: string;
  readonly select?: readonly string[];
  readonly expand: readonly (readonly string[])[];
}

/** Serialises a row as an OData v2 JSON entity with `__metadata`, deferred or expanded navigation. */
export const toV2Entity = (
  row: Row,
  entity: EntitySetMeta,
  options: V2EntityOptions,
): { [key: string]: Json } => {
  const uri = `${options.serviceRoot}/${entity.name}${keyPredicate(entity, row)}`;
  const out: { [key: string]: Json } = {
    __metadata: { id: uri, uri, type: `${options.serviceName}.${entity.typeName}` },
  };
  const selected = (name: string) =>
    options.select === undefined || options.select.length === 0 || options.select.includes(name);
  for (const [name, type] of Object.entries(entity.properties)) {
    if (selected(name)) out[name] = v2Value(row[name], type);
  }
  for (const [name, navigation] of Object.entries(entity.navigations)) {
    const expandedPaths = options.expand.filter((path) => path[0] === name);
    if (expandedPaths.length > 0) {
      const childExpand = expandedPaths.map((path) => path.slice(1)).filter((path) => path.length > 0);
      out[name] = {
        results: resolveNavigation(navigation, name, row).map((child) =>
          toV2Entity(child, navigation.target, { ...options, select: undefined, expand: childExpand }),
        ),
      };
    } else if (selected(name)) {
      out[name] = { __deferred: { uri: `${uri}/${name}` } };
    }
  }
  return out;
};

/** The OData v2 error body SAP Gateway returns. */
export const v2ErrorBody = (code: string, message: string): Json => ({
  error: {
    code,
    message: { lang: 'en', value: message },
    innererror: { application: { component_id: 'SANDBOX' }, errordetails: [] },
  },
});
