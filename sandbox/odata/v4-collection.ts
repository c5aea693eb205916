import type { SystemRequest, SystemResponse } from '../http/system-server.ts';
import type { SourceTable } from '../world/source-table.ts';
import { corruptOneRecord } from './corrupt-record.ts';
import type { EntitySetMeta, Row } from './entity-model.ts';
import { nextLink, selectPage } from './keyset-page.ts';
import { badQuery } from './odata-error.ts';
import { type CollectionQuery, parseCollectionQuery } from './query-options.ts';
import type { Json } from './v2-format.ts';
import { toV4Entity } from './v4-format.ts';

/** How an OData v4 system serves one entity set. */
export interface V4CollectionOptions {
  readonly entity: EntitySetMeta;
  readonly table: SourceTable;
  /** `…/$metadata#companies(…)/customers` */
  readonly contextUrl: string;
  readonly maxPageSize: number;
  /** Business Central offers delta links (`Prefer: odata.track-changes`); Windchill does not. */
  readonly supportsDelta: boolean;
}

/** Reads `Prefer: odata.maxpagesize=50, odata.track-changes`. */
const parsePrefer = (
  header: string | string[] | undefined,
): { maxPageSize?: number; trackChanges: boolean } => {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const size = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(text)?.[1];
  return {
    ...(size !== undefined ? { maxPageSize: Number(size) } : {}),
    trackChanges: /odata\.track-changes/i.test(text),
  };
};

/** BC-style weak etag derived from the row's change version. */
const etagFor = (table: SourceTable) => (row: Row) => {
  const version = table.versionOf(row);
  return version === undefined ? undefined : `W/"${Buffer.from(`'${version};'`).toString('base64')}"`;
};

const TRACKED_TOKEN = /^([A-Za-z0-9_-]*)\.(\d+)$/;

const deltaLinkFor = (requestUrl: URL, version: number): string => {
  const url = new URL(requestUrl.origin + requestUrl.pathname);
  for (const name of ['$select', '$expand']) {
    const value = requestUrl.searchParams.get(name);
    if (value !== null) url.searchParams.set(name, value);
  }
  url.searchParams.set('$deltatoken', String(version));
  return url.href;
};

const serialise = (rows: readonly Row[], options: V4CollectionOptions, query: CollectionQuery) =>
  rows.map((row) =>
    toV4Entity(row, options.entity, {
      expand: query.expand,
      etag: etagFor(options.table),
      ...(query.select ? { select: query.select } : {}),
    }),
  );

const deltaResponse = (
  request: SystemRequest,
  options: V4CollectionOptions,
  query: CollectionQuery,
  pageSize: number,
) => {
  const since = Number(query.deltaToken);
  if (!Number.isInteger(since) || since < 0) throw badQuery(`Invalid $deltatoken '${query.deltaToken}'`);
  if (query.filter || query.orderBy.length > 0 || query.top !== undefined || query.skip !== undefined) {
    throw badQuery('$filter, $orderby, $top and $skip cannot be combined with a delta link');
  }
  const after = query.skipToken === undefined ? since : Number(query.skipToken);
  if (!Number.isInteger(after)) throw badQuery(`Invalid $skiptoken '${query.skipToken}'`);
  const { upserted, removed } = options.table.changesSince(after);
  const changes = [
    ...upserted.map((row) => ({ version: options.table.versionOf(row) ?? 0, row })),
    ...removed.map((tombstone) => ({ version: tombstone.version, tombstone })),
  ].sort((a, b) => a.version - b.version);
  const page = changes.slice(0, pageSize);
  const value: Json[] = page.map((change) =>
    'row' in change
      ? (serialise([change.row], options, query)[0] ?? null)
      : {
          '@odata.context': `${options.contextUrl}/$deletedEntity`,
          ...Object.fromEntries(
            Object.entries(change.tombstone.keyValues).map(([key, v]) => [key, String(v)]),
          ),
          reason: 'deleted',
        },
  );
  const body: { [key: string]: Json } = { '@odata.context': options.contextUrl, value };
  const last = page.at(-1);
  if (changes.length > page.length && last) {
    const url = new URL(request.url.href);
    url.searchParams.set('$skiptoken', String(last.version));
    body['@odata.nextLink'] = url.href;
  } else {
    body['@odata.deltaLink'] = deltaLinkFor(request.url, latestVersion(options.table));
  }
  return body;
};

const latestVersion = (table: SourceTable): number => table.latestVersion();

/**
 * Answers an OData v4 collection request: `$filter`, `$orderby`, `$select`, `$expand`, `$top`, `$skip`,
 * `$count`, server-driven paging with `@odata.nextLink` (honouring `Prefer: odata.maxpagesize`), and,
 * where supported, delta links with `$deletedEntity` entries for removed rows.
 */
export const respondV4Collection = (request: SystemRequest, options: V4CollectionOptions): SystemResponse => {
  const prefer = parsePrefer(request.headers.prefer);
  const pageSize = Math.max(1, Math.min(options.maxPageSize, prefer.maxPageSize ?? options.maxPageSize));
  const headers: Record<string, string> = {};
  if (prefer.maxPageSize !== undefined) headers['preference-applied'] = `odata.maxpagesize=${pageSize}`;
  const query = parseCollectionQuery(
    request.url.searchParams,
    options.entity,
    'v4',
    options.supportsDelta ? ['$deltatoken'] : [],
  );
  if (query.deltaToken !== undefined) {
    return { status: 200, headers, json: deltaResponse(request, options, query, pageSize) };
  }

  // A tracked initial read carries the version it started at inside its skiptoken, so the delta link
  // it ends with covers every change made while the pages were being read.
  const tracked = query.skipToken === undefined ? undefined : TRACKED_TOKEN.exec(query.skipToken);
  const trackFrom = tracked
    ? Number(tracked[2])
    : prefer.trackChanges && options.supportsDelta && query.skipToken === undefined
      ? latestVersion(options.table)
      : undefined;
  if (trackFrom !== undefined)
    headers['preference-applied'] = [headers['preference-applied'], 'odata.track-changes']
      .filter(Boolean)
      .join(', ');
  const keysetQuery: CollectionQuery = tracked ? { ...query, skipToken: tracked[1] ?? '' } : query;
  const page = selectPage(options.table.all(), options.entity, keysetQuery, pageSize);
  const value = serialise(page.rows, options, query);
  if (request.invalidRecord)
    corruptOneRecord(value, options.entity, request.invalidRecord, '2024-13-45T99:99:99Z');
  const body: { [key: string]: Json } = { '@odata.context': options.contextUrl };
  if (query.count) body['@odata.count'] = page.total;
  body.value = value;
  if (page.next) {
    const token = trackFrom === undefined ? page.next.skipToken : `${page.next.skipToken}.${trackFrom}`;
    body['@odata.nextLink'] = nextLink(request.url, { ...page.next, skipToken: token });
  } else if (trackFrom !== undefined) {
    body['@odata.deltaLink'] = deltaLinkFor(request.url, trackFrom);
  }
  return { status: 200, headers, json: body };
};

/** Answers a single-entity request (`customers(<id>)`, `Parts('<id>')`). */
export const respondV4Entity = (
  request: SystemRequest,
  options: Pick<V4CollectionOptions, 'entity' | 'table' | 'contextUrl'>,
  row: Row,
): SystemResponse => {
  const query = parseCollectionQuery(request.url.searchParams, options.entity, 'v4');
  return {
    status: 200,
    json: {
      '@odata.context': `${options.contextUrl}/$entity`,
      ...toV4Entity(row, options.entity, {
        expand: query.expand,
        etag: etagFor(options.table),
        ...(query.select ? { select: query.select } : {}),
      }),
    },
  };
};
