import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { readCluster } from '../../../core/identity/read-cluster.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { keyString } from '../../../core/items/write-ops.ts';
import { profileItem, recordItems, storedRecord } from '../items/stored-items.ts';

// readCluster follows a stored conflict to its other side (read-cluster-stale-owner.test.ts); a conflict item
// whose conflict does not parse names no side to follow, and the gather goes on without it.

describe('readCluster and a conflict item it cannot read', () => {
  it('passes over a conflict item without readable sides and gathers the rest of the partition', async () => {
    // prepare: c1 holds a customer record and a conflict item whose conflict lacks its customer ids
    const record = storedRecord({
      entity: 'customer',
      source: { system: 'sap-s4', stream: 'bp', key: 'K1', version: '1' },
      identifiers: [{ type: 'email', value: 'a@x.de' }],
      data: { name: 'K1' },
    });
    const backend = new MemoryBackend();
    const items: Item[] = [
      profileItem('c1', 'active'),
      ...recordItems(record, 'c1'),
      {
        pk: keys.customer('c1'),
        sk: keys.conflict('x1'),
        kind: 'conflict',
        customerId: 'c1',
        conflict: { conflictId: 'x1', kind: 'uniqueIdentifierClash' },
      },
      profileItem('c2', 'active'),
    ];
    for (const item of items) backend.items.set(keyString(item), item);

    // act
    const cluster = await readCluster(backend, ['c1'], [], (idKey) => idKey);

    // assert
    expect([...cluster.partitions.keys()]).toEqual(['c1']);
    expect(cluster.records.get(record.recordKey)?.customerId).toBe('c1');
  });
});
