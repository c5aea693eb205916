import * as z from 'zod';
import type { Clock } from '../../../core/ports/clock.ts';
import type { SourceHttpClient } from '../../http/http-client.ts';
import { recordKeyOf } from '../../kit/incremental/timestamp-stream.ts';
import { TimestampCursorStateSchema } from '../../kit/incremental/timestamp-window.ts';
import type { RawPage, SourceStream } from '../../kit/source-stream.ts';
import { followLink, resolveStoredLink, toStoredLink } from '../links/continuation-link.ts';
import { parseODataPage } from './odata-page.ts';
import { buildKeyListUrl, buildTrackedReadUrl, odataHeaders } from './odata-query.ts';
import { createODataStream, followODataPages } from './odata-stream.ts';
import type { ODataStreamConfig } from './odata-stream-config.ts';

/**
 * Checkpoint of a change-tracked stream: the next page of a read in progress, or the delta link after it,
 * both relative to the service root (so a service that moves carries on). `filter` is set once the service
 * turned out not to track changes: the stream then reads by its last-changed timestamp from there on.
 */
export const DeltaStateSchema = z.strictObject({
  next: z.string().optional(),
  deltaLink: z.string().optional(),
  /** When the last page was read, for the lag metric. */
  readAt: z.iso.datetime().optional(),
  /** When the tracked read in progress started: where a timestamp fallback would have to begin. */
  startedAt: z.iso.datetime().optional(),
  filter: TimestampCursorStateSchema.optional(),
});
export type DeltaState = z.infer<typeof DeltaStateSchema>;

/**
 * An OData v4 entity set read with change tracking: the first read asks `Prefer: odata.track-changes`
 * and ends with a delta link; each later run follows the delta link, which returns changed entities and
 * `$deletedEntity` entries (tombstones). Each page's checkpoint is the link to the page after it.
 *
 * A service that answers the tracked read without a delta link (change tracking switched off for the
 * entity) does not fail the sync: the last page is stored like any other, a warning is reported, and the
 * stream continues with `$filter` windows on its last-changed property from the moment the read started.
 * Deletes are then no longer reported by the source; turn on delete reconciliation for such a system.
 */
export const createODataDeltaStream = (
  config: ODataStreamConfig,
  deps: { readonly http: SourceHttpClient; readonly serviceRoot: string; readonly clock: Clock },
): SourceStream<DeltaState> => {
  const byFilter = createODataStream({ ...config, changeTracking: 'filter' }, deps);
  const iso = () => new Date(deps.clock.now()).toISOString();
  return {
    name: config.name,
    primaryKey: config.keyFields,
    cursorField: '@odata.deltaLink',
    stateSchema: DeltaStateSchema,
    watermarkOf: (state) => {
      if (state.filter) return byFilter.watermarkOf(state.filter);
      return state.readAt === undefined ? undefined : Date.parse(state.readAt);
    },
    async *read(state, options): AsyncIterable<RawPage<DeltaState>> {
      const start = options.full ? undefined : state;
      if (start?.filter) {
        for await (const page of byFilter.read(start.filter, options)) {
          yield { records: page.records, state: { filter: page.state } };
        }
        return;
      }
      const stored = start?.next ?? start?.deltaLink;
      let url: string | undefined =
        stored === undefined
          ? buildTrackedReadUrl(deps.serviceRoot, config)
          : resolveStoredLink(stored, deps.serviceRoot);
      const startedAt = start?.next !== undefined && start.startedAt ? start.startedAt : iso();
      const headersFor = (pageSize: number) => ({
        ...odataHeaders(config),
        prefer: `odata.track-changes, odata.maxpagesize=${pageSize}`,
      });
      // Only a read from the very start asks for a small first page; a resumed one keeps its page size.
      let pageSize =
        stored === undefined && options.firstPageSize !== undefined
          ? Math.min(config.pageSize, options.firstPageSize)
          : config.pageSize;
      while (url !== undefined) {
        const requested: string = url;
        const { json } = await deps.http.getJson(requested, headersFor(pageSize), options.signal);
        pageSize = config.pageSize;
        const page = parseODataPage('v4', json);
        const readAt = iso();
        if (page.nextLink) {
          const next = toStoredLink(page.nextLink, requested, deps.serviceRoot);
          yield { records: page.records, state: { next, readAt, startedAt } };
          url = followLink(page.nextLink, requested, deps.serviceRoot);
        } else if (page.deltaLink) {
          const deltaLink = toStoredLink(page.deltaLink, requested, deps.serviceRoot);
          yield { records: page.records, state: { deltaLink, readAt } };
          url = undefined;
        } else {
          // Store this last page first; only the way the NEXT run reads changes is different.
          yield {
            records: page.records,
            state: { filter: { watermark: startedAt }, readAt },
            warning:
              `${config.entitySet}: the service sent no @odata.deltaLink (change tracking is off for it); ` +
              `reading changes by ${config.cursorField} from now on. Deletes are not reported this way: ` +
              'turn on reconcileDeletes for this connector',
          };
          url = undefined;
        }
      }
    },
    async *listKeys(signal) {
      const url = buildKeyListUrl(deps.serviceRoot, config);
      for await (const { records } of followODataPages(deps.http, config, url, deps.serviceRoot, signal)) {
        yield records.flatMap((r) => recordKeyOf(r, config.keyFields) ?? []);
      }
    },
  };
};
