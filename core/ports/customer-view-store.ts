import type { CustomerViewState, ViewSection } from '../customer-360/view/view-state.ts';
import type { Item } from '../items/record-items.ts';

/** Where the customer-360 view's sections live (the customer's partition of the table). */
export interface CustomerViewStore {
  /** The view's sections, read strongly consistent; undefined when there is none. */
  readView(customerId: string): Promise<CustomerViewState | undefined>;
  /**
   * Writes these sections, record sections before the head, each conditional on the version it was read
   * at (absent for version 0). False when another writer was first: read again and project again.
   */
  writeSections(state: CustomerViewState, sections: readonly ViewSection[]): Promise<boolean>;
  /** Removes every section of the customer's view (merged away, erased). */
  deleteView(customerId: string): Promise<void>;
  /**
   * Items of the customer's partition (those whose sort key begins with `sortPrefix`), consistent, one page at a
   * time: a partition of hundreds of thousands of items is folded as it is read, never held whole.
   */
  partitionPages(customerId: string, sortPrefix?: string): AsyncIterable<readonly Item[]>;
}
