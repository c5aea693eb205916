import type { MemoryBackend } from '../../adapters/memory/memory-backend.ts';
import { runStoreCheck, type StoreCheckReport } from '../../app/store-check/run-store-check.ts';
import type { IngestDeps } from '../../core/ingest/ingest-page.ts';
import type { StoreItemsReader } from '../../core/ports/store-items.ts';
import { memoryIdentityOps } from './memory-ingest-deps.ts';

/** The whole memory table as the store check's reader sees it: one page, copies of the items. */
export const memoryStoreReader = (backend: MemoryBackend): StoreItemsReader => ({
  async *readAll() {
    yield [...backend.items.values()].map((item) => structuredClone(item));
  },
});

/**
 * The store check over a memory table with its clock at `now`, and with `repair` what the CLI's `--repair` and the
 * daily run do, finishing stalled work with the store's own operations over `deps`.
 */
export const checkMemoryStore = (
  backend: MemoryBackend,
  deps: IngestDeps,
  now: Date,
  options: { readonly repair: boolean },
): Promise<StoreCheckReport> =>
  runStoreCheck(
    {
      reader: memoryStoreReader(backend),
      backend,
      identity: memoryIdentityOps({ ...deps, now: () => now }),
      now: () => now,
    },
    options,
  );
