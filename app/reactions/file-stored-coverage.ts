import { keyString } from '../../core/items/write-ops.ts';
import type { StoreBackend } from '../../core/ports/store-backend.ts';
import type { StoreItemsReader } from '../../core/ports/store-items.ts';
import { STORED_UNITS_FILED_KEY, storedCoverageDueItems } from '../../core/reactions/coverage-due.ts';
import { InstalledProductDataSchema } from '../../schemas/entities/installed-product.ts';

/** What the filing pass reads of each item (a scan's projection). */
export const STORED_UNIT_ATTRIBUTES = ['pk', 'sk', 'kind', 'entity', 'recordKey', 'data'] as const;

export interface FileStoredCoverageDeps {
  readonly backend: StoreBackend;
  /** Every item of the store, page by page (the store check's read). */
  readonly storedItems: StoreItemsReader;
  readonly now: () => Date;
  /** Milliseconds the run has left; the pass stops between pages with less than `reserveMs` left. */
  readonly remainingMs?: () => number;
  readonly reserveMs?: number;
}

/** What the one-off filing pass did: `done` (now or before) or `unfinished` (out of time, the next run starts over). */
export interface StoredCoverageFiling {
  readonly status: 'done' | 'alreadyDone' | 'unfinished';
  /** Due items written (one per coverage end from today on). */
  readonly filed: number;
}

/**
 * Files the due items of the installed products stored before due items existed, once per store: changes file them
 * from then on, but a unit that does not change again would never be noticed. It reads the whole store page by page
 * and marks the pass done at its end; a pass cut short leaves no mark and the next run starts over (its puts are
 * idempotent). Stray copies a merge left are filed too: the sweep judges each on the record its locator places.
 */
export const fileStoredCoverageOnce = async (deps: FileStoredCoverageDeps): Promise<StoredCoverageFiling> => {
  const marker = await deps.backend.getItems([STORED_UNITS_FILED_KEY]);
  if (marker.has(keyString(STORED_UNITS_FILED_KEY))) return { status: 'alreadyDone', filed: 0 };
  const now = deps.now();
  let filed = 0;
  for await (const page of deps.storedItems.readAll()) {
    if (deps.remainingMs && deps.remainingMs() < (deps.reserveMs ?? 0))
      return { status: 'unfinished', filed };
    const items = page.flatMap((item) => {
      if (item.kind !== 'record' || item.entity !== 'installedProduct') return [];
      const unit = InstalledProductDataSchema.safeParse(item.data);
      return unit.success ? storedCoverageDueItems(String(item.recordKey), unit.data, now) : [];
    });
    if (items.length > 0) await deps.backend.writeEach(items.map((item) => ({ op: 'put', item })));
    filed += items.length;
  }
  await deps.backend.commit([
    {
      op: 'put',
      item: { ...STORED_UNITS_FILED_KEY, kind: 'coverageDueFiled', filedAt: now.toISOString(), filed },
    },
  ]);
  return { status: 'done', filed };
};
