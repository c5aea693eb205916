import { type EntitySetMeta, type Row, valueAt } from './entity-model.ts';
import { badQuery } from './odata-error.ts';
import type { CollectionQuery } from './query-options.ts';

/** One page of a collection plus what the next link must carry. */
export interface CollectionPage {
  readonly rows: readonly Row[];
  /** Rows matching `$filter` before `$skip`/`$top` (for `$inlinecount` / `$count`). */
  readonly total: number;
  /** Present when more rows follow: the `$skiptoken` to send and the `$top` still outstanding. */
  readonly next?: { readonly skipToken: string; readonly top?: number };
}

type SortValue = string | number | boolean | null;

const sortValue = (value: unknown): SortValue => {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
};

const compareValues = (left: SortValue, right: SortValue): number => {
  if (left === right) return 0;
  if (left === null) return -1; // nulls sort first, as in SAP and BC
  if (right === null) return 1;
  return left < right ? -1 : 1;
};

interface SortTerm {
  readonly path: readonly string[];
  readonly descending: boolean;
}

/** The ordering the server pages by: the `$orderby` terms, then the key (so ties are deterministic). */
const sortTerms = (entity: EntitySetMeta, query: CollectionQuery): SortTerm[] => [
  ...query.orderBy,
  ...entity.keyFields.map((field) => ({ path: [field], descending: false })),
];

const tupleOf = (row: Row, terms: readonly SortTerm[]): SortValue[] =>
  terms.map((term) => sortValue(valueAt(row, term.path)));

const compareTuples = (
  left: readonly SortValue[],
  right: readonly SortValue[],
  terms: readonly SortTerm[],
) => {
  for (const [index, term] of terms.entries()) {
    const order = compareValues(left[index] ?? null, right[index] ?? null);
    if (order !== 0) return term.descending ? -order : order;
  }
  return 0;
};

const encodeToken = (tuple: readonly SortValue[]): string =>
  Buffer.from(JSON.stringify(tuple), 'utf8').toString('base64url');

const decodeToken = (token: string, length: number): SortValue[] => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === length) {
      return parsed.map((value: unknown) => sortValue(value));
    }
  } catch {
    // fall through to the 400 below
  }
  throw badQuery(`Invalid $skiptoken '${token}'`);
};

/**
 * Applies filter, order, `$skip`/`$top` and server-driven paging to a collection. Paging is keyset-based
 * (the token is the last row's sort tuple), so a followed chain of next links yields every row that did
 * not change meanwhile exactly once, even while the sandbox keeps changing data.
 */
export const selectPage = (
  rows: readonly Row[],
  entity: EntitySetMeta,
  query: CollectionQuery,
  pageSize: number,
): CollectionPage => {
  const terms = sortTerms(entity, query);
  const matching = query.filter ? rows.filter(query.filter) : [...rows];
  const sorted = matching
    .map((row) => ({ row, tuple: tupleOf(row, terms) }))
    .sort((a, b) => compareTuples(a.tuple, b.tuple, terms));

  let start = 0;
  if (query.skipToken !== undefined) {
    const after = decodeToken(query.skipToken, terms.length);
    start = sorted.findIndex((entry) => compareTuples(entry.tuple, after, terms) > 0);
    if (start === -1) start = sorted.length;
  } else if (query.skip !== undefined) {
    start = Math.min(query.skip, sorted.length);
  }
  const limit = Math.min(pageSize, query.top ?? Number.POSITIVE_INFINITY);
  const page = sorted.slice(start, start + limit);
  const last = page.at(-1);
  const topLeft = query.top === undefined ? undefined : query.top - page.length;
  const hasMore = start + page.length < sorted.length && (topLeft === undefined || topLeft > 0);
  return {
    rows: page.map((entry) => entry.row),
    total: matching.length,
    ...(hasMore && last
      ? { next: { skipToken: encodeToken(last.tuple), ...(topLeft !== undefined ? { top: topLeft } : {}) } }
      : {}),
  };
};

/** Builds the next link: the request URL with its `$skiptoken`/`$top` replaced and `$skip` dropped. */
export const nextLink = (requestUrl: URL, next: NonNullable<CollectionPage['next']>): string => {
  const url = new URL(requestUrl.href);
  url.searchParams.delete('$skip');
  url.searchParams.delete('$skiptoken');
  url.searchParams.delete('$top');
  if (next.top !== undefined) url.searchParams.set('$top', String(next.top));
  url.searchParams.set('$skiptoken', next.skipToken);
  return url.href;
};
