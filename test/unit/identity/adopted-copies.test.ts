import { describe, expect, it } from 'vitest';
import type { GatheredCluster } from '../../../core/identity/cluster.ts';
import { versionOrder } from '../../../core/identity/version-order.ts';
import { keys } from '../../../core/items/keys.ts';
import { buildRecordItems, type Item } from '../../../core/items/record-items.ts';
import type { LocatorItem } from '../../../core/items/state-items.ts';
import type { WriteOp } from '../../../core/items/write-ops.ts';
import { email, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import type { IdentifierInput } from '../../../schemas/entities/identifier.ts';
import { placement, planChange, snapshot, stored, writesIn, writesOn } from './restructure-snapshot.ts';

// planRestructure on records a plain write left behind (core/ingest/write-plain.ts): a copy ahead of its
// locator is taken as the record and written again with its whole locator, conditional on the locator as
// read; the order lines found beside a record go with it; the strays readCluster lists are deleted with their
// lines, and nothing else of their partitions.

const rk = (key: string) => `customer#sap-s4#business-partners#${key}`;
const O = 'order#sap-s4#sales-orders#O';
const line = (n: string, recordKey = O) => keys.orderLine(recordKey, n);
const customer = (key: string, ids: IdentifierInput[], version = '1') =>
  stored(exampleCustomer({ key, version }, ids));
/** Order O in version `version` with `count` lines (10, 20, …): lines 2…n have LINE# items. */
const order = (version: string, ids: IdentifierInput[], count = 3, key = 'O') =>
  stored(
    exampleOrder({ key, version }, ids, {
      lines: Array.from({ length: count }, (_, i) => ({ partNumber: `P-${i + 1}`, quantity: i + 1 })),
    }),
  );

/** The locator of O as an older committed version left it: version 1 with the lines given. */
const olderLocator = (gathered: GatheredCluster, customerId: string, auxKeys: string[]): LocatorItem => {
  const read = gathered.locators.get(O);
  if (!read) throw new Error('no locator of O in the snapshot');
  const older: LocatorItem = {
    ...read,
    versionOrd: versionOrder('1'),
    customerId,
    partition: keys.customer(customerId),
    auxKeys,
  };
  gathered.locators.set(O, older);
  return older;
};

/** An order line of version 1 that the copy's writer had not dropped yet. */
const leftoverLine = (customerId: string, n: string): Item => ({
  pk: keys.customer(customerId),
  sk: line(n),
  kind: 'orderLine',
  recordKey: O,
  customerId,
  lineNumber: n,
  versionOrd: versionOrder('1'),
});

const locatorWrites = (plan: ReturnType<typeof planChange>) =>
  writesOn(plan, keys.locator(O), keys.locatorSort);
const deleteOf = (customerId: string, sk: string): WriteOp => ({
  op: 'delete',
  key: { pk: keys.customer(customerId), sk },
});

describe('planRestructure: a copy ahead of its locator', () => {
  it('is written again where it stays, with its whole locator conditional on the locator as read, and the older lines go', () => {
    // c1 holds order O in version 2 (lines 20, 30); its locator still says version 1 with lines 20 and 40,
    // and line 40 of version 1 is still there. A new record of c1 restructures the cluster.
    const gathered = snapshot([
      {
        id: 'c1',
        seed: rk('A'),
        records: [customer('A', [email('a@x.de')]), order('2', [email('a@x.de')])],
        items: [leftoverLine('c1', '40')],
      },
    ]);
    olderLocator(gathered, 'c1', [line('20'), line('40')]);

    const plan = planChange(gathered, { incoming: customer('A2', [email('a@x.de')]) });

    expect(placement(plan)).toMatchObject({ O: 'c1' });
    const { main, aux } = buildRecordItems(order('2', [email('a@x.de')]), 'c1', 'move');
    expect(writesOn(plan, keys.customer('c1'), keys.record(O))).toEqual([{ op: 'put', item: main }]);
    expect(aux.map((a) => a.sk)).toEqual([line('20'), line('30')]);
    for (const item of aux) expect(writesOn(plan, item.pk, item.sk)).toEqual([{ op: 'put', item }]);
    expect(writesOn(plan, keys.customer('c1'), line('40'))).toEqual([deleteOf('c1', line('40'))]);
    expect(locatorWrites(plan)).toEqual([
      {
        op: 'patch',
        key: { pk: keys.locator(O), sk: keys.locatorSort },
        set: {
          kind: 'locator',
          recordKey: O,
          versionOrd: versionOrder('2'),
          deleted: false,
          linkIds: ['email:a@x.de'],
          auxKeys: [line('20'), line('30')],
          customerId: 'c1',
          partition: keys.customer('c1'),
        },
        condition: { kind: 'matches', attributes: { versionOrd: versionOrder('1'), customerId: 'c1' } },
      },
    ]);
  });

  it('gets its locator written as new when it has none, conditional on there being none', () => {
    const gathered = snapshot([
      {
        id: 'c1',
        seed: rk('A'),
        records: [customer('A', [email('a@x.de')]), order('2', [email('a@x.de')], 1)],
      },
    ]);
    gathered.locators.delete(O);

    const plan = planChange(gathered, { incoming: customer('A2', [email('a@x.de')]) });

    expect(writesOn(plan, keys.customer('c1'), keys.record(O))).toEqual([
      expect.objectContaining({ op: 'put' }),
    ]);
    expect(locatorWrites(plan)).toEqual([
      expect.objectContaining({
        op: 'patch',
        set: expect.objectContaining({ versionOrd: versionOrder('2'), customerId: 'c1', auxKeys: [] }),
        condition: { kind: 'absent' },
      }),
    ]);
  });

  it.each([
    ['at the version its locator names', '2'],
    ['older than its locator', '3'],
  ])('is left alone where it stays when it is %s', (_, locatorVersion) => {
    const gathered = snapshot([
      {
        id: 'c1',
        seed: rk('A'),
        records: [customer('A', [email('a@x.de')]), order('2', [email('a@x.de')])],
      },
    ]);
    const read = gathered.locators.get(O) as LocatorItem;
    gathered.locators.set(O, { ...read, versionOrd: versionOrder(locatorVersion) });

    const plan = planChange(gathered, { incoming: customer('A2', [email('a@x.de')]) });

    expect(placement(plan)).toMatchObject({ O: 'c1' });
    expect(writesOn(plan, keys.customer('c1'), keys.record(O))).toEqual([]);
    for (const n of ['20', '30']) expect(writesOn(plan, keys.customer('c1'), line(n))).toEqual([]);
    expect(locatorWrites(plan)).toEqual([]);
  });

  it('moves with a merge and takes every line found beside it along, with its whole locator conditional on the locator as read', () => {
    // c2 holds O in version 2 (lines 20, 30) and line 40 of version 1; the locator says version 1, lines 20
    // and 40. A customer record carrying both e-mails merges c2 into c1.
    const gathered = snapshot([
      // c1 holds more records than c2, so c1 survives the merge.
      { id: 'c1', seed: rk('A'), records: ['A', 'A1', 'A2'].map((k) => customer(k, [email('a@x.de')])) },
      {
        id: 'c2',
        seed: rk('B'),
        records: [customer('B', [email('b@x.de')]), order('2', [email('b@x.de')])],
        items: [leftoverLine('c2', '40')],
      },
    ]);
    olderLocator(gathered, 'c2', [line('20'), line('40')]);

    const plan = planChange(gathered, { incoming: customer('M', [email('a@x.de'), email('b@x.de')]) });

    expect(placement(plan)).toMatchObject({ O: 'c1' });
    expect(writesOn(plan, keys.customer('c2'), keys.record(O))).toEqual([deleteOf('c2', keys.record(O))]);
    for (const n of ['20', '30', '40'])
      expect(writesOn(plan, keys.customer('c2'), line(n))).toEqual([deleteOf('c2', line(n))]);
    expect(writesOn(plan, keys.customer('c1'), keys.record(O))).toEqual([
      expect.objectContaining({ op: 'put', item: expect.objectContaining({ customerId: 'c1' }) }),
    ]);
    expect(locatorWrites(plan)).toEqual([
      expect.objectContaining({
        set: expect.objectContaining({
          kind: 'locator',
          versionOrd: versionOrder('2'),
          customerId: 'c1',
          partition: keys.customer('c1'),
          auxKeys: [line('20'), line('30')],
        }),
        condition: { kind: 'matches', attributes: { versionOrd: versionOrder('1'), customerId: 'c2' } },
      }),
    ]);
  });

  it('moves with a merge, when it is what its locator names, by a patch of the placement only', () => {
    const gathered = snapshot([
      // c1 holds more records than c2, so c1 survives the merge.
      { id: 'c1', seed: rk('A'), records: ['A', 'A1', 'A2'].map((k) => customer(k, [email('a@x.de')])) },
      { id: 'c2', seed: rk('B'), records: [customer('B', [email('b@x.de')]), order('2', [email('b@x.de')])] },
    ]);

    const plan = planChange(gathered, { incoming: customer('M', [email('a@x.de'), email('b@x.de')]) });

    expect(locatorWrites(plan)).toEqual([
      {
        op: 'patch',
        key: { pk: keys.locator(O), sk: keys.locatorSort },
        set: { customerId: 'c1', partition: keys.customer('c1'), auxKeys: [line('20'), line('30')] },
        condition: { kind: 'matches', attributes: { versionOrd: versionOrder('2') } },
      },
    ]);
  });

  it('does not count the incoming record as ahead of its locator: it gets the ingest locator patch', () => {
    // The incoming version 2 of O (stored as version 1 in c1): its locator write is conditional on the locator
    // the ingest read, and no second locator write follows.
    const gathered = snapshot([
      {
        id: 'c1',
        seed: rk('A'),
        records: [customer('A', [email('a@x.de')]), order('1', [email('a@x.de')])],
      },
    ]);

    const plan = planChange(gathered, { incoming: order('2', [email('a@x.de')]) });

    expect(locatorWrites(plan)).toEqual([
      expect.objectContaining({
        set: expect.objectContaining({ versionOrd: versionOrder('2'), customerId: 'c1' }),
        condition: { kind: 'matches', attributes: { versionOrd: versionOrder('1'), customerId: 'c1' } },
      }),
    ]);
  });
});

describe('planRestructure: strays', () => {
  it("deletes a stray copy and its lines, and nothing else of the stray's partition", () => {
    // O is the record in c1; c2 (which stays a customer of its own) holds an uncommitted copy of O with
    // lines 20 and 30, and an order P of its own with a line 20.
    const P = 'order#sap-s4#sales-orders#P';
    const gathered = snapshot([
      {
        id: 'c1',
        seed: rk('A'),
        records: [customer('A', [email('a@x.de')]), order('1', [email('a@x.de')])],
      },
      {
        id: 'c2',
        seed: rk('B'),
        records: [customer('B', [email('b@x.de')]), order('1', [email('b@x.de')], 2, 'P')],
      },
    ]);
    const copy = buildRecordItems(order('2', [email('a@x.de')]), 'c2', 'ingest');
    gathered.partitions.get('c2')?.push(copy.main, ...copy.aux);
    gathered.strays.push({ recordKey: O, customerId: 'c2' });

    const plan = planChange(gathered, { incoming: customer('A2', [email('a@x.de')]) });

    expect(placement(plan)).toMatchObject({ O: 'c1', B: 'c2', P: 'c2' });
    // c2 is restructured too (its profile's guarded patch); of its items only the stray and its lines go.
    expect(writesIn(plan, keys.customer('c2')).filter((op) => op.op !== 'patch')).toEqual([
      deleteOf('c2', keys.record(O)),
      deleteOf('c2', line('20')),
      deleteOf('c2', line('30')),
    ]);
    expect(writesOn(plan, keys.customer('c2'), line('20', P))).toEqual([]);
    expect(writesOn(plan, keys.customer('c1'), keys.record(O))).toEqual([]);
  });
});
