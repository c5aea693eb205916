import { describe, expect, it } from 'vitest';
import { keys } from '../../../core/items/keys.ts';
import { buildRecordItems } from '../../../core/items/record-items.ts';
import { email, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import type { IdentifierInput } from '../../../schemas/entities/identifier.ts';
import { placement, planChange, snapshot, stored, writesOn } from './restructure-snapshot.ts';

// Order lines in a restructuring since an order's first line rides on the order item: only lines 2…n have
// LINE# items of their own. A deleted order takes those items out; a stray copy in the very partition its order
// moves to gives way to the moved order and its lines, and only the stray's other lines go.

const rk = (key: string) => `customer#sap-s4#business-partners#${key}`;
const O = 'order#sap-s4#sales-orders#O';
const line = (n: string) => keys.orderLine(O, n);
const customer = (key: string, ids: IdentifierInput[]) => stored(exampleCustomer({ key, version: '1' }, ids));
const order = (version: string, ids: IdentifierInput[], count: number) =>
  stored(
    exampleOrder({ key: 'O', version }, ids, {
      lines: Array.from({ length: count }, (_, i) => ({ partNumber: `P-${i + 1}`, quantity: i + 1 })),
    }),
  );

describe('planRestructure and order lines', () => {
  it("deletes a deleted order's LINE# items with the order item", () => {
    // c1 holds order O with three lines (LINE# items 20 and 30); O arrives deleted.
    const gathered = snapshot([
      {
        id: 'c1',
        seed: rk('A'),
        records: [customer('A', [email('a@x.de')]), order('1', [email('a@x.de')], 3)],
      },
    ]);
    const deleted = stored(exampleOrder({ key: 'O', version: '2', deleted: true }, [email('a@x.de')]));

    const plan = planChange(gathered, { incoming: deleted });

    for (const sk of [keys.record(O), line('20'), line('30')])
      expect(writesOn(plan, keys.customer('c1'), sk)).toEqual([
        { op: 'delete', key: { pk: keys.customer('c1'), sk } },
      ]);
  });

  it('puts a moved order over its stray copy in the partition it moves to and deletes only the lines the order no longer has', () => {
    // O (version 1, two lines: LINE# 20) is the record in c1; c2 holds an uncommitted copy of version 2 with
    // three lines (LINE# 20 and 30). c2 holds more records, so a record linking both merges c1 into c2.
    const gathered = snapshot([
      {
        id: 'c1',
        seed: rk('A'),
        records: [customer('A', [email('a@x.de')]), order('1', [email('a@x.de')], 2)],
      },
      {
        id: 'c2',
        seed: rk('B'),
        records: ['B', 'B1', 'B2'].map((k) => customer(k, [email('b@x.de')])),
      },
    ]);
    const copy = buildRecordItems(order('2', [email('a@x.de')], 3), 'c2', 'ingest');
    gathered.partitions.get('c2')?.push(copy.main, ...copy.aux);
    gathered.strays.push({ recordKey: O, customerId: 'c2' });

    const plan = planChange(gathered, { incoming: customer('M', [email('a@x.de'), email('b@x.de')]) });

    expect(placement(plan)).toMatchObject({ O: 'c2' });
    const moved = buildRecordItems(order('1', [email('a@x.de')], 2), 'c2', 'move');
    expect(writesOn(plan, keys.customer('c2'), keys.record(O))).toEqual([{ op: 'put', item: moved.main }]);
    expect(writesOn(plan, keys.customer('c2'), line('20'))).toEqual([{ op: 'put', item: moved.aux[0] }]);
    expect(writesOn(plan, keys.customer('c2'), line('30'))).toEqual([
      { op: 'delete', key: { pk: keys.customer('c2'), sk: line('30') } },
    ]);
  });
});
