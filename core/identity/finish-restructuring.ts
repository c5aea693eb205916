import { markStartedAt } from '../ingest/commit-plan.ts';
import { keys } from '../items/keys.ts';
import { ProfileItemSchema, parseStateItem } from '../items/state-items.ts';
import { opKey } from '../items/write-ops.ts';
import type { FinishRestructuringResult } from '../ports/customer-store.ts';
import { recordsOf } from './cluster.ts';
import { readCluster } from './read-cluster.ts';
import { type RestructureDeps, reresolveCluster } from './reresolve-cluster.ts';

/**
 * Finishes a restructuring split over several commits whose function stopped between them (the store check's
 * `restructuringUnfinished`), without waiting for the customer's next record: gathers the marked customer's
 * cluster (a marked merged customer leads to its survivor, and the survivor's ledger to what a stopped merge left
 * on the customers merged into it) and re-resolves it with its records as they stand. That is what the replay of
 * the stopped restructuring's record would do: the copies already written ahead of their locators are taken as the
 * records, what was left behind moves, and every profile it writes loses its mark.
 *
 * With `startedAt`, only the mark the caller saw is finished: a customer marked again since belongs to a
 * restructuring that may still be running. Without it the customer is re-resolved whether marked or not: an unmerge
 * that stopped after writing its separations and before its restructuring leaves no mark, only two separated records
 * on one customer. Guarded as every restructuring is, so a concurrent write makes it read again.
 */
export const finishRestructuring = async (
  deps: RestructureDeps & { readonly maxAttempts: number; readonly pause: (n: number) => Promise<void> },
  customerId: string,
  startedAt?: string,
): Promise<FinishRestructuringResult> => {
  const profileKey = { pk: keys.customer(customerId), sk: keys.profile };
  for (let attempt = 0; attempt < deps.maxAttempts; attempt++) {
    if (attempt > 0) await deps.pause(attempt);
    if (startedAt !== undefined) {
      const found = (await deps.backend.getItems([profileKey])).values().next().value;
      const mark = found ? parseStateItem(ProfileItemSchema, found).restructuring : undefined;
      if (mark === undefined || markStartedAt(mark) !== startedAt) return { kind: 'notMarked' };
    }
    // Stryker disable next-line ArrayDeclaration: the seed customer's records bring their identifiers along
    const gathered = await readCluster(deps.backend, [customerId], [], deps.hashOf);
    const records = recordsOf(gathered);
    const plan = await reresolveCluster(deps, gathered, records, {});
    if (plan) {
      // Every guard is a customer's profile; those it writes (not only checks) lose their marks.
      const written = plan.guards.filter((guard) => guard.op !== 'check');
      const customerIds = written.map((guard) => opKey(guard).pk.slice(keys.customer('').length));
      return { kind: 'finished', customerIds };
    }
  }
  return { kind: 'raced' };
};
