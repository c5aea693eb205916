import { describe, expect, it } from 'vitest';
import { talkingPoints } from '../../../console/src/agent/talking-points.ts';
import type { Customer360Response } from '../../../schemas/api/customer-360.ts';
import { insightsDetail } from './fixtures/insights-detail.ts';

const source = { system: 'sap-s4', stream: 's', key: 'k', version: '1' };
const emptyView = (): Customer360Response => ({
  customerId: 'cus_1',
  profile: {},
  identifiers: [],
  sources: [],
  insights: {
    lifecycleStage: null,
    riskStatus: null,
    profitStatus: null,
    keyCustomer: null,
    scores: {},
    statuses: {},
  },
  recentOrders: [],
  invoices: [],
  productsOwned: [],
  openShipments: [],
  recentInteractions: [],
  webActivity: { events: 0, sessions: 0, productInterest: [], recentSearches: [] },
  lastContact: null,
  identityConflicts: [],
  coverage: {
    orders: { total: 0, shown: 0 },
    invoices: { total: 0, shown: 0 },
    productsOwned: { total: 0, shown: 0 },
    openShipments: { total: 0, shown: 0 },
    interactions: { total: 0, shown: 0 },
    webEvents: { total: 0, shown: 0 },
    statusChanges: { total: 0, shown: 0 },
    truncated: [],
    timeline: '/customers/cus_1/timeline',
  },
  servedFrom: { source: 'view', projectedAt: '2026-12-01T00:00:00Z' },
});
const today = new Date('2026-12-01T00:00:00Z');

describe('talkingPoints', () => {
  it('suggests nothing when the data holds nothing pressing', () => {
    expect(talkingPoints(emptyView(), today)).toEqual([]);
  });

  it('sums overdue invoices per currency and names the oldest due date', () => {
    const view = emptyView();
    view.invoices = [
      {
        invoiceNumber: 'I1',
        issuedOn: '2026-09-01',
        dueDate: '2026-10-01',
        amount: 100,
        openAmount: 60,
        currency: 'EUR',
        status: 'overdue',
        overdue: true,
        source,
      },
      {
        invoiceNumber: 'I2',
        issuedOn: '2026-08-01',
        dueDate: '2026-09-01',
        amount: 40,
        currency: 'EUR',
        status: 'open',
        overdue: true,
        source,
      },
      {
        invoiceNumber: 'I3',
        issuedOn: '2026-11-01',
        dueDate: '2026-12-30',
        amount: 999,
        currency: 'EUR',
        status: 'open',
        overdue: false,
        source,
      },
    ];

    const [point] = talkingPoints(view, today);

    expect(point?.kind).toBe('overdueInvoice');
    expect(point?.text).toContain('2 overdue invoices');
    expect(point?.text).toContain('100.00');
    expect(point?.text).toContain('oldest due 2026-09-01');
  });

  it('mentions a warranty ending within 90 days and a successor product, but not a warranty long past', () => {
    const view = emptyView();
    const product = {
      partNumber: 'CP-8040',
      revision: 'B',
      name: 'Centrifugal Pump',
      lifecycleState: 'phaseOut' as const,
      successorPartNumber: 'CP-9050',
      accessoryPartNumbers: [],
    };
    view.productsOwned = [
      {
        partNumber: 'CP-8040',
        quantity: 1,
        purchasedOn: '2024-12-20',
        warrantyEnd: '2027-01-15',
        product,
        source,
      },
      { partNumber: 'FI-0075', quantity: 1, purchasedOn: '2020-01-01', warrantyEnd: '2022-01-01', source },
    ];

    const kinds = talkingPoints(view, today).map((p) => p.kind);

    expect(kinds).toEqual(['warrantyExpiring', 'successorProduct']);
  });

  it('uses the lifecycle stage only when the insights capability computed one', () => {
    const view = emptyView();
    view.insights = {
      ...view.insights,
      lifecycleStage: { value: 'dormant', changedAt: '2026-11-01', reason: 'no order for 14 months' },
    };

    expect(talkingPoints(view, today)).toEqual([
      { kind: 'churnRisk', text: 'Lifecycle stage dormant: no order for 14 months' },
    ]);
  });

  it('puts the key-customer flag, an open churn warning and a high payment risk from the insights first', () => {
    const view = emptyView();
    view.insights = { ...view.insights, detail: insightsDetail };

    expect(talkingPoints(view, today)).toEqual([
      { kind: 'keyCustomer', text: 'Key customer, number 3 by revenue: give this call priority.' },
      {
        kind: 'churnWarning',
        text: 'Churn warning since 2026-11-21 (score 72/100): 3 complaints in 60 days.',
      },
      { kind: 'paymentRisk', text: 'High payment risk: Invoice 90001 is 75 days overdue' },
    ]);
  });

  it('says nothing about churn once the warning episode is closed', () => {
    const view = emptyView();
    const open = insightsDetail.churnWarning.episode;
    if (!open) throw new Error('the fixture has an open churn episode');
    const episode = { ...open, closedAt: '2026-11-28T08:00:00Z' };
    view.insights = {
      ...view.insights,
      detail: { ...insightsDetail, churnWarning: { ...insightsDetail.churnWarning, episode } },
    };

    expect(talkingPoints(view, today).map((p) => p.kind)).not.toContain('churnWarning');
  });
});
