import type { GatheredCluster } from '../../../core/identity/cluster.ts';
import { defaultIdentityConfig } from '../../../core/identity/identity-config.ts';
import { planRestructure, type RestructurePlan } from '../../../core/identity/plan-restructure.ts';
import { separationsOf, toIdentityRecord } from '../../../core/identity/reresolve-cluster.ts';
import { resolveIdentities, type Separation } from '../../../core/identity/resolve-identities.ts';
import { versionOrder } from '../../../core/identity/version-order.ts';
import { prepareRecords } from '../../../core/ingest/prepare-records.ts';
import { keys } from '../../../core/items/keys.ts';
import { buildRecordItems, type Item } from '../../../core/items/record-items.ts';
import type { LocatorItem, OwnerItem, ProfileItem } from '../../../core/items/state-items.ts';
import type { StoredRecord } from '../../../core/items/stored-record.ts';
import { keyString, opKey, type WriteOp } from '../../../core/items/write-ops.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { parseIdentifierKey } from '../../../schemas/entities/identifier.ts';
import type { LedgerEntry } from '../../../schemas/entities/identity.ts';

// Pure snapshots for planRestructure: what readCluster would have gathered (profiles, partitions, owner
// items, locators, records with their customers), the change, and the plan, without a store in between.

export const PLAN_NOW = '2026-03-01T00:00:00.000Z';

/** A canonical record as the store keeps it (parsed, with its record key and linking identifiers). */
export const stored = (input: CanonicalRecordInput): StoredRecord => {
  const { prepared, outcomes } = prepareRecords([input], defaultIdentityConfig);
  const record = prepared[0]?.record;
  if (!record) throw new Error(`test record refused: ${JSON.stringify(outcomes)}`);
  return record;
};

export interface CustomerSpec {
  readonly id: string;
  /** Record key of the record that created the customer. */
  readonly seed: string;
  readonly status?: 'active' | 'merged' | 'erased';
  readonly rev?: number;
  readonly mergedInto?: string;
  /** The mark of a restructuring over several commits under way (or stopped) for the customer. */
  readonly restructuring?: string;
  /** The records the customer holds (active customers only). */
  readonly records?: readonly StoredRecord[];
  /** More items of its partition: conflicts, ledger entries. */
  readonly items?: readonly Item[];
}

export interface SnapshotOptions {
  /** Owner items as stored, where they differ from "the first customer whose record carries it". */
  readonly owners?: Readonly<Record<string, Omit<OwnerItem, 'kind' | 'idKey'>>>;
  /** Separations stored on locators: record key → records it must never share a customer with. */
  readonly separateFrom?: Readonly<Record<string, readonly string[]>>;
}

/** The gathered cluster of the customers given; active ones with their partitions, the others by profile. */
export const snapshot = (
  customers: readonly CustomerSpec[],
  options: SnapshotOptions = {},
): GatheredCluster => {
  const gathered: GatheredCluster = {
    partitions: new Map(),
    profiles: new Map(),
    strays: [],
    leftovers: new Map(),
    owners: new Map(),
    locators: new Map(),
    records: new Map(),
  };
  for (const c of customers) {
    const status = c.status ?? 'active';
    const profile: ProfileItem = {
      kind: 'profile',
      customerId: c.id,
      status,
      rev: c.rev ?? 3,
      entangled: false,
      seedRecord: c.seed,
      createdAt: '2026-01-01T00:00:00.000Z',
      ...(c.mergedInto !== undefined ? { mergedInto: c.mergedInto } : {}),
      ...(c.restructuring !== undefined ? { restructuring: c.restructuring } : {}),
    };
    gathered.profiles.set(c.id, profile);
    if (status !== 'active') continue;
    const pk = keys.customer(c.id);
    const items: Item[] = [{ pk, sk: keys.profile, ...profile }];
    for (const record of c.records ?? []) {
      const { main, aux } = buildRecordItems(record, c.id, 'ingest');
      items.push(main, ...aux);
      gathered.records.set(record.recordKey, { record, customerId: c.id });
      const locator: LocatorItem = {
        kind: 'locator',
        recordKey: record.recordKey,
        versionOrd: versionOrder(record.source.version),
        deleted: false,
        customerId: c.id,
        partition: pk,
        linkIds: [...record.linkIds],
        auxKeys: aux.map((a) => a.sk),
        separateFrom: [...(options.separateFrom?.[record.recordKey] ?? [])],
      };
      gathered.locators.set(record.recordKey, locator);
      for (const idKey of record.linkIds) {
        if (gathered.owners.has(idKey)) continue;
        gathered.owners.set(idKey, { kind: 'identifier', idKey, customerId: c.id, contestedBy: [] });
      }
    }
    items.push(...(c.items ?? []));
    gathered.partitions.set(c.id, items);
  }
  for (const [idKey, owner] of Object.entries(options.owners ?? {}))
    gathered.owners.set(idKey, { kind: 'identifier', idKey, ...owner });
  // Each owner's customer keeps a mirror of the identifier in its partition.
  for (const [idKey, owner] of gathered.owners) {
    gathered.partitions.get(owner.customerId)?.push({
      pk: keys.customer(owner.customerId),
      sk: keys.identifierMirror(idKey),
      kind: 'identifierMirror',
      customerId: owner.customerId,
      identifier: parseIdentifierKey(idKey),
    });
  }
  return gathered;
};

export interface Change {
  /** The record that changed (a tombstone leaves the records), absent for an unmerge. */
  readonly incoming?: StoredRecord;
  readonly unmergeEntry?: LedgerEntry & { readonly restoreId: string };
  readonly separations?: readonly Separation[];
  /** Ids handed out to new customers, in order. */
  readonly newIds?: readonly string[];
}

/** Resolves the snapshot's records after the change, as reresolveCluster does, and plans the writes. */
export const planChange = (gathered: GatheredCluster, change: Change): RestructurePlan => {
  const records = new Map([...gathered.records].map(([rk, v]) => [rk, v.record]));
  const { incoming } = change;
  if (incoming?.source.deleted) records.delete(incoming.recordKey);
  else if (incoming) records.set(incoming.recordKey, incoming);
  const resolution = resolveIdentities(
    [...records.values()].map(toIdentityRecord),
    separationsOf(gathered, change.separations),
    defaultIdentityConfig.uniqueTypes,
  );
  const newIds = [...(change.newIds ?? [])];
  return planRestructure({
    gathered,
    records,
    resolution,
    ...(incoming
      ? {
          incoming: {
            record: incoming,
            versionOrd: versionOrder(incoming.source.version),
            locator: gathered.locators.get(incoming.recordKey),
          },
        }
      : {}),
    ...(change.unmergeEntry ? { unmergeEntry: change.unmergeEntry } : {}),
    newCustomerId: () => newIds.shift() ?? 'c-unexpected',
    hashOf: (idKey) => `h:${idKey}`,
    now: PLAN_NOW,
  });
};

/** The writes of a plan (guards and ops) on one item. */
export const writesOn = (plan: RestructurePlan, pk: string, sk: string): WriteOp[] =>
  [...plan.guards, ...plan.ops].filter((op) => keyString(opKey(op)) === keyString({ pk, sk }));

/** The writes of a plan into one partition. */
export const writesIn = (plan: RestructurePlan, pk: string): WriteOp[] =>
  [...plan.guards, ...plan.ops].filter((op) => opKey(op).pk === pk);

/** The customer each record ends with, by source key (the last part of the record key). */
export const placement = (plan: RestructurePlan): Record<string, string> =>
  Object.fromEntries([...plan.customerOf].map(([rk, id]) => [rk.split('#').at(-1), id]));
