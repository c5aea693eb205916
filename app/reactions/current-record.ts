import { keys } from '../../core/items/keys.ts';
import { LocatorItemSchema, parseStateItem } from '../../core/items/state-items.ts';
import { keyString } from '../../core/items/write-ops.ts';
import type { StoreBackend } from '../../core/ports/store-backend.ts';

/** A customer's source record as it stands now, its data not parsed yet. */
export interface CurrentRecord {
  readonly customerId: string;
  readonly data: unknown;
}

/**
 * The record as it stands now: the locator says where the record lives (a merge moves it to the survivor);
 * no live locator, no record there or a record of another entity means it is gone (deleted at the source, or its
 * customer erased, which deletes records and locators).
 */
export const readCurrentRecord = async (
  backend: StoreBackend,
  recordKey: string,
  entity: string,
): Promise<CurrentRecord | undefined> => {
  const locatorKey = { pk: keys.locator(recordKey), sk: keys.locatorSort };
  const locatorItem = (await backend.getItems([locatorKey])).get(keyString(locatorKey));
  if (!locatorItem) return undefined;
  const locator = parseStateItem(LocatorItemSchema, locatorItem);
  if (locator.deleted || locator.partition === undefined) return undefined;
  const recordItemKey = { pk: locator.partition, sk: keys.record(recordKey) };
  const record = (await backend.getItems([recordItemKey])).get(keyString(recordItemKey));
  if (record?.kind !== 'record' || record.entity !== entity) return undefined;
  if (typeof record.customerId !== 'string') return undefined;
  return { customerId: record.customerId, data: record.data };
};
