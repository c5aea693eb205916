import type { Clock } from '../../../core/ports/clock.ts';
import type { RawPage, SourceStream } from '../../kit/source-stream.ts';
import { parseJsonLines } from './json-lines.ts';
import {
  type ObjectListingState,
  ObjectListingStateSchema,
  type ObjectListingStreamConfig,
} from './object-listing-config.ts';
import type { ObjectStore } from './object-store.ts';

export interface ObjectListingDependencies {
  readonly store: ObjectStore;
  readonly clock: Clock;
}

const DAY_MS = 86_400_000;

const DATE_FOLDER = /(?:^|\/)(\d{4}-\d{2}-\d{2})\//;

/**
 * The time a key carries: the last 13-digit epoch-ms number in it (Segment's `<day-epoch-ms>/<ms>.…` layout),
 * else its `YYYY-MM-DD/` day folder (midnight UTC), else nothing.
 */
export const timestampInKey = (key: string | undefined): number | undefined => {
  const matches = key?.match(/\d{13}/g);
  const last = matches?.at(-1);
  if (last !== undefined) return Number(last);
  const day = key === undefined ? undefined : DATE_FOLDER.exec(key)?.[1];
  const ms = day === undefined ? Number.NaN : Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) ? undefined : ms;
};

/** Whether the key's day partition below the prefix is a `YYYY-MM-DD` folder rather than epoch ms. */
const hasDateFolder = (prefix: string, key: string): boolean =>
  /^\d{4}-\d{2}-\d{2}\//.test(key.startsWith(prefix) ? key.slice(prefix.length) : key);

/**
 * Where a run starts listing: the day partition the lookback reaches back to, in the form the keys use
 * (`<prefix><day-epoch-ms>/` as Segment writes it, or `<prefix>YYYY-MM-DD/`), or just after the last key
 * when keys carry no time.
 */
export const listingStart = (
  config: ObjectListingStreamConfig,
  lastKey: string | undefined,
): string | undefined => {
  if (lastKey === undefined) return undefined;
  const at = timestampInKey(lastKey);
  if (at === undefined || config.lookbackMs === 0) return lastKey;
  const day = Math.floor((at - config.lookbackMs) / DAY_MS) * DAY_MS;
  // Listing starts strictly after this key: the day folder's own name sorts just before its objects.
  if (hasDateFolder(config.prefix, lastKey))
    return `${config.prefix}${new Date(day).toISOString().slice(0, 10)}`;
  return `${config.prefix}${String(day - 1).padStart(13, '0')}`;
};

/** Keeps the seen keys that a later lookback can still reach (with a day of margin for the day partitions). */
const pruneSeen = (config: ObjectListingStreamConfig, seen: readonly string[], lastKey: string): string[] => {
  const at = timestampInKey(lastKey);
  if (at === undefined) return [];
  const oldest = at - config.lookbackMs - DAY_MS;
  return seen.filter((key) => (timestampInKey(key) ?? 0) >= oldest);
};

/**
 * JSON-lines objects as a stream: objects in key order, each split into pages of lines with a checkpoint
 * (object key + lines done) after each, so a crash mid-object resumes mid-object. Each run lists again
 * from the lookback window and reads every object it has not read, so late-landing objects are not lost.
 */
export const createObjectListingStream = (
  config: ObjectListingStreamConfig,
  deps: ObjectListingDependencies,
): SourceStream<ObjectListingState> => ({
  name: config.name,
  primaryKey: [config.keyField],
  cursorField: 'objectKey',
  stateSchema: ObjectListingStateSchema,
  watermarkOf: (state) => timestampInKey(state.lastKey),
  async *read(state, options): AsyncIterable<RawPage<ObjectListingState>> {
    const start = options.full ? undefined : state;
    let lastKey = start?.lastKey;
    let seen = new Set(start?.seen ?? []);
    const partial = start?.partial;
    const newestAllowed = deps.clock.now() - config.lagMs;
    const snapshot = (): Pick<ObjectListingState, 'lastKey' | 'seen'> => ({
      ...(lastKey === undefined ? {} : { lastKey }),
      seen: [...seen],
    });
    for await (const object of deps.store.list(config.prefix, listingStart(config, lastKey))) {
      if (seen.has(object.key)) continue;
      // Keys without a time cannot be re-listed by window: there the last key is the whole cursor.
      if (lastKey !== undefined && object.key <= lastKey && timestampInKey(object.key) === undefined)
        continue;
      // Stop at the first object too fresh to read rather than skip over it.
      if (object.lastModified > newestAllowed) break;
      options.signal?.throwIfAborted();
      const lines = parseJsonLines(object.key, await deps.store.get(object.key));
      let done = partial?.key === object.key ? partial.lines : 0;
      while (done < lines.length) {
        const end = Math.min(lines.length, done + config.pageSize);
        const records = lines.slice(done, end);
        done = end;
        if (done < lines.length) {
          yield { records, state: { ...snapshot(), partial: { key: object.key, lines: done } } };
          continue;
        }
        seen.add(object.key);
        if (lastKey === undefined || object.key > lastKey) lastKey = object.key;
        seen = new Set(pruneSeen(config, [...seen], lastKey));
        yield { records, state: snapshot() };
      }
      if (!seen.has(object.key)) {
        // An empty object, or one a crashed run had finished without recording it: mark it read.
        seen.add(object.key);
        if (lastKey === undefined || object.key > lastKey) lastKey = object.key;
        seen = new Set(pruneSeen(config, [...seen], lastKey));
        yield { records: [], state: snapshot() };
      }
    }
  },
});
