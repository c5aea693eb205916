import { keys } from '../items/keys.ts';
import type { Item } from '../items/record-items.ts';
import {
  LocatorItemSchema,
  OwnerItemSchema,
  ProfileItemSchema,
  parseStateItem,
} from '../items/state-items.ts';
import { keyString } from '../items/write-ops.ts';
import type { StoreBackend } from '../ports/store-backend.ts';
import type { PreparedRecord } from './prepare-records.ts';
import type { IngestSnapshot } from './snapshot.ts';

/**
 * Reads what a page's records need to be placed, in batched rounds: their locators and the owner entries
 * of every identifier they carry (which is also the suppression check), then the profiles of the
 * customers involved, then the owned identifiers' owners again.
 */
export const readSnapshot = async (
  backend: StoreBackend,
  prepared: readonly PreparedRecord[],
  hashOf: (idKey: string) => string,
): Promise<IngestSnapshot> => {
  const idKeys = [
    ...new Set(prepared.flatMap((p) => p.record.identifiers.map((id) => `${id.type}:${id.value}`))),
  ];
  const ownerKey = (idKey: string) => ({ pk: keys.identifier(hashOf(idKey)), sk: keys.owner });
  const locatorKey = (rk: string) => ({ pk: keys.locator(rk), sk: keys.locatorSort });
  const found = await backend.getItems([
    ...prepared.map((p) => locatorKey(p.record.recordKey)),
    ...idKeys.map(ownerKey),
  ]);
  const snapshot: IngestSnapshot = {
    owners: new Map(),
    locators: new Map(),
    profiles: new Map(),
    moved: new Set(),
  };
  for (const p of prepared) {
    const item = found.get(keyString(locatorKey(p.record.recordKey)));
    if (item) snapshot.locators.set(p.record.recordKey, parseStateItem(LocatorItemSchema, item));
  }
  const customers = new Set<string>();
  for (const idKey of idKeys) {
    const item = found.get(keyString(ownerKey(idKey)));
    if (!item) continue;
    if (item.kind === 'suppressed') {
      snapshot.owners.set(idKey, 'suppressed');
      continue;
    }
    const owner = parseStateItem(OwnerItemSchema, item);
    snapshot.owners.set(idKey, owner);
    customers.add(owner.customerId);
  }
  for (const locator of snapshot.locators.values()) if (locator.customerId) customers.add(locator.customerId);
  if (customers.size > 0) {
    const profiles = await backend.getItems(
      [...customers].map((id) => ({ pk: keys.customer(id), sk: keys.profile })),
    );
    for (const item of profiles.values()) {
      const profile = parseStateItem(ProfileItemSchema, item);
      snapshot.profiles.set(profile.customerId, profile);
    }
    // The profiles were read after the owners: a restructuring that committed in between would pair an
    // old owner with the new revision, and a write guarded by that revision would pass. Reading the owners
    // once more, after the profiles, closes that gap: an owner unchanged across both reads was the owner
    // when the revision was read (a restructuring that took it and gave it back bumped the revision after).
    const owned = idKeys.filter((idKey) => {
      const owner = snapshot.owners.get(idKey);
      return owner !== undefined && owner !== 'suppressed';
    });
    const again = await backend.getItems(owned.map(ownerKey));
    for (const idKey of owned) {
      const before = found.get(keyString(ownerKey(idKey)));
      const after = again.get(keyString(ownerKey(idKey)));
      if (!sameOwner(before, after)) snapshot.moved.add(idKey);
    }
  }
  return snapshot;
};

const sameOwner = (a: Item | undefined, b: Item | undefined): boolean =>
  // Stryker disable next-line ConditionalExpression: `a` is the first read's owner entry, which every identifier checked here has.
  a !== undefined &&
  b !== undefined &&
  // Stryker disable next-line ConditionalExpression: an owner entry always names a customer and a suppression never does, so the customer check below tells them apart too.
  a.kind === b.kind &&
  a.customerId === b.customerId &&
  JSON.stringify(a.contestedBy ?? []) === JSON.stringify(b.contestedBy ?? []) &&
  a.firstCarrier === b.firstCarrier;
