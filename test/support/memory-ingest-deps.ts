import { finishRestructuring } from '../../core/identity/finish-restructuring.ts';
import { defaultIdentityConfig } from '../../core/identity/identity-config.ts';
import type { IngestDeps } from '../../core/ingest/ingest-page.ts';
import type { CustomerStore } from '../../core/ports/customer-store.ts';
import type { StoreBackend } from '../../core/ports/store-backend.ts';
import { eraseCustomer } from '../../core/privacy/erase-customer.ts';

/**
 * What ingest, restructuring and unmerge need in a test on an in-memory backend: the default identity rules,
 * identifiers unhashed, customers numbered c1, c2, … in creation order, a fixed clock, and retries without
 * a wait (the test decides who goes next, not a backoff).
 */
export const memoryIngestDeps = (backend: StoreBackend, overrides: Partial<IngestDeps> = {}): IngestDeps => {
  let n = 0;
  return {
    backend,
    config: defaultIdentityConfig,
    hashOf: (idKey) => idKey,
    newCustomerId: () => `c${++n}`,
    now: () => new Date('2026-03-01T00:00:00Z'),
    maxAttempts: 3,
    pause: async () => {},
    ...overrides,
  };
};

/**
 * The store's operator actions the store check finishes stalled work with, over the same deps: a restructuring
 * stopped between its commits, and an erasure stopped part-way (retried without a wait).
 */
export const memoryIdentityOps = (
  deps: IngestDeps,
): Pick<CustomerStore, 'finishRestructuring' | 'eraseCustomer'> => ({
  finishRestructuring: (customerId, startedAt) =>
    finishRestructuring({ ...deps, now: deps.now().toISOString() }, customerId, startedAt),
  eraseCustomer: (customerId, who) =>
    eraseCustomer(
      { ...deps, now: deps.now().toISOString(), timing: { sleep: async () => undefined } },
      customerId,
      who,
    ),
});
