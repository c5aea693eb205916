import type { ChangeRecord } from '../../events/change-record.ts';
import { keys } from '../../items/keys.ts';
import type { Item } from '../../items/record-items.ts';
import type { CustomerViewStore } from '../../ports/customer-view-store.ts';
import { startSectionRefold, startViewFold } from './fold-customer-view.ts';
import { type CustomerChange, projectCustomerChanges, type ReadVersions } from './project-changes.ts';
import { VIEW_ITEM_KIND } from './view-items.ts';
import type { ViewLimits } from './view-limits.ts';
import { type Fence, type RecordSection, VIEW_SECTIONS, type ViewSection } from './view-state.ts';

export interface ProjectionDeps {
  readonly views: CustomerViewStore;
  readonly limits: ViewLimits;
  /** The projector's clock: when a table read was taken (fences) and when a view was written. */
  readonly now: () => Date;
  /** Re-reads after another writer changed the view first. @default 5 */
  readonly maxAttempts?: number;
  /**
   * Versions of the records the last table reads held, per customer, while their fences are open: lets
   * changes in a fence's uncertain window be told apart exactly. Kept by the projector between batches.
   */
  readonly recentReads?: Map<string, { readonly until: number; readonly versions: ReadVersions }>;
}

/** Adds the versions of the record items among `items` (a page of a partition read) to `versions`. */
const addVersions = (versions: Map<string, string>, items: readonly Item[]): void => {
  for (const item of items) {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: record items always carry a text record key, and the only other items that carry one (order lines, LINE#…) sort before their record (REC#…) in a partition read, whose version then replaces theirs.
    if (item.kind === 'record' && typeof item.recordKey === 'string') {
      // Stryker disable next-line ConditionalExpression,StringLiteral: record items always carry a text version (buildRecordItems writes it); the fallback only satisfies the type, and a missing version reads as '' in alreadyReflected either way.
      versions.set(item.recordKey, typeof item.versionOrd === 'string' ? item.versionOrd : '');
    }
  }
};

/** Keyed by customer and section: a refill read only one kind of record, a bootstrap all of them. */
// Stryker disable next-line ArrowFunction: a static mutant (made when the module loads; the config leaves static mutants out), reported uncovered instead of ignored by the shared-worker run; the projection tests call it.
const readKey = (customerId: string, section: ViewSection) => `${customerId}\u0000${section}`;

/** Remembers what a table read held until its fence closes, forgetting reads whose fences have. */
const rememberRead = (
  deps: ProjectionDeps,
  customerId: string,
  sections: readonly ViewSection[],
  until: number,
  versions: ReadVersions,
) => {
  const reads = deps.recentReads;
  if (!reads) return;
  const now = seconds(deps.now());
  for (const [key, read] of reads) if (read.until < now - 60) reads.delete(key);
  for (const section of sections) reads.set(readKey(customerId, section), { until, versions });
};

/**
 * Reads the customer's partition (or the records under `sortPrefix`) page by page into `fold`, keeping only the
 * record versions the read saw; answers them with the read's fence.
 */
const readInto = async (
  deps: ProjectionDeps,
  customerId: string,
  fold: { add(items: readonly Item[]): void },
  sortPrefix?: string,
): Promise<{ fence: Fence; versions: Map<string, string> }> => {
  const startedAt = seconds(deps.now());
  const versions = new Map<string, string>();
  for await (const page of deps.views.partitionPages(customerId, sortPrefix)) {
    fold.add(page);
    addVersions(versions, page);
  }
  return { fence: fenceOf(deps, startedAt), versions };
};

export interface ProjectionResult {
  readonly customers: number;
  readonly written: number;
  readonly deleted: number;
  readonly bootstrapped: number;
  readonly refilled: number;
  /** Customers whose view could not be brought up to date, with why. */
  readonly failed: readonly { readonly customerId: string; readonly error: string }[];
  /** The first change of each failed customer: the stream delivers it (and what follows) again. */
  readonly failedSequenceNumbers: readonly string[];
}

// Stryker disable next-line StringLiteral: a static mutant (made when the module loads; the config leaves static mutants out), reported uncovered instead of ignored by the shared-worker run; the projection tests use it.
const CUSTOMER_PREFIX = keys.customer('');

/** A batch's changes per customer partition, in stream order; the view's own writes are left out. */
export const changesByCustomer = (changes: readonly ChangeRecord[]): Map<string, CustomerChange[]> => {
  const byCustomer = new Map<string, CustomerChange[]>();
  for (const change of changes) {
    if (!change.keys.pk.startsWith(CUSTOMER_PREFIX)) continue;
    if ((change.newImage ?? change.oldImage)?.kind === VIEW_ITEM_KIND) continue;
    const customerId = change.keys.pk.slice(CUSTOMER_PREFIX.length);
    const list = byCustomer.get(customerId) ?? [];
    list.push({
      sequenceNumber: change.sequenceNumber,
      ...(change.approximateCreationDateTime !== undefined
        ? { committedAt: change.approximateCreationDateTime }
        : {}),
      sk: change.keys.sk,
      ...(change.oldImage ? { oldImage: change.oldImage } : {}),
      ...(change.newImage ? { newImage: change.newImage } : {}),
    });
    byCustomer.set(customerId, list);
  }
  return byCustomer;
};

type Outcome = 'written' | 'deleted' | 'bootstrapped' | 'unchanged';

// Stryker disable next-line ArrowFunction: a static mutant (made when the module loads; the config leaves static mutants out), reported uncovered instead of ignored by the shared-worker run; the projection tests call it.
const seconds = (at: Date) => Math.floor(at.getTime() / 1000);

/**
 * How coarse a stream record's commit time may be: AWS rounds it down to the second, DynamoDB Local to the
 * minute. A fence's certain part starts this much before the read; the rest is told apart by the read's
 * versions (or, in a fresh process, by the view's kept entries).
 */
const COMMIT_TIME_GRANULARITY_SECONDS = 60;

/** The fence of a table read that started at `startedAt` and ended now. */
// Stryker disable next-line ArrowFunction: a static mutant (made when the module loads; the config leaves static mutants out), reported uncovered instead of ignored by the shared-worker run; the projection tests call it.
const fenceOf = (deps: ProjectionDeps, startedAt: number) => ({
  from: startedAt - COMMIT_TIME_GRANULARITY_SECONDS - 1,
  to: seconds(deps.now()) + 1,
});

/** Brings one customer's view up to date with its changes of this batch; retries when another writer won. */
const projectCustomer = async (
  deps: ProjectionDeps,
  customerId: string,
  changes: readonly CustomerChange[],
  counters: { refilled: number },
): Promise<Outcome> => {
  // Stryker disable next-line OptionalChaining: a customer is in the batch only with at least one change.
  const lastSequence = changes.at(-1)?.sequenceNumber;
  for (let attempt = 0; attempt < (deps.maxAttempts ?? 5); attempt++) {
    const projectedAt = deps.now().toISOString();
    let current = await deps.views.readView(customerId);
    const readOf = (section: ViewSection) => deps.recentReads?.get(readKey(customerId, section))?.versions;
    let outcome = projectCustomerChanges(current, changes, deps.limits, projectedAt, readOf);
    let bootstrapped = false;
    if (outcome.kind === 'delete') {
      // Stryker disable next-line ConditionalExpression: deleting a view that is not there deletes nothing.
      if (current) await deps.views.deleteView(customerId);
      return current ? 'deleted' : 'unchanged';
    }
    if (outcome.kind === 'bootstrap') {
      // The table is ahead of this batch: changes committed before the read started are in it, changes
      // committed while it ran may be; the fence tells the projection which later changes to skip.
      const fold = startViewFold(customerId, deps.limits);
      const { fence, versions } = await readInto(deps, customerId, fold);
      rememberRead(deps, customerId, VIEW_SECTIONS, fence.to, versions);
      const built = fold.finish({
        fence,
        projectedAt,
        ...(current ? { previous: current } : {}),
        ...(lastSequence ? { appliedThrough: lastSequence } : {}),
      });
      if (!built) {
        // Stryker disable next-line ConditionalExpression: deleting a view that is not there deletes nothing.
        if (current) await deps.views.deleteView(customerId);
        return current ? 'deleted' : 'unchanged';
      }
      current = built;
      bootstrapped = true;
      outcome = { kind: 'update', state: built, sections: new Set(VIEW_SECTIONS), refill: new Set() };
    }
    if (outcome.kind !== 'update') return 'unchanged';
    for (const section of outcome.refill) {
      if (section === 'head') {
        const fold = startViewFold(customerId, deps.limits);
        const { fence, versions } = await readInto(deps, customerId, fold);
        rememberRead(deps, customerId, ['head'], fence.to, versions);
        // Stryker disable next-line ObjectLiteral: only the rebuilt head is taken, not the meta these options feed.
        const rebuilt = fold.finish({ fence, projectedAt, previous: outcome.state });
        if (rebuilt) outcome.state.head = rebuilt.head;
      } else {
        const refold = startSectionRefold(section as RecordSection, deps.limits);
        // Stryker disable next-line StringLiteral: reading every record instead refolds the same section (it keeps only its own kind) and remembers versions no other key asks for.
        const { fence, versions } = await readInto(deps, customerId, refold, keys.record(`${section}#`));
        rememberRead(deps, customerId, [section], fence.to, versions);
        refold.finishInto(outcome.state, fence);
      }
      counters.refilled += 1;
    }
    if (await deps.views.writeSections(outcome.state, [...outcome.sections])) {
      return bootstrapped ? 'bootstrapped' : 'written';
    }
  }
  throw new Error(
    `view of ${customerId} kept changing under the projector (${deps.maxAttempts ?? 5} attempts)`,
  );
};

/**
 * The customer-360 projector: folds a batch of committed table changes into the views of the customers
 * they touch. Each customer is independent; one that fails is reported by its first change's sequence
 * number so the stream delivers it again (the sections' `appliedThrough` makes the redelivery harmless).
 */
export const projectStreamBatch = async (
  deps: ProjectionDeps,
  changes: readonly ChangeRecord[],
): Promise<ProjectionResult> => {
  const byCustomer = changesByCustomer(changes);
  const counters = { refilled: 0 };
  const tally = { written: 0, deleted: 0, bootstrapped: 0 };
  const failed: { customerId: string; error: string }[] = [];
  const failedSequenceNumbers: string[] = [];
  for (const [customerId, customerChanges] of byCustomer) {
    try {
      const outcome = await projectCustomer(deps, customerId, customerChanges, counters);
      if (outcome !== 'unchanged') tally[outcome] += 1;
    } catch (err: unknown) {
      failed.push({ customerId, error: err instanceof Error ? err.message : String(err) });
      // Stryker disable next-line OptionalChaining: a customer is in the batch only with at least one change.
      const first = customerChanges[0]?.sequenceNumber;
      // Stryker disable next-line ConditionalExpression: a change always has a sequence number (non-empty text).
      if (first) failedSequenceNumbers.push(first);
    }
  }
  return {
    customers: byCustomer.size,
    ...tally,
    refilled: counters.refilled,
    failed,
    failedSequenceNumbers,
  };
};
