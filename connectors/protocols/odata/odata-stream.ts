import type { Clock } from '../../../core/ports/clock.ts';
import type { SourceHttpClient } from '../../http/http-client.ts';
import {
  createTimestampStream,
  type FetchedPage,
  recordKeyOf,
} from '../../kit/incremental/timestamp-stream.ts';
import type { TimestampCursorState } from '../../kit/incremental/timestamp-window.ts';
import type { SourceStream } from '../../kit/source-stream.ts';
import { followLink } from '../links/continuation-link.ts';
import { parseODataPage } from './odata-page.ts';
import { buildKeyListUrl, buildWindowUrl, odataHeaders } from './odata-query.ts';
import type { ODataStreamConfig } from './odata-stream-config.ts';

export interface ODataStreamDependencies {
  readonly http: SourceHttpClient;
  /** Service root without trailing slash, e.g. `https://my.s4hana.ondemand.com/sap/opu/odata/sap`. */
  readonly serviceRoot: string;
  readonly clock: Clock;
}

/**
 * Follows an OData collection from `url` through every next link, one yielded page per server page, with the
 * server's count of the whole query where it gave one.
 */
export async function* followODataPages(
  http: SourceHttpClient,
  config: ODataStreamConfig,
  url: string,
  serviceRoot: string,
  signal?: AbortSignal,
  /** v4: the first request asks for at most this many records (`Prefer: odata.maxpagesize`), the rest as configured. */
  firstPageSize?: number,
): AsyncIterable<FetchedPage> {
  let next: string | undefined = url;
  let headers =
    firstPageSize === undefined
      ? odataHeaders(config)
      : odataHeaders({ ...config, pageSize: Math.min(config.pageSize, firstPageSize) });
  while (next) {
    const { json } = await http.getJson(next, headers, signal);
    headers = odataHeaders(config);
    const page = parseODataPage(config.version, json);
    yield { records: page.records, total: page.count };
    // Next links may be relative to the request (SAP often sends just `A_BusinessPartner?$skiptoken=…`);
    // one pointing at another origin is refused, so credentials only ever go to the service root.
    next = page.nextLink ? followLink(page.nextLink, next, serviceRoot) : undefined;
  }
}

/** An OData entity set as an incremental stream: `$filter` on the last-changed property, server paging followed. */
export const createODataStream = (
  config: ODataStreamConfig,
  deps: ODataStreamDependencies,
): SourceStream<TimestampCursorState> =>
  createTimestampStream({
    name: config.name,
    primaryKey: config.keyFields,
    cursorField: config.cursorField,
    cursorFormat: config.cursorFormat,
    cursorTimeField: config.cursorTimeField,
    granularity: config.cursorGranularity,
    incremental: config.incremental,
    clock: deps.clock,
    fetchPages: (query, signal, firstPageSize) =>
      followODataPages(
        deps.http,
        config,
        buildWindowUrl(deps.serviceRoot, config, query),
        deps.serviceRoot,
        signal,
        firstPageSize,
      ),
    async *listKeys(signal) {
      const url = buildKeyListUrl(deps.serviceRoot, config);
      for await (const { records } of followODataPages(deps.http, config, url, deps.serviceRoot, signal)) {
        yield records.flatMap((r) => recordKeyOf(r, config.keyFields) ?? []);
      }
    },
  });
