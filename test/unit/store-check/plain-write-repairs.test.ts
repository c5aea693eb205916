import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { versionOrder } from '../../../core/identity/version-order.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { keyString } from '../../../core/items/write-ops.ts';
import {
  checkStoreInvariants,
  createStoreInvariantCheck,
} from '../../../core/store-check/check-store-invariants.ts';
import { erp, exampleOrder } from '../../../schemas/entities/examples.ts';
import { profileItem, recordItems, storedRecord } from '../items/stored-items.ts';

// What the store check repairs after a plain write (core/ingest/write-plain.ts) was killed half-way and its
// page never replayed: a copy beside the record, a record without a locator, order lines of another version
// than the order beside them or with no order beside them. Each repair is committed to an in-memory store,
// which must then check clean.

const KEY = 'order#sap-s4#sales-orders#SO-1';
const line = (n: string) => keys.orderLine(KEY, n);
/** Order SO-1 in `version` with `count` lines (10, 20, …): lines 2…n have LINE# items. */
const order = (version: string, count: number) =>
  storedRecord(
    exampleOrder({ key: 'SO-1', version }, [erp('100')], {
      lines: Array.from({ length: count }, (_, i) => ({ partNumber: `P-${i + 1}`, quantity: i + 1 })),
    }),
  );
/** The items an ingest of the order into `customerId` leaves, without its locator. */
const orderItems = (version: string, count: number, customerId: string): Item[] =>
  recordItems(order(version, count), customerId).filter((i) => i.kind !== 'locator');
const locatorOf = (version: string, count: number, customerId: string): Item =>
  recordItems(order(version, count), customerId).find((i) => i.kind === 'locator') as Item;

const customers = () => [profileItem('c1', 'active'), profileItem('c2', 'active')];

/** Commits every repair to an in-memory store holding `items` and returns what is left. */
const applyRepairs = async (items: readonly Item[]): Promise<Item[]> => {
  const backend = new MemoryBackend();
  for (const item of items) backend.items.set(keyString(item), structuredClone(item));
  for (const repair of checkStoreInvariants(items).repairs)
    expect(await backend.commit(repair.ops)).toEqual({ ok: true });
  return [...backend.items.values()];
};

const keysIn = (items: readonly Item[], pk: string) =>
  items
    .filter((i) => i.pk === pk)
    .map((i) => i.sk)
    .sort();

/** The one pending repair of a streaming check over `items`. */
const pendingRepair = (items: readonly Item[]) => {
  const check = createStoreInvariantCheck();
  for (const item of items) check.add(item);
  const { repairs } = check.finish();
  expect(repairs).toHaveLength(1);
  return repairs[0] as (typeof repairs)[number];
};

describe('the store check on a record stored twice', () => {
  it.each([
    ['the stray read first', 'c2', 'c1'],
    ['the stray read second', 'c1', 'c2'],
  ])('deletes the stray copy and its lines and keeps the located one (%s)', async (_, first, second) => {
    // The order committed in c1 (version 3, two lines); a dead writer's copy of version 4 with three lines in c2.
    const byCustomer: Record<string, Item[]> = {
      c1: [...orderItems('3', 2, 'c1'), locatorOf('3', 2, 'c1')],
      c2: orderItems('4', 3, 'c2'),
    };
    const items = [...customers(), ...(byCustomer[first] ?? []), ...(byCustomer[second] ?? [])];

    const { violations, repairs } = checkStoreInvariants(items);

    expect(violations).toEqual([
      { kind: 'recordStoredTwice', recordKey: KEY, partitions: [keys.customer('c1'), keys.customer('c2')] },
    ]);
    expect(repairs.map((r) => r.ops)).toEqual([
      [
        {
          op: 'check',
          key: { pk: keys.locator(KEY), sk: keys.locatorSort },
          condition: { kind: 'matches', attributes: { partition: keys.customer('c1') } },
        },
        {
          op: 'delete',
          key: { pk: keys.customer('c2'), sk: keys.record(KEY) },
          condition: { kind: 'matches', attributes: { versionOrd: versionOrder('4') } },
        },
        { op: 'delete', key: { pk: keys.customer('c2'), sk: line('20') } },
        { op: 'delete', key: { pk: keys.customer('c2'), sk: line('30') } },
      ],
    ]);
    const after = await applyRepairs(items);
    expect(keysIn(after, keys.customer('c2'))).toEqual([keys.profile]);
    expect(keysIn(after, keys.customer('c1'))).toEqual([keys.profile, keys.record(KEY), line('20')].sort());
    expect(checkStoreInvariants(after).violations).toEqual([]);
  });

  it("deletes nothing when a restructuring moved the record into the stray copy's partition after the check read the store", async () => {
    // prepare: the order committed in c1 and a dead writer's copy of the same version in c2; the check reads both
    const items = [
      ...customers(),
      ...orderItems('3', 2, 'c1'),
      locatorOf('3', 2, 'c1'),
      ...orderItems('3', 2, 'c2').map((item) => ({ ...item, writer: 'dead' })),
    ];
    const [repair] = checkStoreInvariants(items).repairs;
    // … then a merge moves the order into c2: its put replaces the copy there at the same version
    const backend = new MemoryBackend();
    for (const item of [...customers(), ...orderItems('3', 2, 'c2'), locatorOf('3', 2, 'c2')])
      backend.items.set(keyString(item), structuredClone(item));

    // act
    const outcome = await backend.commit(repair?.ops ?? []);

    // assert: the repair does not take the moved order and its line
    expect(outcome.ok).toBe(false);
    expect(keysIn([...backend.items.values()], keys.customer('c2'))).toEqual(
      [keys.profile, keys.record(KEY), line('20')].sort(),
    );
  });

  it('reads nothing again to delete a stray copy: the delete is conditional on the version the check saw', () => {
    const items = [
      ...customers(),
      ...orderItems('3', 1, 'c1'),
      locatorOf('3', 1, 'c1'),
      ...orderItems('4', 1, 'c2'),
    ];

    expect(pendingRepair(items).needs).toEqual([]);
  });

  it('leaves both copies alone when the locator says the record was deleted, whatever partition it names', () => {
    const items = [
      ...customers(),
      ...orderItems('3', 1, 'c1'),
      ...orderItems('4', 1, 'c2'),
      { ...locatorOf('3', 1, 'c1'), deleted: true },
    ];

    const { violations, repairs } = checkStoreInvariants(items);

    expect(violations.map((v) => v.kind)).toEqual(['recordStoredTwice']);
    expect(repairs).toEqual([]);
  });
});

describe('the store check on a record without a locator', () => {
  it("gives an order a locator that lists the order's LINE# items", async () => {
    const items = [...customers(), ...orderItems('3', 3, 'c1')];

    const { violations, repairs } = checkStoreInvariants(items);

    expect(violations).toEqual([
      { kind: 'recordWithoutLocator', recordKey: KEY, partition: keys.customer('c1') },
    ]);
    expect(repairs.map((r) => r.ops)).toEqual([
      [
        {
          op: 'patch',
          key: { pk: keys.locator(KEY), sk: keys.locatorSort },
          set: {
            kind: 'locator',
            recordKey: KEY,
            versionOrd: versionOrder('3'),
            deleted: false,
            linkIds: ['erp:sap-s4:100'],
            auxKeys: [line('20'), line('30')],
            customerId: 'c1',
            partition: keys.customer('c1'),
          },
          condition: { kind: 'absent' },
        },
      ],
    ]);
    const after = await applyRepairs(items);
    expect(checkStoreInvariants(after).violations).toEqual([]);
  });

  it('asks for the record item again and builds no locator when it is gone or was written again since', () => {
    const items = [...customers(), ...orderItems('3', 1, 'c1')];
    const repair = pendingRepair(items);
    const record = items.find((i) => i.kind === 'record') as Item;

    expect(repair.needs).toEqual([{ pk: keys.customer('c1'), sk: keys.record(KEY) }]);
    expect(repair.build(new Map())).toBeUndefined();
    expect(
      repair.build(new Map([[keyString(record), { ...record, versionOrd: versionOrder('4') }]])),
    ).toBeUndefined();
    // An order of one line has no LINE# item: its locator lists none.
    expect(repair.build(new Map([[keyString(record), record]]))).toEqual([
      expect.objectContaining({ set: expect.objectContaining({ auxKeys: [] }) }),
    ]);
  });

  it('gives no locator to a record outside a customer partition that names an inactive customer', () => {
    // A corrupt item: only a record in an active customer's partition can be taken as the record.
    const [record] = orderItems('3', 1, 'c9');
    const items = [
      profileItem('c9', 'merged', { mergedInto: 'c1' }),
      { ...record, pk: 'ELSEWHERE#1' } as Item,
    ];

    const { violations, repairs } = checkStoreInvariants(items);

    expect(violations).toEqual([{ kind: 'recordWithoutLocator', recordKey: KEY, partition: 'ELSEWHERE#1' }]);
    expect(repairs).toEqual([]);
  });
});

describe('the store check on a record its tombstone overtook', () => {
  /** The order's tombstone locator at `version`, as a deletion through the fast path writes it. */
  const tombstone = (version: string): Item => ({
    ...locatorOf('3', 1, 'c1'),
    versionOrd: versionOrder(version),
    deleted: true,
    linkIds: [],
    auxKeys: [],
  });

  it('deletes an older copy and its lines, while the tombstone and the copy are as read', async () => {
    // A dead writer's copy of version 3 (three lines) in c1; the order's deletion (version 5) went in beside it.
    const items = [...customers(), ...orderItems('3', 3, 'c1'), tombstone('5')];

    const { violations, repairs } = checkStoreInvariants(items);

    expect(violations).toEqual([
      {
        kind: 'locatorMismatch',
        recordKey: KEY,
        locatorPartition: keys.customer('c1'),
        recordPartition: keys.customer('c1'),
      },
    ]);
    expect(repairs.map((r) => r.ops)).toEqual([
      [
        {
          op: 'check',
          key: { pk: keys.locator(KEY), sk: keys.locatorSort },
          condition: { kind: 'matches', attributes: { versionOrd: versionOrder('5') } },
        },
        {
          op: 'delete',
          key: { pk: keys.customer('c1'), sk: keys.record(KEY) },
          condition: { kind: 'matches', attributes: { versionOrd: versionOrder('3') } },
        },
        { op: 'delete', key: { pk: keys.customer('c1'), sk: line('20') } },
        { op: 'delete', key: { pk: keys.customer('c1'), sk: line('30') } },
      ],
    ]);
    // It needs no item read again: the conditions carry what the scan saw.
    expect(pendingRepair(items).needs).toEqual([]);
    const after = await applyRepairs(items);
    expect(keysIn(after, keys.customer('c1'))).toEqual([keys.profile]);
    expect(checkStoreInvariants(after).violations).toEqual([]);
  });

  it('deletes an older copy under a customer merged away instead of re-homing it, so the tombstone gets no partition', async () => {
    // Deep-run seed 727867393 of the crash-and-concurrency property: the copy sat in c2, merged into c1 since.
    const items = [
      ...customers().filter((i) => i.customerId !== 'c2'),
      profileItem('c2', 'merged', { mergedInto: 'c1' }),
      ...orderItems('3', 2, 'c2'),
      tombstone('5'),
    ];

    const { violations, repairs } = checkStoreInvariants(items);

    expect(violations.map((v) => v.kind)).toEqual(['locatorMismatch']);
    expect(repairs.map((r) => r.ops.map((op) => `${op.op} ${'key' in op ? op.key.pk : op.item.pk}`))).toEqual(
      [[`check ${keys.locator(KEY)}`, `delete ${keys.customer('c2')}`, `delete ${keys.customer('c2')}`]],
    );
    const after = await applyRepairs(items);
    expect(after.find((i) => i.kind === 'locator')).toMatchObject({ deleted: true });
    expect(after.find((i) => i.kind === 'locator')?.partition).toBe(keys.customer('c1'));
    expect(checkStoreInvariants(after).violations).toEqual([]);
  });

  it('deletes every copy of a record stored twice when its tombstone overtook them all, and none when one is newer', async () => {
    const older = [...customers(), ...orderItems('3', 2, 'c1'), ...orderItems('4', 1, 'c2'), tombstone('5')];
    const mixed = [...customers(), ...orderItems('3', 2, 'c1'), ...orderItems('6', 1, 'c2'), tombstone('5')];

    const { violations, repairs } = checkStoreInvariants(older);

    expect(violations.map((v) => v.kind)).toEqual(['recordStoredTwice']);
    expect(repairs.map((r) => r.ops.map((op) => `${op.op} ${'key' in op ? op.key.pk : op.item.pk}`))).toEqual(
      [
        [
          `check ${keys.locator(KEY)}`,
          `delete ${keys.customer('c1')}`,
          `delete ${keys.customer('c1')}`,
          `delete ${keys.customer('c2')}`,
        ],
      ],
    );
    const after = await applyRepairs(older);
    expect(after.filter((i) => i.recordKey === KEY && i.kind !== 'locator')).toEqual([]);
    expect(checkStoreInvariants(after).violations).toEqual([]);
    expect(checkStoreInvariants(mixed).repairs).toEqual([]);
  });

  it('re-homes no copy newer than its tombstone from a customer merged away', () => {
    const items = [
      ...customers().filter((i) => i.customerId !== 'c2'),
      profileItem('c2', 'merged', { mergedInto: 'c1' }),
      ...orderItems('6', 1, 'c2'),
      tombstone('5'),
    ];

    const { violations, repairs } = checkStoreInvariants(items);

    expect(violations.map((v) => v.kind)).toEqual(['recordUnderInactiveCustomer']);
    expect(repairs).toEqual([]);
  });

  it.each([
    ['newer than', '6'],
    ['as new as', '5'],
  ])('repairs nothing when the record item is %s its tombstone', (_, version) => {
    const items = [...customers(), ...orderItems(version, 1, 'c1'), tombstone('5')];

    const { violations, repairs } = checkStoreInvariants(items);

    expect(violations).toHaveLength(1);
    expect(repairs).toEqual([]);
  });
});

describe('the store check on order lines', () => {
  it('writes the lines again from the order when a line of an older version is left beside it, and deletes lines it no longer has', async () => {
    // Order version 3 has two lines (a LINE# item for 20); version 2's lines 20 and 30 are still there.
    const [main] = orderItems('3', 2, 'c1');
    const stale = orderItems('2', 3, 'c1').filter((i) => i.kind === 'orderLine');
    const items = [...customers(), main as Item, ...stale, locatorOf('3', 2, 'c1')];

    const { violations, repairs } = checkStoreInvariants(items);

    expect(violations).toEqual([{ kind: 'orderLinesStale', recordKey: KEY, partition: keys.customer('c1') }]);
    const fresh = orderItems('3', 2, 'c1').find((i) => i.kind === 'orderLine') as Item;
    expect(repairs.map((r) => r.ops)).toEqual([
      [
        {
          op: 'check',
          key: { pk: keys.customer('c1'), sk: keys.record(KEY) },
          condition: { kind: 'matches', attributes: { versionOrd: versionOrder('3') } },
        },
        { op: 'put', item: { ...fresh, cause: 'move' } },
        { op: 'delete', key: { pk: keys.customer('c1'), sk: line('30') } },
      ],
    ]);
    const after = await applyRepairs(items);
    expect(after.find((i) => i.sk === line('20'))?.versionOrd).toBe(versionOrder('3'));
    expect(checkStoreInvariants(after).violations).toEqual([]);
  });

  it('reports only the stale lines of an order, not its current ones, and none for lines from before versions were kept', () => {
    const current = orderItems('3', 2, 'c1');
    const oldLayout = orderItems('3', 3, 'c1')
      .filter((i) => i.sk === line('30'))
      .map(({ versionOrd: _dropped, ...rest }) => rest as Item);
    const items = [...customers(), ...current, ...oldLayout, locatorOf('3', 2, 'c1')];

    expect(checkStoreInvariants(items).violations).toEqual([]);
  });

  it('deletes lines with no order beside them, each only while it is as the check read it', async () => {
    // The order lives in c2; c1 still has its lines 20 (version 2) and 30 (from before versions were kept).
    const lines = orderItems('2', 3, 'c1').filter((i) => i.kind === 'orderLine');
    const unversioned = { ...(lines[1] as Item) };
    delete unversioned.versionOrd;
    const items = [
      ...customers(),
      ...orderItems('3', 1, 'c2'),
      locatorOf('3', 1, 'c2'),
      lines[0] as Item,
      unversioned,
    ];

    const { violations, repairs } = checkStoreInvariants(items);

    expect(violations).toEqual([{ kind: 'orderLinesStale', recordKey: KEY, partition: keys.customer('c1') }]);
    expect(repairs.map((r) => r.ops)).toEqual([
      [
        {
          op: 'delete',
          key: { pk: keys.customer('c1'), sk: line('20') },
          condition: { kind: 'matches', attributes: { versionOrd: versionOrder('2') } },
        },
        {
          op: 'delete',
          key: { pk: keys.customer('c1'), sk: line('30') },
          condition: { kind: 'matches', attributes: { versionOrd: null } },
        },
      ],
    ]);
    const after = await applyRepairs(items);
    expect(keysIn(after, keys.customer('c1'))).toEqual([keys.profile]);
    expect(checkStoreInvariants(after).violations).toEqual([]);
  });

  it('reads nothing again for lines with no order, and asks for the order item when there is one', () => {
    const orphan = orderItems('2', 2, 'c1').filter((i) => i.kind === 'orderLine');
    expect(pendingRepair([...customers(), ...orphan]).needs).toEqual([]);

    const [main] = orderItems('3', 2, 'c1');
    const stale = orderItems('2', 2, 'c1').filter((i) => i.kind === 'orderLine');
    const repair = pendingRepair([...customers(), main as Item, ...stale, locatorOf('3', 2, 'c1')]);
    expect(repair.needs).toEqual([{ pk: keys.customer('c1'), sk: keys.record(KEY) }]);
  });

  it('writes no lines when the order is gone or was written again since the check read it', () => {
    const [main] = orderItems('3', 2, 'c1');
    const stale = orderItems('2', 2, 'c1').filter((i) => i.kind === 'orderLine');
    const repair = pendingRepair([...customers(), main as Item, ...stale, locatorOf('3', 2, 'c1')]);

    expect(repair.build(new Map())).toBeUndefined();
    expect(
      repair.build(
        new Map([[keyString(main as Item), { ...(main as Item), versionOrd: versionOrder('4') }]]),
      ),
    ).toBeUndefined();
  });

  it('reports the stale lines of each partition and each order on their own', async () => {
    // The order lives in c3; c1 and c2 both still hold lines of it, and c1 holds a stale line of order SO-2 too.
    const other = storedRecord(
      exampleOrder({ key: 'SO-2', version: '2' }, [erp('100')], {
        lines: [
          { partNumber: 'P-1', quantity: 1 },
          { partNumber: 'P-2', quantity: 2 },
        ],
      }),
    );
    const otherLine = recordItems(other, 'c1').find((i) => i.kind === 'orderLine') as Item;
    const items = [
      ...customers(),
      profileItem('c3', 'active'),
      ...orderItems('3', 1, 'c3'),
      locatorOf('3', 1, 'c3'),
      ...orderItems('2', 2, 'c1').filter((i) => i.kind === 'orderLine'),
      ...orderItems('2', 2, 'c2').filter((i) => i.kind === 'orderLine'),
      otherLine,
    ];

    const { violations, repairs } = checkStoreInvariants(items);

    expect(violations).toEqual([
      { kind: 'orderLinesStale', recordKey: KEY, partition: keys.customer('c1') },
      { kind: 'orderLinesStale', recordKey: KEY, partition: keys.customer('c2') },
      { kind: 'orderLinesStale', recordKey: other.recordKey, partition: keys.customer('c1') },
    ]);
    expect(repairs.map((r) => r.ops.map((op) => op.op === 'delete' && `${op.key.pk} ${op.key.sk}`))).toEqual([
      [`${keys.customer('c1')} ${line('20')}`],
      [`${keys.customer('c2')} ${line('20')}`],
      [`${keys.customer('c1')} ${otherLine.sk}`],
    ]);
    const after = await applyRepairs(items);
    expect(checkStoreInvariants(after).violations).toEqual([]);
  });

  it('reports the stale lines of one order in one partition once', () => {
    const [main] = orderItems('5', 1, 'c1');
    const stale = orderItems('2', 4, 'c1').filter((i) => i.kind === 'orderLine');
    const items = [...customers(), main as Item, ...stale, locatorOf('5', 1, 'c1')];

    const { violations, repairs } = checkStoreInvariants(items);

    expect(violations).toEqual([{ kind: 'orderLinesStale', recordKey: KEY, partition: keys.customer('c1') }]);
    expect(
      repairs[0]?.ops.filter((op) => op.op === 'delete').map((op) => op.op === 'delete' && op.key.sk),
    ).toEqual([line('20'), line('30'), line('40')]);
  });
});
