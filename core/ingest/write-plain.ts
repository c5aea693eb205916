import { type ItemKey, opKey, type WriteOp } from '../items/write-ops.ts';
import type { StoreBackend } from '../ports/store-backend.ts';
import { type FastWrite, settledWriteGuard } from './plan-settled-writes.ts';

/** Items a plain write put into a partition, to take back when the record turns out to belong elsewhere. */
export interface StrayCopy {
  readonly partition: string;
  readonly sortKeys: readonly string[];
  readonly versionOrd: string;
}

export interface PlainWriteResult {
  readonly written: FastWrite[];
  /** A newer version is already stored where the record was going. */
  readonly stale: FastWrite[];
  /** The locator changed since the snapshot: what was written is taken back; read and plan again. */
  readonly retry: FastWrite[];
  /** The customer changed (merged, split, erased) after its records landed: re-resolve them, stray copies known. */
  readonly repair: { readonly write: FastWrite; readonly stray: StrayCopy }[];
}

const putKeys = (write: FastWrite): ItemKey[] =>
  [write.plain.primary, ...write.plain.secondary].flatMap((op) => (op && op.op === 'put' ? [opKey(op)] : []));

/** The record's own items, as this write put them (a later or a concurrent version's are left alone). */
export const strayCopyOf = (write: FastWrite): StrayCopy | undefined => {
  const written = putKeys(write);
  const first = written[0];
  return first
    ? { partition: first.pk, sortKeys: written.map((k) => k.sk), versionOrd: write.plain.versionOrd }
    : undefined;
};

/** Deletes the items of a stray copy that still hold exactly the version that wrote them. */
export const discardStrayCopy = async (backend: StoreBackend, stray: StrayCopy): Promise<void> => {
  await backend.writeEach(
    stray.sortKeys.map(
      (sk): WriteOp => ({
        op: 'delete',
        key: { pk: stray.partition, sk },
        condition: { kind: 'matches', attributes: { versionOrd: stray.versionOrd } },
      }),
    ),
  );
};

/**
 * Writes settled records with plain conditional single-item writes instead of transactions, in an order
 * that keeps every prefix safe (a crash or a concurrent restructuring between two steps leaves nothing a
 * retry or the restructuring cannot see):
 *
 * 1. the record items, each conditional on holding no newer version (a replay of the same version passes);
 * 2. then their further order lines and removals of stale lines or copies, with the same version conditions;
 * 3. then one settled-write guard per customer: still active at the revision the snapshot read, write count
 *    up. A restructuring conditions on that count, so one that read the partition before step 1 fails and
 *    re-reads; if the guard fails instead, the customer changed and the records are re-resolved;
 * 4. last, the locators, conditional on being as the snapshot read them: the locator is the commit point
 *    (a replay after a crash before it writes everything again). A lost locator write takes the record's
 *    items back and sends the record round again.
 */
export const writePlain = async (
  backend: StoreBackend,
  writes: readonly FastWrite[],
): Promise<PlainWriteResult> => {
  const result: PlainWriteResult = { written: [], stale: [], retry: [], repair: [] };
  const withPrimary = writes.filter((w) => w.plain.primary !== undefined);
  const primaries = await backend.writeEach(withPrimary.map((w) => w.plain.primary as WriteOp));
  const stale = new Set(withPrimary.filter((_, i) => primaries[i] === 'conditionFailed'));
  result.stale.push(...stale);
  const placed = writes.filter((w) => !stale.has(w));

  // A line whose condition fails belongs to a newer version written meanwhile; its writer finishes the order.
  await backend.writeEach(placed.flatMap((w) => w.plain.secondary));

  const revs = new Map<string, number>();
  for (const write of placed) {
    if (write.customerId !== undefined && write.plain.guardRev !== undefined)
      revs.set(write.customerId, write.plain.guardRev);
  }
  const customers = [...revs.keys()];
  const guards = await backend.writeEach(customers.map((id) => settledWriteGuard(id, revs.get(id))));
  const changed = new Set(customers.filter((_, i) => guards[i] === 'conditionFailed'));
  const ready: FastWrite[] = [];
  for (const write of placed) {
    const stray = strayCopyOf(write);
    if (write.customerId !== undefined && changed.has(write.customerId) && stray)
      result.repair.push({ write, stray });
    else ready.push(write);
  }

  const locators = await backend.writeEach(ready.map((w) => w.plain.locator));
  const lost = ready.filter((_, i) => locators[i] === 'conditionFailed');
  result.written.push(...ready.filter((_, i) => locators[i] === 'written'));
  await Promise.all(
    lost.map(async (write) => {
      const stray = strayCopyOf(write);
      if (stray) await discardStrayCopy(backend, stray);
    }),
  );
  result.retry.push(...lost);
  return result;
};
