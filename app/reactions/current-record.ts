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
 * `moving` while a restructuring (merge or unmerge) too big for one commit is under way for the customer the locator
 * names (its profile carries the mark, core/ingest/commit-plan.ts), or the locator names a customer merged away (one
 * that stopped before its deletes), or a partition its record has left (a store written before restructurings put
 * copies first).
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
  const profileKey = { pk: locator.partition, sk: keys.profile };
  const found = await backend.getItems([recordItemKey, profileKey]);
  const record = found.get(keyString(recordItemKey));
  const profile = found.get(keyString(profileKey));
  if (record === undefined || profile?.status === 'merged' || profile?.restructuring !== undefined)
    return { kind: 'moving' };
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
