import { describe, expect, it } from 'vitest';
import {
  ReconciliationRefusedError,
  reconcileDeletes,
} from '../../../../connectors/kit/reconcile-deletes.ts';
import type { SourceStream } from '../../../../connectors/kit/source-stream.ts';
import type { CanonicalRecordInput } from '../../../../schemas/entities/canonical-record.ts';

const NOW = Date.parse('2026-03-01T10:00:00Z');

/** A source stream that lists these keys, in pages of the given sizes. */
const listing = (pages: readonly (readonly string[])[] | undefined): SourceStream =>
  ({
    name: 'partners',
    primaryKey: ['id'],
    cursorField: 'changedAt',
    read: async function* () {},
    watermarkOf: () => undefined,
    ...(pages
      ? {
          listKeys: async function* () {
            yield* pages;
          },
        }
      : {}),
  }) as unknown as SourceStream;

/** The keys the store holds for the stream; it answers only for the entity, system and stream asked. */
const stored = (keys: readonly string[]) => ({
  asked: [] as string[][],
  async *list(entity: string, system: string, stream: string) {
    this.asked.push([entity, system, stream]);
    yield* keys;
  },
});

const recordingSink = () => {
  const calls: CanonicalRecordInput[][] = [];
  return {
    calls,
    ingest: async (records: readonly CanonicalRecordInput[]) => {
      calls.push([...records]);
      return { outcomes: records.map((_, index) => ({ index, outcome: 'stored' })) };
    },
  };
};

const reconcile = (stream: SourceStream, known: ReturnType<typeof stored>, sink = recordingSink()) =>
  reconcileDeletes({ entity: 'customer', system: 'sap-s4', stream, known, sink, now: () => NOW });

describe('reconcileDeletes', () => {
  it('tombstones exactly the stored keys the source no longer lists, versioned now, and returns their count', async () => {
    const known = stored(['a', 'b', 'c', 'd']);
    const sink = recordingSink();

    const deleted = await reconcile(listing([['a'], ['c', 'x']]), known, sink);

    expect(deleted).toBe(2);
    expect(known.asked).toEqual([['customer', 'sap-s4', 'partners']]);
    expect(sink.calls).toEqual([
      [
        {
          entity: 'customer',
          source: {
            system: 'sap-s4',
            stream: 'partners',
            key: 'b',
            version: '2026-03-01T10:00:00.000Z',
            deleted: true,
          },
          identifiers: [],
        },
        {
          entity: 'customer',
          source: {
            system: 'sap-s4',
            stream: 'partners',
            key: 'd',
            version: '2026-03-01T10:00:00.000Z',
            deleted: true,
          },
          identifiers: [],
        },
      ],
    ]);
  });

  it('writes nothing when the source still lists every stored key', async () => {
    const sink = recordingSink();

    expect(await reconcile(listing([['a', 'b']]), stored(['a', 'b']), sink)).toBe(0);
    expect(sink.calls).toEqual([]);
  });

  it('refuses, deleting nothing, when the source lists no key at all while the store holds some', async () => {
    const sink = recordingSink();

    const run = reconcile(listing([[]]), stored(['a', 'b']), sink);

    await expect(run).rejects.toThrow(ReconciliationRefusedError);
    await expect(run).rejects.toThrow(
      'sap-s4/partners: the source lists no keys but the store holds 2; nothing deleted',
    );
    expect(sink.calls).toEqual([]);
  });

  it('accepts an empty source when the store holds nothing either', async () => {
    expect(await reconcile(listing([]), stored([]))).toBe(0);
  });

  it('does nothing for a stream that cannot list its keys', async () => {
    const known = stored(['a']);
    const sink = recordingSink();

    expect(await reconcile(listing(undefined), known, sink)).toBe(0);
    expect(known.asked).toEqual([]);
    expect(sink.calls).toEqual([]);
  });

  it('sends tombstones in ingests of at most 100 records, in key order of the store', async () => {
    const keys = Array.from({ length: 250 }, (_, i) => `k${String(i).padStart(3, '0')}`);
    const sink = recordingSink();

    const deleted = await reconcile(listing([['other']]), stored(keys), sink);

    expect(deleted).toBe(250);
    expect(sink.calls.map((call) => call.length)).toEqual([100, 100, 50]);
    expect(sink.calls.flat().map((r) => r.source.key)).toEqual(keys);
  });
});
