import { readPath } from '../../mapping/field-path.ts';
import type { Clock } from '../clock.ts';
import type { RawPage, SourceStream, StreamReadOptions } from '../source-stream.ts';
import { type CursorFormat, parseCursorValue } from './cursor-value.ts';
import {
  advanceRun,
  type CursorPosition,
  compareKeys,
  completeRun,
  type IncrementalSettings,
  isCommitted,
  planWindow,
  queryLowerBound,
  type TimestampCursorState,
  TimestampCursorStateSchema,
  timestampWatermark,
} from './timestamp-window.ts';

/** The bounds a protocol kit puts into its query: `from ≤ cursor ≤ upTo`, ordered by cursor then key. */
export interface WindowQuery {
  readonly from: string | undefined;
  readonly upTo: string;
}

/** What a protocol kit supplies to become a timestamp-cursor stream. */
export interface TimestampStreamSpec {
  readonly name: string;
  readonly primaryKey: readonly string[];
  readonly cursorField: string;
  readonly cursorFormat: CursorFormat;
  readonly incremental: IncrementalSettings;
  readonly clock: Clock;
  /** Runs the window query and yields each page the source serves, following its paging to the end. */
  fetchPages(query: WindowQuery, signal?: AbortSignal): AsyncIterable<readonly unknown[]>;
  listKeys?(signal?: AbortSignal): AsyncIterable<readonly string[]>;
}

/** The record's key: its primary key fields joined with `|`; undefined if any is missing. */
export const recordKeyOf = (raw: unknown, primaryKey: readonly string[]): string | undefined => {
  const parts: string[] = [];
  for (const path of primaryKey) {
    const value = readPath(raw, path);
    if (typeof value !== 'string' && typeof value !== 'number') return undefined;
    parts.push(String(value));
  }
  return parts.join('|');
};

const laterThan = (position: CursorPosition | undefined, cursorMs: number, key: string): boolean => {
  if (!position) return true;
  const at = Date.parse(position.cursor);
  return cursorMs > at || (cursorMs === at && compareKeys(key, position.key) > 0);
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
    const query = { from: queryLowerBound(window), upTo: window.upTo };
    for await (const records of spec.fetchPages(query, options.signal)) {
      const fresh: unknown[] = [];
      for (const raw of records) {
        const cursorMs = parseCursorValue(readPath(raw, spec.cursorField), spec.cursorFormat);
        const key = recordKeyOf(raw, spec.primaryKey);
        if (cursorMs !== undefined && key !== undefined) {
          if (isCommitted(resumeAfter, cursorMs, key)) continue;
          if (laterThan(position, cursorMs, key))
            position = { cursor: new Date(cursorMs).toISOString(), key };
        }
        // Records without a readable cursor or key still go through, to be quarantined with their reason.
        fresh.push(raw);
      }
      yield { records: fresh, state: advanceRun(base, window, position) };
    }
    yield { records: [], state: completeRun(window) };
  },
});
