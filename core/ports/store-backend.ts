import type { Item } from '../items/record-items.ts';
import type { CommitResult, ItemKey, WriteOp, WriteOutcome } from '../items/write-ops.ts';

/**
 * The store's storage port: strongly consistent point reads, partition reads, atomic conditional
 * commits and independent conditional single-item writes. DynamoDB implements it for real; an in-memory map implements it for the property tests
 * that run the very same ingestion and identity code thousands of times.
 */
export interface StoreBackend {
  /** Reads items by key; missing items are absent from the map (keyed by `keyString`). */
  getItems(keys: readonly ItemKey[]): Promise<Map<string, Item>>;
  /** Every item of a partition, in sort-key order. */
  readPartition(pk: string): Promise<Item[]>;
  /** Writes all operations atomically (at most MAX_OPS_PER_COMMIT, distinct keys), or none. */
  commit(ops: readonly WriteOp[]): Promise<CommitResult>;
  /**
   * Writes each operation on its own (a conditional single-item write, half the price of a transactional
   * one), several at once, and says per operation whether it was written or its condition failed. Nothing
   * is atomic across operations: callers order their writes so that every prefix is safe.
   */
  writeEach(ops: readonly WriteOp[]): Promise<WriteOutcome[]>;
}
