import { finishRestructuring } from '../../core/identity/finish-restructuring.ts';
import { unmergeCustomer } from '../../core/identity/unmerge-customer.ts';
import type { CustomerStore } from '../../core/ports/customer-store.ts';
import { eraseCustomer } from '../../core/privacy/erase-customer.ts';
import type { StoreContext } from './store-context.ts';

export type CustomerIdentityOps = Pick<CustomerStore, 'unmerge' | 'finishRestructuring' | 'eraseCustomer'>;

/** Operator actions that restructure customers: unmerge along a ledger entry, finishing a stopped one, erasure. */
export const createCustomerIdentityOps = (ctx: StoreContext): CustomerIdentityOps => {
  const { backend, config, hashOf, newCustomerId, now, maxAttempts, pause } = ctx;
  const restructureDeps = () => ({
    backend,
    config,
    hashOf,
    newCustomerId,
    now: now().toISOString(),
    maxAttempts,
    pause,
  });
  return {
    unmerge: (customerId, entryId, who) => unmergeCustomer(restructureDeps(), customerId, entryId, who),

    finishRestructuring: (customerId, startedAt) =>
      finishRestructuring(restructureDeps(), customerId, startedAt),

    eraseCustomer: (customerId, who) =>
      eraseCustomer({ backend, hashOf, now: now().toISOString() }, customerId, who),
  };
};
