import { describe, expect, it } from 'vitest';
import type { RecordImage } from '../../../core/customer-360/view/record-image.ts';
import { applyRecordChange, emptyRecordSection } from '../../../core/customer-360/view/record-section.ts';
import { DEFAULT_VIEW_LIMITS } from '../../../core/customer-360/view/view-limits.ts';
import type { RecordSection } from '../../../core/customer-360/view/view-state.ts';

const limits = DEFAULT_VIEW_LIMITS;
const image = (recordKey: string, data?: Record<string, unknown>, versionOrd = 'N1'): RecordImage => ({
  recordKey,
  entity: 'x',
  versionOrd,
  source: { system: 's' },
  ...(data ? { data } : {}),
});
const add = (section: RecordSection, state = emptyRecordSection(section), ...images: RecordImage[]) => {
  for (const next of images) applyRecordChange(state, section, undefined, next, limits);
  return state;
};

describe('emptyRecordSection', () => {
  it('has the section’s lists empty, no sums, and web aggregates only for web activity', () => {
    expect(emptyRecordSection('invoice')).toEqual({
      count: 0,
      lists: { recent: { total: 0, entries: [] }, unpaid: { total: 0, entries: [] } },
      amounts: {},
    });
    expect(emptyRecordSection('webActivity').web).toMatchObject({
      sessionsEstimated: false,
      recentSearches: [],
    });
  });
});

describe('applyRecordChange: sums', () => {
  it('sums the net amount of orders per currency, leaving out quotes, cancelled orders and orders without a number', () => {
    const state = add(
      'order',
      undefined,
      image('o1', { status: 'open', currency: 'EUR', netAmount: 100.1 }),
      image('o2', { status: 'delivered', currency: 'EUR', netAmount: 0.2 }),
      image('o3', { status: 'quote', currency: 'EUR', netAmount: 50 }),
      image('o4', { status: 'cancelled', currency: 'EUR', netAmount: 50 }),
      image('o5', { status: 'open', currency: 'USD', netAmount: 7 }),
      image('o6', { status: 'open', currency: 'USD', netAmount: '7' }),
      image('o7', { status: 'open', currency: 'USD', netAmount: Number.POSITIVE_INFINITY }),
    );

    expect(state.count).toBe(7);
    expect(state.amounts).toEqual({ EUR: 100.3, USD: 7 });
  });

  it('sums the open amount of open and overdue invoices, falling back to the amount', () => {
    const state = add(
      'invoice',
      undefined,
      image('i1', { status: 'open', currency: 'EUR', openAmount: 30, amount: 100 }),
      image('i2', { status: 'overdue', currency: 'EUR', amount: 20 }),
      image('i3', { status: 'paid', currency: 'EUR', amount: 1000 }),
      image('i4', { status: 'open', currency: 'EUR' }),
    );

    expect(state.amounts).toEqual({ EUR: 50 });
  });

  it('takes a record’s old amount out when it changes and drops a currency that reaches zero', () => {
    const state = add('order', undefined, image('o1', { status: 'open', currency: 'EUR', netAmount: 40 }));

    applyRecordChange(
      state,
      'order',
      image('o1', { status: 'open', currency: 'EUR', netAmount: 40 }),
      image('o1', { status: 'open', currency: 'EUR', netAmount: 45 }, 'N2'),
      limits,
    );
    expect(state.amounts).toEqual({ EUR: 45 });
    expect(state.count).toBe(1);

    applyRecordChange(
      state,
      'order',
      image('o1', { status: 'open', currency: 'EUR', netAmount: 45 }),
      undefined,
      limits,
    );
    expect(state.amounts).toEqual({});
    expect(state.count).toBe(0);
  });

  it('adds nothing for sections without sums and counts a record without a currency under ""', () => {
    expect(add('shipment', undefined, image('s1', { status: 'open', netAmount: 5 })).amounts).toEqual({});
    expect(add('order', undefined, image('o1', { status: 'open', netAmount: 5 })).amounts).toEqual({ '': 5 });
  });
});

describe('applyRecordChange: counts and lists', () => {
  it('counts nothing for a tombstone and never counts below zero', () => {
    const state = emptyRecordSection('order');

    applyRecordChange(state, 'order', undefined, image('o1'), limits);
    applyRecordChange(state, 'order', image('o1'), undefined, limits);

    expect(state.count).toBe(0);
    expect(state.lists.recent).toEqual({ total: 0, entries: [] });
  });

  it('keeps an entry with the record’s key, version, list value, source and data', () => {
    const data = { status: 'open', orderedAt: '2026-01-01' };

    const state = add('order', undefined, image('o1', data, 'N7'));

    expect(state.lists.recent?.entries).toEqual([
      { recordKey: 'o1', versionOrd: 'N7', at: '2026-01-01', source: { system: 's' }, data },
    ]);
  });

  it('moves an invoice out of the unpaid list when it is paid, keeping it among the recent ones', () => {
    const state = add(
      'invoice',
      undefined,
      image('i1', { status: 'open', issuedOn: '2026-01-01', dueDate: '2026-02-01' }),
    );

    const lost = applyRecordChange(
      state,
      'invoice',
      image('i1', { status: 'open', issuedOn: '2026-01-01', dueDate: '2026-02-01' }),
      image('i1', { status: 'paid', issuedOn: '2026-01-01', dueDate: '2026-02-01' }, 'N2'),
      limits,
    );

    expect(lost).toBe(false);
    expect(state.lists.unpaid).toEqual({ total: 0, entries: [] });
    expect(state.lists.recent?.total).toBe(1);
    expect(state.lists.recent?.entries.map((e) => e.versionOrd)).toEqual(['N2']);
  });

  it('says the list lost an entry when a kept record of a truncated list goes', () => {
    const small = { ...limits, recentItems: 2 };
    const state = emptyRecordSection('order');
    for (const n of [1, 2, 3])
      applyRecordChange(state, 'order', undefined, image(`o${n}`, { orderedAt: `2026-01-0${n}` }), small);

    const lost = applyRecordChange(
      state,
      'order',
      image('o3', { orderedAt: '2026-01-03' }),
      undefined,
      small,
    );

    expect(lost).toBe(true);
    expect(state.lists.recent).toMatchObject({ total: 2 });
    expect(state.lists.recent?.entries.map((e) => e.recordKey)).toEqual(['o2']);
  });

  it('does not call it a loss when the list was complete, when the record was not kept, or when it is replaced', () => {
    const small = { ...limits, recentItems: 2 };
    const complete = add('order', undefined, image('o1', { orderedAt: '2026-01-01' }));
    const truncated = emptyRecordSection('order');
    for (const n of [1, 2, 3])
      applyRecordChange(truncated, 'order', undefined, image(`o${n}`, { orderedAt: `2026-01-0${n}` }), small);

    expect(
      applyRecordChange(complete, 'order', image('o1', { orderedAt: '2026-01-01' }), undefined, small),
    ).toBe(false);
    expect(
      applyRecordChange(truncated, 'order', image('o1', { orderedAt: '2026-01-01' }), undefined, small),
    ).toBe(false);
    expect(
      applyRecordChange(
        truncated,
        'order',
        image('o3', { orderedAt: '2026-01-03' }),
        image('o3', { orderedAt: '2026-01-03' }, 'N2'),
        small,
      ),
    ).toBe(false);
  });

  it('repairs a section read without one of its lists', () => {
    const state = emptyRecordSection('invoice');
    const { unpaid: _dropped, ...others } = state.lists;
    state.lists = others;

    applyRecordChange(state, 'invoice', undefined, image('i1', { status: 'open' }), limits);
    applyRecordChange(
      state,
      'invoice',
      image('i1', { status: 'open' }),
      image('i1', { status: 'overdue' }),
      limits,
    );

    expect(state.lists.unpaid?.total).toBe(1);
  });
});

describe('applyRecordChange: web activity', () => {
  const event = (key: string, timestamp: string) => image(key, { timestamp, sessionId: 's1' });

  it('counts web events into the aggregates and takes them out again', () => {
    const state = add(
      'webActivity',
      undefined,
      event('w1', '2026-01-01'),
      event('w2', '2026-01-02'),
      event('w3', '2026-01-03'),
    );

    const middle = applyRecordChange(state, 'webActivity', event('w2', '2026-01-02'), undefined, limits);

    expect(middle).toBe(false);
    expect(state.count).toBe(2);
    expect(state.web?.firstSeenAt).toBe('2026-01-01');
    expect(Object.values(state.web?.sessions ?? {})).toEqual([2]);
  });

  it('says the aggregates lost their first or last event when it goes, but not when it is replaced', () => {
    const state = add('webActivity', undefined, event('w1', '2026-01-01'), event('w2', '2026-01-02'));

    const replaced = applyRecordChange(
      state,
      'webActivity',
      event('w2', '2026-01-02'),
      event('w2', '2026-01-02'),
      limits,
    );
    const removed = applyRecordChange(state, 'webActivity', event('w2', '2026-01-02'), undefined, limits);

    expect(replaced).toBe(false);
    expect(removed).toBe(true);
    expect(Object.values(state.web?.sessions ?? {})).toEqual([1]);
  });
});
