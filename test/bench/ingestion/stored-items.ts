import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { scanPages } from '../../../adapters/dynamodb/paginate.ts';
import { readItemSize, writeUnitsFor } from './item-size.ts';
import type { IndexKeys } from './transaction-cost.ts';

/**
 * What the store holds after an ingest, by kind of item, priced as if each item had been written once with a
 * plain single-item write (its size, plus one write per index it lands in): the part of the measured WCU that
 * the data itself costs, against what the layout's bookkeeping, repeated writes and transactions add.
 */
export const STORED_ITEM_CLASSES = [
  'records',
  'orderLines',
  'identifierClaims',
  'locators',
  'identifierMirrors',
  'profiles',
  'other',
] as const;
export type StoredItemClass = (typeof STORED_ITEM_CLASSES)[number];

/**
 * The data any layout has to write for the same records and access patterns: each record's item, found by its
 * source key and by its customer in time order; an entry in the part index for each order line and part
 * interest; one claim per identifier, so two customers never own it. Order lines 2…n count as their part-index
 * entry alone: a second sparse index of the order item could hold them without an item of their own.
 */
const DATA_CLASSES: ReadonlySet<StoredItemClass> = new Set(['records', 'orderLines', 'identifierClaims']);

export const StoredItemClassCostSchema = z.object({
  name: z.enum(STORED_ITEM_CLASSES),
  items: z.number().int(),
  /** Index entries of those items (each one more write). */
  indexEntries: z.number().int(),
  /** Each item written once, plainly: one WCU per started KB, once for the table and once per index entry. */
  writeUnits: z.number(),
});

export const StoredItemsSchema = z.object({
  records: z.number().int(),
  classes: z.array(StoredItemClassCostSchema),
  /** Every stored item written once, plainly, per record. */
  storedOnceWriteUnitsPerRecord: z.number(),
  /**
   * The data classes alone, per record, with each index entry at the least any projection costs (1 WCU) and an
   * order line as its index entry only: below this, no layout stores these records for the same reads.
   */
  dataFloorWriteUnitsPerRecord: z.number(),
});
export type StoredItems = z.infer<typeof StoredItemsSchema>;

type Item = Record<string, unknown>;

/** An item's class by its keys (core/items/keys.ts). */
export const storedItemClass = (item: Item): StoredItemClass => {
  const pk = String(item.pk ?? '');
  const sk = String(item.sk ?? '');
  if (sk.startsWith('REC#')) return 'records';
  if (sk.startsWith('LINE#')) return 'orderLines';
  if (pk.startsWith('ID#') && sk === 'OWNER') return 'identifierClaims';
  if (pk.startsWith('SRC#') && sk === 'LOCATOR') return 'locators';
  if (pk.startsWith('CUST#') && sk.startsWith('ID#')) return 'identifierMirrors';
  if (pk.startsWith('CUST#') && sk === 'PROFILE') return 'profiles';
  return 'other';
};

/** Sums stored items by class for `records` ingested records, one item at a time (a table may not fit in memory). */
export const storedItemsCost = async (
  items: AsyncIterable<Item> | Iterable<Item>,
  records: number,
  indexes: readonly IndexKeys[],
): Promise<StoredItems> => {
  const totals = new Map<StoredItemClass, { items: number; indexEntries: number; writeUnits: number }>();
  let floor = 0;
  for await (const item of items) {
    const name = storedItemClass(item);
    const units = writeUnitsFor(readItemSize(item));
    const entries = indexes.filter((i) => i.partitionKey in item && i.sortKey in item).length;
    const total = totals.get(name) ?? { items: 0, indexEntries: 0, writeUnits: 0 };
    total.items += 1;
    total.indexEntries += entries;
    total.writeUnits += units * (1 + entries);
    totals.set(name, total);
    if (DATA_CLASSES.has(name)) floor += (name === 'orderLines' ? 0 : units) + entries;
  }
  const per = (n: number) => n / Math.max(1, records);
  const classes = STORED_ITEM_CLASSES.flatMap((name) => {
    const total = totals.get(name);
    return total ? [{ name, ...total }] : [];
  });
  return {
    records,
    classes,
    storedOnceWriteUnitsPerRecord: per(classes.reduce((sum, c) => sum + c.writeUnits, 0)),
    dataFloorWriteUnitsPerRecord: per(floor),
  };
};

/** Every item of a table, page by page (an untimed read after the phase). */
export async function* scanTable(documentClient: DynamoDBDocumentClient, tableName: string) {
  for await (const page of scanPages(documentClient, { TableName: tableName })) {
    yield* (page.Items ?? []) as Item[];
  }
}

/** The stored items of a table after `records` were ingested, by class. */
export const measureStoredItems = (
  documentClient: DynamoDBDocumentClient,
  tableName: string,
  records: number,
  indexes: readonly IndexKeys[],
): Promise<StoredItems> => storedItemsCost(scanTable(documentClient, tableName), records, indexes);
