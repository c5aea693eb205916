import { keys } from '../../core/items/keys.ts';
import { LocatorItemSchema, parseStateItem } from '../../core/items/state-items.ts';
import { keyString } from '../../core/items/write-ops.ts';
import type { StoreBackend } from '../../core/ports/store-backend.ts';
import type { CurrentInstalledProduct } from '../../core/reactions/coverage-due.ts';
import { InstalledProductDataSchema } from '../../schemas/entities/installed-product.ts';

/**
 * The unit as its record stands now: the locator says where the record lives (a merge moves it to the survivor);
 * no live locator, no record there or a record that is no installed product means the unit is gone (deleted at the
 * source, or its customer erased, which deletes records and locators).
 */
export const readCurrentInstalledProduct = async (
  backend: StoreBackend,
  recordKey: string,
): Promise<CurrentInstalledProduct | undefined> => {
  const locatorKey = { pk: keys.locator(recordKey), sk: keys.locatorSort };
  const locatorItem = (await backend.getItems([locatorKey])).get(keyString(locatorKey));
  if (!locatorItem) return undefined;
  const locator = parseStateItem(LocatorItemSchema, locatorItem);
  if (locator.deleted || locator.partition === undefined) return undefined;
  const recordItemKey = { pk: locator.partition, sk: keys.record(recordKey) };
  const record = (await backend.getItems([recordItemKey])).get(keyString(recordItemKey));
  if (record?.kind !== 'record' || record.entity !== 'installedProduct') return undefined;
  if (typeof record.customerId !== 'string') return undefined;
  return { customerId: record.customerId, product: InstalledProductDataSchema.parse(record.data) };
};
