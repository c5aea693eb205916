import { describe, expect, it } from 'vitest';
import { collapseOps } from '../../../core/identity/plan-restructure.ts';
import type { WriteOp } from '../../../core/items/write-ops.ts';

// collapseOps beyond collapse-ops.test.ts: a moving copy is not undone by a later delete of the same item (a
// record moving into a partition where a stray copy of it is deleted), and a patch is no move.

const put = (pk: string, sk: string, extra: Record<string, unknown> = {}): WriteOp => ({
  op: 'put',
  item: { pk, sk, ...extra },
});

describe('collapseOps on moves, deletes and patches', () => {
  it('keeps a moving copy when a later delete of the same item follows it', () => {
    const moved = put('CUST#c2', 'REC#r', { cause: 'move' });

    const ops = collapseOps([moved, { op: 'delete', key: { pk: 'CUST#c2', sk: 'REC#r' } }], []);

    expect(ops).toEqual([moved]);
  });

  it('refuses a patch of an item the plan also puts, naming the item', () => {
    const patch: WriteOp = { op: 'patch', key: { pk: 'CUST#c1', sk: 'REC#r' }, set: { v: 2 } };

    expect(() => collapseOps([put('CUST#c1', 'REC#r'), patch], [])).toThrow(
      'restructuring writes CUST#c1\u0000REC#r twice',
    );
  });
});
