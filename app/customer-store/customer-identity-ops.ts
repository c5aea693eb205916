import { unmergeCustomer } from '../../core/identity/unmerge-customer.ts';
import type { CustomerStore } from '../../core/ports/customer-store.ts';
import { eraseCustomer } from '../../core/privacy/erase-customer.ts';
import type { StoreContext } from './store-context.ts';

export type CustomerIdentityOps = Pick<CustomerStore, 'unmerge' | 'eraseCustomer'>;

/** Operator actions that restructure customers: unmerge along a ledger entry, and erasure. */
export const createCustomerIdentityOps = (ctx: StoreContext): CustomerIdentityOps => {
  const { backend, config, hashOf, newCustomerId, now, maxAttempts, pause } = ctx;
  return {
    unmerge: (customerId, entryId, who) =>
      unmergeCustomer(
        { backend, config, hashOf, newCustomerId, now: now().toISOString(), maxAttempts, pause },
        customerId,
        entryId,
        who,
      ),

    eraseCustomer: (customerId, who) =>
      eraseCustomer({ backend, hashOf, now: now().toISOString() }, customerId, who),
  };
};
