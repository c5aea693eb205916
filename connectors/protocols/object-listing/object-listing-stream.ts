import type { Clock } from '../../kit/clock.ts';
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

/** Segment-style keys carry epoch-ms partitions; the last 13-digit number in the key is the watermark. */
export const timestampInKey = (key: string | undefined): number | undefined => {
  const matches = key?.match(/\d{13}/g);
  const last = matches?.at(-1);
  return last === undefined ? undefined : Number(last);
};

/**
 * JSON-lines objects as a stream: objects in key order after the last one fully read, each split into
 * pages of lines with a checkpoint (object key + lines done) after each, so a crash mid-object resumes mid-object.
 */
export const createObjectListingStream = (
  config: ObjectListingStreamConfig,
  deps: ObjectListingDependencies,
): SourceStream<ObjectListingState> => ({
  name: config.name,
  primaryKey: [config.keyField],
  cursorField: 'objectKey',
  stateSchema: ObjectListingStateSchema,
  watermarkOf: (state) => timestampInKey(state.partial?.key ?? state.lastKey),
  async *read(state, options): AsyncIterable<RawPage<ObjectListingState>> {
    const start = options.full ? undefined : state;
    let lastKey = start?.lastKey;
    const partial = start?.partial;
    const newestAllowed = deps.clock.now() - config.lagMs;
    for await (const object of deps.store.list(config.prefix, lastKey)) {
      // Never skip over an object: stop at the first one too fresh to read, key order is the cursor.
      if (object.lastModified > newestAllowed) break;
      options.signal?.throwIfAborted();
      const lines = parseJsonLines(object.key, await deps.store.get(object.key));
      let done = partial?.key === object.key ? partial.lines : 0;
      while (done < lines.length) {
        const end = Math.min(lines.length, done + config.pageSize);
        const records = lines.slice(done, end);
        done = end;
        const finished = done >= lines.length;
        yield {
          records,
          state: finished
            ? { lastKey: object.key }
            : { ...(lastKey === undefined ? {} : { lastKey }), partial: { key: object.key, lines: done } },
        };
      }
      if (lines.length === 0 || (partial?.key === object.key && partial.lines >= lines.length)) {
        yield { records: [], state: { lastKey: object.key } };
      }
      lastKey = object.key;
    }
  },
});
