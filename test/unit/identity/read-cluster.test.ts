import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { MAX_GATHERED_CUSTOMERS, readCluster } from '../../../core/identity/read-cluster.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { keyString } from '../../../core/items/write-ops.ts';
import { identifierItems, profileItem, recordItems, storedRecord } from '../items/stored-items.ts';

// What the slow path reads around a record: hand-written store contents, so each rule of the walk
// (owners, contesting customers, merged customers, dormant ones named by the ledger, the size cap) is
// checked on its own.

const hashOf = (idKey: string) => `h:${idKey}`;
const store = (items: readonly Item[]) => {
  const backend = new MemoryBackend();
  for (const item of items) backend.items.set(keyString(item), item);
  return backend;
};
const customerRecord = (key: string, mail: string) =>
  storedRecord({
    entity: 'customer',
    source: { system: 'sap-s4', stream: 'bp', key, version: '1' },
    identifiers: [{ type: 'email', value: mail }],
    data: { name: key },
  });
const customerWith = (customerId: string, key: string, mail: string): Item[] => [
  profileItem(customerId, 'active', { seedRecord: `customer#sap-s4#bp#${key}` }),
  ...recordItems(customerRecord(key, mail), customerId),
  ...identifierItems(`email:${mail}`, customerId, hashOf),
];

describe('readCluster', () => {
  it('follows an identifier to its owner and the owner’s records to their other identifiers’ owners', async () => {
    // c1 owns a@x.de and holds an order that also carries b@x.de, which c2 owns; c3 is unrelated.
    const both = storedRecord({
      entity: 'order',
      source: { system: 'sap-s4', stream: 'so', key: 'O1', version: '1' },
      identifiers: [
        { type: 'email', value: 'a@x.de' },
        { type: 'email', value: 'b@x.de' },
      ],
      data: {
        orderNumber: 'O1',
        orderedAt: '2026-03-01T00:00:00Z',
        status: 'open',
        currency: 'EUR',
        netAmount: 1,
      },
    });
    const backend = store([
      ...customerWith('c1', 'A', 'a@x.de'),
      ...recordItems(both, 'c1'),
      ...customerWith('c2', 'B', 'b@x.de'),
      ...customerWith('c3', 'C', 'c@x.de'),
    ]);

    const cluster = await readCluster(backend, [], ['email:a@x.de'], hashOf);

    expect([...cluster.partitions.keys()].sort()).toEqual(['c1', 'c2']);
    expect([...cluster.owners.keys()].sort()).toEqual(['email:a@x.de', 'email:b@x.de']);
    expect([...cluster.records.keys()].sort()).toEqual([
      'customer#sap-s4#bp#A',
      'customer#sap-s4#bp#B',
      'order#sap-s4#so#O1',
    ]);
    expect(cluster.records.get('order#sap-s4#so#O1')?.customerId).toBe('c1');
    expect([...cluster.locators.keys()].sort()).toEqual([...cluster.records.keys()].sort());
    expect(cluster.locators.get('order#sap-s4#so#O1')).toMatchObject({ kind: 'locator', customerId: 'c1' });
  });

  it('reads the customers contesting an identifier as well as its owner', async () => {
    const owner = identifierItems('email:a@x.de', 'c1', hashOf)[0] as Item;
    const backend = store([
      ...customerWith('c1', 'A', 'a@x.de'),
      { ...owner, contestedBy: ['c2'] },
      profileItem('c2', 'active', { seedRecord: 'customer#sap-s4#bp#B' }),
      ...recordItems(customerRecord('B', 'a@x.de'), 'c2'),
    ]);

    const cluster = await readCluster(backend, [], ['email:a@x.de'], hashOf);

    expect([...cluster.partitions.keys()].sort()).toEqual(['c1', 'c2']);
    expect(cluster.owners.get('email:a@x.de')?.contestedBy).toEqual(['c2']);
  });

  it('follows a merged customer to the one it was merged into, keeping only its profile', async () => {
    const backend = store([
      profileItem('c9', 'merged', { mergedInto: 'c1', seedRecord: 'customer#sap-s4#bp#Z' }),
      ...customerWith('c1', 'A', 'a@x.de'),
    ]);

    const cluster = await readCluster(backend, ['c9'], [], hashOf);

    expect([...cluster.partitions.keys()]).toEqual(['c1']);
    expect(cluster.profiles.get('c9')).toMatchObject({ status: 'merged', mergedInto: 'c1' });
    expect(cluster.profiles.get('c1')).toMatchObject({ status: 'active' });
  });

  it('keeps an erased customer’s profile but not its partition, and skips a customer without a profile', async () => {
    const backend = store([
      profileItem('c8', 'erased'),
      ...recordItems(customerRecord('E', 'e@x.de'), 'c8'),
      ...recordItems(customerRecord('N', 'n@x.de'), 'c7'),
    ]);

    const cluster = await readCluster(backend, ['c8', 'c7'], [], hashOf);

    expect(cluster.partitions.size).toBe(0);
    expect(cluster.records.size).toBe(0);
    expect([...cluster.profiles.keys()]).toEqual(['c8']);
  });

  it('ignores an identifier index entry that is no owner item (a suppressed identifier)', async () => {
    const backend = store([
      {
        pk: keys.identifier(hashOf('email:s@x.de')),
        sk: keys.owner,
        kind: 'suppressed',
        suppressedAt: '2026-03-01',
      },
    ]);

    const cluster = await readCluster(backend, [], ['email:s@x.de'], hashOf);

    expect(cluster.owners.size).toBe(0);
    expect(cluster.partitions.size).toBe(0);
  });

  it('reads the profiles of customers its ledgers name, so an unmerge can bring a merged one back', async () => {
    const entry = {
      entryId: 'e1',
      kind: 'merge',
      at: '2026-03-01T00:00:00Z',
      survivorId: 'c1',
      mergedId: 'c5',
      evidence: {
        identifier: { type: 'email', value: 'a@x.de' },
        record: { entity: 'customer', system: 'sap-s4', stream: 'bp', key: 'A', version: '1' },
      },
    };
    const backend = store([
      ...customerWith('c1', 'A', 'a@x.de'),
      { pk: keys.customer('c1'), sk: keys.ledger(entry.at, 'e1'), kind: 'ledger', entry },
      { pk: keys.customer('c1'), sk: keys.ledger(entry.at, 'e0'), kind: 'ledger', entry: { broken: true } },
      profileItem('c5', 'merged', { mergedInto: 'c1', seedRecord: 'customer#sap-s4#bp#M' }),
    ]);

    const cluster = await readCluster(backend, ['c1'], [], hashOf);

    expect(cluster.profiles.get('c5')).toMatchObject({ customerId: 'c5', status: 'merged' });
    expect([...cluster.partitions.keys()]).toEqual(['c1']);
  });

  it('stops widening once it has read the cap of customers', async () => {
    // A chain: customer i's record carries its own e-mail and the next customer's.
    const n = MAX_GATHERED_CUSTOMERS + 5;
    const items: Item[] = [];
    for (let i = 0; i < n; i++) {
      const record = storedRecord({
        entity: 'customer',
        source: { system: 'sap-s4', stream: 'bp', key: `K${i}`, version: '1' },
        identifiers: [
          { type: 'email', value: `m${i}@x.de` },
          { type: 'email', value: `m${i + 1}@x.de` },
        ],
        data: { name: `K${i}` },
      });
      items.push(
        profileItem(`c${i}`, 'active'),
        ...recordItems(record, `c${i}`),
        ...identifierItems(`email:m${i}@x.de`, `c${i}`, hashOf),
      );
    }
    const backend = store(items);

    const cluster = await readCluster(backend, ['c0'], [], hashOf);

    expect(MAX_GATHERED_CUSTOMERS).toBe(40);
    expect(cluster.partitions.size).toBe(MAX_GATHERED_CUSTOMERS);
    expect(cluster.partitions.has(`c${MAX_GATHERED_CUSTOMERS - 1}`)).toBe(true);
    expect(cluster.partitions.has(`c${MAX_GATHERED_CUSTOMERS}`)).toBe(false);
  });
});
