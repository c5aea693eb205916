import type { Item } from '../../core/items/record-items.ts';
import type { StoreBackend } from '../../core/ports/store-backend.ts';
import type { StoreItemsReader } from '../../core/ports/store-items.ts';
import {
  checkStoreInvariants,
  type StoreCheckResult,
  type StoreViolation,
} from '../../core/store-check/check-store-invariants.ts';

export interface StoreCheckDeps {
  readonly reader: StoreItemsReader;
  /** Needed only to repair: each repair is one atomic, conditional commit. */
  readonly backend?: StoreBackend;
}

export interface StoreCheckReport {
  readonly counts: StoreCheckResult['counts'];
  readonly violations: StoreViolation[];
  readonly repaired: StoreViolation[];
  /** Repairs whose conditions no longer held (something changed since the read); a rerun sees afresh. */
  readonly skipped: StoreViolation[];
}

/** Reads the whole store, checks its invariants and, when asked, repairs what the store's own content allows. */
export const runStoreCheck = async (
  deps: StoreCheckDeps,
  options: { readonly repair: boolean },
): Promise<StoreCheckReport> => {
  const items: Item[] = [];
  for await (const page of deps.reader.readAll()) items.push(...page);
  const result = checkStoreInvariants(items);
  const repaired: StoreViolation[] = [];
  const skipped: StoreViolation[] = [];
  if (options.repair) {
    if (!deps.backend) throw new Error('store check --repair needs a backend to write through');
    for (const repair of result.repairs) {
      const outcome = await deps.backend.commit(repair.ops);
      (outcome.ok ? repaired : skipped).push(repair.violation);
    }
  }
  return { counts: result.counts, violations: result.violations, repaired, skipped };
};

/** One line per violation, for the CLI and the scheduled function's log. */
export const describeViolation = (v: StoreViolation): string => {
  switch (v.kind) {
    case 'recordUnderInactiveCustomer':
      return `record ${v.recordKey} sits under ${v.status} customer ${v.customerId}${v.survivorId ? ` (belongs to ${v.survivorId})` : ''}`;
    case 'recordStoredTwice':
      return `record ${v.recordKey} is stored in ${v.partitions.join(' and ')}`;
    case 'recordWithoutLocator':
      return `record ${v.recordKey} in ${v.partition} has no locator`;
    case 'locatorMismatch':
      return `locator of ${v.recordKey} points at ${v.locatorPartition ?? 'nothing'}, the record is in ${v.recordPartition ?? 'no partition'}`;
    case 'identifierOwnerInactive':
      return `identifier ${v.idKey} is owned by inactive customer ${v.customerId}${v.survivorId ? ` (belongs to ${v.survivorId})` : ''}`;
    case 'identifierMirrorMissing':
      return `identifier ${v.idKey} is missing from its owner ${v.customerId}'s 360 partition`;
    case 'identifierHeldTwice':
      return `identifier ${v.idKey} is mirrored by ${v.customerIds.join(' and ')}`;
  }
};
