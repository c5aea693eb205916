import type { Item } from '../items/record-items.ts';

/** Reads every item of the customer-360 store (not the connector kit's own partitions), page by page. */
export interface StoreItemsReader {
  readAll(): AsyncIterable<readonly Item[]>;
  /** How many items the table holds, as the database last counted them (for progress); undefined when unknown. */
  approximateCount?(): Promise<number | undefined>;
}
