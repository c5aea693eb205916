import { describe, expect, it } from 'vitest';
import {
  decideRetention,
  type RetentionTrigger,
  recentRevenue,
  summariseForRetention,
} from '../../../core/reactions/retention.ts';
import { type Customer360View, Customer360ViewSchema } from '../../../schemas/entities/customer-360.ts';

const NOW = new Date('2026-03-02T10:00:00Z');
const ref = (key: string) => ({ system: 'sap-s4', stream: 'records', key, version: '1' });

/** A 360 view with nothing in it but what the test passes (each list given as its `data` items). */
const view = (parts: {
  profile?: Record<string, unknown>;
  orders?: Record<string, unknown>[];
  invoices?: Record<string, unknown>[];
  installedProducts?: Record<string, unknown>[];
  interactions?: Record<string, unknown>[];
  statusHistory?: Record<string, unknown>[];
  lastContact?: Record<string, unknown>;
}): Customer360View =>
  Customer360ViewSchema.parse({
    customerId: 'cus_1',
    profile: parts.profile ?? {},
    identifiers: [],
    customerSources: [],
    orders: (parts.orders ?? []).map((data, i) => ({ source: ref(`SO-${i}`), data })),
    invoices: (parts.invoices ?? []).map((data, i) => ({ source: ref(`INV-${i}`), data })),
    installedProducts: (parts.installedProducts ?? []).map((data, i) => ({ source: ref(`IB-${i}`), data })),
    shipments: [],
    interactions: (parts.interactions ?? []).map((data, i) => ({ source: ref(`T-${i}`), data })),
    webActivity: [],
    statusHistory: parts.statusHistory ?? [],
    conflicts: [],
    ...(parts.lastContact ? { lastContact: parts.lastContact } : {}),
  });

const order = (orderNumber: string, orderedAt: string, netAmount: number, status = 'delivered') => ({
  orderNumber,
  orderedAt,
  status,
  currency: 'EUR',
  netAmount,
  lines: [],
});
const statusChange = (dimension: string, value: string, changedAt: string) => ({
  dimension,
  value,
  changedAt,
  reason: 'test',
});
const invoice = (invoiceNumber: string, dueDate: string, status: string) => ({
  invoiceNumber,
  issuedOn: '2026-01-01',
  dueDate,
  amount: 100,
  currency: 'EUR',
  status,
});
const serviceCase = (interactionId: string, occurredAt: string, extra: Record<string, unknown> = {}) => ({
  interactionId,
  kind: 'serviceCase',
  channel: 'email',
  occurredAt,
  ...extra,
});

describe('recentRevenue', () => {
  it('adds the net amounts of orders placed within the window, counting the day exactly `days` back', () => {
    const customer = view({
      orders: [
        order('SO-1', '2025-03-02T08:00:00Z', 100),
        order('SO-2', '2025-03-01T23:59:59Z', 1_000),
        order('SO-3', '2026-03-01T12:00:00Z', 10),
      ],
    });

    expect(recentRevenue(customer, NOW, 365)).toBe(110);
  });

  it('leaves quotes and cancelled orders out of the revenue', () => {
    const customer = view({
      orders: [
        order('SO-1', '2026-02-01T08:00:00Z', 100),
        order('Q-1', '2026-02-02T08:00:00Z', 5_000, 'quote'),
        order('SO-2', '2026-02-03T08:00:00Z', 7_000, 'cancelled'),
      ],
    });

    expect(recentRevenue(customer, NOW, 365)).toBe(100);
  });
});

describe('summariseForRetention', () => {
  it('reads key status and lifecycle stage from the latest change by time, whatever the history order', () => {
    const customer = view({
      statusHistory: [
        statusChange('lifecycleStage', 'dormant', '2026-02-20T00:00:00Z'),
        statusChange('keyCustomer', 'false', '2026-02-01T00:00:00Z'),
        statusChange('lifecycleStage', 'longTerm', '2025-06-01T00:00:00Z'),
        statusChange('keyCustomer', 'true', '2025-12-01T00:00:00Z'),
      ],
    });

    const summary = summariseForRetention(customer, NOW, 365);

    expect(summary).toMatchObject({ lifecycleStage: 'dormant', keyCustomer: false });
  });

  it('calls a customer key when its latest keyCustomer change says true, even listed first', () => {
    const customer = view({
      statusHistory: [
        statusChange('keyCustomer', 'true', '2026-02-01T00:00:00Z'),
        statusChange('keyCustomer', 'false', '2025-12-01T00:00:00Z'),
      ],
    });

    expect(summariseForRetention(customer, NOW, 365).keyCustomer).toBe(true);
  });

  it('carries the phone, and leaves out every field the view does not have instead of setting it undefined', () => {
    const withPhone = view({ profile: { phone: { value: '+43 1 234', provenance: ref('1000') } } });
    const bare = view({});

    expect(summariseForRetention(withPhone, NOW, 365)).toMatchObject({ phone: '+43 1 234' });
    expect(summariseForRetention(bare, NOW, 365)).toStrictEqual({
      keyCustomer: false,
      revenue: 0,
      productsOwned: [],
      openIssues: [],
      overdueInvoices: 0,
    });
  });

  it('lists the 20 most recently bought products, newest first, a product without serial number without one', () => {
    const installedProducts = Array.from({ length: 21 }, (_, i) => ({
      partNumber: `P-${i}`,
      ...(i === 20 ? {} : { serialNumber: `SN-${i}` }),
      purchasedOn: `2025-01-${String(i + 1).padStart(2, '0')}`,
    }));

    const owned = summariseForRetention(view({ installedProducts }), NOW, 365).productsOwned;

    expect(owned).toHaveLength(20);
    expect(owned[0]).toStrictEqual({ partNumber: 'P-20', purchasedOn: '2025-01-21' });
    expect(owned[1]).toStrictEqual({ partNumber: 'P-19', serialNumber: 'SN-19', purchasedOn: '2025-01-20' });
    expect(owned.at(-1)?.partNumber).toBe('P-1');
  });

  it('lists the 20 newest open or in-progress cases, newest first, skipping resolved, closed and status-less ones', () => {
    const interactions = [
      ...Array.from({ length: 21 }, (_, i) =>
        serviceCase(`T-${i}`, `2026-02-${String(i + 1).padStart(2, '0')}T08:00:00Z`, {
          status: i % 2 === 0 ? 'open' : 'inProgress',
          ...(i === 20 ? {} : { subject: `case ${i}` }),
        }),
      ),
      serviceCase('T-resolved', '2026-02-25T08:00:00Z', { status: 'resolved' }),
      serviceCase('T-closed', '2026-02-26T08:00:00Z', { status: 'closed' }),
      serviceCase('T-note', '2026-02-27T08:00:00Z'),
    ];

    const issues = summariseForRetention(view({ interactions }), NOW, 365).openIssues;

    expect(issues).toHaveLength(20);
    expect(issues[0]).toStrictEqual({ interactionId: 'T-20', occurredAt: '2026-02-21T08:00:00Z' });
    expect(issues[1]).toStrictEqual({
      interactionId: 'T-19',
      subject: 'case 19',
      occurredAt: '2026-02-20T08:00:00Z',
    });
    expect(issues.at(-1)?.interactionId).toBe('T-1');
  });

  it('counts invoices past their due date that are neither paid nor cancelled; one due today is not overdue', () => {
    const customer = view({
      invoices: [
        invoice('I-open', '2026-03-01', 'open'),
        invoice('I-overdue', '2026-01-15', 'overdue'),
        invoice('I-today', '2026-03-02', 'open'),
        invoice('I-paid', '2026-01-15', 'paid'),
        invoice('I-cancelled', '2026-01-15', 'cancelled'),
      ],
    });

    expect(summariseForRetention(customer, NOW, 365).overdueInvoices).toBe(2);
  });

  it('gives the last contact without an agent when none was recorded', () => {
    const customer = view({ lastContact: { occurredAt: '2026-02-20T08:00:00Z', channel: 'phone' } });

    expect(summariseForRetention(customer, NOW, 365).lastContact).toStrictEqual({
      at: '2026-02-20T08:00:00Z',
      channel: 'phone',
    });
  });
});

describe('decideRetention value threshold', () => {
  const churnRisk = (revenueInValueWindow: number): RetentionTrigger => ({
    kind: 'churnRisk',
    eventId: 'evt-2',
    at: '2026-03-02T09:00:00Z',
    customerId: 'cus_1',
    episodeId: 'ep-3',
    keyCustomer: false,
    revenueInValueWindow,
  });
  const decide = (trigger: RetentionTrigger) =>
    decideRetention({
      trigger,
      view: view({}),
      now: NOW,
      highValueRevenue: 10_000,
      revenueWindowDays: 365,
    });

  it('treats a churn warning with revenue exactly at the threshold as high value, one below as not', () => {
    expect(decide(churnRisk(10_000))?.reason).toBe('churnRisk');
    expect(decide(churnRisk(9_999))).toBeUndefined();
  });
});
