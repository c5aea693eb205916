import { defaultIdentityConfig } from '../../core/identity/identity-config.ts';
import type { IngestDeps } from '../../core/ingest/ingest-page.ts';
import type { StoreBackend } from '../../core/ports/store-backend.ts';

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
