import type { Item } from '../../core/items/record-items.ts';
import type { StoreBackend } from '../../core/ports/store-backend.ts';

/**
 * Records a decision unless one with the same reaction key exists: true when written now, false when
 * it was decided before (a redelivered change, a replay, a second look at the same facts).
 */
export const writeDecisionOnce = async (backend: StoreBackend, item: Item): Promise<boolean> => {
  const result = await backend.commit([{ op: 'put', item, condition: { kind: 'absent' } }]);
  return result.ok;
};
