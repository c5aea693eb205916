import { describe, expect, it } from 'vitest';
import { decideRetention, type RetentionTrigger } from '../../../core/reactions/retention.ts';
import { type Customer360View, Customer360ViewSchema } from '../../../schemas/entities/customer-360.ts';

const NOW = new Date('2026-03-02T10:00:00Z');
const ref = (key: string) => ({ system: 'sap-s4', stream: 'records', key, version: '1' });

/** A customer 360 view with what the retention summary reads: name, orders, products, cases, contact. */
const view = (options: { key?: boolean; revenue?: number } = {}): Customer360View =>
  Customer360ViewSchema.parse({
    customerId: 'cus_1',
    profile: {
      name: { value: 'Anna Berger', provenance: ref('1000') },
      email: { value: 'anna@example.com', provenance: ref('1000') },
    },
    identifiers: [],
    customerSources: [ref('1000')],
    orders: [
      {
        source: ref('SO-1'),
        data: {
          orderNumber: 'SO-1',
          orderedAt: '2026-01-10T10:00:00Z',
          status: 'delivered',
          currency: 'EUR',
          netAmount: options.revenue ?? 1_000,
          lines: [],
        },
      },
      {
        source: ref('Q-1'),
        data: {
          orderNumber: 'Q-1',
          orderedAt: '2026-02-10T10:00:00Z',
          status: 'quote',
          currency: 'EUR',
          netAmount: 50_000,
          lines: [],
        },
      },
    ],
    invoices: [
      {
        source: ref('INV-1'),
        data: {
          invoiceNumber: 'INV-1',
          issuedOn: '2026-01-01',
          dueDate: '2026-02-01',
          amount: 300,
          currency: 'EUR',
          status: 'open',
        },
      },
    ],
    installedProducts: [
      { source: ref('IB-1'), data: { partNumber: 'P-100', serialNumber: 'SN-1', purchasedOn: '2024-05-01' } },
    ],
    shipments: [],
    interactions: [
      {
        source: ref('T-1'),
        data: {
          interactionId: 'T-1',
          kind: 'serviceCase',
          channel: 'email',
          occurredAt: '2026-02-20T08:00:00Z',
          subject: 'Pump leaking',
          status: 'open',
        },
      },
      {
        source: ref('T-0'),
        data: {
          interactionId: 'T-0',
          kind: 'serviceCase',
          channel: 'email',
          occurredAt: '2026-01-20T08:00:00Z',
          subject: 'Solved long ago',
          status: 'closed',
        },
      },
    ],
    webActivity: [],
    statusHistory: options.key
      ? [{ dimension: 'keyCustomer', value: 'true', changedAt: '2026-01-01T00:00:00Z', reason: 'Pareto' }]
      : [],
    conflicts: [],
    lastContact: { agent: 'Maria', occurredAt: '2026-02-20T08:00:00Z', channel: 'email' },
  });

const stageChanged = (to: string): RetentionTrigger => ({
  kind: 'stageChanged',
  eventId: 'evt-1',
  at: '2026-03-02T09:00:00Z',
  customerId: 'cus_1',
  transitionId: 'tr-7',
  to,
});
const churnRisk = (keyCustomer: boolean, revenueInValueWindow = 0): RetentionTrigger => ({
  kind: 'churnRisk',
  eventId: 'evt-2',
  at: '2026-03-02T09:00:00Z',
  customerId: 'cus_1',
  episodeId: 'ep-3',
  keyCustomer,
  revenueInValueWindow,
});
const decide = (trigger: RetentionTrigger, customer: Customer360View) =>
  decideRetention({ trigger, view: customer, now: NOW, highValueRevenue: 10_000, revenueWindowDays: 365 });

describe('retention decision', () => {
  it('creates a task for a key customer moving into doubtful, keyed by the transition, with the 360 summary', () => {
    const task = decide(stageChanged('doubtful'), view({ key: true }));

    expect(task).toEqual({
      reactionKey: 'retention:cus_1:tr-7',
      customerId: 'cus_1',
      reason: 'doubtful',
      triggeredBy: { detailType: 'LifecycleStageChanged', eventId: 'evt-1', at: '2026-03-02T09:00:00Z' },
      summary: {
        name: 'Anna Berger',
        email: 'anna@example.com',
        keyCustomer: true,
        revenue: 1_000,
        productsOwned: [{ partNumber: 'P-100', serialNumber: 'SN-1', purchasedOn: '2024-05-01' }],
        openIssues: [{ interactionId: 'T-1', subject: 'Pump leaking', occurredAt: '2026-02-20T08:00:00Z' }],
        overdueInvoices: 1,
        lastContact: { at: '2026-02-20T08:00:00Z', channel: 'email', agent: 'Maria' },
      },
    });
  });

  it('creates no task for a move into a stage that is not at risk', () => {
    expect(decide(stageChanged('longTerm'), view({ key: true }))).toBeUndefined();
  });

  it('creates no task for a small customer (not key, revenue below the threshold; quotes do not count)', () => {
    expect(decide(stageChanged('dormant'), view())).toBeUndefined();
    expect(decide(churnRisk(false, 500), view())).toBeUndefined();
  });

  it('treats a customer with revenue at the threshold as high value', () => {
    expect(decide(stageChanged('dormant'), view({ revenue: 10_000 }))?.reason).toBe('dormant');
  });

  it('trusts the churn warning for key status and value, keyed by the episode', () => {
    const byKey = decide(churnRisk(true), view());
    const byRevenue = decide(churnRisk(false, 12_000), view());

    expect([byKey?.reactionKey, byKey?.reason, byKey?.triggeredBy.detailType]).toEqual([
      'retention:cus_1:ep-3',
      'churnRisk',
      'ChurnRiskRaised',
    ]);
    expect(byRevenue?.reactionKey).toBe('retention:cus_1:ep-3');
  });
});
