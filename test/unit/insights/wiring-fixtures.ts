import type { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { keys } from '../../../core/items/keys.ts';
import { buildRecordItems, type Item } from '../../../core/items/record-items.ts';
import type { SegmentIndex } from '../../../core/ports/segment-index.ts';
import { type CanonicalRecord, sourceRecordKey } from '../../../schemas/entities/canonical-record.ts';

/** A customer partition as the store writes it: an active profile head and the records' items. */
export const seedCustomer = (
  backend: MemoryBackend,
  customerId: string,
  records: readonly CanonicalRecord[],
  status: 'active' | 'merged' = 'active',
): void => {
  const profile: Item = {
    pk: keys.customer(customerId),
    sk: keys.profile,
    kind: 'profile',
    customerId,
    status,
    rev: 1,
    seedRecord: 'x',
    createdAt: '2024-01-01T00:00:00.000Z',
  };
  backend.items.set(`${profile.pk}\u0000${profile.sk}`, profile);
  for (const record of records) {
    const stored = { ...record, recordKey: sourceRecordKey(record), linkIds: [], identifiers: [] };
    const { main } = buildRecordItems(stored as never, customerId, 'ingest');
    backend.items.set(`${main.pk}\u0000${main.sk}`, main);
  }
};

/** The segment index over the memory backend's items: the gsi1 partition, ordered by gsi1sk. */
export const memorySegmentIndex = (backend: MemoryBackend): SegmentIndex => {
  const membersOf = (segment: string) =>
    [...backend.items.values()]
      .filter((i) => i.gsi1pk === keys.segmentPk(segment) && i.kind === 'segmentMember')
      .sort((a, b) => String(a.gsi1sk).localeCompare(String(b.gsi1sk)));
  return {
    members: async (segment) => ({
      members: membersOf(segment).map((i) => ({
        customerId: String(i.customerId),
        since: String(i.since),
        reason: String(i.reason),
        ...(typeof i.displayName === 'string' ? { displayName: i.displayName } : {}),
      })),
    }),
    count: async (segment) => membersOf(segment).length,
  };
};

/** Every item of a partition, keyed by sort key. */
export const partitionOf = (backend: MemoryBackend, customerId: string): Map<string, Item> =>
  new Map(
    [...backend.items.values()].filter((i) => i.pk === keys.customer(customerId)).map((i) => [i.sk, i]),
  );
