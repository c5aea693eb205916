import { keys } from '../../core/items/keys.ts';
import { type ErasureUnderWayItem, ErasureUnderWayItemSchema } from '../../core/items/state-items.ts';
import { keyString } from '../../core/items/write-ops.ts';
import type { CustomerStore, WhoRequested } from '../../core/ports/customer-store.ts';
import type { StoreBackend } from '../../core/ports/store-backend.ts';
import type { StoreItemsReader } from '../../core/ports/store-items.ts';
import {
  createStoreInvariantCheck,
  type StoreCheckResult,
  type StoreViolation,
} from '../../core/store-check/check-store-invariants.ts';

export interface StoreCheckDeps {
  readonly reader: StoreItemsReader;
  /** Needed only to repair: each repair is one atomic, conditional commit. */
  readonly backend?: StoreBackend;
  /**
   * Needed only to finish what stopped part-way: a restructuring between its commits (`restructuringUnfinished`:
   * the store re-resolves the customer's cluster, as the customer's next record would), an unmerge before its
   * restructuring (`separatedRecordsTogether`: re-resolved the same way) and an erasure (`erasureUnfinished`: the
   * store erases the customer again, for the request the erasure recorded).
   */
  readonly identity?: Pick<CustomerStore, 'finishRestructuring' | 'eraseCustomer'>;
  /** The check's clock (an erasure under way is only reported once it has stalled); the system clock by default. */
  readonly now?: () => Date;
}

export interface StoreCheckReport {
  readonly counts: StoreCheckResult['counts'];
  readonly violations: StoreViolation[];
  readonly repaired: StoreViolation[];
  /** Repairs whose conditions no longer held (something changed since the read); a rerun sees afresh. */
  readonly skipped: StoreViolation[];
}

/** How far the read has come, after each page. */
export interface StoreCheckProgress {
  readonly items: number;
  readonly pages: number;
  readonly elapsedMs: number;
  /** Items the table holds as the database last counted them, when known. */
  readonly total?: number;
}

/**
 * Reads the whole store page by page (the check keeps keys and pointers, not the items), checks its invariants
 * and, when asked, repairs what the store's own content allows, reading again by key the items a repair
 * rewrites.
 */
export const runStoreCheck = async (
  deps: StoreCheckDeps,
  options: { readonly repair: boolean; readonly onProgress?: (progress: StoreCheckProgress) => void },
): Promise<StoreCheckReport> => {
  if (options.repair && !deps.backend)
    throw new Error('store check --repair needs a backend to write through');
  const started = performance.now();
  const total = options.onProgress ? await deps.reader.approximateCount?.() : undefined;
  const check = createStoreInvariantCheck({ now: deps.now?.() ?? new Date() });
  let pages = 0;
  for await (const page of deps.reader.readAll()) {
    for (const item of page) check.add(item);
    pages += 1;
    options.onProgress?.({
      items: check.items,
      pages,
      elapsedMs: Math.round(performance.now() - started),
      ...(total === undefined ? {} : { total }),
    });
  }
  const result = check.finish();
  const repaired: StoreViolation[] = [];
  const skipped: StoreViolation[] = [];
  if (options.repair && deps.backend) {
    // First what stopped part-way: a finished restructuring moves what it had left and an erasure deletes it, which
    // settles the other violations they caused (the repairs below re-read or condition on what they change, so
    // theirs find it changed and are skipped).
    if (deps.identity)
      await finishUnderWay(deps.identity, deps.backend, result.violations, { repaired, skipped });
    for (const repair of result.repairs) {
      const items = repair.needs.length > 0 ? await deps.backend.getItems(repair.needs) : new Map();
      const ops = repair.build(items);
      const outcome = ops ? await deps.backend.commit(ops) : { ok: false };
      (outcome.ok ? repaired : skipped).push(repair.violation);
    }
  }
  return { counts: result.counts, violations: result.violations, repaired, skipped };
};

/** Finishes the restructurings and erasures the check found stalled; one that fails is skipped, the rest go on. */
const finishUnderWay = async (
  identity: NonNullable<StoreCheckDeps['identity']>,
  backend: StoreBackend,
  violations: readonly StoreViolation[],
  report: { readonly repaired: StoreViolation[]; readonly skipped: StoreViolation[] },
): Promise<void> => {
  const finished = new Set<string>();
  /** Re-resolves the customer, unless a finish of this run already did (it names every customer it wrote). */
  const reresolve = async (customerId: string, startedAt?: string): Promise<boolean> => {
    if (finished.has(customerId)) return true;
    const outcome = await identity.finishRestructuring(customerId, startedAt);
    if (outcome.kind !== 'finished') return false;
    for (const id of outcome.customerIds) finished.add(id);
    return true;
  };
  const erase = async (customerId: string): Promise<boolean> => {
    const key = { pk: keys.customer(customerId), sk: keys.erasureUnderWay };
    const read = (await backend.getItems([key])).get(keyString(key));
    // Gone (finished since), or not an item an erasure wrote: nothing to finish for it.
    const underWay = read ? ErasureUnderWayItemSchema.safeParse(read) : undefined;
    if (!underWay?.success) return false;
    // The erasure that stopped recorded who asked for it and why: its repeat answers the same request.
    return (await identity.eraseCustomer(customerId, erasureRequestOf(underWay.data))).kind === 'erased';
  };
  for (const violation of violations) {
    const finish =
      violation.kind === 'restructuringUnfinished'
        ? () => reresolve(violation.customerId, violation.startedAt)
        : // The unmerge that wrote the separations stopped before its restructuring: re-resolving splits them.
          violation.kind === 'separatedRecordsTogether'
          ? () => reresolve(violation.customerId)
          : violation.kind === 'erasureUnfinished'
            ? () => erase(violation.customerId)
            : undefined;
    if (!finish) continue;
    // A finish that fails (its writes refused on every attempt, the table unreachable) is left for the next run.
    const done = await finish().catch(() => false);
    (done ? report.repaired : report.skipped).push(violation);
  }
};

/** The request an erasure under way answers; one written before the item kept it names the store check instead. */
const erasureRequestOf = (underWay: ErasureUnderWayItem): WhoRequested => ({
  requestedBy: underWay.requestedBy ?? 'hub360 store check',
  reason:
    underWay.reason ??
    `finishing an erasure that stopped part-way (started ${underWay.startedAt}; its request was not recorded)`,
});

/** One line per violation, for the CLI and the scheduled function's log. */
export const describeViolation = (v: StoreViolation): string => {
  switch (v.kind) {
    case 'recordUnderInactiveCustomer':
      return `record ${v.recordKey} sits under ${v.status} customer ${v.customerId}${v.survivorId ? ` (belongs to ${v.survivorId})` : ''}`;
    case 'recordStoredTwice':
      return `record ${v.recordKey} is stored in ${v.partitions.join(' and ')}`;
    case 'recordWithoutLocator':
      return `record ${v.recordKey} in ${v.partition} has no locator`;
    case 'orderLinesStale':
      return `order ${v.recordKey} in ${v.partition} has line items of another version, or none of its own`;
    case 'locatorMismatch':
      return `locator of ${v.recordKey} points at ${v.locatorPartition ?? 'nothing'}, the record is in ${v.recordPartition ?? 'no partition'}`;
    case 'identifierOwnerInactive':
      return `identifier ${v.idKey} is owned by inactive customer ${v.customerId}${v.survivorId ? ` (belongs to ${v.survivorId})` : ''}`;
    case 'identifierMirrorMissing':
      return `identifier ${v.idKey} is missing from its owner ${v.customerId}'s 360 partition`;
    case 'identifierHeldTwice':
      return `identifier ${v.idKey} is mirrored by ${v.customerIds.join(' and ')}`;
    case 'decisionKeepsPayload':
      return `reaction decision ${v.reactionKey} still keeps its payload (written before the announcement took it)`;
    case 'erasureUnfinished':
      return `erasure of customer ${v.customerId} started ${v.startedAt} and did not finish: --repair finishes it (so does requesting it again)`;
    case 'separatedRecordsTogether':
      return `records ${v.recordKeys.join(' and ')} were separated by an unmerge but share customer ${v.customerId}: --repair splits them`;
    case 'restructuringUnfinished':
      return `restructuring of customer ${v.customerId} started ${v.startedAt} and did not finish: --repair finishes it (so do its next record and the replay of the page that started it)`;
  }
};
