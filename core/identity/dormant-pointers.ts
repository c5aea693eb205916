import { keys } from '../items/keys.ts';
import type { ProfileItem } from '../items/state-items.ts';
import type { WriteOp } from '../items/write-ops.ts';

/**
 * Rewrites the merge pointers of dormant customers (merged before this restructuring) that no longer lead
 * to the customer holding their seed record. An unmerge gives the restored customer the records of its
 * part, seed records of customers merged into the survivor earlier among them; their pointers still name
 * the survivor, so a read of such an old id would be sent to a customer holding none of its records. A
 * pointer is rewritten only when its chain, with this restructuring's own merges, ends elsewhere.
 *
 * `mergedNow`: customers this restructuring merges away, with the customer each now points to.
 */
export const dormantPointerFixes = (
  profiles: ReadonlyMap<string, ProfileItem>,
  finalIds: ReadonlySet<string>,
  mergedNow: ReadonlyMap<string, string | undefined>,
  customerOf: ReadonlyMap<string, string>,
): WriteOp[] => {
  const next = (id: string): string | undefined => {
    if (mergedNow.has(id)) return mergedNow.get(id);
    const profile = profiles.get(id);
    return profile?.status === 'merged' ? profile.mergedInto : undefined;
  };
  /** The customer a read of `id` ends at, following merge pointers; undefined when none is active. */
  const endOf = (id: string): string | undefined => {
    const seen = new Set<string>();
    for (let current: string | undefined = id; current !== undefined; current = next(current)) {
      if (finalIds.has(current) || seen.has(current)) return current;
      seen.add(current);
    }
    return undefined;
  };
  const fixes: WriteOp[] = [];
  for (const profile of profiles.values()) {
    if (profile.status !== 'merged' || finalIds.has(profile.customerId)) continue;
    const holder = customerOf.get(profile.seedRecord);
    if (holder === undefined || endOf(profile.customerId) === holder) continue;
    fixes.push({
      op: 'patch',
      key: { pk: keys.customer(profile.customerId), sk: keys.profile },
      set: { mergedInto: holder, rev: profile.rev + 1 },
      // A mark a stopped restructuring left goes with the one that rewrites the profile (core/ingest/commit-plan.ts).
      remove: ['restructuring'],
      condition: { kind: 'matches', attributes: { rev: profile.rev, status: 'merged' } },
    });
  }
  return fixes;
};
