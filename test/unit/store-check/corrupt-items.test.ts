import { describe, expect, it } from 'vitest';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { checkStoreInvariants } from '../../../core/store-check/check-store-invariants.ts';
import { erp, exampleOrder } from '../../../schemas/entities/examples.ts';
import { profileItem, recordItems, storedRecord } from '../items/stored-items.ts';

// Items a bug or a hand edit left incomplete: the check still reports them, in the violation's own types, and
// repairs nothing it cannot check.

const orderItems = (customerId: string) =>
  recordItems(storedRecord(exampleOrder({ key: 'SO-1', version: '3' }, [erp('100')])), customerId);

const edit = (items: readonly Item[], kind: string, change: (item: Item) => Item) =>
  items.map((item) => (item.kind === kind ? change(item) : item));

describe('checkStoreInvariants on corrupt items', () => {
  it('reports a stranded record without a version but does not move it', () => {
    const items = [
      profileItem('c1', 'active'),
      profileItem('c2', 'merged', { mergedInto: 'c1' }),
      ...edit(orderItems('c2'), 'record', ({ versionOrd: _dropped, ...rest }) => rest as Item),
    ];

    const { violations, repairs } = checkStoreInvariants(items);

    expect(violations.map((v) => v.kind)).toEqual(['recordUnderInactiveCustomer']);
    expect(repairs).toEqual([]);
  });

  it('names no locator partition when the locator holds a partition that is not text', () => {
    const items = [
      profileItem('c1', 'active'),
      ...edit(orderItems('c1'), 'locator', (item) => ({ ...item, partition: 7 })),
    ];

    const { violations } = checkStoreInvariants(items);

    expect(violations).toEqual([
      expect.objectContaining({
        kind: 'locatorMismatch',
        locatorPartition: undefined,
        recordPartition: keys.customer('c1'),
      }),
    ]);
  });

  it('reports a record in a customer partition without its customer as a locator mismatch, not as stranded', () => {
    const items = [
      profileItem('c1', 'active'),
      ...edit(orderItems('c1'), 'record', ({ customerId: _dropped, ...rest }) => rest as Item),
    ];

    const { violations } = checkStoreInvariants(items);

    expect(violations.map((v) => v.kind)).toEqual(['locatorMismatch']);
  });
});
