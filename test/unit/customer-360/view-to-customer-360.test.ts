import { describe, expect, it } from 'vitest';
import { foldCustomerView } from '../../../core/customer-360/view/fold-customer-view.ts';
import type { CustomerViewState } from '../../../core/customer-360/view/view-state.ts';
import { viewToCustomer360 } from '../../../core/customer-360/view/view-to-customer-360.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import type { StoredRecord } from '../../../core/items/stored-record.ts';
import { ViewLimitsSchema } from '../../../schemas/config/view-limits.ts';
import { insightsDetail } from '../console/fixtures/insights-detail.ts';
import {
  customerRecord,
  invoiceRecord,
  orderRecord,
  profileItem,
  recordItem,
  webRecord,
} from './view-fixtures.ts';

// The 360 view read from the materialised sections (issue 17: the projector's read side had no direct
// test). Small limits so that every list is cut and `coverage` has something to say.

const ID = 'cus_view';
const limits = () =>
  ViewLimitsSchema.parse({
    recentItems: 2,
    openItems: 5,
    maxTrackedSessions: 3,
    maxInterestParts: 1,
    recentSearches: 1,
  });

const fold = (items: Item[]): CustomerViewState => {
  const state = foldCustomerView(ID, [profileItem(ID), ...items], limits(), {
    fence: { from: 0, to: 0 },
    projectedAt: '2026-03-01T00:00:00Z',
  });
  if (!state) throw new Error('no view for an active customer');
  return state;
};

const interaction = (n: number, occurredAt: string, extra: Record<string, unknown> = {}) =>
  recordItem(ID, {
    entity: 'interaction',
    source: { system: 'callcenter', stream: 'contacts', key: `C-${n}`, version: '1' },
    data: { interactionId: `C-${n}`, kind: 'contact', channel: 'phone', occurredAt, ...extra },
  } as unknown as StoredRecord);

const shipment = (n: number, status: string) =>
  recordItem(ID, {
    entity: 'shipment',
    source: { system: 'fusion-scm', stream: 'shipments', key: `SH-${n}`, version: '1' },
    data: { shipmentNumber: `SH-${n}`, status, promisedDate: '2026-02-01' },
  } as unknown as StoredRecord);

const installed = (n: number, purchasedOn: string) =>
  recordItem(ID, {
    entity: 'installedProduct',
    source: { system: 'sap-s4', stream: 'installed-base', key: `IP-${n}`, version: '1' },
    data: { partNumber: `P-${n}`, purchasedOn },
  } as unknown as StoredRecord);

const search = (n: number, query: string, timestamp: string) =>
  recordItem(ID, {
    entity: 'webActivity',
    source: { system: 'segment-web', stream: 'events', key: `q-${n}`, version: '1' },
    data: {
      messageId: `q-${n}`,
      type: 'track',
      timestamp,
      sessionId: 's-0',
      interest: { kind: 'search', query },
    },
  } as unknown as StoredRecord);

const status = (dimension: string, value: string, changedAt: string): Item => ({
  pk: keys.customer(ID),
  sk: keys.status(changedAt, dimension),
  kind: 'status',
  customerId: ID,
  change: { dimension, value, changedAt, reason: `${dimension} is ${value}`, evidence: {} },
});

const numbers = <T>(list: readonly { data: T }[], field: keyof T) => list.map((e) => e.data[field]);

describe('viewToCustomer360', () => {
  it('shows the newest orders kept, how many there are, and the revenue of them all', () => {
    // prepare
    const state = fold([orderRecord(ID, 0), orderRecord(ID, 1), orderRecord(ID, 2)]);

    // act
    const view = viewToCustomer360(state, {});

    // assert
    expect(numbers(view.orders, 'orderNumber')).toEqual(['SO-2', 'SO-1']);
    expect(view.coverage?.orders).toEqual({ total: 3, kept: 2 });
    expect(view.orderRevenue).toEqual({ EUR: 300 });
  });

  it('shows unpaid invoices first, then the newest, each once', () => {
    // prepare: INV-3 overdue and newest, INV-1 open, INV-2 paid
    const state = fold([
      invoiceRecord(ID, 1, 'open', '2026-01-10'),
      invoiceRecord(ID, 2, 'paid', '2026-02-10'),
      invoiceRecord(ID, 3, 'overdue', '2025-12-01'),
    ]);

    // act
    const view = viewToCustomer360(state, {});

    // assert
    expect(numbers(view.invoices, 'invoiceNumber')).toEqual(['INV-3', 'INV-1', 'INV-2']);
    expect(view.coverage?.invoices).toEqual({ total: 3, kept: 2 });
    expect(view.coverage?.unpaidInvoices).toEqual({ total: 2, kept: 2 });
  });

  it('shows only open shipments and the installed products kept', () => {
    // prepare
    const state = fold([
      shipment(1, 'inTransit'),
      shipment(2, 'delivered'),
      installed(1, '2025-01-01'),
      installed(2, '2025-02-01'),
    ]);

    // act
    const view = viewToCustomer360(state, {});

    // assert
    expect(numbers(view.shipments, 'shipmentNumber')).toEqual(['SH-1']);
    expect(view.coverage?.openShipments).toEqual({ total: 1, kept: 1 });
    expect(numbers(view.installedProducts, 'partNumber')).toEqual(['P-2', 'P-1']);
    expect(view.coverage?.installedProducts).toEqual({ total: 2, kept: 2 });
  });

  it('shows the newest contacts and every open case, newest first, and the last contact with its agent', () => {
    // prepare: an old open case the recent list no longer keeps, and two newer contacts
    const state = fold([
      interaction(1, '2026-01-01T00:00:00Z', { kind: 'serviceCase', status: 'open' }),
      interaction(2, '2026-02-01T00:00:00Z', { agent: 'Bea' }),
      interaction(3, '2026-03-01T00:00:00Z', { agent: 'Anna' }),
    ]);

    // act
    const view = viewToCustomer360(state, {});

    // assert
    expect(numbers(view.interactions, 'interactionId')).toEqual(['C-3', 'C-2', 'C-1']);
    expect(view.coverage?.interactions).toEqual({ total: 3, kept: 2 });
    expect(view.coverage?.openCases).toEqual({ total: 1, kept: 1 });
    expect(view.lastContact).toStrictEqual({
      occurredAt: '2026-03-01T00:00:00Z',
      channel: 'phone',
      agent: 'Anna',
    });
  });

  it('names the last contact without an agent when none is known, and none without contacts', () => {
    // act
    const withoutAgent = viewToCustomer360(fold([interaction(1, '2026-01-01T00:00:00Z')]), {});
    const noContact = viewToCustomer360(fold([]), {});

    // assert
    expect(withoutAgent.lastContact).toStrictEqual({ occurredAt: '2026-01-01T00:00:00Z', channel: 'phone' });
    expect('lastContact' in noContact).toBe(false);
  });

  it('lists each status change once, newest first, the latest per dimension included', () => {
    // prepare: four changes, two kept in the history; the latest of each dimension is kept besides
    const state = fold([
      status('riskStatus', 'high', '2026-01-01T00:00:00Z'),
      status('lifecycleStage', 'firstTime', '2026-01-02T00:00:00Z'),
      status('riskStatus', 'low', '2026-01-03T00:00:00Z'),
      status('lifecycleStage', 'longTerm', '2026-01-04T00:00:00Z'),
    ]);
    state.head.statusLatest.profitStatus = { dimension: 'profitStatus', value: 'x' };

    // act
    const view = viewToCustomer360(state, {});

    // assert
    expect(view.statusHistory.map((s) => `${s.dimension}=${s.value}`)).toEqual([
      'lifecycleStage=longTerm',
      'riskStatus=low',
    ]);
    expect(view.coverage?.statusHistory).toEqual({ total: 4, kept: 2 });
  });

  it('builds the profile from the kept customer sources by priority and lists them in record-key order', () => {
    // prepare
    const state = fold([
      customerRecord(ID, '2', { name: 'Second' }),
      customerRecord(ID, '1', { name: 'First', email: 'first@b.de' }),
    ]);

    // act
    const view = viewToCustomer360(state, {});

    // assert
    expect(view.customerSources.map((s) => s.key)).toEqual(['1', '2']);
    expect(view.profile.email?.value).toBe('first@b.de');
    expect(view.coverage?.customerSources).toEqual({ total: 2, kept: 2 });
  });

  it('takes identifiers, conflicts and insights from the head, leaving out what does not parse', () => {
    // prepare
    const state = fold([]);
    state.head.identifiers = { 'ID#a': { type: 'email', value: 'a@b.de' }, 'ID#b': { type: 'email' } };
    state.head.conflicts = { 'CONFLICT#x': { conflictId: 'x' } };
    state.head.insights = insightsDetail;
    state.head.truncated = ['identifiers'];

    // act
    const view = viewToCustomer360(state, {});

    // assert
    expect(view.identifiers).toEqual([{ type: 'email', value: 'a@b.de' }]);
    expect(view.conflicts).toEqual([]);
    expect(view.insights).toEqual(insightsDetail);
    expect(view.coverage?.truncated).toEqual(['identifiers']);
  });

  it('leaves insights out when the head’s do not parse, and a list entry whose data does not', () => {
    // prepare
    const state = fold([orderRecord(ID, 0), orderRecord(ID, 1)]);
    state.head.insights = { computedAt: 'never' };
    const [first] = state.records.order.lists.recent?.entries ?? [];
    if (first) first.data = { orderNumber: 42 };

    // act
    const view = viewToCustomer360(state, {});

    // assert
    expect('insights' in view).toBe(false);
    expect(numbers(view.orders, 'orderNumber')).toEqual(['SO-0']);
  });

  it('counts web events, sessions exactly while few, the first and last seen, interest and searches', () => {
    // prepare: 4 events in 2 sessions over 2 parts, and a search
    const state = fold([
      webRecord(ID, 0, 2, 2),
      webRecord(ID, 1, 2, 2),
      webRecord(ID, 2, 2, 2),
      search(1, 'pump', '2021-01-01T00:10:00Z'),
    ]);

    // act
    const totals = viewToCustomer360(state, {}).webActivityTotals;

    // assert
    expect(totals).toStrictEqual({
      events: 4,
      sessions: 2,
      firstSeenAt: '2021-01-01T00:00:00.000Z',
      lastSeenAt: '2021-01-01T00:10:00Z',
      productInterest: expect.any(Array),
      productInterestTruncated: true,
      recentSearches: [{ query: 'pump', at: '2021-01-01T00:10:00Z' }],
    });
    expect(totals?.productInterest).toHaveLength(1);
    expect(totals?.productInterest[0]).toMatchObject({ partNumber: expect.stringMatching(/^P-/) });
  });

  it('estimates the sessions once there are more than it counts, and says so', () => {
    // prepare: 5 sessions, 3 counted exactly
    const state = fold(Array.from({ length: 5 }, (_, n) => webRecord(ID, n, 5, 1)));

    // act
    const totals = viewToCustomer360(state, {}).webActivityTotals;

    // assert
    expect(totals?.sessionsEstimated).toBe(true);
    expect(totals?.sessions).toBe(5);
    expect(totals?.productInterestTruncated).toBeUndefined();
    expect(totals?.productInterest).toEqual([
      { partNumber: 'P-0', views: 4, cartAdds: 1, lastAt: '2021-01-01T00:04:00.000Z' },
    ]);
  });

  it('lists the interest by part number, whatever order the stored map holds its parts in', () => {
    // prepare
    const state = fold([]);
    const web = state.records.webActivity.web;
    if (!web) throw new Error('expected the web summary');
    const entry = { views: 1, cartAdds: 0, lastAt: '2021-01-01T00:00:00.000Z' };
    web.interest = { 'P-2': entry, 'P-10': entry, 'P-1': entry };

    // act
    const totals = viewToCustomer360(state, {}).webActivityTotals;

    // assert
    expect(totals?.productInterest.map((p) => p.partNumber)).toEqual(['P-1', 'P-10', 'P-2']);
  });

  it('has no web totals and empty coverage for a customer without web activity or lists', () => {
    // prepare
    const state = fold([]);
    delete state.records.webActivity.web;

    // act
    const view = viewToCustomer360(state, {});

    // assert
    expect('webActivityTotals' in view).toBe(false);
    expect(view.coverage?.orders).toEqual({ total: 0, kept: 0 });
  });
});

describe('viewToCustomer360: lists whatever state they are in', () => {
  it('orders contacts newest first even when an open case is newer than the last recent contact kept', () => {
    // prepare: recent keeps C-3 and C-2; C-3 is also an open case; C-2 then drops out of the recent list
    const state = fold([
      interaction(1, '2026-01-01T00:00:00Z', { kind: 'serviceCase', status: 'open' }),
      interaction(2, '2026-02-01T00:00:00Z'),
      interaction(3, '2026-03-01T00:00:00Z', { kind: 'serviceCase', status: 'open' }),
    ]);
    const recent = state.records.interaction.lists.recent;
    if (recent) recent.entries = recent.entries.filter((e) => !e.recordKey.endsWith('C-3'));

    // act
    const view = viewToCustomer360(state, {});

    // assert
    expect(numbers(view.interactions, 'interactionId')).toEqual(['C-3', 'C-2', 'C-1']);
  });

  it('lists kept status changes that are no longer the latest, and a latest newer than the history', () => {
    // prepare: three kept in the history; the latest risk change is older than all of them
    const limits3 = ViewLimitsSchema.parse({ recentItems: 3 });
    const state = foldCustomerView(
      ID,
      [
        profileItem(ID),
        status('riskStatus', 'high', '2026-01-01T00:00:00Z'),
        status('lifecycleStage', 'firstTime', '2026-01-02T00:00:00Z'),
        status('profitStatus', 'standard', '2026-01-03T00:00:00Z'),
        status('lifecycleStage', 'longTerm', '2026-01-04T00:00:00Z'),
      ],
      limits3,
      { fence: { from: 0, to: 0 }, projectedAt: 'now' },
    );
    if (!state) throw new Error('no view');
    const newer = {
      ...(state.head.statusLatest.riskStatus as object),
      value: 'low',
      changedAt: '2026-01-05T00:00:00Z',
    };

    // act
    const before = viewToCustomer360(state, {}).statusHistory.map((s) => `${s.dimension}=${s.value}`);
    state.head.statusLatest.riskStatus = newer;
    const after = viewToCustomer360(state, {}).statusHistory.map((s) => `${s.dimension}=${s.value}`);

    // assert
    expect([...before].sort()).toEqual(
      [
        'lifecycleStage=firstTime',
        'lifecycleStage=longTerm',
        'profitStatus=standard',
        'riskStatus=high',
      ].sort(),
    );
    expect(before.at(-1)).toBe('riskStatus=high');
    expect(after[0]).toBe('riskStatus=low');
  });

  it('shows no list, no coverage and no last contact for lists a stored section does not have', () => {
    // prepare
    const state = fold([shipment(1, 'inTransit'), interaction(1, '2026-01-01T00:00:00Z')]);
    delete state.records.shipment.lists.open;
    delete state.records.interaction.lists.recent;

    // act
    const view = viewToCustomer360(state, {});

    // assert
    expect(view.shipments).toEqual([]);
    expect(view.coverage?.openShipments).toEqual({ total: 0, kept: 0 });
    expect('lastContact' in view).toBe(false);
  });

  it('lists the web events the view keeps', () => {
    // prepare
    const state = fold([webRecord(ID, 0), webRecord(ID, 1), webRecord(ID, 2)]);

    // act
    const view = viewToCustomer360(state, {});

    // assert
    expect(numbers(view.webActivity, 'messageId')).toEqual(['msg-2', 'msg-1']);
    expect(view.coverage?.webActivity).toEqual({ total: 3, kept: 2 });
  });

  it('gives web totals without first or last seen for a customer with no web events yet', () => {
    // act
    const totals = viewToCustomer360(fold([]), {}).webActivityTotals;

    // assert
    expect(totals).toStrictEqual({ events: 0, sessions: 0, productInterest: [], recentSearches: [] });
  });
});
