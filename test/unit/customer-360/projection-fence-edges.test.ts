import { describe, expect, it } from 'vitest';
import type { ReadVersions } from '../../../core/customer-360/view/project-changes.ts';
import {
  type CustomerChange,
  emptyViewState,
  projectCustomerChanges,
} from '../../../core/customer-360/view/project-changes.ts';
import { DEFAULT_VIEW_LIMITS } from '../../../core/customer-360/view/view-limits.ts';

// The fence's edges (issue 17): a change committed exactly at the fence's start or end, or after it, keyed
// head items inside the window, records the view does not keep, changes without commit time or image.

const limits = DEFAULT_VIEW_LIMITS;
const FENCE = { from: 100, to: 200 };
const order = (key: string, versionOrd = 'N1') => ({
  kind: 'record',
  recordKey: key,
  entity: 'order',
  source: { system: 's' },
  versionOrd,
  data: { orderedAt: '2026-01-01', status: 'open', currency: 'EUR', netAmount: 10 },
});
const change = (
  sequenceNumber: string,
  images: { newImage?: Record<string, unknown>; oldImage?: Record<string, unknown> },
  committedAt?: number,
  sk = 'SK',
): CustomerChange => ({
  sequenceNumber,
  sk,
  ...(committedAt === undefined ? {} : { committedAt }),
  ...images,
});
/** A view whose order section and head were built from a table read fenced at FENCE. */
const fencedView = () => {
  const state = emptyViewState('c1');
  state.meta.order = { version: 1, projectedAt: 'p', fence: FENCE };
  state.meta.head = { version: 1, projectedAt: 'p', fence: FENCE };
  return state;
};
const keptOrders = (state: ReturnType<typeof emptyViewState>) =>
  state.records.order.lists.recent?.entries.map((e) => e.recordKey) ?? [];

describe('projectCustomerChanges at the fence’s edges', () => {
  it('applies a record committed exactly at the fence’s start that the table read did not hold', () => {
    const state = fencedView();
    const read: ReadVersions = new Map();

    projectCustomerChanges(
      state,
      [change('1', { newImage: order('o1') }, FENCE.from)],
      limits,
      'now',
      () => read,
    );

    expect(keptOrders(state)).toEqual(['o1']);
  });

  it('skips a record committed exactly at the fence’s end that the table read held', () => {
    const state = fencedView();
    const read: ReadVersions = new Map([['o1', 'N1']]);

    projectCustomerChanges(
      state,
      [change('1', { newImage: order('o1') }, FENCE.to)],
      limits,
      'now',
      () => read,
    );

    expect(keptOrders(state)).toEqual([]);
    expect(state.meta.order?.fence).toEqual(FENCE);
  });

  it('applies a record committed after the fence as it comes, whatever the table read held', () => {
    const state = fencedView();
    const read: ReadVersions = new Map([['o1', 'N1']]);

    projectCustomerChanges(
      state,
      [change('1', { newImage: order('o1') }, FENCE.to + 1)],
      limits,
      'now',
      () => read,
    );

    expect(keptOrders(state)).toEqual(['o1']);
    expect(state.meta.order).not.toHaveProperty('fence');
  });

  it('applies a record inside the window that the view does not keep when no table read is remembered', () => {
    const state = fencedView();

    projectCustomerChanges(state, [change('1', { newImage: order('o1') }, 150)], limits, 'now');

    expect(keptOrders(state)).toEqual(['o1']);
    expect(state.records.order.count).toBe(1);
  });

  it('keeps the fence after a change that has no commit time', () => {
    const state = fencedView();

    projectCustomerChanges(state, [change('1', { newImage: order('o1') })], limits, 'now');

    expect(keptOrders(state)).toEqual(['o1']);
    expect(state.meta.order?.fence).toEqual(FENCE);
  });
});

describe('projectCustomerChanges of keyed head items inside the fence’s window', () => {
  const conflict = { kind: 'conflict', conflict: { reason: 'shared e-mail' }, detectedAt: '2026-01-01' };

  it('applies a conflict committed inside the window when the table read is remembered', () => {
    const state = fencedView();

    projectCustomerChanges(
      state,
      [change('1', { newImage: conflict }, 150, 'CONFLICT#1')],
      limits,
      'now',
      () => new Map(),
    );

    expect(state.head.conflicts).toEqual({
      'CONFLICT#1': { reason: 'shared e-mail', detectedAt: '2026-01-01' },
    });
  });

  it('applies a conflict committed inside the window when no table read is remembered', () => {
    const state = fencedView();

    projectCustomerChanges(state, [change('1', { newImage: conflict }, 150, 'CONFLICT#1')], limits, 'now');

    expect(Object.keys(state.head.conflicts)).toEqual(['CONFLICT#1']);
  });
});

describe('projectCustomerChanges of changes without an image', () => {
  it('passes over a change that carries no image, with or without a view', () => {
    const state = emptyViewState('c1');
    const changes = [change('1', {}), change('2', { newImage: order('o1') })];

    const withView = projectCustomerChanges(state, changes, limits, 'now');
    const withoutView = projectCustomerChanges(undefined, changes, limits, 'now');

    expect(withView).toMatchObject({ kind: 'update', sections: new Set(['order']) });
    expect(keptOrders(state)).toEqual(['o1']);
    expect(withoutView).toEqual({ kind: 'bootstrap' });
  });

  it('asks for a bootstrap when only a later change of the batch concerns the view', () => {
    const changes = [change('1', { newImage: { kind: 'ledger' } }), change('2', { newImage: order('o1') })];

    expect(projectCustomerChanges(undefined, changes, limits, 'now')).toEqual({ kind: 'bootstrap' });
  });
});
