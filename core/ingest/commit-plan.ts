import { keys, stableId } from '../items/keys.ts';
import { keyString, MAX_OPS_PER_COMMIT, opKey, type WriteOp } from '../items/write-ops.ts';
import type { StoreBackend } from '../ports/store-backend.ts';

/** A guard that writes a customer's profile at a new revision (a survivor, a newcomer, a customer merged away). */
const newRevisionOf = (op: WriteOp): number | undefined => {
  if (opKey(op).sk !== keys.profile) return undefined;
  if (op.op === 'put' && typeof op.item.rev === 'number') return op.item.rev;
  if (op.op === 'patch' && typeof op.set.rev === 'number') return op.set.rev;
  return undefined;
};

/** The guard, writing the restructuring's mark on the profile as well. */
const marked = (op: WriteOp, id: string): WriteOp => {
  if (op.op === 'put') return { ...op, item: { ...op.item, restructuring: id } };
  if (op.op === 'patch')
    return {
      ...op,
      set: { ...op.set, restructuring: id },
      ...(op.remove ? { remove: op.remove.filter((name) => name !== 'restructuring') } : {}),
    };
  return op;
};

/** A restructuring's mark on the profiles it writes: when it began, then which plan it is. */
const restructuringMark = (startedAt: string, guards: readonly WriteOp[]): string =>
  `${startedAt}#${stableId('restructuring', ...guards.map((guard) => JSON.stringify(guard)))}`;

/** The start time a restructuring's mark begins with (the store check tells a stalled one by it). */
export const markStartedAt = (mark: string): string =>
  // Stryker disable next-line StringLiteral: equivalent, split always yields a first part, so the fallback never applies
  mark.split('#')[0] ?? '';

/**
 * Commits a restructuring: the profile guards and as much as fits in the first atomic commit, the rest in further
 * commits. Only a restructuring of more than 100 items spans commits. Then its first commit marks every profile it
 * writes (`restructuring`), each later commit checks that the profiles are still as the first left them, and the last
 * one takes the marks away. Readers treat a record placed with a marked customer as moving; settled writes leave a
 * marked customer to the restructuring path, and another restructuring (the replay of the record, the next record
 * of the customer) finishes the work of one that stopped, a crash or a refused check: the plan puts the copies and
 * locators first, deletes last and the incoming record's locator at the very end (core/identity/plan-restructure.ts).
 */
export const commitPlan = async (
  backend: StoreBackend,
  guards: readonly WriteOp[],
  ops: readonly WriteOp[],
  /** When the restructuring began (ISO time): the mark starts with it, so the store check can tell a stalled one. */
  startedAt: string,
): Promise<boolean> => {
  if (guards.length > MAX_OPS_PER_COMMIT)
    throw new Error(
      `an identity restructuring touches ${guards.length} customers, more than one commit can guard`,
    );
  if (guards.length + ops.length <= MAX_OPS_PER_COMMIT) return (await backend.commit([...guards, ...ops])).ok;

  const id = restructuringMark(startedAt, guards);
  const profiles = guards.flatMap((guard) => {
    const rev = newRevisionOf(guard);
    return rev === undefined ? [] : [{ key: opKey(guard), rev }];
  });
  /** The profile as the first commit left it. */
  const asLeft = (rev: number) => ({ kind: 'matches', attributes: { rev, restructuring: id } }) as const;
  const holds = profiles.map(({ key, rev }): WriteOp => ({ op: 'check', key, condition: asLeft(rev) }));
  const releases = profiles.map(
    ({ key, rev }): WriteOp => ({
      op: 'patch',
      key,
      set: {},
      remove: ['restructuring'],
      condition: asLeft(rev),
    }),
  );
  if (holds.length >= MAX_OPS_PER_COMMIT)
    throw new Error(
      `an identity restructuring marks ${holds.length} customers, more than a commit can check`,
    );
  const markedKeys = new Set(profiles.map(({ key }) => keyString(key)));
  const first = [
    ...guards.map((guard) => (markedKeys.has(keyString(opKey(guard))) ? marked(guard, id) : guard)),
    ...ops.slice(0, MAX_OPS_PER_COMMIT - guards.length),
  ];
  if (!(await backend.commit(first)).ok) return false;
  const rest = ops.slice(MAX_OPS_PER_COMMIT - guards.length);
  const room = MAX_OPS_PER_COMMIT - holds.length;
  for (let i = 0; i < rest.length; i += room) {
    const chunk = rest.slice(i, i + room);
    const last = i + room >= rest.length;
    if (!(await backend.commit([...(last ? releases : holds), ...chunk])).ok) return false;
  }
  return true;
};
