import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { readCluster } from '../../../core/identity/read-cluster.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { type ItemKey, keyString } from '../../../core/items/write-ops.ts';
import { identifierItems, profileItem, recordItems, storedRecord } from '../items/stored-items.ts';

// The slow path's reads cost DynamoDB capacity and latency on every unsettled record: the walk reads each
// identifier's owner, each customer's partition and each profile once, however many records repeat them.

const hashOf = (idKey: string) => `h:${idKey}`;

/** A memory backend that records every key and partition read. */
class CountingBackend extends MemoryBackend {
  readonly keysRead: string[] = [];
  readonly partitionsRead: string[] = [];
  override async getItems(wanted: readonly ItemKey[]): Promise<Map<string, Item>> {
    this.keysRead.push(...wanted.map(keyString));
    return super.getItems(wanted);
  }
  override async readPartition(pk: string): Promise<Item[]> {
    this.partitionsRead.push(pk);
    return super.readPartition(pk);
  }
}

const store = (items: readonly Item[]) => {
  const backend = new CountingBackend();
  for (const item of items) backend.items.set(keyString(item), item);
  return backend;
};
const customer = (key: string, ...mails: string[]) =>
  storedRecord({
    entity: 'customer',
    source: { system: 'sap-s4', stream: 'bp', key, version: '1' },
    identifiers: mails.map((value) => ({ type: 'email', value })),
    data: { name: key },
  });
const order = (key: string, ...mails: string[]) =>
  storedRecord({
    entity: 'order',
    source: { system: 'sap-s4', stream: 'so', key, version: '1' },
    identifiers: mails.map((value) => ({ type: 'email', value })),
    data: {
      orderNumber: key,
      orderedAt: '2026-03-01T00:00:00Z',
      status: 'open',
      currency: 'EUR',
      netAmount: 1,
    },
  });
const ownerKey = (idKey: string) => keyString({ pk: keys.identifier(hashOf(idKey)), sk: keys.owner });
const countOf = (list: readonly string[], value: string) => list.filter((v) => v === value).length;

describe('readCluster, what it reads', () => {
  it('reads each identifier’s owner and each customer’s partition once however many records carry them', async () => {
    // c1 holds A (a@x.de, d@x.de) and O1 (a@x.de, b@x.de); c2 holds B (b@x.de) and O2 (b@x.de, d@x.de),
    // which leads back to c1 through d@x.de.
    const backend = store([
      profileItem('c1', 'active'),
      ...recordItems(customer('A', 'a@x.de', 'd@x.de'), 'c1'),
      ...recordItems(order('O1', 'a@x.de', 'b@x.de'), 'c1'),
      ...identifierItems('email:a@x.de', 'c1', hashOf),
      ...identifierItems('email:d@x.de', 'c1', hashOf),
      profileItem('c2', 'active'),
      ...recordItems(customer('B', 'b@x.de'), 'c2'),
      ...recordItems(order('O2', 'b@x.de', 'd@x.de'), 'c2'),
      ...identifierItems('email:b@x.de', 'c2', hashOf),
    ]);

    const cluster = await readCluster(backend, ['c1'], ['email:a@x.de', 'email:a@x.de'], hashOf);

    expect([...cluster.partitions.keys()].sort()).toEqual(['c1', 'c2']);
    expect(countOf(backend.keysRead, ownerKey('email:a@x.de'))).toBe(1);
    expect(countOf(backend.keysRead, ownerKey('email:b@x.de'))).toBe(1);
    expect(countOf(backend.keysRead, ownerKey('email:d@x.de'))).toBe(1);
    expect([...backend.partitionsRead].sort()).toEqual(['CUST#c1', 'CUST#c2']);
    // One locator read per record, and no profile read beyond the partitions.
    expect(backend.keysRead.filter((k) => k.startsWith('SRC#'))).toHaveLength(4);
    expect(backend.keysRead.filter((k) => k.startsWith('CUST#'))).toEqual([]);
  });

  const ledgerEntry = (kind: 'merge' | 'unmerge', survivorId: string, mergedId: string) => {
    const entry = {
      entryId: `e-${kind}-${mergedId}`,
      kind,
      at: '2026-03-01T00:00:00Z',
      survivorId,
      mergedId,
      evidence: {
        identifier: { type: 'email', value: 'a@x.de' },
        record: { entity: 'customer', system: 'sap-s4', stream: 'bp', key: 'A', version: '1' },
      },
    };
    return { pk: keys.customer('c1'), sk: keys.ledger(entry.at, entry.entryId), kind: 'ledger', entry };
  };

  it('reads the profile of a customer a ledger names only when the walk has not read it', async () => {
    const backend = store([
      profileItem('c1', 'active'),
      ...recordItems(customer('A', 'a@x.de'), 'c1'),
      ledgerEntry('unmerge', 'c1', 'c5'),
      profileItem('c5', 'active'),
    ]);

    const cluster = await readCluster(backend, ['c1'], [], hashOf);

    expect(cluster.profiles.get('c5')).toMatchObject({ status: 'active' });
    expect(backend.keysRead.filter((k) => k.startsWith('CUST#'))).toEqual([
      keyString({ pk: keys.customer('c5'), sk: keys.profile }),
    ]);
    expect(backend.partitionsRead).toEqual([keys.customer('c1')]);
  });

  it('reads the partition of a customer merged into a gathered one by a merge that has not finished', async () => {
    const left = customer('M', 'm@x.de');
    const backend = store([
      profileItem('c1', 'active', { restructuring: 'r1' }),
      ...recordItems(customer('A', 'a@x.de'), 'c1'),
      ledgerEntry('merge', 'c1', 'c5'),
      profileItem('c5', 'merged', { mergedInto: 'c1', restructuring: 'r1' }),
      ...recordItems(left, 'c5'),
      profileItem('c6', 'merged', { mergedInto: 'c1' }),
      ledgerEntry('merge', 'c1', 'c6'),
    ]);

    const cluster = await readCluster(backend, ['c1'], [], hashOf);

    expect(cluster.profiles.get('c6')).toMatchObject({ status: 'merged' });
    expect(backend.keysRead.filter((k) => k.startsWith('CUST#')).sort()).toEqual([
      keyString({ pk: keys.customer('c5'), sk: keys.profile }),
      keyString({ pk: keys.customer('c6'), sk: keys.profile }),
    ]);
    // c5 is marked: its partition is read, its record gathered as a copy; c6's merge finished, its profile is enough.
    expect(backend.partitionsRead.sort()).toEqual([keys.customer('c1'), keys.customer('c5')]);
    expect([...cluster.leftovers.keys()]).toEqual(['c5']);
    expect(cluster.records.get(left.recordKey)?.customerId).toBe('c5');
  });

  it('leaves a customer an unmerge brought back to the walk, though a merge entry still names it', async () => {
    const backend = store([
      profileItem('c1', 'active'),
      ...recordItems(customer('A', 'a@x.de'), 'c1'),
      ledgerEntry('merge', 'c1', 'c5'),
      profileItem('c5', 'active'),
      ...recordItems(customer('B', 'b@x.de'), 'c5'),
    ]);

    const cluster = await readCluster(backend, ['c1'], [], hashOf);

    expect(cluster.partitions.has('c5')).toBe(false);
    expect(cluster.leftovers.size).toBe(0);
    expect([...cluster.records.keys()]).toEqual([customer('A', 'a@x.de').recordKey]);
  });

  it('does not follow a customer retired without a pointer any further', async () => {
    const backend = store([profileItem('c9', 'merged')]);

    const cluster = await readCluster(backend, ['c9'], [], hashOf);

    expect(cluster.profiles.get('c9')).toMatchObject({ status: 'merged' });
    expect(backend.partitionsRead).toEqual(['CUST#c9']);
  });

  it('reads nothing beyond the partitions when the customers hold no records and name no one', async () => {
    const backend = store([profileItem('c1', 'active')]);

    const cluster = await readCluster(backend, ['c1'], [], hashOf);

    expect([...cluster.partitions.keys()]).toEqual(['c1']);
    expect(backend.keysRead).toEqual([]);
    expect(backend.partitionsRead).toEqual(['CUST#c1']);
  });
});
