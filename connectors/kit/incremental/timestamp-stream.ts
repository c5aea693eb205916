import type { Clock } from '../../../core/ports/clock.ts';
import { readPath } from '../../mapping/field-path.ts';
import type { RawPage, SourceStream, StreamReadOptions } from '../source-stream.ts';
import { type CursorFormat, parseCursorValue, parseTimeOfDay } from './cursor-value.ts';
import {
  advanceRun,
  type CursorGranularity,
  completeRun,
  type IncrementalSettings,
  isAfter,
  isCommitted,
  type KeyTuple,
  planWindow,
  queryLowerBound,
  type TimestampCursorState,
  TimestampCursorStateSchema,
  timestampWatermark,
  truncateToGranularity,
} from './timestamp-window.ts';

/** The bounds a protocol kit puts into its query: `from ≤ cursor ≤ upTo`, ordered by cursor then key. */
export interface WindowQuery {
  readonly from: string | undefined;
  readonly upTo: string;
}

/** One page as the source serves it, before the stream's position is worked out. */
export interface FetchedPage {
  readonly records: readonly unknown[];
  /** Records the whole query matches, where the source said so (see `RawPage.total`). */
  readonly total?: number | undefined;
}

/** What a protocol kit supplies to become a timestamp-cursor stream. */
export interface TimestampStreamSpec {
  readonly name: string;
  readonly primaryKey: readonly string[];
  readonly cursorField: string;
  readonly cursorFormat: CursorFormat;
  /** A separate time-of-day field completing a date-only cursor (SAP `LastChangeTime`). */
  readonly cursorTimeField?: string | undefined;
  readonly granularity: CursorGranularity;
  readonly incremental: IncrementalSettings;
  readonly clock: Clock;
  /**
   * Runs the window query and yields each page the source serves, following its paging to the end; asks for
   * `firstPageSize` records in the first page where the protocol lets the client choose.
   */
  fetchPages(query: WindowQuery, signal?: AbortSignal, firstPageSize?: number): AsyncIterable<FetchedPage>;
  listKeys?(signal?: AbortSignal): AsyncIterable<readonly string[]>;
}

/** The record's key fields as a tuple; undefined if any is missing. */
export const recordKeyTupleOf = (raw: unknown, primaryKey: readonly string[]): KeyTuple | undefined => {
  const parts: (string | number)[] = [];
  for (const path of primaryKey) {
    const value = readPath(raw, path);
    if (typeof value !== 'string' && typeof value !== 'number') return undefined;
    if (value === '') return undefined;
    parts.push(value);
  }
  return parts.length > 0 ? parts : undefined;
};

/** The record's key as the store sees it: its primary key fields joined with `|`; undefined if any is missing. */
export const recordKeyOf = (raw: unknown, primaryKey: readonly string[]): string | undefined =>
  recordKeyTupleOf(raw, primaryKey)?.map(String).join('|');

/** The record's cursor in epoch ms: its cursor field, plus the time-of-day field when the cursor is a date. */
export const recordCursorOf = (
  raw: unknown,
  spec: Pick<TimestampStreamSpec, 'cursorField' | 'cursorFormat' | 'cursorTimeField'>,
): number | undefined => {
  const at = parseCursorValue(readPath(raw, spec.cursorField), spec.cursorFormat);
  if (at === undefined || spec.cursorTimeField === undefined) return at;
  const time = parseTimeOfDay(readPath(raw, spec.cursorTimeField));
  return time === undefined ? undefined : at + time;
};

/**
 * A stream that reads by a last-changed timestamp: one window per run (watermark − overlap … now − lag),
 * a checkpoint after every page holding the last (cursor, key) read, and on resume a new query from that
 * cursor that skips what was already committed, so ties at page boundaries are neither lost nor doubled.
 */
export const createTimestampStream = (spec: TimestampStreamSpec): SourceStream<TimestampCursorState> => ({
  name: spec.name,
  primaryKey: spec.primaryKey,
  cursorField: spec.cursorField,
  stateSchema: TimestampCursorStateSchema,
  watermarkOf: timestampWatermark,
  ...(spec.listKeys ? { listKeys: spec.listKeys } : {}),
  async *read(
    state: TimestampCursorState | undefined,
    options: StreamReadOptions,
  ): AsyncIterable<RawPage<TimestampCursorState>> {
    const base = options.full ? undefined : state;
    const window = planWindow(base, spec.incremental, spec.clock.now());
    const resumeAfter = window.after;
    let position = resumeAfter;
    const lower = queryLowerBound(window);
    const query = {
      from: lower === undefined ? undefined : truncateToGranularity(lower, spec.granularity),
      upTo: window.upTo,
    };
    for await (const { records, total } of spec.fetchPages(query, options.signal, options.firstPageSize)) {
      const fresh: unknown[] = [];
      for (const raw of records) {
        const cursorMs = recordCursorOf(raw, spec);
        const key = recordKeyTupleOf(raw, spec.primaryKey);
        if (cursorMs !== undefined && key !== undefined) {
          if (isCommitted(resumeAfter, cursorMs, key)) continue;
          if (isAfter(position, cursorMs, key)) position = { cursor: new Date(cursorMs).toISOString(), key };
        }
        // Records without a readable cursor or key still go through, to be quarantined with their reason.
        fresh.push(raw);
      }
      yield {
        records: fresh,
        state: advanceRun(base, window, position),
        ...(total === undefined ? {} : { total }),
      };
    }
    yield { records: [], state: completeRun(window) };
  },
});
