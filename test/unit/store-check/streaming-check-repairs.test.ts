import { describe, expect, it } from 'vitest';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { keyString } from '../../../core/items/write-ops.ts';
import { createStoreInvariantCheck } from '../../../core/store-check/check-store-invariants.ts';
import { erp, exampleOrder } from '../../../schemas/entities/examples.ts';
import { identifierItems, itemAt, profileItem, recordItems, storedRecord } from '../items/stored-items.ts';

// The streaming check keeps only keys and pointers; its repairs re-read the items they rewrite (`needs`) and
// build nothing when what they read back is no longer what the check saw.

const ID_KEY = 'erp:sap-s4:100';

const checkOf = (items: readonly Item[]) => {
  const check = createStoreInvariantCheck();
  for (const item of items) check.add(item);
  return { check, result: check.finish() };
};

const byKey = (items: readonly Item[]) => new Map(items.map((item) => [keyString(item), item]));

const strandedOrder = () => {
  const order = storedRecord(exampleOrder({ key: 'SO-1', version: '3' }, [erp('100')]));
  return {
    order,
    items: [
      profileItem('c1', 'active'),
      profileItem('c2', 'merged', { mergedInto: 'c1' }),
      ...recordItems(order, 'c2'),
    ],
  };
};

describe('createStoreInvariantCheck: repairs built from items read again', () => {
  it('counts every item it was given', () => {
    const { items } = strandedOrder();

    const { check } = checkOf(items);

    expect(check.items).toBe(items.length);
  });

  it('asks only for the stranded record and moves it when it is read back unchanged', () => {
    const { order, items } = strandedOrder();
    const record = itemAt(items, keys.customer('c2'), keys.record(order.recordKey));

    const [repair] = checkOf(items).result.repairs;

    expect(repair?.needs).toEqual([{ pk: record.pk, sk: record.sk }]);
    expect(repair?.build(byKey(items))?.[0]).toMatchObject({
      op: 'delete',
      key: { pk: record.pk, sk: record.sk },
    });
  });

  it('builds no move when the record is gone or was written again since the check read it', () => {
    const { order, items } = strandedOrder();
    const record = itemAt(items, keys.customer('c2'), keys.record(order.recordKey));
    const [repair] = checkOf(items).result.repairs;

    expect(repair?.build(new Map())).toBeUndefined();
    expect(
      repair?.build(
        new Map([[keyString(record), { ...record, versionOrd: `${String(record.versionOrd)}9` }]]),
      ),
    ).toBeUndefined();
    const { versionOrd: _dropped, ...withoutVersion } = record;
    expect(repair?.build(new Map([[keyString(record), withoutVersion as Item]]))).toBeUndefined();
  });

  it('asks for the owner and the old mirror of an identifier owned by a merged-away customer', () => {
    const items = [
      profileItem('c1', 'active'),
      profileItem('c2', 'merged', { mergedInto: 'c1' }),
      ...identifierItems(ID_KEY, 'c2'),
    ];

    const [repair] = checkOf(items).result.repairs;

    expect(repair?.needs).toEqual([
      { pk: keys.identifier(ID_KEY), sk: keys.owner },
      { pk: keys.customer('c2'), sk: keys.identifierMirror(ID_KEY) },
    ]);
    expect(repair?.build(byKey(items))?.map((op) => op.op)).toEqual(['put', 'delete', 'put']);
  });

  it('asks only for the owner when the old customer holds no mirror, and builds nothing when the owner is gone', () => {
    const items = [
      profileItem('c1', 'active'),
      profileItem('c2', 'merged', { mergedInto: 'c1' }),
      ...identifierItems(ID_KEY, 'c2').filter((item) => item.kind !== 'identifierMirror'),
    ];

    const [repair] = checkOf(items).result.repairs;

    expect(repair?.needs).toEqual([{ pk: keys.identifier(ID_KEY), sk: keys.owner }]);
    expect(repair?.build(new Map())).toBeUndefined();
  });

  it('points a locator back without reading anything again', () => {
    const { order } = strandedOrder();
    const items = recordItems(order, 'c1').map((item) =>
      item.kind === 'locator' ? { ...item, partition: keys.customer('c7') } : item,
    );

    const [repair] = checkOf([profileItem('c1', 'active'), ...items]).result.repairs;

    expect(repair?.needs).toEqual([]);
    expect(repair?.build(new Map())).toMatchObject([
      { op: 'patch', set: { partition: keys.customer('c1') } },
    ]);
  });
});

describe('createStoreInvariantCheck: a decision marker that keeps its payload', () => {
  const legacy: Item = {
    pk: 'REACTION#retention:c1:2026-03',
    sk: 'DECISION',
    kind: 'reaction',
    detailType: 'RetentionTaskDue',
    reactionKey: 'retention:c1:2026-03',
    decidedAt: '2026-03-02T10:00:00Z',
    payload: { reactionKey: 'retention:c1:2026-03', customerId: 'c1' },
  };

  it('asks for the marker alone and rewrites it only while it is still the legacy one read', () => {
    const [repair] = checkOf([legacy]).result.repairs;
    const rewritten = { ...legacy, kind: 'reactionDecided', payload: undefined };

    expect(repair?.needs).toEqual([{ pk: legacy.pk, sk: legacy.sk }]);
    expect(repair?.build(byKey([legacy]))).toEqual([
      expect.objectContaining({
        op: 'put',
        condition: { kind: 'matches', attributes: { kind: 'reaction' } },
      }),
    ]);
    expect(repair?.build(byKey([rewritten]))).toBeUndefined();
    expect(repair?.build(new Map())).toBeUndefined();
  });

  it('leaves a reaction item outside a decision partition or under another sort key alone', () => {
    const { result } = checkOf([
      { ...legacy, sk: 'ANNOUNCEMENT' },
      { ...legacy, pk: 'CUST#c1', sk: 'DECISION' },
    ]);

    expect(result.violations).toEqual([]);
  });
});
