import { parseIdentifierKey } from '../../schemas/entities/identifier.ts';
import { recordFromItem } from '../identity/cluster.ts';
import { keys } from '../items/keys.ts';
import { buildRecordItems, type Item } from '../items/record-items.ts';
import type { WriteOp } from '../items/write-ops.ts';

/** One broken invariant of the customer-360 store, named so an operator can find the items. */
export type StoreViolation =
  | {
      readonly kind: 'recordUnderInactiveCustomer';
      readonly recordKey: string;
      readonly customerId: string;
      readonly status: string;
      /** The active customer the merge chain ends at, when there is one: where the record belongs. */
      readonly survivorId?: string;
    }
  | { readonly kind: 'recordStoredTwice'; readonly recordKey: string; readonly partitions: string[] }
  | { readonly kind: 'recordWithoutLocator'; readonly recordKey: string; readonly partition: string }
  | {
      readonly kind: 'locatorMismatch';
      readonly recordKey: string;
      readonly locatorPartition: string | undefined;
      readonly recordPartition: string | undefined;
    }
  | {
      readonly kind: 'identifierOwnerInactive';
      readonly idKey: string;
      readonly customerId: string;
      readonly survivorId?: string;
    }
  | { readonly kind: 'identifierMirrorMissing'; readonly idKey: string; readonly customerId: string }
  | { readonly kind: 'identifierHeldTwice'; readonly idKey: string; readonly customerIds: string[] };

/** A repair: the atomic writes that fix one violation. */
export interface StoreRepair {
  readonly violation: StoreViolation;
  readonly ops: WriteOp[];
}

export interface StoreCheckResult {
  readonly violations: StoreViolation[];
  /** The violations that can be fixed from the store's own content, with their writes. */
  readonly repairs: StoreRepair[];
  readonly counts: { readonly customers: number; readonly records: number; readonly identifiers: number };
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * Checks the store's invariants over all its items: every customer record sits under exactly one active
 * customer, every locator points where its record is, every identifier is owned once by an active
 * customer whose 360 partition mirrors it. Pure: the caller reads the items and commits the repairs.
 */
export const checkStoreInvariants = (items: readonly Item[]): StoreCheckResult => {
  const profiles = new Map<string, Item>();
  const locators = new Map<string, Item>();
  const records = new Map<string, Item[]>();
  const owners: Item[] = [];
  const mirrors = new Map<string, string[]>();
  const byKey = new Map<string, Item>();
  for (const item of items) {
    byKey.set(`${item.pk}\u0000${item.sk}`, item);
    if (item.kind === 'profile') profiles.set(String(item.customerId), item);
    else if (item.kind === 'locator') locators.set(String(item.recordKey), item);
    else if (item.kind === 'record') {
      const rk = String(item.recordKey);
      records.set(rk, [...(records.get(rk) ?? []), item]);
    } else if (item.kind === 'identifier') owners.push(item);
    // Stryker disable next-line ConditionalExpression: only mirrors have `ID#` sort keys in a customer partition, so any other kind the check let through keys an identifier no owner has
    else if (item.kind === 'identifierMirror' && item.pk.startsWith('CUST#')) {
      const idKey = item.sk.slice('ID#'.length);
      // Stryker disable next-line ArrayDeclaration: a made-up holder is not an active customer, so the holder filter drops it
      mirrors.set(idKey, [...(mirrors.get(idKey) ?? []), String(item.customerId)]);
    }
  }
  const isActive = (customerId: string) => profiles.get(customerId)?.status === 'active';
  /** Follows merge pointers to the active customer at the end, if the chain ends at one. */
  const survivorOf = (customerId: string): string | undefined => {
    const seen = new Set<string>();
    let current: string | undefined = customerId;
    // Stryker disable next-line ConditionalExpression: an undefined id is added to `seen` on its first turn and ends the loop on its second
    while (current !== undefined && !seen.has(current)) {
      seen.add(current);
      const profile = profiles.get(current);
      if (profile?.status === 'active') return current;
      current = profile?.status === 'merged' ? str(profile.mergedInto) : undefined;
    }
    return undefined;
  };

  const violations: StoreViolation[] = [];
  const repairs: StoreRepair[] = [];
  const flag = (violation: StoreViolation, ops?: WriteOp[]) => {
    violations.push(violation);
    if (ops) repairs.push({ violation, ops });
  };

  for (const [recordKey, stored] of records) {
    const underCustomers = stored.filter((item) => item.pk.startsWith('CUST#'));
    if (stored.length > 1) {
      flag({ kind: 'recordStoredTwice', recordKey, partitions: stored.map((i) => i.pk).sort() });
      continue;
    }
    const item = stored[0] as Item;
    const locator = locators.get(recordKey);
    const customerId = str(item.customerId);
    if (underCustomers.length === 1 && customerId !== undefined && !isActive(customerId)) {
      const survivorId = survivorOf(customerId);
      const status = String(profiles.get(customerId)?.status ?? 'missing');
      flag(
        {
          kind: 'recordUnderInactiveCustomer',
          recordKey,
          customerId,
          status,
          ...(survivorId ? { survivorId } : {}),
        },
        survivorId ? rehomeRecord(item, locator, survivorId, byKey) : undefined,
      );
      continue;
    }
    if (!locator) {
      flag({ kind: 'recordWithoutLocator', recordKey, partition: item.pk });
      continue;
    }
    if (locator.partition !== item.pk || locator.deleted === true || str(locator.customerId) !== customerId) {
      flag(
        {
          kind: 'locatorMismatch',
          recordKey,
          locatorPartition: str(locator.partition),
          recordPartition: item.pk,
        },
        // The record item is the truth of where it lives; a live locator is pointed back at it.
        locator.deleted === true ? undefined : [pointLocator(recordKey, item.pk, customerId)],
      );
    }
  }
  for (const [recordKey, locator] of locators) {
    if (locator.deleted === true || records.has(recordKey)) continue;
    flag({
      kind: 'locatorMismatch',
      recordKey,
      locatorPartition: str(locator.partition),
      recordPartition: undefined,
    });
  }

  for (const owner of owners) {
    const idKey = String(owner.idKey);
    const customerId = String(owner.customerId);
    if (!isActive(customerId)) {
      const survivorId = survivorOf(customerId);
      flag(
        { kind: 'identifierOwnerInactive', idKey, customerId, ...(survivorId ? { survivorId } : {}) },
        survivorId ? rehomeIdentifier(owner, customerId, survivorId, byKey) : undefined,
      );
      continue;
    }
    // Stryker disable next-line ArrayDeclaration: a made-up holder is not an active customer, so the filter drops it
    const holders = (mirrors.get(idKey) ?? []).filter(isActive);
    if (!holders.includes(customerId)) flag({ kind: 'identifierMirrorMissing', idKey, customerId });
    if (holders.length > 1) flag({ kind: 'identifierHeldTwice', idKey, customerIds: holders.sort() });
  }

  return {
    violations,
    repairs,
    counts: {
      customers: [...profiles.values()].filter((p) => p.status === 'active').length,
      records: records.size,
      identifiers: owners.length,
    },
  };
};

const pointLocator = (recordKey: string, partition: string, customerId: string | undefined): WriteOp => ({
  op: 'patch',
  key: { pk: keys.locator(recordKey), sk: keys.locatorSort },
  set: { partition, ...(customerId !== undefined ? { customerId } : {}) },
  ...(customerId === undefined ? { remove: ['customerId'] } : {}),
  condition: { kind: 'matches', attributes: { recordKey } },
});

/** Moves a stranded record (and its order lines) to the survivor and points its locator there. */
const rehomeRecord = (
  item: Item,
  locator: Item | undefined,
  survivorId: string,
  byKey: ReadonlyMap<string, Item>,
): WriteOp[] => {
  const record = recordFromItem(item);
  const { main, aux } = buildRecordItems(record, survivorId, 'move');
  const oldAux = [...byKey.values()].filter(
    (i) => i.pk === item.pk && i.kind === 'orderLine' && i.recordKey === record.recordKey,
  );
  const ops: WriteOp[] = [
    // Only while the record is still where the check saw it: a concurrent ingest wins over a repair.
    {
      op: 'delete',
      key: { pk: item.pk, sk: item.sk },
      condition: { kind: 'matches', attributes: { versionOrd: String(item.versionOrd) } },
    },
    ...oldAux.map((a): WriteOp => ({ op: 'delete', key: { pk: a.pk, sk: a.sk } })),
    { op: 'put', item: main },
    ...aux.map((a): WriteOp => ({ op: 'put', item: a })),
  ];
  if (locator) {
    ops.push({
      op: 'patch',
      key: { pk: keys.locator(record.recordKey), sk: keys.locatorSort },
      set: { customerId: survivorId, partition: main.pk, auxKeys: aux.map((a) => a.sk) },
      condition: { kind: 'matches', attributes: { versionOrd: String(locator.versionOrd) } },
    });
  }
  return ops;
};

/** Gives an identifier owned by a merged-away customer to the survivor, with its 360 mirror. */
const rehomeIdentifier = (
  owner: Item,
  customerId: string,
  survivorId: string,
  byKey: ReadonlyMap<string, Item>,
): WriteOp[] => {
  const idKey = String(owner.idKey);
  const mirrorKey = { pk: keys.customer(customerId), sk: keys.identifierMirror(idKey) };
  const ops: WriteOp[] = [
    {
      op: 'put',
      item: { ...owner, customerId: survivorId },
      condition: { kind: 'matches', attributes: { customerId } },
    },
  ];
  const oldMirror = byKey.get(`${mirrorKey.pk}\u0000${mirrorKey.sk}`);
  if (oldMirror) ops.push({ op: 'delete', key: mirrorKey });
  const survivorMirror = { pk: keys.customer(survivorId), sk: keys.identifierMirror(idKey) };
  if (!byKey.has(`${survivorMirror.pk}\u0000${survivorMirror.sk}`)) {
    ops.push({
      op: 'put',
      item: {
        ...survivorMirror,
        kind: 'identifierMirror',
        customerId: survivorId,
        identifier: oldMirror?.identifier ?? parseIdentifierKey(idKey),
      },
    });
  }
  return ops;
};
