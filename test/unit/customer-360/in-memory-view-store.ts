import { sectionItem, viewFromItems, viewSectionSort } from '../../../core/customer-360/view/view-items.ts';
import {
  type CustomerViewState,
  RECORD_SECTIONS,
  VIEW_SECTIONS,
  type ViewSection,
} from '../../../core/customer-360/view/view-state.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import type { CustomerViewStore } from '../../../core/ports/customer-view-store.ts';

/**
 * The view store port over a Map, with DynamoDB's semantics where the projector depends on them: items
 * stored as copies, conditional section writes on `version`, partition reads in sort-key order.
 */
export class InMemoryViewStore implements CustomerViewStore {
  /** Items by partition, then sort key; heads and views apart, so reading them does not walk a big history. */
  private readonly heads = new Map<string, Map<string, Item>>();
  private readonly others = new Map<string, Map<string, Item>>();
  sectionWrites = 0;
  partitionReads = 0;

  constructor(private readonly pageSize = 3) {}

  private bucket(item: Pick<Item, 'pk' | 'sk'>): Map<string, Item> {
    const tier = item.sk.startsWith(keys.profile) ? this.heads : this.others;
    let partition = tier.get(item.pk);
    if (!partition) {
      partition = new Map();
      tier.set(item.pk, partition);
    }
    return partition;
  }

  /** Stores the item as given: callers hand over items they do not change afterwards. */
  put(item: Item): void {
    this.bucket(item).set(item.sk, item);
  }

  get(key: Pick<Item, 'pk' | 'sk'>): Item | undefined {
    return this.bucket(key).get(key.sk);
  }

  delete(key: Pick<Item, 'pk' | 'sk'>): void {
    this.bucket(key).delete(key.sk);
  }

  partition(customerId: string, prefix = ''): Item[] {
    const pk = keys.customer(customerId);
    const tiers = prefix.startsWith(keys.profile) ? [this.heads] : [this.heads, this.others];
    return tiers
      .flatMap((tier) => [...(tier.get(pk)?.values() ?? [])])
      .filter((i) => i.sk.startsWith(prefix))
      .sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0));
  }

  async readView(customerId: string): Promise<CustomerViewState | undefined> {
    return viewFromItems(customerId, this.partition(customerId, 'PROFILE#VIEW#'))?.state;
  }

  async writeSections(state: CustomerViewState, sections: readonly ViewSection[]): Promise<boolean> {
    const ordered = [
      ...RECORD_SECTIONS.filter((s) => sections.includes(s)),
      ...(sections.includes('head') ? (['head'] as const) : []),
    ];
    for (const section of ordered) {
      const read = state.meta[section]?.version ?? 0;
      const stored = this.get({ pk: keys.customer(state.customerId), sk: viewSectionSort(section) });
      if ((stored?.version ?? 0) !== read) return false;
      // A copy, as DynamoDB keeps one: the projector's state objects must not alias the stored section.
      this.put(structuredClone(sectionItem(state, section, read + 1)));
      this.sectionWrites += 1;
      const meta = state.meta[section];
      if (meta) state.meta[section] = { ...meta, version: read + 1 };
    }
    return true;
  }

  async deleteView(customerId: string): Promise<void> {
    for (const section of VIEW_SECTIONS)
      this.delete({ pk: keys.customer(customerId), sk: viewSectionSort(section) });
  }

  /** Pages of `pageSize` items, so the projector's folds always meet more than one page. */
  async *partitionPages(customerId: string, sortPrefix?: string): AsyncGenerator<readonly Item[]> {
    this.partitionReads += 1;
    const items = this.partition(customerId, sortPrefix);
    for (let i = 0; i < items.length; i += this.pageSize) yield items.slice(i, i + this.pageSize);
  }

  /** The head and the view, as the 360 read's one Query returns them. */
  headAndView(customerId: string): Item[] {
    return this.partition(customerId, 'PROFILE');
  }
}
