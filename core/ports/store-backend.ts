import type { Item } from '../items/record-items.ts';
import type { CommitResult, ItemKey, WriteOp } from '../items/write-ops.ts';

/**
 * The store's storage port: strongly consistent point reads, partition reads and atomic conditional
 * commits. DynamoDB implements it for real; an in-memory map implements it for the property tests
 * that run the very same ingestion and identity code thousands of times.
 */
export interface StoreBackend {
  /** Reads items by key; missing items are absent from the map (keyed by `keyString`). */
  getItems(keys: readonly ItemKey[]): Promise<Map<string, Item>>;
  /** Every item of a partition, in sort-key order. */
  readPartition(pk: string): Promise<Item[]>;
  /** Writes all operations atomically (at most MAX_OPS_PER_COMMIT, distinct keys), or none. */
  commit(ops: readonly WriteOp[]): Promise<CommitResult>;
}
