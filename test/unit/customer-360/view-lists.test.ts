import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW_LIMITS } from '../../../core/customer-360/view/view-limits.ts';
import {
  compareEntries,
  emptyList,
  insertIntoList,
  removeFromList,
  SECTION_LISTS,
} from '../../../core/customer-360/view/view-lists.ts';
import type { KeptEntry, KeptList } from '../../../core/customer-360/view/view-state.ts';

const entry = (recordKey: string, at: string): KeptEntry => ({
  recordKey,
  versionOrd: 'N1',
  at,
  source: {},
  data: {},
});
const keysOf = (list: KeptList) => list.entries.map((e) => e.recordKey);

describe('compareEntries', () => {
  it('puts the later value first in a newest-first list and the earlier first otherwise', () => {
    const older = entry('b', '2026-01-01');
    const newer = entry('a', '2026-02-01');

    expect(compareEntries(true)(newer, older)).toBe(-1);
    expect(compareEntries(true)(older, newer)).toBe(1);
    expect(compareEntries(false)(older, newer)).toBe(-1);
    expect(compareEntries(false)(newer, older)).toBe(1);
  });

  it('breaks a tie on the value by record key, ascending in both directions, and is 0 only for the same key', () => {
    const a = entry('a', '2026-01-01');
    const b = entry('b', '2026-01-01');

    expect(compareEntries(true)(a, b)).toBe(-1);
    expect(compareEntries(true)(b, a)).toBe(1);
    expect(compareEntries(false)(a, b)).toBe(-1);
    expect(compareEntries(false)(b, a)).toBe(1);
    expect(compareEntries(true)(a, entry('a', '2026-01-01'))).toBe(0);
  });
});

describe('insertIntoList', () => {
  it('keeps every record while under the cap, in list order', () => {
    const list = emptyList();

    insertIntoList(list, entry('r1', '2026-01-02'), true, 3);
    insertIntoList(list, entry('r2', '2026-01-03'), true, 3);
    insertIntoList(list, entry('r3', '2026-01-01'), true, 3);

    expect(keysOf(list)).toEqual(['r2', 'r1', 'r3']);
    expect(list.total).toBe(3);
  });

  it('cuts the tail at the cap but counts every record', () => {
    const list = emptyList();

    for (const [key, at] of [
      ['r1', '2026-01-01'],
      ['r2', '2026-01-02'],
      ['r3', '2026-01-03'],
    ] as const)
      insertIntoList(list, entry(key, at), true, 2);

    expect(keysOf(list)).toEqual(['r3', 'r2']);
    expect(list.total).toBe(3);
  });

  it('once truncated, keeps a record that sorts before the last kept one and only counts one that sorts after', () => {
    const list: KeptList = { total: 5, entries: [entry('r5', '2026-01-05'), entry('r4', '2026-01-04')] };

    insertIntoList(list, entry('old', '2026-01-01'), true, 2);
    expect(keysOf(list)).toEqual(['r5', 'r4']);
    expect(list.total).toBe(6);

    insertIntoList(list, entry('new', '2026-01-06'), true, 2);
    expect(keysOf(list)).toEqual(['new', 'r5']);
    expect(list.total).toBe(7);
  });

  it('once truncated, only counts a record that ties with the last kept one but sorts after it by key', () => {
    const list: KeptList = { total: 3, entries: [entry('r2', '2026-01-02'), entry('r1', '2026-01-01')] };

    insertIntoList(list, entry('r9', '2026-01-01'), true, 5);

    expect(keysOf(list)).toEqual(['r2', 'r1']);
    expect(list.total).toBe(4);
  });

  it('once truncated with nothing kept, keeps nothing', () => {
    const list: KeptList = { total: 2, entries: [] };

    insertIntoList(list, entry('r1', '2026-01-01'), true, 5);

    expect(list).toEqual({ total: 3, entries: [] });
  });

  it('adds a record to a complete list that sorts after every kept one at the end', () => {
    const list: KeptList = { total: 1, entries: [entry('r1', '2026-01-01')] };

    insertIntoList(list, entry('r2', '2026-01-02'), false, 5);

    expect(keysOf(list)).toEqual(['r1', 'r2']);
  });
});

describe('removeFromList', () => {
  it('removes a kept record, lowers the total and says it was kept', () => {
    const list: KeptList = { total: 3, entries: [entry('r1', 'a'), entry('r2', 'b')] };

    expect(removeFromList(list, 'r1', true)).toBe(true);
    expect(list).toEqual({ total: 2, entries: [entry('r2', 'b')] });
  });

  it('lowers the total of a record that was counted but not kept and says it was not kept', () => {
    const list: KeptList = { total: 3, entries: [entry('r1', 'a')] };

    expect(removeFromList(list, 'r9', true)).toBe(false);
    expect(list).toEqual({ total: 2, entries: [entry('r1', 'a')] });
  });

  it('leaves the total of a record that did not qualify, and never goes below zero', () => {
    const list: KeptList = { total: 0, entries: [] };

    expect(removeFromList(list, 'r1', false)).toBe(false);
    expect(list.total).toBe(0);
    expect(removeFromList(list, 'r1', true)).toBe(false);
    expect(list.total).toBe(0);
  });
});

describe('SECTION_LISTS', () => {
  const list = (section: keyof typeof SECTION_LISTS, name: string) => {
    const found = SECTION_LISTS[section].find((l) => l.name === name);
    if (!found) throw new Error(`no list ${section}.${name}`);
    return found;
  };

  it('orders each list by its date field, text only, and in its direction', () => {
    expect(list('order', 'recent').at({ orderedAt: '2026-01-01' })).toBe('2026-01-01');
    expect(list('order', 'recent').at({ orderedAt: 7 })).toBe('');
    expect(list('invoice', 'recent').at({ issuedOn: 'i' })).toBe('i');
    expect(list('invoice', 'unpaid').at({ dueDate: 'd' })).toBe('d');
    expect(list('shipment', 'open').at({ promisedDate: 'p' })).toBe('p');
    expect(list('installedProduct', 'recent').at({ purchasedOn: 'b' })).toBe('b');
    expect(list('interaction', 'recent').at({ occurredAt: 'o' })).toBe('o');
    expect(list('interaction', 'openCases').at({ occurredAt: 'o' })).toBe('o');
    expect(list('webActivity', 'recent').at({ timestamp: 't' })).toBe('t');
    expect(
      Object.values(SECTION_LISTS)
        .flat()
        .map((l) => `${l.name}:${l.newestFirst}`),
    ).toEqual([
      'recent:true',
      'recent:true',
      'unpaid:false',
      'open:false',
      'recent:true',
      'recent:true',
      'openCases:true',
      'recent:true',
    ]);
  });

  it('lets only open or overdue invoices, open shipments and open cases into their lists', () => {
    const unpaid = list('invoice', 'unpaid').qualifies;
    const open = list('shipment', 'open').qualifies;
    const cases = list('interaction', 'openCases').qualifies;

    expect(['open', 'overdue', 'paid', 'cancelled'].map((status) => unpaid({ status }))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(
      ['planned', 'picked', 'shipped', 'inTransit', 'delayed', 'delivered', 'cancelled'].map((status) =>
        open({ status }),
      ),
    ).toEqual([true, true, true, true, true, false, false]);
    expect(['open', 'inProgress', 'closed'].map((status) => cases({ status }))).toEqual([true, true, false]);
    expect(list('order', 'recent').qualifies({})).toBe(true);
  });

  it('caps each list by its limit', () => {
    const limits = { ...DEFAULT_VIEW_LIMITS, recentItems: 1, openItems: 2, productsOwned: 3 };

    expect(
      Object.values(SECTION_LISTS)
        .flat()
        .map((l) => l.cap(limits)),
    ).toEqual([1, 1, 2, 2, 3, 1, 2, 1]);
  });
});
