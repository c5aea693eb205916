import { IdentityConflictSchema, LedgerEntrySchema } from '../../schemas/entities/identity.ts';
import { keys } from '../items/keys.ts';
import type { Item } from '../items/record-items.ts';
import {
  type LocatorItem,
  LocatorItemSchema,
  type OwnerItem,
  OwnerItemSchema,
  ProfileItemSchema,
  parseStateItem,
} from '../items/state-items.ts';
import type { StoredRecord } from '../items/stored-record.ts';
import { keyString } from '../items/write-ops.ts';
import type { StoreBackend } from '../ports/store-backend.ts';
import { type GatheredCluster, recordFromItem } from './cluster.ts';
import { versionOrder } from './version-order.ts';

/** The sides of a stored conflict (its item carries the rest of the conflict too). */
const ConflictSidesSchema = IdentityConflictSchema.pick({ customerIds: true }).loose();

/** Beyond this many customers a cluster is resolved as far as it was read (see docs/table-design.md). */
export const MAX_GATHERED_CUSTOMERS = 40;

/**
 * Reads the connected part of the identity graph around some customers and identifiers: every customer
 * owning or contesting one of the identifiers, every identifier their records link by, transitively.
 * Merged customers are followed to where they were merged; their profiles are kept so an unmerge can
 * bring them back.
 */
export const readCluster = async (
  backend: StoreBackend,
  seedCustomers: readonly string[],
  seedIdentifiers: readonly string[],
  hashOf: (idKey: string) => string,
  ownersRead?: OwnersRead,
): Promise<GatheredCluster> => {
  for (let round = 1; ; round++) {
    // A repeated gather reads every owner again: an owner read before was what made the last one stale.
    const known = round === 1 ? ownersRead : undefined;
    const cluster = await gatherOnce(backend, seedCustomers, seedIdentifiers, hashOf, known);
    if (round >= MAX_GATHER_ROUNDS || staleOwners(cluster).length === 0) return cluster;
  }
};

/**
 * Owner entries the caller read just before the gather, so its first round does not read them again. They were
 * read before any partition of the gather, as its own reads of them would be, so the stale-owner check covers them.
 */
export interface OwnersRead {
  /** The identifiers (`type:value`) whose owner entries were read. */
  readonly idKeys: ReadonlySet<string>;
  /** What that read found, by item key; an identifier nobody owns has no item. */
  readonly found: ReadonlyMap<string, Item>;
}

/**
 * A gather is repeated when it read an identifier's owner before a concurrent restructuring moved the
 * identifier away: the owner item still names customer X, but X's partition, read after it, no longer holds
 * the identifier's mirror. Planning on such a read would put a record beside X although the identifier now
 * belongs to a customer the gather never saw; X's revision guard cannot catch it, since X's partition was read
 * after the move. Owner and mirror change in one commit, so a fresh gather is consistent unless yet another
 * move races it. After this many rounds the last gather is used (a store whose owner lacks its mirror for good
 * is damaged; the store check reports and repairs it).
 */
export const MAX_GATHER_ROUNDS = 5;

/** The identifiers whose owner, as read, names a customer whose partition (read later) lacks the identifier's mirror. */
export const staleOwners = (cluster: GatheredCluster): string[] => {
  // A heavy customer's partition holds many thousands of items; its mirrors are looked up, not scanned for.
  const mirrors = new Map<string, Set<string>>();
  const mirrorsOf = (customerId: string, partition: readonly Item[]) => {
    let found = mirrors.get(customerId);
    // Stryker disable next-line ConditionalExpression: the cache only saves scanning a partition again, which gives the same set
    if (!found) {
      // Stryker disable next-line MethodExpression,ConditionalExpression: only mirrors have `ID#` sort keys in a customer partition, so every item's sort key answers the same lookups
      found = new Set(partition.filter((item) => item.kind === 'identifierMirror').map((item) => item.sk));
      mirrors.set(customerId, found);
    }
    return found;
  };
  return [...cluster.owners].flatMap(([idKey, owner]) => {
    const partition = cluster.partitions.get(owner.customerId);
    if (!partition) return [];
    return mirrorsOf(owner.customerId, partition).has(keys.identifierMirror(idKey)) ? [] : [idKey];
  });
};

const gatherOnce = async (
  backend: StoreBackend,
  seedCustomers: readonly string[],
  seedIdentifiers: readonly string[],
  hashOf: (idKey: string) => string,
  ownersRead: OwnersRead | undefined,
): Promise<GatheredCluster> => {
  const cluster: GatheredCluster = {
    partitions: new Map(),
    profiles: new Map(),
    owners: new Map(),
    locators: new Map(),
    records: new Map(),
    strays: [],
    leftovers: new Map(),
  };
  const copies = new Map<string, Array<{ record: StoredRecord; customerId: string }>>();
  const lookedUpIds = new Set<string>();
  const seenCustomers = new Set<string>();
  const dormant = new Set<string>();
  let idQueue = [...seedIdentifiers];
  let customerQueue = [...seedCustomers];
  /** Customers merged into a gathered one (its ledger says so): looked at for what a stopped merge left there. */
  let mergedQueue: string[] = [];
  const mergedRead = new Set<string>();
  const profileKey = (customerId: string) => ({ pk: keys.customer(customerId), sk: keys.profile });

  const locatorsRead = new Set<string>();
  for (;;) {
    while (idQueue.length > 0 || customerQueue.length > 0 || mergedQueue.length > 0) {
      const ids = [...new Set(idQueue)].filter((id) => !lookedUpIds.has(id));
      idQueue = [];
      // Both backends answer a read of no keys without a request, so the three `length > 0` guards only skip a call.
      // Stryker disable next-line ConditionalExpression,EqualityOperator: see above
      if (ids.length > 0) {
        for (const id of ids) lookedUpIds.add(id);
        const ownerKey = (id: string) => ({ pk: keys.identifier(hashOf(id)), sk: keys.owner });
        const found = await backend.getItems(ids.filter((id) => !ownersRead?.idKeys.has(id)).map(ownerKey));
        for (const id of ids) {
          const key = keyString(ownerKey(id));
          const item = ownersRead?.idKeys.has(id) ? ownersRead.found.get(key) : found.get(key);
          if (item?.kind !== 'identifier') continue;
          const owner: OwnerItem = parseStateItem(OwnerItemSchema, item);
          cluster.owners.set(id, owner);
          customerQueue.push(owner.customerId, ...owner.contestedBy);
        }
      }
      const customers = [...new Set(customerQueue)].filter((c) => !seenCustomers.has(c));
      customerQueue = [];
      if (cluster.partitions.size >= MAX_GATHERED_CUSTOMERS) break;
      await Promise.all(
        customers.map(async (customerId) => {
          seenCustomers.add(customerId);
          const items = await backend.readPartition(keys.customer(customerId));
          const profileItem = items.find((i) => i.sk === keys.profile);
          if (!profileItem) return;
          const profile = parseStateItem(ProfileItemSchema, profileItem);
          cluster.profiles.set(customerId, profile);
          if (profile.status === 'merged') {
            if (profile.mergedInto) customerQueue.push(profile.mergedInto);
            takeLeftovers(customerId, items);
            return;
          }
          if (profile.status !== 'active') return;
          cluster.partitions.set(customerId, items);
          for (const item of items) collect(item, customerId);
        }),
      );
      const merged = [...new Set(mergedQueue)].filter((c) => !seenCustomers.has(c) && !mergedRead.has(c));
      mergedQueue = [];
      for (const customerId of merged) mergedRead.add(customerId);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: see the first `length > 0` guard
      const mergedProfiles = merged.length > 0 ? await backend.getItems(merged.map(profileKey)) : new Map();
      await Promise.all(
        [...mergedProfiles.values()].map(async (item: Item) => {
          const profile = parseStateItem(ProfileItemSchema, item);
          cluster.profiles.set(profile.customerId, profile);
          // A customer an unmerge brought back is a customer of its own, gathered (or not) through its identifiers.
          if (profile.status !== 'merged') return;
          seenCustomers.add(profile.customerId);
          // Only a merge split over several commits that has not finished leaves the merged customer marked.
          if (profile.restructuring === undefined) return;
          takeLeftovers(profile.customerId, await backend.readPartition(keys.customer(profile.customerId)));
        }),
      );
    }

    // The locators of the records collected so far. One that places its record with a customer the walk has not
    // read leads there: a restructuring that stopped between its commits (an unmerge that had moved the records and
    // their locators to the customer it brought back, but not yet the identifiers' owner items) leaves that customer
    // reachable only through them, and a plan without its partition would put the customer's next record beside
    // the copies it left behind.
    const unread = [...copies.keys()].filter((rk) => !locatorsRead.has(rk));
    // Stryker disable next-line ConditionalExpression,EqualityOperator: see the first `length > 0` guard
    if (unread.length > 0) {
      const found = await backend.getItems(
        unread.map((rk) => ({ pk: keys.locator(rk), sk: keys.locatorSort })),
      );
      for (const item of found.values()) {
        const locator = parseStateItem(LocatorItemSchema, item);
        cluster.locators.set(locator.recordKey, locator);
      }
      for (const rk of unread) locatorsRead.add(rk);
    }
    const elsewhere = unread.flatMap((rk) => {
      const locator = cluster.locators.get(rk);
      return locator?.customerId !== undefined && !locator.deleted && !seenCustomers.has(locator.customerId)
        ? [locator.customerId]
        : [];
    });
    if (elsewhere.length === 0 || cluster.partitions.size >= MAX_GATHERED_CUSTOMERS) break;
    customerQueue.push(...elsewhere);
  }

  /** A merged customer holding more than its profile: a merge split over several commits stopped before its deletes. */
  function takeLeftovers(customerId: string, items: readonly Item[]) {
    if (items.length <= 1) return;
    cluster.leftovers.set(customerId, [...items]);
    for (const item of items) if (item.kind === 'record') collect(item, customerId);
  }

  function collect(item: Item, customerId: string) {
    if (item.kind === 'record') {
      const record = recordFromItem(item);
      copies.set(record.recordKey, [...(copies.get(record.recordKey) ?? []), { record, customerId }]);
      idQueue.push(...record.linkIds);
    } else if (item.kind === 'conflict') {
      // The other side of a conflict contests one of this customer's identifiers. The owner item names it
      // too, but an owner read before the conflict was committed does not, while this partition (read
      // after) holds the conflict: a plan without the other side would drop the conflict and never merge
      // the two once the clash is gone.
      const conflict = ConflictSidesSchema.safeParse(item.conflict);
      if (conflict.success) customerQueue.push(...conflict.data.customerIds);
    } else if (
      // Stryker disable next-line ConditionalExpression: other items carry no `entry` that parses as a ledger entry
      item.kind === 'ledger'
    ) {
      const entry = LedgerEntrySchema.safeParse(item.entry);
      if (entry.success) {
        dormant.add(entry.data.survivorId);
        dormant.add(entry.data.mergedId);
        if (entry.data.kind === 'merge' && entry.data.survivorId === customerId)
          mergedQueue.push(entry.data.mergedId);
      }
    }
  }

  const missingProfiles = [...dormant].filter((id) => !cluster.profiles.has(id));
  // Stryker disable next-line ConditionalExpression,EqualityOperator: see the first `length > 0` guard
  if (missingProfiles.length > 0) {
    const found = await backend.getItems(
      missingProfiles.map((id) => ({ pk: keys.customer(id), sk: keys.profile })),
    );
    for (const item of found.values()) {
      const profile = parseStateItem(ProfileItemSchema, item);
      cluster.profiles.set(profile.customerId, profile);
    }
  }
  for (const [recordKey, found] of copies) {
    const chosen = chooseCopy(found, cluster.locators.get(recordKey));
    if (chosen) cluster.records.set(recordKey, chosen);
    for (const copy of found)
      if (copy !== chosen) cluster.strays.push({ recordKey, customerId: copy.customerId });
  }
  return cluster;
};

/**
 * Which of a record's copies is the record. A live locator names its partition: the copy there, and no other (a
 * copy elsewhere belongs to a plain write whose commit point can no longer succeed, or was read before a move
 * that the restructuring's guards catch). Without a live locator nothing is committed yet: the newest copy newer
 * than a tombstone is the record (ties to the highest customer id, so every reader of the same copies agrees).
 */
const chooseCopy = (
  found: ReadonlyArray<{ record: StoredRecord; customerId: string }>,
  locator: LocatorItem | undefined,
): { record: StoredRecord; customerId: string } | undefined => {
  if (locator && !locator.deleted)
    return found.find((copy) => keys.customer(copy.customerId) === locator.partition);
  const order = (copy: { record: StoredRecord; customerId: string }) =>
    `${versionOrder(copy.record.source.version)}\u0000${copy.customerId}`;
  const newest = [...found].sort((a, b) =>
    // Stryker disable next-line EqualityOperator: two copies of a record never have one order (they sit with different customers)
    order(a) > order(b)
      ? -1
      : // Stryker disable next-line ConditionalExpression,EqualityOperator: V8's sort only asks whether the answer is negative, and two copies never have one order
        order(a) < order(b)
        ? 1
        : 0,
  )[0];
  return newest && (!locator || versionOrder(newest.record.source.version) > locator.versionOrd)
    ? newest
    : undefined;
};
