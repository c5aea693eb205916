import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { keyString } from '../../../core/items/write-ops.ts';
import {
  checkStoreInvariants,
  customersNamedIn,
  type StoreViolation,
} from '../../../core/store-check/check-store-invariants.ts';
import { erp, exampleCustomer, exampleOrder, exampleProduct } from '../../../schemas/entities/examples.ts';
import {
  identifierItems,
  itemAt,
  mirrorItem,
  profileItem,
  recordItems,
  storedRecord,
} from '../items/stored-items.ts';

const order = storedRecord(
  exampleOrder({ key: 'SO-1', version: '3' }, [erp('100')], {
    lines: [
      { partNumber: 'P-1', quantity: 2 },
      { partNumber: 'P-2', quantity: 1 },
    ],
  }),
);
const customer = storedRecord(exampleCustomer({ key: '100', version: '1' }, [erp('100')]));
const product = storedRecord(exampleProduct({ key: 'P-1', version: '1' }, { partNumber: 'P-1' }));

/** One active customer holding a customer record and an order, owning its ERP number. */
const cleanStore = (): Item[] => [
  profileItem('c1', 'active'),
  ...recordItems(customer, 'c1'),
  ...recordItems(order, 'c1'),
  ...identifierItems('erp:sap-s4:100', 'c1'),
];

/** Commits every repair to an in-memory store holding `items` and returns what is left. */
const applyRepairs = async (items: readonly Item[]): Promise<Item[]> => {
  const backend = new MemoryBackend();
  for (const item of items) backend.items.set(keyString(item), structuredClone(item));
  for (const repair of checkStoreInvariants(items).repairs) {
    expect(await backend.commit(repair.ops)).toEqual({ ok: true });
  }
  return [...backend.items.values()];
};

const without = (items: readonly Item[], pk: string, sk: string) =>
  items.filter((i) => !(i.pk === pk && i.sk === sk));

const replace = (items: readonly Item[], pk: string, sk: string, change: Record<string, unknown>) =>
  items.map((i) => (i.pk === pk && i.sk === sk ? { ...i, ...change } : i));

describe('checkStoreInvariants on a consistent store', () => {
  it('finds no violation and counts active customers, records and owned identifiers', () => {
    const items = [
      ...cleanStore(),
      profileItem('c0', 'merged', { mergedInto: 'c1' }),
      profileItem('c9', 'erased'),
      ...recordItems(product, undefined),
    ];

    const result = checkStoreInvariants(items);

    expect(result.violations).toEqual([]);
    expect(result.repairs).toEqual([]);
    expect(result.counts).toEqual({ customers: 1, records: 3, identifiers: 1 });
  });

  it('ignores a deleted locator whose record is gone and a mirror outside a customer partition', () => {
    const items = [
      ...cleanStore(),
      {
        pk: keys.locator('order#sap-s4#sales-orders#gone'),
        sk: keys.locatorSort,
        kind: 'locator',
        recordKey: 'order#sap-s4#sales-orders#gone',
        versionOrd: 'N1',
        deleted: true,
      },
      {
        pk: 'OTHER#x',
        sk: keys.identifierMirror('erp:sap-s4:100'),
        kind: 'identifierMirror',
        customerId: 'c2',
      },
      profileItem('c2', 'active'),
    ];

    expect(checkStoreInvariants(items).violations).toEqual([]);
  });
});

describe('checkStoreInvariants on records', () => {
  it('reports a record under a merged customer with the survivor at the end of the merge chain', () => {
    const items = [
      profileItem('c1', 'active'),
      profileItem('c2', 'merged', { mergedInto: 'c3' }),
      profileItem('c3', 'merged', { mergedInto: 'c1' }),
      ...recordItems(order, 'c2'),
      ...identifierItems('erp:sap-s4:100', 'c1'),
    ];

    const { violations, repairs } = checkStoreInvariants(items);

    const expected = {
      kind: 'recordUnderInactiveCustomer',
      recordKey: order.recordKey,
      customerId: 'c2',
      status: 'merged',
      survivorId: 'c1',
    };
    expect(violations).toEqual([expected]);
    expect(repairs.map((r) => r.violation)).toEqual([expected]);
  });

  it('repairs a stranded order by moving it, its lines and its locator to the survivor', async () => {
    const items = [
      profileItem('c1', 'active'),
      profileItem('c2', 'merged', { mergedInto: 'c1' }),
      ...recordItems(order, 'c2'),
      ...identifierItems('erp:sap-s4:100', 'c1'),
    ];

    const after = await applyRepairs(items);

    expect(checkStoreInvariants(after).violations).toEqual([]);
    expect(after.filter((i) => i.pk === keys.customer('c2')).map((i) => i.kind)).toEqual(['profile']);
    const moved = after.filter((i) => i.pk === keys.customer('c1') && i.recordKey === order.recordKey);
    // The order item is its first line's part-index entry; only the second line has an item of its own.
    expect(moved.map((i) => [i.kind, i.customerId, i.cause, i.gsi1sk])).toEqual([
      ['record', 'c1', 'move', expect.stringContaining(`#DEMAND#c1#${order.recordKey}#10`)],
      ['orderLine', 'c1', 'move', expect.stringContaining(`#DEMAND#c1#${order.recordKey}#20`)],
    ]);
    expect(itemAt(after, keys.locator(order.recordKey), keys.locatorSort)).toMatchObject({
      customerId: 'c1',
      partition: keys.customer('c1'),
      auxKeys: [`LINE#${order.recordKey}#20`],
    });
  });

  it('makes the move conditional on the record version and the locator version the check saw', () => {
    const items = [
      profileItem('c1', 'active'),
      profileItem('c2', 'merged', { mergedInto: 'c1' }),
      ...recordItems(order, 'c2'),
    ];

    const [repair] = checkStoreInvariants(items).repairs;

    expect(repair?.ops[0]).toEqual({
      op: 'delete',
      key: { pk: keys.customer('c2'), sk: keys.record(order.recordKey) },
      condition: { kind: 'matches', attributes: { versionOrd: 'N000000000000000000000000000003' } },
    });
    expect(repair?.ops.at(-1)).toMatchObject({
      op: 'patch',
      key: { pk: keys.locator(order.recordKey), sk: keys.locatorSort },
      condition: { kind: 'matches', attributes: { versionOrd: 'N000000000000000000000000000003' } },
    });
  });

  it('moves a stranded record without a locator but does not invent one', () => {
    const items = [
      profileItem('c1', 'active'),
      profileItem('c2', 'merged', { mergedInto: 'c1' }),
      ...without(recordItems(customer, 'c2'), keys.locator(customer.recordKey), keys.locatorSort),
    ];

    const [repair] = checkStoreInvariants(items).repairs;

    expect(repair?.ops.map((o) => [o.op, o.op === 'put' ? o.item.pk : o.key.pk])).toEqual([
      ['delete', keys.customer('c2')],
      ['put', keys.customer('c1')],
    ]);
  });

  it.each([
    ['erased', [profileItem('c2', 'erased')], 'erased'],
    ['missing', [], 'missing'],
    [
      'in a merge cycle',
      [profileItem('c2', 'merged', { mergedInto: 'c3' }), profileItem('c3', 'merged', { mergedInto: 'c2' })],
      'merged',
    ],
    ['merged into nothing', [profileItem('c2', 'merged')], 'merged'],
  ])('reports a record under a customer that is %s without a repair', (_, profiles, status) => {
    const items = [profileItem('c1', 'active'), ...profiles, ...recordItems(customer, 'c2')];

    const { violations, repairs } = checkStoreInvariants(items);

    expect(violations).toEqual([
      { kind: 'recordUnderInactiveCustomer', recordKey: customer.recordKey, customerId: 'c2', status },
    ]);
    expect(repairs).toEqual([]);
  });

  it('does not move a catalogue record that names a merged-away customer: it lives in its part partition', () => {
    const items = [
      profileItem('c1', 'active'),
      profileItem('c2', 'merged', { mergedInto: 'c1' }),
      ...recordItems(product, 'c2'),
    ];

    expect(checkStoreInvariants(items)).toMatchObject({ violations: [], repairs: [] });
  });

  it('deletes only the own lines of the stranded order when moving it', () => {
    const second = storedRecord(
      exampleOrder({ key: 'SO-2', version: '1' }, [erp('100')], {
        lines: [
          { partNumber: 'P-1', quantity: 1 },
          { partNumber: 'P-3', quantity: 1 },
        ],
      }),
    );
    const items = [
      profileItem('c1', 'active'),
      profileItem('c2', 'merged', { mergedInto: 'c1' }),
      ...recordItems(order, 'c2'),
      ...recordItems(second, 'c2'),
    ];

    const repair = checkStoreInvariants(items).repairs.find(
      (r) => 'recordKey' in r.violation && r.violation.recordKey === order.recordKey,
    );

    expect(
      repair?.ops.filter((o) => o.op === 'delete').map((o) => (o.op === 'delete' ? o.key.sk : '')),
    ).toEqual([keys.record(order.recordKey), `LINE#${order.recordKey}#20`]);
    expect(items.some((i) => i.sk === `LINE#${second.recordKey}#20`)).toBe(true);
  });

  it('reports a record stored in two partitions once, naming both partitions sorted, and deletes the copy its locator does not place', () => {
    const items = [
      profileItem('c1', 'active'),
      profileItem('c2', 'active'),
      ...recordItems(customer, 'c2'),
      ...recordItems(customer, 'c1').slice(0, 1),
    ];

    const { violations, repairs } = checkStoreInvariants(items);

    expect(violations).toEqual([
      {
        kind: 'recordStoredTwice',
        recordKey: customer.recordKey,
        partitions: [keys.customer('c1'), keys.customer('c2')],
      },
    ]);
    const stray = recordItems(customer, 'c1')[0] as Item;
    expect(repairs.map((r) => r.ops)).toEqual([
      [
        {
          op: 'check',
          key: { pk: keys.locator(customer.recordKey), sk: keys.locatorSort },
          condition: { kind: 'matches', attributes: { partition: keys.customer('c2') } },
        },
        {
          op: 'delete',
          key: { pk: keys.customer('c1'), sk: stray.sk },
          condition: { kind: 'matches', attributes: { versionOrd: stray.versionOrd } },
        },
      ],
    ]);
  });

  it('leaves a record stored in two partitions unrepaired when its locator places neither copy', () => {
    const items = [
      profileItem('c1', 'active'),
      profileItem('c2', 'active'),
      ...recordItems(customer, 'c2').slice(0, 1),
      ...recordItems(customer, 'c1').slice(0, 1),
    ];

    expect(checkStoreInvariants(items).repairs).toEqual([]);
  });

  it('reports a record without a locator, naming its partition, and gives it a locator placing it there', () => {
    const items = without(cleanStore(), keys.locator(customer.recordKey), keys.locatorSort);

    const { violations, repairs } = checkStoreInvariants(items);

    expect(violations).toEqual([
      { kind: 'recordWithoutLocator', recordKey: customer.recordKey, partition: keys.customer('c1') },
    ]);
    expect(repairs.map((r) => r.ops)).toMatchObject([
      [
        {
          op: 'patch',
          key: { pk: keys.locator(customer.recordKey), sk: keys.locatorSort },
          set: { kind: 'locator', customerId: 'c1', partition: keys.customer('c1') },
          condition: { kind: 'absent' },
        },
      ],
    ]);
  });

  it('reports a catalogue record without a locator too', () => {
    const items = recordItems(product, undefined).slice(0, 1);

    expect(checkStoreInvariants(items).violations).toEqual([
      { kind: 'recordWithoutLocator', recordKey: product.recordKey, partition: keys.product('P-1') },
    ]);
  });
});

describe('checkStoreInvariants on locators', () => {
  const locatorPk = keys.locator(customer.recordKey);

  it('points a locator that names another partition back at the record', async () => {
    const items = replace(cleanStore(), locatorPk, keys.locatorSort, {
      partition: keys.customer('c7'),
      customerId: 'c7',
    });

    const { violations } = checkStoreInvariants(items);
    const after = await applyRepairs(items);

    expect(violations).toEqual([
      {
        kind: 'locatorMismatch',
        recordKey: customer.recordKey,
        locatorPartition: keys.customer('c7'),
        recordPartition: keys.customer('c1'),
      },
    ]);
    expect(itemAt(after, locatorPk, keys.locatorSort)).toMatchObject({
      partition: keys.customer('c1'),
      customerId: 'c1',
    });
    expect(checkStoreInvariants(after).violations).toEqual([]);
  });

  it('reports a locator with the right customer but another partition', () => {
    const items = replace(cleanStore(), locatorPk, keys.locatorSort, { partition: keys.customer('c7') });

    expect(checkStoreInvariants(items).violations).toEqual([
      {
        kind: 'locatorMismatch',
        recordKey: customer.recordKey,
        locatorPartition: keys.customer('c7'),
        recordPartition: keys.customer('c1'),
      },
    ]);
  });

  it('reports a locator with the right partition but another customer', () => {
    const items = replace(cleanStore(), locatorPk, keys.locatorSort, { customerId: 'c7' });

    expect(checkStoreInvariants(items).violations).toEqual([
      {
        kind: 'locatorMismatch',
        recordKey: customer.recordKey,
        locatorPartition: keys.customer('c1'),
        recordPartition: keys.customer('c1'),
      },
    ]);
  });

  it('does not revive a locator that says the record was deleted', () => {
    const items = replace(cleanStore(), locatorPk, keys.locatorSort, { deleted: true });

    const { violations, repairs } = checkStoreInvariants(items);

    expect(violations.map((v) => v.kind)).toEqual(['locatorMismatch']);
    expect(repairs).toEqual([]);
  });

  it('points a catalogue locator back without a customer, removing the one it had', async () => {
    const productLocator = keys.locator(product.recordKey);
    const items = replace(recordItems(product, undefined), productLocator, keys.locatorSort, {
      partition: keys.product('P-9'),
      customerId: 'c1',
    });

    const [repair] = checkStoreInvariants(items).repairs;
    const after = await applyRepairs(items);

    expect(repair?.ops).toStrictEqual([
      {
        op: 'patch',
        key: { pk: productLocator, sk: keys.locatorSort },
        set: { partition: keys.product('P-1') },
        remove: ['customerId'],
        condition: { kind: 'matches', attributes: { recordKey: product.recordKey } },
      },
    ]);
    expect(itemAt(after, productLocator, keys.locatorSort).customerId).toBeUndefined();
  });

  it('reports a live locator whose record is missing, without a repair', () => {
    const items = without(cleanStore(), keys.customer('c1'), keys.record(customer.recordKey));

    const { violations, repairs } = checkStoreInvariants(items);

    expect(violations).toEqual([
      {
        kind: 'locatorMismatch',
        recordKey: customer.recordKey,
        locatorPartition: keys.customer('c1'),
        recordPartition: undefined,
      },
    ]);
    expect(repairs).toEqual([]);
  });
});

describe('checkStoreInvariants on identifiers', () => {
  const idKey = 'erp:sap-s4:100';

  it('gives an identifier owned by a merged-away customer to the survivor, mirror and all', async () => {
    const items = [
      profileItem('c1', 'active'),
      profileItem('c2', 'merged', { mergedInto: 'c1' }),
      ...recordItems(customer, 'c1'),
      ...identifierItems(idKey, 'c2'),
    ];

    const { violations } = checkStoreInvariants(items);
    const after = await applyRepairs(items);

    expect(violations).toEqual([
      { kind: 'identifierOwnerInactive', idKey, customerId: 'c2', survivorId: 'c1' },
    ]);
    expect(itemAt(after, keys.identifier(idKey), keys.owner).customerId).toBe('c1');
    expect(after.some((i) => i.pk === keys.customer('c2') && i.kind === 'identifierMirror')).toBe(false);
    expect(itemAt(after, keys.customer('c1'), keys.identifierMirror(idKey))).toEqual(mirrorItem(idKey, 'c1'));
    expect(checkStoreInvariants(after).violations).toEqual([]);
  });

  it('rebuilds the survivor mirror from the identifier key when the old mirror is gone too', () => {
    const items = [
      profileItem('c1', 'active'),
      profileItem('c2', 'merged', { mergedInto: 'c1' }),
      identifierItems('email:a@b.de', 'c2')[0] as Item,
    ];

    const [repair] = checkStoreInvariants(items).repairs;

    expect(repair?.ops).toEqual([
      {
        op: 'put',
        item: { ...items[2], customerId: 'c1' },
        condition: { kind: 'matches', attributes: { customerId: 'c2' } },
      },
      {
        op: 'put',
        item: {
          pk: keys.customer('c1'),
          sk: keys.identifierMirror('email:a@b.de'),
          kind: 'identifierMirror',
          customerId: 'c1',
          identifier: { type: 'email', value: 'a@b.de' },
        },
      },
    ]);
  });

  it('leaves a survivor mirror that is already there alone', () => {
    const items = [
      profileItem('c1', 'active'),
      profileItem('c2', 'merged', { mergedInto: 'c1' }),
      ...identifierItems(idKey, 'c2'),
      mirrorItem(idKey, 'c1'),
    ];

    const [repair] = checkStoreInvariants(items).repairs;

    expect(repair?.ops.map((o) => o.op)).toEqual(['put', 'delete']);
  });

  it('reports an owner of an erased customer without a repair', () => {
    const items = [profileItem('c2', 'erased'), ...identifierItems(idKey, 'c2')];

    const { violations, repairs } = checkStoreInvariants(items);

    expect(violations).toEqual([{ kind: 'identifierOwnerInactive', idKey, customerId: 'c2' }]);
    expect(repairs).toEqual([]);
  });

  it('reports an owner whose customer partition does not mirror the identifier', () => {
    const items = without(cleanStore(), keys.customer('c1'), keys.identifierMirror(idKey));

    expect(checkStoreInvariants(items).violations).toEqual([
      { kind: 'identifierMirrorMissing', idKey, customerId: 'c1' },
    ]);
  });

  it('reports an identifier mirrored by two active customers, ignoring inactive holders', () => {
    const items = [
      ...cleanStore(),
      profileItem('c0', 'active'),
      mirrorItem(idKey, 'c0'),
      profileItem('c5', 'merged', { mergedInto: 'c1' }),
      mirrorItem(idKey, 'c5'),
    ];

    expect(checkStoreInvariants(items).violations).toEqual([
      { kind: 'identifierHeldTwice', idKey, customerIds: ['c0', 'c1'] },
    ]);
  });

  it('reports the owner missing its mirror, not a double holding, when one other active customer mirrors it', () => {
    const items = [
      ...without(cleanStore(), keys.customer('c1'), keys.identifierMirror(idKey)),
      profileItem('c0', 'active'),
      mirrorItem(idKey, 'c0'),
    ];

    expect(checkStoreInvariants(items).violations).toEqual([
      { kind: 'identifierMirrorMissing', idKey, customerId: 'c1' },
    ]);
  });

  it('counts an email owner alongside an ERP owner', () => {
    const items = [...cleanStore(), ...identifierItems('email:x@y.de', 'c1')];

    expect(checkStoreInvariants(items).counts.identifiers).toBe(2);
  });
});

describe('checkStoreInvariants on reaction decisions', () => {
  const payload = {
    reactionKey: 'payment-follow-up:sap-s4#invoice#INV-1',
    customerId: 'c1',
    invoice: { invoiceNumber: 'INV-1', grossAmount: 1200 },
  };
  /** A marker as written before the announcement took the payload: `kind: reaction`, payload and all. */
  const legacyMarker: Item = {
    pk: `REACTION#${payload.reactionKey}`,
    sk: 'DECISION',
    kind: 'reaction',
    detailType: 'PaymentFollowUpDue',
    reactionKey: payload.reactionKey,
    decidedAt: '2026-03-01T10:00:00Z',
    payload,
    backfill: 'initialLoad',
  };
  const marker: Item = {
    pk: 'REACTION#retention:c1:2026-03',
    sk: 'DECISION',
    kind: 'reactionDecided',
    detailType: 'RetentionTaskDue',
    reactionKey: 'retention:c1:2026-03',
    decidedAt: '2026-03-02T10:00:00Z',
  };
  const announcement: Item = {
    ...marker,
    sk: 'ANNOUNCEMENT',
    kind: 'reaction',
    payload: { reactionKey: 'r' },
  };

  it('names a marker that still keeps its payload, and no current marker or announcement', () => {
    // act
    const { violations } = checkStoreInvariants([...cleanStore(), legacyMarker, marker, announcement]);

    // assert
    expect(violations).toEqual([{ kind: 'decisionKeepsPayload', reactionKey: payload.reactionKey }]);
  });

  it('repairs it into the marker written today: what was decided and when, without the payload', async () => {
    // act
    const after = await applyRepairs([...cleanStore(), legacyMarker, marker]);

    // assert
    expect(after.find((i) => i.pk === legacyMarker.pk)).toEqual({
      pk: legacyMarker.pk,
      sk: 'DECISION',
      kind: 'reactionDecided',
      detailType: 'PaymentFollowUpDue',
      reactionKey: payload.reactionKey,
      decidedAt: '2026-03-01T10:00:00Z',
    });
    expect(after.find((i) => i.pk === marker.pk)).toEqual(marker);
    expect(checkStoreInvariants(after).violations).toEqual([]);
  });
});

describe('checkStoreInvariants: records an unmerge separated', () => {
  const other = storedRecord(exampleCustomer({ key: '200', version: '1' }, [erp('200')]));
  /** The customer record of c1 separated from `other`, held by `othersCustomer`. */
  const separated = (othersCustomer: string, change: Record<string, unknown> = {}): Item[] => [
    ...replace(cleanStore(), keys.locator(customer.recordKey), keys.locatorSort, {
      separateFrom: [other.recordKey],
    }),
    ...(othersCustomer === 'c1' ? [] : [profileItem(othersCustomer, 'active')]),
    ...replace(recordItems(other, othersCustomer), keys.locator(other.recordKey), keys.locatorSort, change),
  ];

  it('names two records on one customer that an unmerge separated for good, once, with no repair of its own', () => {
    const result = checkStoreInvariants(separated('c1'));

    expect(result.violations).toEqual([
      {
        kind: 'separatedRecordsTogether',
        recordKeys: [customer.recordKey, other.recordKey].sort(),
        customerId: 'c1',
      },
    ]);
    // The store re-resolves the customer (run-store-check.ts); the check has no commit of its own for it.
    expect(result.repairs).toEqual([]);
  });

  it('names the pair once when both sides hold the separation, and when only the later key does', () => {
    const both = replace(separated('c1'), keys.locator(other.recordKey), keys.locatorSort, {
      separateFrom: [customer.recordKey],
    });
    const laterOnly = [
      ...replace(cleanStore(), keys.locator(customer.recordKey), keys.locatorSort, { separateFrom: [] }),
      ...replace(recordItems(other, 'c1'), keys.locator(other.recordKey), keys.locatorSort, {
        separateFrom: [customer.recordKey],
      }),
    ];
    const expected = [
      {
        kind: 'separatedRecordsTogether',
        recordKeys: [customer.recordKey, other.recordKey].sort(),
        customerId: 'c1',
      },
    ];

    expect(checkStoreInvariants(both).violations).toEqual(expected);
    expect(checkStoreInvariants(laterOnly).violations).toEqual(expected);
  });

  it('looks past a separation from a record without a locator, a tombstone, and a locator without a customer', () => {
    const noPartner = replace(cleanStore(), keys.locator(customer.recordKey), keys.locatorSort, {
      separateFrom: ['customer#sap-s4#business-partners#gone'],
    });
    // a tombstone that still names its customer, separated from a record beside it
    const tombstone = replace(separated('c1'), keys.locator(customer.recordKey), keys.locatorSort, {
      deleted: true,
    }).filter((item) => !(item.kind === 'record' && item.recordKey === customer.recordKey));
    const noCustomer = [
      ...separated('c1').map((item) =>
        item.kind === 'locator'
          ? Object.fromEntries(Object.entries(item).filter(([k]) => k !== 'customerId'))
          : item,
      ),
    ] as Item[];

    expect(checkStoreInvariants(noPartner).violations).toEqual([]);
    expect(checkStoreInvariants(tombstone).violations).toEqual([]);
    expect(
      checkStoreInvariants(noCustomer).violations.filter((v) => v.kind === 'separatedRecordsTogether'),
    ).toEqual([]);
  });

  it('finds nothing when they are with two customers, or the other record is deleted', () => {
    expect(checkStoreInvariants(separated('c2')).violations).toEqual([]);
    const gone = separated('c1', { deleted: true }).filter(
      (item) => !(item.kind === 'record' && item.recordKey === other.recordKey),
    );
    expect(checkStoreInvariants(gone).violations).toEqual([]);
  });
});

describe('customersNamedIn: whose work in progress a violation may be', () => {
  it('names every customer a violation of records or identifiers is about, and none for the others', () => {
    const named = (v: StoreViolation) => customersNamedIn(v);

    expect(
      named({
        kind: 'recordUnderInactiveCustomer',
        recordKey: 'r',
        customerId: 'c1',
        status: 'merged',
        survivorId: 'c2',
      }),
    ).toEqual(['c1', 'c2']);
    expect(named({ kind: 'identifierOwnerInactive', idKey: 'email:a', customerId: 'c1' })).toEqual(['c1']);
    expect(
      named({ kind: 'recordStoredTwice', recordKey: 'r', partitions: ['CUST#c1', 'PRODUCT#P-1', 'CUST#c2'] }),
    ).toEqual(['c1', 'c2']);
    expect(named({ kind: 'recordWithoutLocator', recordKey: 'r', partition: 'CUST#c3' })).toEqual(['c3']);
    expect(named({ kind: 'orderLinesStale', recordKey: 'r', partition: 'CUST#c4' })).toEqual(['c4']);
    expect(
      named({
        kind: 'locatorMismatch',
        recordKey: 'r',
        locatorPartition: 'CUST#c1',
        recordPartition: 'CUST#c5',
      }),
    ).toEqual(['c1', 'c5']);
    expect(
      named({
        kind: 'locatorMismatch',
        recordKey: 'r',
        locatorPartition: undefined,
        recordPartition: 'PRODUCT#P-1',
      }),
    ).toEqual([]);
    expect(named({ kind: 'identifierMirrorMissing', idKey: 'email:a', customerId: 'c6' })).toEqual(['c6']);
    expect(named({ kind: 'identifierHeldTwice', idKey: 'email:a', customerIds: ['c1', 'c7'] })).toEqual([
      'c1',
      'c7',
    ]);
    expect(named({ kind: 'separatedRecordsTogether', recordKeys: ['a', 'b'], customerId: 'c8' })).toEqual([
      'c8',
    ]);
    expect(named({ kind: 'decisionKeepsPayload', reactionKey: 'k' })).toEqual([]);
    expect(named({ kind: 'erasureUnfinished', customerId: 'c1', startedAt: 't' })).toEqual([]);
    expect(named({ kind: 'restructuringUnfinished', customerId: 'c1', startedAt: 't' })).toEqual([]);
  });
});
