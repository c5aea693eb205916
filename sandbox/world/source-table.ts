import { type EntitySetMeta, type Row, rowKey } from '../odata/entity-model.ts';

/** Structural equality of row values (dates by instant), stopping at the first difference. */
const sameValue = (left: unknown, right: unknown): boolean => {
  if (left === right) return true;
  if (left instanceof Date || right instanceof Date) {
    return left instanceof Date && right instanceof Date && left.getTime() === right.getTime();
  }
  if (Array.isArray(left) || Array.isArray(right)) {
    return (
      Array.isArray(left) &&
      Array.isArray(right) &&
      left.length === right.length &&
      left.every((item, index) => sameValue(item, right[index]))
    );
  }
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  const leftKeys = Object.keys(left);
  if (leftKeys.length !== Object.keys(right).length) return false;
  return leftKeys.every((key) => sameValue(Reflect.get(left, key), Reflect.get(right, key)));
};

/** A removed row, kept so delta-capable APIs (Business Central) can report it. */
export interface Tombstone {
  readonly key: string;
  /** The removed row's key fields, e.g. `{ id: '…' }`. */
  readonly keyValues: Row;
  readonly version: number;
  readonly removedAt: Date;
}

/** Hands out the world's monotonically increasing change versions (delta tokens are versions). */
export class ChangeCounter {
  private current = 0;

  next(): number {
    this.current += 1;
    return this.current;
  }

  latest(): number {
    return this.current;
  }
}

/**
 * One stream of a sandbox system (an entity set or REST resource): the live rows, each with the
 * change version it was last written at, and tombstones for rows that were removed.
 */
export class SourceTable {
  private readonly rows = new Map<string, Row>();
  private readonly versions = new Map<string, number>();
  private readonly tombstones: Tombstone[] = [];
  private readonly removed = new Set<string>();

  constructor(
    readonly meta: EntitySetMeta,
    private readonly counter: ChangeCounter,
  ) {}

  /** Inserts or replaces a row (matched by key) and stamps it with a new change version, unless nothing changed. */
  upsert(row: Row): Row {
    const key = rowKey(this.meta, row);
    const existing = this.rows.get(key);
    // Re-projecting an unchanged row must not look like a change to delta readers.
    if (existing !== undefined && sameValue(existing, row)) return existing;
    this.rows.set(key, row);
    this.versions.set(key, this.counter.next());
    return row;
  }

  /** Like {@link upsert}, but a row that was removed stays removed (re-projection must not resurrect it). */
  refresh(row: Row): Row | undefined {
    const key = rowKey(this.meta, row);
    if (this.removed.has(key)) return undefined;
    return this.upsert(row);
  }

  /** Removes a row; returns false when there was none. */
  remove(key: string, at: Date): boolean {
    const row = this.rows.get(key);
    if (!row) return false;
    this.rows.delete(key);
    this.versions.delete(key);
    const keyValues: Row = {};
    for (const field of this.meta.keyFields) keyValues[field] = row[field];
    this.tombstones.push({ key, keyValues, version: this.counter.next(), removedAt: at });
    this.removed.add(key);
    return true;
  }

  get(key: string): Row | undefined {
    return this.rows.get(key);
  }

  /** The live rows in insertion order. */
  all(): Row[] {
    return [...this.rows.values()];
  }

  get size(): number {
    return this.rows.size;
  }

  /** The change version a row was last written at. */
  versionOf(row: Row): number | undefined {
    return this.versions.get(rowKey(this.meta, row));
  }

  /** Rows written and rows removed after `version` (for OData delta links). */
  changesSince(version: number): { readonly upserted: Row[]; readonly removed: Tombstone[] } {
    const upserted = [...this.rows.entries()]
      .filter(([key]) => (this.versions.get(key) ?? 0) > version)
      .map(([, row]) => row);
    return { upserted, removed: this.tombstones.filter((tombstone) => tombstone.version > version) };
  }

  /** The newest change version in the whole world (a delta token that covers everything so far). */
  latestVersion(): number {
    return this.counter.latest();
  }

  /** Every key ever removed (for tests asserting deletes were noticed). */
  removedKeys(): string[] {
    return this.tombstones.map((tombstone) => tombstone.key);
  }
}
