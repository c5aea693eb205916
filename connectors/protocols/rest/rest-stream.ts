import type { Clock } from '../../../core/ports/clock.ts';
import type { SourceHttpClient } from '../../http/http-client.ts';
import { createTimestampStream, recordKeyOf } from '../../kit/incremental/timestamp-stream.ts';
import type { TimestampCursorState } from '../../kit/incremental/timestamp-window.ts';
import type { SourceStream } from '../../kit/source-stream.ts';
import { followRestPages } from './rest-pages.ts';
import { buildWindowParams } from './rest-query.ts';
import type { RestStreamConfig } from './rest-stream-config.ts';

export interface RestStreamDependencies {
  readonly http: SourceHttpClient;
  readonly baseUrl: string;
  readonly clock: Clock;
}

/** Every row of the given groups (for `mapping.group`), by the configured group query, in `params` order. */
export async function* restGroupRows(
  config: RestStreamConfig,
  deps: RestStreamDependencies,
  groups: readonly string[],
  signal?: AbortSignal,
): AsyncIterable<readonly unknown[]> {
  const query = config.groupQuery;
  if (!query) throw new Error(`${config.name}: grouping rows needs source.groupQuery`);
  for (let i = 0; i < groups.length; i += query.maxPerRequest) {
    const clauses = groups
      .slice(i, i + query.maxPerRequest)
      .map((g) => query.clause.replaceAll('{value}', g));
    const params = {
      ...config.params,
      [query.param]: clauses.join(query.separator),
      [config.paging.limitParam]: String(config.paging.limit),
    };
    for await (const page of followRestPages(deps.http, deps.baseUrl, config, params, signal))
      yield page.records;
  }
}

/** A REST collection as an incremental stream: the window goes into the filter parameter, paging is followed. */
export const createRestStream = (
  config: RestStreamConfig,
  deps: RestStreamDependencies,
): SourceStream<TimestampCursorState> =>
  createTimestampStream({
    name: config.name,
    primaryKey: config.keyFields,
    cursorField: config.cursorField,
    cursorFormat: config.cursorFormat,
    granularity: 'instant',
    incremental: config.incremental,
    clock: deps.clock,
    fetchPages: (query, signal) =>
      followRestPages(deps.http, deps.baseUrl, config, buildWindowParams(config, query), signal),
    async *listKeys(signal) {
      const params = {
        ...config.params,
        [config.paging.limitParam]: String(config.paging.limit),
      };
      for await (const { records } of followRestPages(deps.http, deps.baseUrl, config, params, signal)) {
        yield records.flatMap((r) => recordKeyOf(r, config.keyFields) ?? []);
      }
    },
  });
