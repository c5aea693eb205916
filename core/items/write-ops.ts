import type { Item } from './record-items.ts';

/** A write condition in domain terms; the DynamoDB adapter turns it into a ConditionExpression. */
export type WriteCondition =
  /** The item must not exist yet. */
  | { readonly kind: 'absent' }
  /** The item is absent or holds an older source version (`versionOrd` attribute). */
  | { readonly kind: 'absentOrOlder'; readonly versionOrd: string }
  /** The item is absent, carries no source version, or this one or an older one: a replay of the same write passes. */
  | { readonly kind: 'unversionedOrNotNewer'; readonly versionOrd: string }
  /** The item is absent, carries no source version, or an older one (a line item an older version wrote). */
  | { readonly kind: 'unversionedOrOlder'; readonly versionOrd: string }
  /** The item exists and these attributes hold these values (`null`: the attribute is absent). */
  | { readonly kind: 'matches'; readonly attributes: Readonly<Record<string, AttributeExpectation>> }
  /** The item is absent, or it exists with these attribute values. */
  | { readonly kind: 'absentOrMatches'; readonly attributes: Readonly<Record<string, AttributeExpectation>> }
  /**
   * A plain write's copy of a record or line item may go in: the item holds exactly what the plan read there
   * (`replaces`: the stored version, or `null` for nothing; a stored line from before lines carried a version
   * counts as the stored version), or this version written by this same writer (its own earlier attempt).
   * Anything else (another writer's copy, a version the plan did not see) is not this writer's to replace.
   */
  | {
      readonly kind: 'copyReplaces';
      readonly replaces: string | null;
      readonly versionOrd: string;
      readonly writer: string;
    }
  /** The item (a locator) is absent, a tombstone, or places its record in another partition than this one. */
  | { readonly kind: 'notLocatedIn'; readonly partition: string };

/** The value a condition expects of an attribute; `null` means the attribute must not be there. */
export type AttributeExpectation = string | number | null;

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** One write of an atomic commit. */
export type WriteOp =
  | { readonly op: 'put'; readonly item: Item; readonly condition?: WriteCondition }
  | { readonly op: 'delete'; readonly key: ItemKey; readonly condition?: WriteCondition }
  | { readonly op: 'check'; readonly key: ItemKey; readonly condition: WriteCondition }
  /** Sets (and removes) top-level attributes, creating the item when absent; other attributes survive. */
  | {
      readonly op: 'patch';
      readonly key: ItemKey;
      readonly set: Readonly<Record<string, unknown>>;
      readonly remove?: readonly string[];
      /** Atomic counters: adds to the number stored (0 when absent), whoever else adds at the same time. */
      readonly add?: Readonly<Record<string, number>>;
      readonly condition?: WriteCondition;
    };

export const opKey = (op: WriteOp): ItemKey =>
  op.op === 'put' ? { pk: op.item.pk, sk: op.item.sk } : op.key;

export const keyString = (key: ItemKey): string => `${key.pk}\u0000${key.sk}`;

/** The outcome of an atomic commit: all written, or nothing written because a condition failed. */
export type CommitResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly failedOps: readonly number[] };

/** What became of one single-item write: each is its own atomic unit. */
export type WriteOutcome = 'written' | 'conditionFailed';

/** At most this many operations go into one atomic commit (TransactWriteItems' limit). */
export const MAX_OPS_PER_COMMIT = 100;
