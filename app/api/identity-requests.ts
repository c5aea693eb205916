import type { CustomerStore, UnmergeResult } from '../../core/ports/customer-store.ts';
import type { IdentityGraph } from '../../schemas/api/identity.ts';
import { explainMissingCustomer, failUnlessFound } from './customer-state.ts';
import { UnmergeRefusedError } from './errors.ts';

export type IdentityReadStore = Pick<CustomerStore, 'explainIdentity' | 'getCustomer360'>;
export type IdentityStore = IdentityReadStore & Pick<CustomerStore, 'unmerge'>;

/** Explaining identity merges, for the query API (read-only: the read function's role cannot write). */
export const createIdentityReads = (store: IdentityReadStore) => ({
  /** The identity graph with the evidence behind each merge. */
  async explain(customerId: string): Promise<IdentityGraph> {
    const explanation = await store.explainIdentity(customerId);
    if (!explanation) return explainMissingCustomer(store, customerId);
    return {
      customerId: explanation.customerId,
      identifiers: explanation.identifiers.map((i) => ({
        identifier: i.identifier,
        records: [...i.records],
      })),
      ledger: [...explanation.ledger],
      conflicts: [...explanation.conflicts],
    };
  },
});

export type IdentityReads = ReturnType<typeof createIdentityReads>;

/** Explaining and undoing identity merges, for the query API. */
export const createIdentityRequests = (store: IdentityStore) => ({
  ...createIdentityReads(store),

  /** Undoes one merge of a surviving customer; `requestedBy` is the caller's identity for the ledger. */
  async unmerge(
    customerId: string,
    request: { entryId: string; reason: string },
    requestedBy: string,
  ): Promise<Extract<UnmergeResult, { kind: 'unmerged' }>> {
    const result = await store.unmerge(customerId, request.entryId, { requestedBy, reason: request.reason });
    if (result.kind === 'unmerged') return result;
    // Refused: say "merged away" / "unknown" when that is why, else pass on the store's reason.
    failUnlessFound(customerId, await store.getCustomer360(customerId));
    throw new UnmergeRefusedError(result.reason);
  },
});

export type IdentityRequests = ReturnType<typeof createIdentityRequests>;
