import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { readCluster } from '../../../core/identity/read-cluster.ts';
import { versionOrder } from '../../../core/identity/version-order.ts';
import { keys } from '../../../core/items/keys.ts';
import { buildRecordItems, type Item } from '../../../core/items/record-items.ts';
import { keyString } from '../../../core/items/write-ops.ts';
import { profileItem, storedRecord } from '../items/stored-items.ts';

// Which copy of a record readCluster takes as the record when a plain write left copies of it in more than
// one gathered partition (core/ingest/write-plain.ts): the copy the live locator places, else the newest one
// newer than a tombstone; every other copy is a stray the restructuring deletes.

const KEY = 'customer#sap-s4#bp#K';
const hashOf = (idKey: string) => `h:${idKey}`;

const record = (version: string) =>
  storedRecord({
    entity: 'customer',
    source: { system: 'sap-s4', stream: 'bp', key: 'K', version },
    identifiers: [{ type: 'email', value: 'k@x.de' }],
    data: { name: 'K' },
  });

/** The record item (no locator) of one version, as a plain write leaves it in a customer's partition. */
const copyIn = (customerId: string, version: string): Item =>
  buildRecordItems(record(version), customerId, 'ingest').main;

const locator = (version: string, extra: { partition?: string; deleted?: boolean } = {}): Item => ({
  pk: keys.locator(KEY),
  sk: keys.locatorSort,
  kind: 'locator',
  recordKey: KEY,
  versionOrd: versionOrder(version),
  deleted: extra.deleted ?? false,
  linkIds: ['email:k@x.de'],
  auxKeys: [],
  ...(extra.partition !== undefined
    ? { partition: extra.partition, customerId: extra.partition.slice('CUST#'.length) }
    : {}),
});

/** Active customers c1 and c2 (read as seeds) and the items given. */
const gatherFrom = async (items: readonly Item[]) => {
  const backend = new MemoryBackend();
  for (const item of [profileItem('c1', 'active'), profileItem('c2', 'active'), ...items])
    backend.items.set(keyString(item), item);
  return readCluster(backend, ['c1', 'c2'], [], hashOf);
};

const chosen = (cluster: Awaited<ReturnType<typeof gatherFrom>>) => {
  const entry = cluster.records.get(KEY);
  return entry && { customerId: entry.customerId, version: entry.record.source.version };
};

describe('readCluster: the copy taken as the record', () => {
  it('takes the copy the live locator places, although a copy elsewhere is newer, and lists the other as a stray', async () => {
    const cluster = await gatherFrom([
      copyIn('c1', '1'),
      copyIn('c2', '5'),
      locator('1', { partition: keys.customer('c1') }),
    ]);

    expect(chosen(cluster)).toEqual({ customerId: 'c1', version: '1' });
    expect(cluster.strays).toEqual([{ recordKey: KEY, customerId: 'c2' }]);
  });

  it('takes the located copy when it is the second one read', async () => {
    const cluster = await gatherFrom([
      copyIn('c1', '5'),
      copyIn('c2', '1'),
      locator('1', { partition: keys.customer('c2') }),
    ]);

    expect(chosen(cluster)).toEqual({ customerId: 'c2', version: '1' });
    expect(cluster.strays).toEqual([{ recordKey: KEY, customerId: 'c1' }]);
  });

  it('lists no stray for a record stored once where its locator places it', async () => {
    const cluster = await gatherFrom([copyIn('c1', '1'), locator('1', { partition: keys.customer('c1') })]);

    expect(chosen(cluster)).toEqual({ customerId: 'c1', version: '1' });
    expect(cluster.strays).toEqual([]);
  });

  it('takes no copy when the live locator places the record in a partition the read did not reach', async () => {
    const cluster = await gatherFrom([
      copyIn('c1', '2'),
      copyIn('c2', '3'),
      locator('1', { partition: keys.customer('c9') }),
    ]);

    expect(cluster.records.has(KEY)).toBe(false);
    expect(cluster.strays).toEqual([
      { recordKey: KEY, customerId: 'c1' },
      { recordKey: KEY, customerId: 'c2' },
    ]);
    // The locator is still read, so the restructuring's guard on it holds.
    expect(cluster.locators.get(KEY)?.partition).toBe(keys.customer('c9'));
  });

  it.each([
    ['the newer copy read second', [copyIn('c1', '1'), copyIn('c2', '2')], 'c2'],
    ['the newer copy read first', [copyIn('c1', '2'), copyIn('c2', '1')], 'c1'],
  ])('without a locator takes the newest copy (%s)', async (_, copies, holder) => {
    const cluster = await gatherFrom(copies);

    expect(chosen(cluster)).toEqual({ customerId: holder, version: '2' });
    expect(cluster.strays).toEqual([{ recordKey: KEY, customerId: holder === 'c1' ? 'c2' : 'c1' }]);
  });

  it('compares whole versions before customer ids: version "ab" is newer than "a" whatever the ids', async () => {
    // Run together, "Sa" + "c2" would sort after "Sab" + "c1"; the separator keeps the version whole.
    const cluster = await gatherFrom([copyIn('c1', 'ab'), copyIn('c2', 'a')]);

    expect(chosen(cluster)).toEqual({ customerId: 'c1', version: 'ab' });
    expect(cluster.strays).toEqual([{ recordKey: KEY, customerId: 'c2' }]);
  });

  it.each([
    ['in id order', [copyIn('c1', '4'), copyIn('c2', '4')]],
    ['against id order', [copyIn('c2', '4'), copyIn('c1', '4')]],
  ])(
    'without a locator settles a tie of versions by customer id, whichever copy is read first (%s)',
    async (_, copies) => {
      // Every reader of the same copies takes the same one: the higher customer id.
      const cluster = await gatherFrom(copies);

      expect(chosen(cluster)).toEqual({ customerId: 'c2', version: '4' });
      expect(cluster.strays).toEqual([{ recordKey: KEY, customerId: 'c1' }]);
    },
  );

  it('after a tombstone takes only a copy newer than it', async () => {
    const cluster = await gatherFrom([copyIn('c1', '3'), locator('2', { deleted: true })]);

    expect(chosen(cluster)).toEqual({ customerId: 'c1', version: '3' });
    expect(cluster.strays).toEqual([]);
  });

  it.each([
    ['as old as the tombstone', '2'],
    ['older than the tombstone', '1'],
  ])('after a tombstone takes no copy %s and lists it as a stray', async (_, version) => {
    const cluster = await gatherFrom([copyIn('c1', version), locator('2', { deleted: true })]);

    expect(cluster.records.has(KEY)).toBe(false);
    expect(cluster.strays).toEqual([{ recordKey: KEY, customerId: 'c1' }]);
  });

  it('after a tombstone that still names a partition takes the newer copy wherever it is', async () => {
    // A deleted record's locator places nothing, whatever partition it kept.
    const cluster = await gatherFrom([
      copyIn('c2', '3'),
      locator('2', { deleted: true, partition: keys.customer('c1') }),
    ]);

    expect(chosen(cluster)).toEqual({ customerId: 'c2', version: '3' });
    expect(cluster.strays).toEqual([]);
  });
});
