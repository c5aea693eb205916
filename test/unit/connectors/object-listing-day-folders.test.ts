import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createFolderObjectStore } from '../../../connectors/protocols/object-listing/folder-object-store.ts';
import type { ObjectListingState } from '../../../connectors/protocols/object-listing/object-listing-config.ts';
import { ObjectListingStreamConfigSchema } from '../../../connectors/protocols/object-listing/object-listing-config.ts';
import { createObjectListingStream } from '../../../connectors/protocols/object-listing/object-listing-stream.ts';
import type { ObjectStore } from '../../../connectors/protocols/object-listing/object-store.ts';
import { createVirtualClock } from '../../../core/ports/clock.ts';

const DAY = 86_400_000;
const PREFIX = 'segment-logs/web/';
// Objects are too fresh to read when written after the clock's now: the test runs on the real clock.
const now = Date.now();

/** Issue 10 item 9: day folders named by epoch ms (Segment) or `YYYY-MM-DD` are both read incrementally. */
describe.each(['epoch-ms', 'date'] as const)('clickstream lookback over %s day folders', (form) => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const keyAt = (ms: number, seq: number) => {
    const day = Math.floor(ms / DAY) * DAY;
    const folder = form === 'date' ? new Date(day).toISOString().slice(0, 10) : String(day);
    return `${PREFIX}${folder}/${ms}.${String(seq).padStart(6, '0')}-abc.gz`;
  };
  const land = async (key: string) => {
    if (!dir) throw new Error('no landing folder');
    const file = join(dir, key);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, gzipSync(`${JSON.stringify({ messageId: key, type: 'page' })}\n`));
  };
  /** Runs the stream to its end from `state`, counting the objects it fetched. */
  const run = async (store: ObjectStore, state: ObjectListingState | undefined) => {
    const config = ObjectListingStreamConfigSchema.parse({
      name: 'events',
      prefix: PREFIX,
      keyField: 'messageId',
    });
    const fetched: string[] = [];
    const counting: ObjectStore = {
      list: store.list,
      get: (key) => {
        fetched.push(key);
        return store.get(key);
      },
    };
    const stream = createObjectListingStream(config, {
      store: counting,
      clock: createVirtualClock(() => Date.now() + 1_000),
    });
    let last = state;
    for await (const page of stream.read(state, { full: false })) last = page.state;
    return { fetched, state: last };
  };

  it('re-reads nothing on a second run and reads a file landed late inside the lookback', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hub360-days-'));
    const history = Array.from({ length: 10 }, (_, i) => keyAt(now - (10 - i) * (DAY / 2), i));
    for (const key of history) await land(key);
    const store = createFolderObjectStore(dir);

    const first = await run(store, undefined);
    const fresh = keyAt(now - 60_000, 20);
    const late = keyAt(now - 2 * 3_600_000, 21);
    await land(fresh);
    await land(late);
    const second = await run(store, first.state);
    const third = await run(store, second.state);

    expect(first.fetched).toEqual(history);
    expect(second.fetched.sort()).toEqual([fresh, late].sort());
    expect(third.fetched).toEqual([]);
  });
});
