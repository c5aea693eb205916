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

  it("lets this plan's own write of an item win over a copy moving along with a merged customer, in either order", () => {
    const moved = put('CUST#c2', 'LEDGER#t#u1', { cause: 'move', primary: true });
    const written = put('CUST#c2', 'LEDGER#t#u1', { cause: 'ingest', primary: false });

    expect(collapseOps([moved, written], [])).toEqual([written]);
    expect(collapseOps([written, moved], [])).toEqual([written]);
  });

  it('keeps one of two copies of an item moving in from two merged customers (an unmerge entry both sides hold)', () => {
    const fromC1 = put('CUST#c3', 'LEDGER#t#u1', { cause: 'move' });
    const fromC2 = put('CUST#c3', 'LEDGER#t#u1', { cause: 'move' });

    expect(collapseOps([fromC1, fromC2], [])).toEqual([fromC2]);
  });

  it('still refuses two different writes of one item that are not moves', () => {
    expect(() =>
      collapseOps([put('CUST#c1', 'REC#r', { v: 1 }), put('CUST#c1', 'REC#r', { v: 2 })], []),
    ).toThrow('restructuring writes CUST#c1\u0000REC#r twice');
  });
});
