import { LedgerEntrySchema } from '../../schemas/entities/identity.ts';
import { keys, stableId } from '../items/keys.ts';
import { ProfileItemSchema, parseStateItem } from '../items/state-items.ts';
import type { UnmergeResult, WhoRequested } from '../ports/customer-store.ts';
import type { StoreBackend } from '../ports/store-backend.ts';
import { recordsOf } from './cluster.ts';
import { readCluster } from './read-cluster.ts';
import { type RestructureDeps, reresolveCluster } from './reresolve-cluster.ts';

/**
 * Undoes a merge. The two customers' seed records are separated for good (on their locators, so a
 * replay of the same records will not merge them again), then the cluster is re-resolved: the merged
 * customer comes back with its old id and the records that belong to it, and every derived item
 * (identifier owners, conflicts, the 360 partitions) is rebuilt from the records.
 */
export const unmergeCustomer = async (
  deps: RestructureDeps & { readonly maxAttempts: number; readonly pause: (n: number) => Promise<void> },
  customerId: string,
  entryId: string,
  who: WhoRequested,
): Promise<UnmergeResult> => {
  const backend: StoreBackend = deps.backend;
  for (let attempt = 0; attempt < deps.maxAttempts; attempt++) {
    if (attempt > 0) await deps.pause(attempt);
    const items = await backend.readPartition(keys.customer(customerId));
    const entryItem = items.find(
      // Stryker disable next-line ConditionalExpression,OptionalChaining: only ledger items carry an `entry`, and every ledger item has one
      (i) => i.kind === 'ledger' && (i.entry as { entryId?: string })?.entryId === entryId,
    );
    const entry = entryItem ? LedgerEntrySchema.safeParse(entryItem.entry) : undefined;
    if (!entry?.success || entry.data.kind !== 'merge') {
      return { kind: 'notFound', reason: `customer ${customerId} has no merge ledger entry ${entryId}` };
    }
    const merge = entry.data;
    const profiles = await backend.getItems([
      { pk: keys.customer(merge.survivorId), sk: keys.profile },
      { pk: keys.customer(merge.mergedId), sk: keys.profile },
    ]);
    const [survivor, merged] = [merge.survivorId, merge.mergedId].map((id) => {
      const item = profiles.get(`${keys.customer(id)}\u0000${keys.profile}`);
      return item ? parseStateItem(ProfileItemSchema, item) : undefined;
    });
    if (!survivor || !merged)
      return { kind: 'notFound', reason: `a customer of ledger entry ${entryId} no longer exists` };
    if (merged.status !== 'merged') {
      return { kind: 'notFound', reason: `ledger entry ${entryId} was already undone` };
    }

    // Stryker disable next-line ArrayDeclaration: an identifier nobody owns adds nothing to the cluster
    const gathered = await readCluster(backend, [merge.survivorId], [], deps.hashOf);
    if (!gathered.records.has(survivor.seedRecord) || !gathered.records.has(merged.seedRecord)) {
      return {
        kind: 'notFound',
        reason: `the records that founded the two customers of ${entryId} are gone; nothing to split along`,
      };
    }
    // The separation lives on both seed records' locators: it is part of the input a replay sees.
    for (const [self, other] of [
      [survivor.seedRecord, merged.seedRecord],
      [merged.seedRecord, survivor.seedRecord],
    ] as const) {
      const locator = gathered.locators.get(self);
      // Stryker disable next-line LogicalOperator,OptionalChaining,ArrayDeclaration: readCluster read the locator of every gathered record
      const separateFrom = [...new Set([...(locator?.separateFrom ?? []), other])].sort();
      await backend.commit([
        { op: 'patch', key: { pk: keys.locator(self), sk: keys.locatorSort }, set: { separateFrom } },
      ]);
      // Stryker disable next-line ConditionalExpression: the locator is there, see above
      if (locator) gathered.locators.set(self, { ...locator, separateFrom });
    }
    const records = recordsOf(gathered);
    const plan = await reresolveCluster(deps, gathered, records, {
      unmergeEntry: {
        entryId: stableId('unmerge', entryId),
        kind: 'unmerge',
        at: deps.now,
        evidence: merge.evidence,
        undoes: entryId,
        requestedBy: who.requestedBy,
        reason: who.reason,
        survivorId: merge.survivorId,
        mergedId: merge.mergedId,
        restoreId: merge.mergedId,
      },
    });
    if (plan) {
      const customerIds = [...new Set(plan.customerOf.values())].sort();
      return { kind: 'unmerged', customerIds, entryId: stableId('unmerge', entryId) };
    }
  }
  throw new Error(`unmerge of ${entryId} kept racing with concurrent writes`);
};
