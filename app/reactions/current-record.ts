import { keys } from '../../core/items/keys.ts';
import { LocatorItemSchema, parseStateItem } from '../../core/items/state-items.ts';
import { keyString } from '../../core/items/write-ops.ts';
import type { StoreBackend } from '../../core/ports/store-backend.ts';

/** A customer's source record as it stands now, its data not parsed yet. */
export interface CurrentRecord {
  readonly customerId: string;
  readonly data: unknown;
  /** The version its item carries (`versionOrd`); undefined only for an item from before items carried one. */
  readonly versionOrd: string | undefined;
}

/**
 * Where a record stands now: `at` the place its locator names; `gone` when there is no live locator (deleted at
 * the source, or its customer erased, which deletes records and locators) or the item there is of another entity;
 * `moving` when the locator is live but names a partition its record has already left: a restructuring (merge or
 * unmerge) too big for one commit has removed the old copy and not yet pointed the locator at the new one.
 */
export type RecordWhereabouts =
  | { readonly kind: 'at'; readonly record: CurrentRecord }
  | { readonly kind: 'gone' }
  | { readonly kind: 'moving' };

export const locateRecord = async (
  backend: StoreBackend,
  recordKey: string,
  entity: string,
): Promise<RecordWhereabouts> => {
  const locatorKey = { pk: keys.locator(recordKey), sk: keys.locatorSort };
  const locatorItem = (await backend.getItems([locatorKey])).get(keyString(locatorKey));
  if (!locatorItem) return { kind: 'gone' };
  const locator = parseStateItem(LocatorItemSchema, locatorItem);
  if (locator.deleted || locator.partition === undefined) return { kind: 'gone' };
  const recordItemKey = { pk: locator.partition, sk: keys.record(recordKey) };
  const record = (await backend.getItems([recordItemKey])).get(keyString(recordItemKey));
  if (record === undefined) return { kind: 'moving' };
  if (record.kind !== 'record' || record.entity !== entity) return { kind: 'gone' };
  if (typeof record.customerId !== 'string') return { kind: 'gone' };
  const versionOrd = typeof record.versionOrd === 'string' ? record.versionOrd : undefined;
  return { kind: 'at', record: { customerId: record.customerId, data: record.data, versionOrd } };
};

/**
 * A record read while a restructuring is moving it (`moving`): whoever needs the record as it stands cannot decide
 * yet. A stream change that fails with it is delivered again once the locator names the record's new place.
 */
export class RecordMovingError extends Error {
  constructor(recordKey: string) {
    super(`record ${recordKey} is being moved: its locator does not name its new place yet`);
    this.name = 'RecordMovingError';
  }
}
