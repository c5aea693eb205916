import { isDeepStrictEqual } from 'node:util';
import type { Item } from '../../core/items/record-items.ts';
import {
  type AttributeExpectation,
  type CommitResult,
  type ItemKey,
  keyString,
  MAX_OPS_PER_COMMIT,
  opKey,
  type WriteCondition,
  type WriteOp,
  type WriteOutcome,
} from '../../core/items/write-ops.ts';
import type { StoreBackend } from '../../core/ports/store-backend.ts';

/** Evaluates a write condition against the current item, exactly as the DynamoDB adapter's expression does. */
export const conditionHolds = (condition: WriteCondition | undefined, current: Item | undefined): boolean => {
  if (!condition) return true;
  const matches = (attributes: Readonly<Record<string, AttributeExpectation>>) =>
    current !== undefined &&
    Object.entries(attributes).every(([name, value]) =>
      value === null ? current[name] === undefined : current[name] === value,
    );
  switch (condition.kind) {
    case 'absent':
      return current === undefined;
    case 'absentOrOlder':
      return (
        current === undefined ||
        (typeof current.versionOrd === 'string' && current.versionOrd < condition.versionOrd)
      );
    case 'unversionedOrNotNewer':
      return (
        current === undefined ||
        typeof current.versionOrd !== 'string' ||
        current.versionOrd <= condition.versionOrd
      );
    case 'unversionedOrOlder':
      return (
        current === undefined ||
        typeof current.versionOrd !== 'string' ||
        current.versionOrd < condition.versionOrd
      );
    case 'matches':
      return matches(condition.attributes);
    case 'absentOrMatches':
      return current === undefined || matches(condition.attributes);
    case 'copyReplaces': {
      if (current === undefined) return condition.replaces === null;
      const mine = current.versionOrd === condition.versionOrd && current.writer === condition.writer;
      const asRead =
        condition.replaces !== null &&
        (current.versionOrd === condition.replaces || current.versionOrd === undefined);
      return mine || asRead;
    }
    case 'notLocatedIn':
      return current === undefined || current.deleted === true || current.partition !== condition.partition;
  }
};

/** One change of an item, as DynamoDB Streams reports it with `NEW_AND_OLD_IMAGES`. */
export interface MemoryChange {
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly keys: { readonly pk: string; readonly sk: string };
  readonly newImage?: Item;
  readonly oldImage?: Item;
}

/**
 * An in-memory StoreBackend with DynamoDB's semantics (an atomic transaction; single-item writes each atomic
 * on their own), for fast tests of the store logic. `onChange` sees every change in commit order, as the
 * table's stream would: a write that leaves an item as it was, or deletes an absent one, is no change.
 */
export class MemoryBackend implements StoreBackend {
  readonly items = new Map<string, Item>();

  constructor(private readonly onChange?: (change: MemoryChange) => void) {}

  async getItems(keys: readonly ItemKey[]): Promise<Map<string, Item>> {
    const found = new Map<string, Item>();
    for (const key of keys) {
      const item = this.items.get(keyString(key));
      if (item) found.set(keyString(key), structuredClone(item));
    }
    return found;
  }

  async readPartition(pk: string): Promise<Item[]> {
    return [...this.items.values()]
      .filter((item) => item.pk === pk)
      .sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0))
      .map((item) => structuredClone(item));
  }

  async commit(ops: readonly WriteOp[]): Promise<CommitResult> {
    if (ops.length > MAX_OPS_PER_COMMIT)
      throw new Error(`commit of ${ops.length} ops exceeds ${MAX_OPS_PER_COMMIT}`);
    const seen = new Set<string>();
    for (const op of ops) {
      const key = keyString(opKey(op));
      if (seen.has(key)) throw new Error(`commit touches ${key} twice`);
      seen.add(key);
    }
    const failedOps = ops.flatMap((op, i) =>
      conditionHolds(op.condition, this.items.get(keyString(opKey(op)))) ? [] : [i],
    );
    if (failedOps.length > 0) return { ok: false, failedOps };
    for (const op of ops) this.apply(op);
    return { ok: true };
  }

  async writeEach(ops: readonly WriteOp[]): Promise<WriteOutcome[]> {
    return ops.map((op) => {
      if (op.op === 'check') throw new Error('a condition check alone writes nothing; use commit');
      if (!conditionHolds(op.condition, this.items.get(keyString(opKey(op))))) return 'conditionFailed';
      this.apply(op);
      return 'written';
    });
  }

  private apply(op: WriteOp): void {
    const key = keyString(opKey(op));
    const before = this.items.get(key);
    this.change(op, key);
    const after = this.items.get(key);
    if (!this.onChange || isDeepStrictEqual(before, after)) return;
    const { pk, sk } = opKey(op);
    this.onChange({
      eventName: before === undefined ? 'INSERT' : after === undefined ? 'REMOVE' : 'MODIFY',
      keys: { pk, sk },
      ...(after ? { newImage: structuredClone(after) } : {}),
      ...(before ? { oldImage: structuredClone(before) } : {}),
    });
  }

  private change(op: WriteOp, key: string): void {
    if (op.op === 'put') this.items.set(key, structuredClone(op.item));
    else if (op.op === 'delete') this.items.delete(key);
    else if (op.op === 'patch') {
      const next: Item = { ...(this.items.get(key) ?? op.key), ...structuredClone(op.set) } as Item;
      for (const name of op.remove ?? []) delete next[name];
      for (const [name, by] of Object.entries(op.add ?? {})) {
        const before = next[name];
        next[name] = (typeof before === 'number' ? before : 0) + by;
      }
      this.items.set(key, next);
    }
  }
}
