import { describe, expect, it } from 'vitest';
import { foldCustomerView } from '../../../core/customer-360/view/fold-customer-view.ts';
import { DEFAULT_VIEW_LIMITS } from '../../../core/customer-360/view/view-limits.ts';
import type { CustomerViewState } from '../../../core/customer-360/view/view-state.ts';
import { viewToCustomer360 } from '../../../core/customer-360/view/view-to-customer-360.ts';
import { addWebEvent, emptyWebAggregates } from '../../../core/customer-360/view/web-aggregates.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import type { StoredRecord } from '../../../core/items/stored-record.ts';
import { ViewLimitsSchema } from '../../../schemas/config/view-limits.ts';
import { profileItem, recordItem } from './view-fixtures.ts';

// Ties and near misses of the 360 read from the materialised view (issue 17): entries at one instant, two
// dimensions changing at one instant, and a product view that carries a search text.

const ID = 'cus_ties';

const fold = (items: Item[]): CustomerViewState => {
  const state = foldCustomerView(
    ID,
    [profileItem(ID), ...items],
    ViewLimitsSchema.parse({ recentItems: 5 }),
    {
      fence: { from: 0, to: 0 },
      projectedAt: '2026-03-01T00:00:00Z',
    },
  );
  if (!state) throw new Error('no view for an active customer');
  return state;
};

const contact = (n: number, occurredAt: string) =>
  recordItem(ID, {
    entity: 'interaction',
    source: { system: 'callcenter', stream: 'contacts', key: `C-${n}`, version: '1' },
    data: { interactionId: `C-${n}`, kind: 'contact', channel: 'phone', occurredAt },
  } as unknown as StoredRecord);

const status = (dimension: string, value: string, changedAt: string): Item => ({
  pk: keys.customer(ID),
  sk: keys.status(changedAt, dimension),
  kind: 'status',
  customerId: ID,
  change: { dimension, value, changedAt, reason: `${dimension} is ${value}`, evidence: {} },
});

describe('viewToCustomer360 ties', () => {
  it('keeps contacts at the same instant in the order the view keeps them', () => {
    // prepare: three contacts at one instant and an older one
    const state = fold([
      contact(1, '2026-01-02T00:00:00Z'),
      contact(2, '2026-01-02T00:00:00Z'),
      contact(3, '2026-01-02T00:00:00Z'),
      contact(4, '2026-01-01T00:00:00Z'),
    ]);
    const kept = state.records.interaction.lists.recent?.entries.map(
      (e) => (e.data as { interactionId: string }).interactionId,
    );

    // act
    const view = viewToCustomer360(state, {});

    // assert
    expect(view.interactions.map((i) => i.data.interactionId)).toEqual(kept);
    expect(kept).toEqual(['C-1', 'C-2', 'C-3', 'C-4']);
  });

  it('lists two dimensions that changed at the same instant once each', () => {
    // prepare
    const state = fold([
      status('riskStatus', 'high', '2026-01-02T00:00:00Z'),
      status('lifecycleStage', 'firstTime', '2026-01-02T00:00:00Z'),
    ]);

    // act
    const view = viewToCustomer360(state, {});

    // assert
    expect(view.statusHistory.map((s) => `${s.dimension}=${s.value}`).sort()).toEqual([
      'lifecycleStage=firstTime',
      'riskStatus=high',
    ]);
  });
});

describe('addWebEvent near misses', () => {
  it('takes a product view that carries a search text for no search', () => {
    // prepare
    const web = emptyWebAggregates();

    // act
    addWebEvent(
      web,
      {
        timestamp: '2026-01-01T00:00:00Z',
        interest: { kind: 'productView', partNumber: 'P-1', query: 'pump' },
      },
      'w1',
      DEFAULT_VIEW_LIMITS,
    );

    // assert
    expect(web.recentSearches).toEqual([]);
    expect(web.interest['P-1']).toMatchObject({ views: 1 });
  });

  it('keeps no search when the limit is none', () => {
    // prepare
    const web = emptyWebAggregates();

    // act
    addWebEvent(
      web,
      { timestamp: '2026-01-01T00:00:00Z', interest: { kind: 'search', query: 'pump' } },
      'w1',
      { ...DEFAULT_VIEW_LIMITS, recentSearches: 0 },
    );

    // assert
    expect(web.recentSearches).toEqual([]);
  });
});
