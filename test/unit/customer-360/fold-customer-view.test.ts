import { describe, expect, it } from 'vitest';
import {
  foldCustomerView,
  refoldRecordSection,
  startSectionRefold,
  startViewFold,
} from '../../../core/customer-360/view/fold-customer-view.ts';
import { emptyViewState } from '../../../core/customer-360/view/project-changes.ts';
import { DEFAULT_VIEW_LIMITS } from '../../../core/customer-360/view/view-limits.ts';
import { buildRecordItems } from '../../../core/items/record-items.ts';
import type { StoredRecord } from '../../../core/items/stored-record.ts';
import { customerRecord, invoiceRecord, orderRecord, profileItem } from './view-fixtures.ts';

// The fold of a partition into a view and the refold of one section (issue 17: survivors of the
// projector's mutation run): what is folded, what is skipped, and which meta a rebuilt section keeps.

const ID = 'cus_fold';
const fence = { from: 10, to: 20 };

/** An order's record item and its order-line items, as the store writes them. */
const orderWithLines = () => {
  const order = orderRecord(ID, 1);
  const { aux } = buildRecordItems(
    {
      entity: 'order',
      source: order.source,
      recordKey: order.recordKey,
      data: order.data,
      linkIds: [],
      identifiers: [],
    } as unknown as StoredRecord,
    ID,
    'ingest',
  );
  return { order, lines: aux };
};

describe('foldCustomerView', () => {
  it('has no view for a partition without a profile', () => {
    // act
    const state = foldCustomerView(ID, [orderRecord(ID, 1)], DEFAULT_VIEW_LIMITS, {
      fence,
      projectedAt: 'now',
    });

    // assert
    expect(state).toBeUndefined();
  });

  it('folds the records the view shows and passes over the items it does not, such as order lines', () => {
    // prepare
    const { order, lines } = orderWithLines();

    // act
    const state = foldCustomerView(ID, [profileItem(ID), order, ...lines], DEFAULT_VIEW_LIMITS, {
      fence,
      projectedAt: 'now',
    });

    // assert
    expect(lines.length).toBeGreaterThan(0);
    expect(state?.records.order.count).toBe(1);
  });

  it('keeps the stored sections’ versions and stream positions when it rebuilds them', () => {
    // prepare
    const previous = emptyViewState(ID);
    previous.meta.order = { version: 7, projectedAt: 'before', appliedThrough: '00042' };

    // act
    const state = foldCustomerView(ID, [profileItem(ID)], DEFAULT_VIEW_LIMITS, {
      fence,
      projectedAt: 'now',
      previous,
    });

    // assert
    expect(state?.meta.order).toEqual({ version: 7, projectedAt: 'now', fence, appliedThrough: '00042' });
    expect(state?.meta.head).toStrictEqual({ version: 0, projectedAt: 'now', fence });
  });

  it('sets no stream position on a section built without one', () => {
    // act
    const state = foldCustomerView(ID, [profileItem(ID)], DEFAULT_VIEW_LIMITS, { fence, projectedAt: 'now' });

    // assert
    expect(state?.meta.invoice).toStrictEqual({ version: 0, projectedAt: 'now', fence });
  });
});

describe('a fold page by page', () => {
  const limits = DEFAULT_VIEW_LIMITS;
  // A history longer than the view keeps, with the profile in a later page than most records (in a partition
  // read it sorts after `ID#` and `LINE#` items).
  const history = () => [
    ...Array.from({ length: 40 }, (_, n) => orderRecord(ID, n + 1)),
    ...Array.from({ length: 7 }, (_, n) => invoiceRecord(ID, n + 1, 'open', '2026-02-01')),
    profileItem(ID),
    customerRecord(ID, 'BP-1', { name: 'Fold GmbH' }),
  ];
  const pagesOf = <T>(items: readonly T[], size: number) =>
    Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

  it('builds the same view as a fold of the whole partition, whatever the page size', () => {
    const whole = foldCustomerView(ID, history(), limits, { fence, projectedAt: 'now' });
    for (const size of [1, 3, 16, 100]) {
      const fold = startViewFold(ID, limits);
      for (const page of pagesOf(history(), size)) fold.add(page);

      expect(fold.finish({ fence, projectedAt: 'now' })).toEqual(whole);
    }
    expect(whole?.records.order.count).toBe(40);
  });

  it('refolds a section the same, whatever the page size', () => {
    const whole = emptyViewState(ID);
    refoldRecordSection(whole, 'order', history(), limits, fence);
    for (const size of [1, 5, 100]) {
      const state = emptyViewState(ID);
      const refold = startSectionRefold('order', limits);
      for (const page of pagesOf(history(), size)) refold.add(page);
      refold.finishInto(state, fence);

      expect(state).toEqual(whole);
    }
  });

  it('has no view when the profile in a later page is not active', () => {
    const fold = startViewFold(ID, limits);
    fold.add([orderRecord(ID, 1)]);
    fold.add([profileItem(ID, { status: 'merged' })]);

    expect(fold.finish({ fence, projectedAt: 'now' })).toBeUndefined();
  });
});

describe('refoldRecordSection', () => {
  it('rebuilds one section from that kind’s records only, passing over every other item', () => {
    // prepare
    const state = emptyViewState(ID);
    const items = [
      profileItem(ID),
      customerRecord(ID, '1', {}),
      invoiceRecord(ID, 1, 'open', '2026-01-01'),
      orderRecord(ID, 1),
      orderRecord(ID, 2),
    ];

    // act
    refoldRecordSection(state, 'order', items, DEFAULT_VIEW_LIMITS, fence);

    // assert
    expect(state.records.order.count).toBe(2);
    expect(state.records.invoice.count).toBe(0);
  });

  it('keeps the section’s version, projection time and stream position, with the new fence', () => {
    // prepare
    const state = emptyViewState(ID);
    state.meta.order = {
      version: 3,
      projectedAt: 'earlier',
      appliedThrough: '0009',
      fence: { from: 1, to: 2 },
    };

    // act
    refoldRecordSection(state, 'order', [orderRecord(ID, 1)], DEFAULT_VIEW_LIMITS, fence);

    // assert
    expect(state.meta.order).toStrictEqual({
      version: 3,
      projectedAt: 'earlier',
      fence,
      appliedThrough: '0009',
    });
  });

  it('starts the meta of a section that had none at version 0 with no projection time', () => {
    // prepare
    const state = emptyViewState(ID);

    // act
    refoldRecordSection(state, 'order', [orderRecord(ID, 1)], DEFAULT_VIEW_LIMITS, fence);

    // assert
    expect(state.meta.order).toStrictEqual({ version: 0, projectedAt: '', fence });
  });
});
