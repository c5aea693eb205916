import { z } from 'zod';
import type { Clock } from '../../../core/ports/clock.ts';
import type { SourceHttpClient } from '../../http/http-client.ts';
import { recordKeyOf } from '../../kit/incremental/timestamp-stream.ts';
import type { RawPage, SourceStream } from '../../kit/source-stream.ts';
import { parseODataPage } from './odata-page.ts';
import { buildKeyListUrl, buildTrackedReadUrl, odataHeaders } from './odata-query.ts';
import { followODataPages } from './odata-stream.ts';
import type { ODataStreamConfig } from './odata-stream-config.ts';

/** Checkpoint of a change-tracked stream: the next page of a read in progress, or the delta link after it. */
export const DeltaStateSchema = z.strictObject({
  next: z.string().optional(),
  deltaLink: z.string().optional(),
  /** When the last page was read, for the lag metric. */
  readAt: z.iso.datetime().optional(),
});
export type DeltaState = z.infer<typeof DeltaStateSchema>;

/** A server that answered a tracked read without a delta link cannot report changes; the sync must not pretend. */
export class ChangeTrackingUnsupportedError extends Error {
  override readonly name = 'ChangeTrackingUnsupportedError';
}

/**
 * An OData v4 entity set read with change tracking: the first read asks `Prefer: odata.track-changes`
 * and ends with a delta link; each later run follows the delta link, which returns changed entities and
 * `$deletedEntity` entries (tombstones). Each page's checkpoint is the link to the page after it.
 */
export const createODataDeltaStream = (
  config: ODataStreamConfig,
  deps: { readonly http: SourceHttpClient; readonly serviceRoot: string; readonly clock: Clock },
): SourceStream<DeltaState> => ({
  name: config.name,
  primaryKey: config.keyFields,
  cursorField: '@odata.deltaLink',
  stateSchema: DeltaStateSchema,
  watermarkOf: (state) => (state.readAt === undefined ? undefined : Date.parse(state.readAt)),
  async *read(state, options): AsyncIterable<RawPage<DeltaState>> {
    const start = options.full ? undefined : state;
    let url: string | undefined =
      start?.next ?? start?.deltaLink ?? buildTrackedReadUrl(deps.serviceRoot, config);
    const headers = {
      ...odataHeaders(config),
      prefer: `odata.track-changes, odata.maxpagesize=${config.pageSize}`,
    };
    while (url !== undefined) {
      const { json } = await deps.http.getJson(url, headers, options.signal);
      const page = parseODataPage('v4', json);
      const readAt = new Date(deps.clock.now()).toISOString();
      const resolve = (link: string) => new URL(link, url).toString();
      if (page.nextLink) {
        yield { records: page.records, state: { next: resolve(page.nextLink), readAt } };
        url = resolve(page.nextLink);
      } else if (page.deltaLink) {
        yield { records: page.records, state: { deltaLink: resolve(page.deltaLink), readAt } };
        url = undefined;
      } else {
        throw new ChangeTrackingUnsupportedError(
          `${config.entitySet}: the service sent no @odata.deltaLink; set changeTracking to "filter" for this stream`,
        );
      }
    }
  },
  async *listKeys(signal) {
    for await (const records of followODataPages(
      deps.http,
      config,
      buildKeyListUrl(deps.serviceRoot, config),
      signal,
    )) {
      yield records.flatMap((r) => recordKeyOf(r, config.keyFields) ?? []);
    }
  },
});
