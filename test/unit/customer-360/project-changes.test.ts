import { describe, expect, it } from 'vitest';
import {
  type CustomerChange,
  emptyViewState,
  projectCustomerChanges,
  sectionOfItem,
} from '../../../core/customer-360/view/project-changes.ts';
import { DEFAULT_VIEW_LIMITS } from '../../../core/customer-360/view/view-limits.ts';

const limits = DEFAULT_VIEW_LIMITS;
const order = (key: string, versionOrd = 'N1', orderedAt = '2026-01-01') => ({
  kind: 'record',
  recordKey: key,
  entity: 'order',
  source: { system: 's' },
  versionOrd,
  data: { orderedAt, status: 'open', currency: 'EUR', netAmount: 10 },
});
const change = (
  sequenceNumber: string,
  newImage?: Record<string, unknown>,
  oldImage?: Record<string, unknown>,
  committedAt?: number,
): CustomerChange => ({
  sequenceNumber,
  sk: 'SK',
  ...(committedAt !== undefined ? { committedAt } : {}),
  ...(newImage ? { newImage } : {}),
  ...(oldImage ? { oldImage } : {}),
});
const profile = (status: string) => ({ kind: 'profile', status, rev: 0, writes: 0 });

describe('sectionOfItem', () => {
  it('maps head items and customer records to the head and other records to their section', () => {
    expect(
      ['profile', 'identifierMirror', 'conflict', 'status', 'insights'].map((kind) =>
        sectionOfItem({ kind }),
      ),
    ).toEqual(Array(5).fill('head'));
    expect(sectionOfItem({ kind: 'record', entity: 'customer' })).toBe('head');
    expect(sectionOfItem({ kind: 'record', entity: 'invoice' })).toBe('invoice');
    expect(sectionOfItem({ kind: 'record', entity: 'product' })).toBeUndefined();
    expect(sectionOfItem({ kind: 'orderLine', entity: 'order' })).toBeUndefined();
    expect(sectionOfItem({ kind: 7 })).toBeUndefined();
    expect(sectionOfItem(undefined)).toBeUndefined();
  });
});

describe('projectCustomerChanges', () => {
  it('asks for a bootstrap when there is no view and a change concerns it, and changes nothing otherwise', () => {
    expect(projectCustomerChanges(undefined, [change('1', order('o1'))], limits, 'now')).toEqual({
      kind: 'bootstrap',
    });
    expect(projectCustomerChanges(undefined, [change('1', { kind: 'ledger' })], limits, 'now')).toEqual({
      kind: 'unchanged',
    });
  });

  it('deletes the view when the profile is merged away or the customer erased', () => {
    const state = emptyViewState('c1');

    expect(projectCustomerChanges(state, [change('1', profile('merged'))], limits, 'now')).toEqual({
      kind: 'delete',
    });
    expect(projectCustomerChanges(state, [change('1', { kind: 'erasure' })], limits, 'now')).toEqual({
      kind: 'delete',
    });
    expect(projectCustomerChanges(state, [change('1', undefined, profile('active'))], limits, 'now')).toEqual(
      { kind: 'delete' },
    );
  });

  it('does not delete on an erasure marker going away', () => {
    const state = emptyViewState('c1');

    expect(
      projectCustomerChanges(state, [change('1', undefined, { kind: 'erasure' })], limits, 'now'),
    ).toEqual({ kind: 'unchanged' });
  });

  it('rebuilds when a profile becomes active again after being merged away in the same batch, or has no view', () => {
    const state = emptyViewState('c1');

    expect(
      projectCustomerChanges(
        state,
        [change('1', profile('merged')), change('2', profile('active'))],
        limits,
        'now',
      ),
    ).toEqual({ kind: 'bootstrap' });
    expect(projectCustomerChanges(undefined, [change('1', profile('active'))], limits, 'now')).toEqual({
      kind: 'bootstrap',
    });
  });

  it('applies changes to their sections, records the stream position and skips a redelivered change', () => {
    const state = emptyViewState('c1');

    const first = projectCustomerChanges(state, [change('5', order('o1'))], limits, 'at-1');
    const again = projectCustomerChanges(
      state,
      [change('5', order('o1')), change('4', order('o0'))],
      limits,
      'at-2',
    );

    expect(first).toMatchObject({ kind: 'update', sections: new Set(['order']), refill: new Set() });
    expect(state.records.order.count).toBe(1);
    expect(state.meta.order).toEqual({ version: 0, appliedThrough: '5', projectedAt: 'at-1' });
    expect(again).toEqual({ kind: 'unchanged' });
  });

  it('skips a change committed before the section’s fence and applies one after it, dropping the fence', () => {
    const state = emptyViewState('c1');
    state.meta.order = { version: 3, projectedAt: 'p', fence: { from: 100, to: 200 } };

    projectCustomerChanges(state, [change('1', order('o1'), undefined, 99)], limits, 'now');
    expect(state.records.order.count).toBe(0);
    expect(state.meta.order).toEqual({
      version: 3,
      appliedThrough: '1',
      projectedAt: 'now',
      fence: { from: 100, to: 200 },
    });

    projectCustomerChanges(state, [change('2', order('o2'), undefined, 201)], limits, 'now');
    expect(state.records.order.count).toBe(1);
    expect(state.meta.order).toEqual({ version: 3, appliedThrough: '2', projectedAt: 'now' });
  });

  it('inside the fence’s window applies only what the table read did not hold', () => {
    const state = emptyViewState('c1');
    state.meta.order = { version: 1, projectedAt: 'p', fence: { from: 100, to: 200 } };
    const read = new Map([['o1', 'N2']]);

    projectCustomerChanges(
      state,
      [change('1', order('o1', 'N2'), undefined, 150), change('2', order('o2', 'N1'), undefined, 200)],
      limits,
      'now',
      (section) => (section === 'order' ? read : undefined),
    );

    expect(state.records.order.lists.recent?.entries.map((e) => e.recordKey)).toEqual(['o2']);
    expect(state.meta.order?.fence).toEqual({ from: 100, to: 200 });
  });

  it('inside the window without the read, applies a newer version than kept and a removal of a kept record', () => {
    const state = emptyViewState('c1');
    projectCustomerChanges(
      state,
      [change('1', order('o1', 'N1')), change('2', order('o2', 'N1'))],
      limits,
      'now',
    );
    state.meta.order = { version: 1, projectedAt: 'p', fence: { from: 100, to: 200 } };

    projectCustomerChanges(
      state,
      [
        change('3', order('o1', 'N1'), undefined, 150),
        change('4', order('o2', 'N2', '2026-02-01'), order('o2', 'N1'), 150),
        change('5', undefined, order('o1', 'N1'), 150),
        change('6', undefined, order('o9', 'N1'), 150),
      ],
      limits,
      'now',
    );

    expect(state.records.order.lists.recent?.entries.map((e) => [e.recordKey, e.versionOrd])).toEqual([
      ['o2', 'N2'],
    ]);
    expect(state.records.order.count).toBe(1);
  });

  it('reports the sections whose lists lost entries they cannot refill', () => {
    const state = emptyViewState('c1');
    const small = { ...limits, recentItems: 1 };
    projectCustomerChanges(
      state,
      [change('1', order('o1', 'N1', '2026-01-01')), change('2', order('o2', 'N1', '2026-01-02'))],
      small,
      'now',
    );

    const outcome = projectCustomerChanges(
      state,
      [change('3', undefined, order('o2', 'N1', '2026-01-02'))],
      small,
      'now',
    );

    expect(outcome).toMatchObject({ kind: 'update', refill: new Set(['order']) });
  });
});
