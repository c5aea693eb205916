import type { LocatorItem, OwnerItem, ProfileItem } from '../items/state-items.ts';

/** What the store knew, at read time, about the identifiers, records and customers of a page. */
export interface IngestSnapshot {
  /** identifier key → owner, or `suppressed` for an erased customer's identifier. */
  readonly owners: Map<string, OwnerItem | 'suppressed'>;
  readonly locators: Map<string, LocatorItem>;
  readonly profiles: Map<string, ProfileItem>;
  /** Identifiers whose owner changed while the snapshot was read: their records take the identity path. */
  readonly moved: Set<string>;
}
