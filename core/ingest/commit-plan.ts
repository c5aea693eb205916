import { MAX_OPS_PER_COMMIT, type WriteOp } from '../items/write-ops.ts';
import type { StoreBackend } from '../ports/store-backend.ts';

/**
 * Commits a restructuring: the profile guards and as much as fits in the first atomic commit, the rest
 * in further commits. Only a restructuring of more than 100 items spans commits; if it is interrupted,
 * the next ingest touching the cluster re-resolves it from its records and repairs it.
 */
export const commitPlan = async (
  backend: StoreBackend,
  guards: readonly WriteOp[],
  ops: readonly WriteOp[],
): Promise<boolean> => {
  const first = [...guards, ...ops.slice(0, Math.max(0, MAX_OPS_PER_COMMIT - guards.length))];
  if (first.length > MAX_OPS_PER_COMMIT) {
    throw new Error(
      `an identity restructuring touches ${guards.length} customers, more than one commit can guard`,
    );
  }
  const firstResult = await backend.commit(first);
  if (!firstResult.ok) return false;
  const rest = ops.slice(first.length - guards.length);
  for (let i = 0; i < rest.length; i += MAX_OPS_PER_COMMIT) {
    const result = await backend.commit(rest.slice(i, i + MAX_OPS_PER_COMMIT));
    if (!result.ok) return false;
  }
  return true;
};
