import { describe, expect, it } from 'vitest';
import { collapseOps } from '../../../core/identity/plan-restructure.ts';
import type { WriteOp } from '../../../core/items/write-ops.ts';

// One operation per item in a restructuring commit (DynamoDB refuses a transaction touching an item twice).

const put = (pk: string, sk: string, extra: Record<string, unknown> = {}): WriteOp => ({
  op: 'put',
  item: { pk, sk, ...extra },
});
const del = (pk: string, sk: string): WriteOp => ({ op: 'delete', key: { pk, sk } });

describe('collapseOps', () => {
  it('lets a put replace an earlier delete of the same item (a record leaving and coming back)', () => {
    const ops = collapseOps([del('CUST#c1', 'REC#r'), put('CUST#c1', 'REC#r', { v: 2 })], []);

    expect(ops).toEqual([put('CUST#c1', 'REC#r', { v: 2 })]);
  });

  it('keeps a put when a later delete of the same item follows it', () => {
    const ops = collapseOps([put('CUST#c1', 'REC#r'), del('CUST#c1', 'REC#r')], []);

    expect(ops).toEqual([put('CUST#c1', 'REC#r')]);
  });

  it('collapses repeated deletes of one item into one and keeps deletes of other items', () => {
    const ops = collapseOps([del('CUST#c1', 'A'), del('CUST#c1', 'A'), del('CUST#c2', 'A')], []);

    expect(ops).toEqual([del('CUST#c1', 'A'), del('CUST#c2', 'A')]);
  });

  it('drops every operation on an item a guard already writes', () => {
    const guard: WriteOp = { op: 'patch', key: { pk: 'CUST#c1', sk: 'PROFILE' }, set: { rev: 2 } };

    const ops = collapseOps(
      [put('CUST#c1', 'PROFILE'), del('CUST#c1', 'PROFILE'), put('CUST#c1', 'REC#r')],
      [guard],
    );

    expect(ops).toEqual([put('CUST#c1', 'REC#r')]);
  });

  it('refuses two writes of one item, naming the item', () => {
    expect(() => collapseOps([put('CUST#c1', 'REC#r'), put('CUST#c1', 'REC#r')], [])).toThrow(
      'restructuring writes CUST#c1\u0000REC#r twice',
    );
  });
});
