import type { EntitySetMeta } from './entity-model.ts';
import { propertyTypeAt } from './entity-model.ts';
import { compileFilter, type RowPredicate } from './filter-compile.ts';
import { type ODataDialect, parseFilter } from './filter-parser.ts';
import { badQuery } from './odata-error.ts';

/** One `$orderby` term. */
export interface OrderTerm {
  readonly path: readonly string[];
  readonly descending: boolean;
}

/** The validated system query options of one collection request. */
export interface CollectionQuery {
  readonly filter?: RowPredicate;
  readonly orderBy: readonly OrderTerm[];
  readonly top?: number;
  readonly skip?: number;
  readonly skipToken?: string;
  readonly deltaToken?: string;
  readonly select?: readonly string[];
  /** Navigation paths, e.g. `[['to_BusinessPartnerAddress', 'to_EmailAddress']]`. */
  readonly expand: readonly (readonly string[])[];
  readonly count: boolean;
}

const v2Options = [
  '$filter',
  '$orderby',
  '$top',
  '$skip',
  '$skiptoken',
  '$select',
  '$expand',
  '$inlinecount',
  '$format',
];
const v4Options = [
  '$filter',
  '$orderby',
  '$top',
  '$skip',
  '$skiptoken',
  '$select',
  '$expand',
  '$count',
  '$format',
];

const nonNegativeInteger = (name: string, value: string): number => {
  if (!/^\d+$/.test(value)) throw badQuery(`${name} must be a non-negative integer, got '${value}'`);
  return Number(value);
};

const splitList = (value: string): string[] =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');

const parseOrderBy = (value: string, entity: EntitySetMeta): OrderTerm[] =>
  splitList(value).map((term) => {
    const [field = '', direction, ...extra] = term.split(/\s+/);
    if (extra.length > 0 || (direction !== undefined && direction !== 'asc' && direction !== 'desc')) {
      throw badQuery(`Invalid $orderby term '${term}'`);
    }
    const path = field.split('/');
    if (propertyTypeAt(entity, path) === undefined) {
      throw badQuery(`Property ${field} not found in type ${entity.typeName}`, 'PropertyNotFound');
    }
    return { path, descending: direction === 'desc' };
  });

const parseExpand = (value: string, entity: EntitySetMeta, dialect: ODataDialect): string[][] =>
  splitList(value).map((item) => {
    // v4 nests expands as `Alternates($expand=AlternatePart)`; other nested options are not supported.
    const nestedExpand = dialect === 'v4' ? /^(\w+)\(\$expand=(\w+)\)$/.exec(item) : null;
    if (item.includes('(') && !nestedExpand)
      throw badQuery(`Nested query options in $expand are not supported: '${item}'`);
    const path = nestedExpand ? [nestedExpand[1] ?? '', nestedExpand[2] ?? ''] : item.split('/');
    let current: EntitySetMeta = entity;
    for (const segment of path) {
      const navigation = current.navigations[segment];
      if (navigation === undefined) {
        throw badQuery(
          `Navigation property ${segment} not found in type ${current.typeName}`,
          'PropertyNotFound',
        );
      }
      current = navigation.target;
    }
    if (dialect === 'v4' && path.length > 1 && !nestedExpand)
      throw badQuery(`Use nested $expand syntax instead of '${item}'`);
    return path;
  });

const parseSelect = (value: string, entity: EntitySetMeta): string[] => {
  const names = splitList(value);
  for (const name of names) {
    if (name === '*') continue;
    if (entity.properties[name] === undefined && entity.navigations[name] === undefined) {
      throw badQuery(`Property ${name} not found in type ${entity.typeName}`, 'PropertyNotFound');
    }
  }
  return names.includes('*') ? [] : names;
};

/**
 * Validates and parses the system query options of a collection request. Unknown `$` options,
 * repeated options and values the sandbox cannot honour are a 400, never ignored.
 * Non-`$` parameters (`sap-client`, `$deltatoken` handled by the caller) pass through untouched.
 */
export const parseCollectionQuery = (
  params: URLSearchParams,
  entity: EntitySetMeta,
  dialect: ODataDialect,
  extraOptions: readonly string[] = [],
): CollectionQuery => {
  const allowed = new Set([...(dialect === 'v2' ? v2Options : v4Options), ...extraOptions]);
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (!name.startsWith('$')) continue;
    if (!allowed.has(name)) throw badQuery(`The query option ${name} is not supported`);
    if (seen.has(name)) throw badQuery(`The query option ${name} is specified more than once`);
    seen.add(name);
  }
  const get = (name: string): string | undefined => params.get(name) ?? undefined;

  const format = get('$format');
  if (format !== undefined && format !== 'json' && !format.startsWith('application/json')) {
    throw badQuery(`$format=${format} is not supported by this sandbox; use json`);
  }
  const inlineCount = get('$inlinecount');
  if (inlineCount !== undefined && inlineCount !== 'allpages' && inlineCount !== 'none') {
    throw badQuery(`Invalid $inlinecount value '${inlineCount}'`);
  }
  const countOption = get('$count');
  if (countOption !== undefined && countOption !== 'true' && countOption !== 'false') {
    throw badQuery(`Invalid $count value '${countOption}'`);
  }
  const filterText = get('$filter');
  const top = get('$top');
  const skip = get('$skip');
  const orderBy = get('$orderby');
  const select = get('$select');
  const expand = get('$expand');
  return {
    ...(filterText !== undefined
      ? { filter: compileFilter(parseFilter(filterText, dialect), entity, dialect) }
      : {}),
    orderBy: orderBy === undefined ? [] : parseOrderBy(orderBy, entity),
    ...(top !== undefined ? { top: nonNegativeInteger('$top', top) } : {}),
    ...(skip !== undefined ? { skip: nonNegativeInteger('$skip', skip) } : {}),
    ...(get('$skiptoken') !== undefined ? { skipToken: get('$skiptoken') } : {}),
    ...(get('$deltatoken') !== undefined ? { deltaToken: get('$deltatoken') } : {}),
    ...(select !== undefined ? { select: parseSelect(select, entity) } : {}),
    expand: expand === undefined ? [] : parseExpand(expand, entity, dialect),
    count: inlineCount === 'allpages' || countOption === 'true',
  };
};
