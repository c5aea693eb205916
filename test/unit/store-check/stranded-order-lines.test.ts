import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { keyString } from '../../../core/items/write-ops.ts';
import { checkStoreInvariants } from '../../../core/store-check/check-store-invariants.ts';
import { erp, exampleOrder } from '../../../schemas/entities/examples.ts';
import { profileItem, recordItems, storedRecord } from '../items/stored-items.ts';

// A stranded order moves with its lines. An order of n lines is stored as the order item (its first line's
// part-index entry) and n−1 LINE# items, but a store written before that layout also holds a LINE# item for
// the first line: a move must not carry that one along as a duplicate demand entry.

const order = storedRecord(
  exampleOrder({ key: 'SO-7', version: '2' }, [erp('700')], {
    lines: [
      { partNumber: 'P-1', quantity: 2 },
      { partNumber: 'P-2', quantity: 1 },
      { partNumber: 'P-3', quantity: 4 },
    ],
  }),
);

const strandedUnderMerged = (extra: readonly Item[] = []) => [
  profileItem('c1', 'active'),
  profileItem('c2', 'merged', { mergedInto: 'c1' }),
  ...recordItems(order, 'c2'),
  ...extra,
];

const repaired = async (items: readonly Item[]): Promise<Item[]> => {
  const backend = new MemoryBackend();
  for (const item of items) backend.items.set(keyString(item), structuredClone(item));
  for (const repair of checkStoreInvariants(items).repairs) {
    expect(await backend.commit(repair.ops)).toEqual({ ok: true });
  }
  return [...backend.items.values()];
};

const linesOf = (items: readonly Item[], customerId: string) =>
  items
    .filter(
      (i) => i.pk === keys.customer(customerId) && i.recordKey === order.recordKey && i.kind === 'orderLine',
    )
    .map((i) => i.sk);

describe('the store check moving a stranded order', () => {
  it('moves an order of three lines as the order item and two LINE# items', async () => {
    const items = strandedUnderMerged();

    const after = await repaired(items);

    expect(linesOf(items, 'c2')).toEqual([`LINE#${order.recordKey}#20`, `LINE#${order.recordKey}#30`]);
    expect(linesOf(after, 'c2')).toEqual([]);
    expect(linesOf(after, 'c1')).toEqual([`LINE#${order.recordKey}#20`, `LINE#${order.recordKey}#30`]);
    expect(after.find((i) => i.sk === keys.record(order.recordKey))).toMatchObject({
      pk: keys.customer('c1'),
      gsi1pk: 'PART#P-1',
    });
    expect(checkStoreInvariants(after).violations).toEqual([]);
  });

  it('deletes a first-line item of the old layout instead of moving it', async () => {
    const legacyFirstLine: Item = {
      pk: keys.customer('c2'),
      sk: `LINE#${order.recordKey}#10`,
      kind: 'orderLine',
      recordKey: order.recordKey,
      customerId: 'c2',
      partNumber: 'P-1',
      quantity: 2,
      orderNumber: 'SO-7',
      orderStatus: 'open',
      cause: 'ingest',
      gsi1pk: 'PART#P-1',
      gsi1sk: `2026-03-01T10:00:00Z#DEMAND#c2#${order.recordKey}#10`,
    };

    const after = await repaired(strandedUnderMerged([legacyFirstLine]));

    expect(linesOf(after, 'c2')).toEqual([]);
    expect(linesOf(after, 'c1')).toEqual([`LINE#${order.recordKey}#20`, `LINE#${order.recordKey}#30`]);
  });
});
