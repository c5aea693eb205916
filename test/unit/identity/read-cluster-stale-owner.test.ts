import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { MAX_GATHER_ROUNDS, readCluster, staleOwners } from '../../../core/identity/read-cluster.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { type ItemKey, keyString } from '../../../core/items/write-ops.ts';
import { identifierItems, profileItem, recordItems, storedRecord } from '../items/stored-items.ts';

// A restructuring moves an identifier's owner item and its mirror in one commit. A gather that reads the owner
// before such a move and the old owner's partition after it sees an owner whose partition lacks the mirror:
// planning on that read once put a record beside the old owner (the race replayed in
// test/unit/store/concurrent-interleavings.test.ts).

const hashOf = (idKey: string) => `h:${idKey}`;
const ownerKey = keyString({ pk: keys.identifier(hashOf('email:a@x.de')), sk: keys.owner });

const customer = (key: string, ...mails: string[]) =>
  storedRecord({
    entity: 'customer',
    source: { system: 'sap-s4', stream: 'bp', key, version: '1' },
    identifiers: mails.map((value) => ({ type: 'email', value })),
    data: { name: key },
  });

/** A memory backend that runs `between` once, right after the first read of a@x.de's owner returned. */
class RacingBackend extends MemoryBackend {
  ownerReads = 0;
  constructor(private readonly between: (items: Map<string, Item>) => void) {
    super();
  }
  override async getItems(wanted: readonly ItemKey[]): Promise<Map<string, Item>> {
    const found = await super.getItems(wanted);
    if (wanted.some((k) => keyString(k) === ownerKey) && ++this.ownerReads === 1) this.between(this.items);
    return found;
  }
}

const put = (items: Map<string, Item>, ...list: Item[]) => {
  for (const item of list) items.set(keyString(item), item);
};

/** c1 holds K1 and owns a@x.de; the move gives a@x.de to a new customer c2 holding K6. */
const storeWithMove = (move: boolean) => {
  const backend = new RacingBackend((items) => {
    if (!move) return;
    items.delete(keyString({ pk: keys.customer('c1'), sk: keys.identifierMirror('email:a@x.de') }));
    put(
      items,
      { ...profileItem('c1', 'active'), rev: 2 },
      profileItem('c2', 'active'),
      ...recordItems(customer('K6', 'a@x.de'), 'c2'),
      ...identifierItems('email:a@x.de', 'c2', hashOf),
    );
  });
  put(
    backend.items,
    profileItem('c1', 'active'),
    ...recordItems(customer('K1', 'a@x.de'), 'c1'),
    ...identifierItems('email:a@x.de', 'c1', hashOf),
  );
  return backend;
};

describe('readCluster against an identifier moved between its owner read and the partition read', () => {
  it('gathers again and ends with the identifier’s new owner and that owner’s partition', async () => {
    const backend = storeWithMove(true);

    // Seeded with c1 as an ingest is when the record was c1's.
    const cluster = await readCluster(backend, ['c1'], ['email:a@x.de'], hashOf);

    expect(cluster.owners.get('email:a@x.de')?.customerId).toBe('c2');
    expect([...cluster.partitions.keys()].sort()).toEqual(['c1', 'c2']);
    expect(cluster.records.get(customer('K6', 'a@x.de').recordKey)?.customerId).toBe('c2');
    expect(cluster.profiles.get('c1')?.rev).toBe(2);
    expect(staleOwners(cluster)).toEqual([]);
    expect(backend.ownerReads).toBe(2);
  });

  it('reads once when nothing moves (the owner’s partition holds its mirror)', async () => {
    const backend = storeWithMove(false);

    const cluster = await readCluster(backend, [], ['email:a@x.de'], hashOf);

    expect(cluster.owners.get('email:a@x.de')?.customerId).toBe('c1');
    expect(backend.ownerReads).toBe(1);
  });

  it('takes the owners its caller read just before instead of reading them again', async () => {
    const backend = storeWithMove(false);
    const found = await backend.getItems([{ pk: keys.identifier(hashOf('email:a@x.de')), sk: keys.owner }]);

    const cluster = await readCluster(backend, [], ['email:a@x.de'], hashOf, {
      idKeys: new Set(['email:a@x.de']),
      found,
    });

    expect(cluster.owners.get('email:a@x.de')?.customerId).toBe('c1');
    expect([...cluster.partitions.keys()]).toEqual(['c1']);
    expect(backend.ownerReads).toBe(1);
  });

  it('reads an owner again in its next round when the owner its caller read was moved before the partitions were read', async () => {
    const backend = storeWithMove(true);
    // The caller's read is the first: the move lands right after it, before the gather reads any partition.
    const found = await backend.getItems([{ pk: keys.identifier(hashOf('email:a@x.de')), sk: keys.owner }]);

    const cluster = await readCluster(backend, ['c1'], ['email:a@x.de'], hashOf, {
      idKeys: new Set(['email:a@x.de']),
      found,
    });

    expect(found.get(ownerKey)?.customerId).toBe('c1');
    expect(cluster.owners.get('email:a@x.de')?.customerId).toBe('c2');
    expect(cluster.records.get(customer('K6', 'a@x.de').recordKey)?.customerId).toBe('c2');
    expect(staleOwners(cluster)).toEqual([]);
    expect(backend.ownerReads).toBe(2);
  });

  it('reads the owners of identifiers its caller did not read', async () => {
    const backend = storeWithMove(false);

    const cluster = await readCluster(backend, [], ['email:a@x.de'], hashOf, {
      idKeys: new Set(['email:other@x.de']),
      found: new Map(),
    });

    expect(cluster.owners.get('email:a@x.de')?.customerId).toBe('c1');
    expect(backend.ownerReads).toBe(1);
  });

  it(`gives up after ${MAX_GATHER_ROUNDS} rounds on a damaged store whose owner lacks its mirror for good, and names that identifier stale`, async () => {
    const backend = storeWithMove(false);
    backend.items.delete(keyString({ pk: keys.customer('c1'), sk: keys.identifierMirror('email:a@x.de') }));

    const cluster = await readCluster(backend, [], ['email:a@x.de'], hashOf);

    expect(backend.ownerReads).toBe(MAX_GATHER_ROUNDS);
    expect(cluster.owners.get('email:a@x.de')?.customerId).toBe('c1');
    expect(staleOwners(cluster)).toEqual(['email:a@x.de']);
  });

  it('does not call an owner stale whose customer was not gathered as an active partition (merged away)', async () => {
    const backend = storeWithMove(false);
    put(backend.items, profileItem('c1', 'merged'));

    const cluster = await readCluster(backend, [], ['email:a@x.de'], hashOf);

    expect(cluster.partitions.has('c1')).toBe(false);
    expect(staleOwners(cluster)).toEqual([]);
    expect(backend.ownerReads).toBe(1);
  });

  it('gathers the other side of a conflict the owner’s partition holds, although the owner item, read before the conflict was committed, names no contender', async () => {
    const backend = storeWithMove(false);
    // c2 holds K3, which contests a@x.de (a unique-ERP clash with K1); the owner item was read before that.
    const conflictKey = { pk: keys.customer('c1'), sk: keys.conflict('x1') };
    put(
      backend.items,
      {
        ...conflictKey,
        kind: 'conflict',
        customerId: 'c1',
        detectedAt: '2026-03-01T00:00:00Z',
        conflict: {
          conflictId: 'x1',
          kind: 'uniqueIdentifierClash',
          identifier: { type: 'email', value: 'a@x.de' },
          customerIds: ['c1', 'c2'],
          clashingValues: ['1', '2'],
          evidence: { entity: 'customer', system: 'sap-s4', stream: 'bp', key: 'K3', version: '1' },
        },
      },
      profileItem('c2', 'active'),
      ...recordItems(customer('K3', 'a@x.de'), 'c2'),
    );

    const cluster = await readCluster(backend, [], ['email:a@x.de'], hashOf);

    expect([...cluster.partitions.keys()].sort()).toEqual(['c1', 'c2']);
    expect(cluster.records.get(customer('K3', 'a@x.de').recordKey)?.customerId).toBe('c2');
  });
});
