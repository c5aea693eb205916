import { describe, expect, it } from 'vitest';
import {
  isLate,
  isOverdue,
  summariseInsights,
  summariseWebActivity,
  toCustomer360Response,
} from '../../../app/api/customer-360-response.ts';
import { Customer360ResponseSchema } from '../../../schemas/api/customer-360.ts';
import type { Customer360View } from '../../../schemas/entities/customer-360.ts';

const source = (key: string) => ({ system: 'sap-s4', stream: 's', key, version: '1' });
const invoice = (
  key: string,
  status: 'open' | 'paid' | 'overdue',
  dueDate: string,
  issuedOn = '2026-01-01',
) => ({
  source: source(key),
  data: { invoiceNumber: key, issuedOn, dueDate, amount: 10, currency: 'EUR', status },
});
const shipment = (
  key: string,
  status: 'planned' | 'delivered' | 'delayed' | 'inTransit',
  promisedDate: string,
) => ({
  source: source(key),
  data: { shipmentNumber: key, status, promisedDate, lines: [] },
});

const emptyView: Customer360View = {
  customerId: 'cus_1',
  profile: {},
  identifiers: [],
  customerSources: [],
  orders: [],
  invoices: [],
  installedProducts: [],
  shipments: [],
  interactions: [],
  webActivity: [],
  statusHistory: [],
  conflicts: [],
};

describe('shaping the 360 view for other applications', () => {
  it('puts overdue invoices first (oldest due first), then the newest others', () => {
    const view: Customer360View = {
      ...emptyView,
      invoices: [
        invoice('paid-old', 'paid', '2026-01-10', '2026-01-01'),
        invoice('open-late', 'open', '2026-02-01'),
        invoice('overdue', 'overdue', '2026-02-20'),
        invoice('open-new', 'open', '2026-04-01', '2026-03-01'),
      ],
    };

    const response = toCustomer360Response(view, '2026-03-10');

    expect(response.invoices.map((i) => [i.invoiceNumber, i.overdue])).toEqual([
      ['open-late', true],
      ['overdue', true],
      ['open-new', false],
      ['paid-old', false],
    ]);
  });

  it('keeps open shipments only, late ones first', () => {
    const view: Customer360View = {
      ...emptyView,
      shipments: [
        shipment('done', 'delivered', '2026-01-01'),
        shipment('on-time', 'inTransit', '2026-03-20'),
        shipment('overdue', 'planned', '2026-03-01'),
      ],
    };

    const response = toCustomer360Response(view, '2026-03-10');

    expect(response.openShipments.map((s) => [s.shipmentNumber, s.late])).toEqual([
      ['overdue', true],
      ['on-time', false],
    ]);
  });

  it('caps recent orders at 20, newest first, and the result satisfies the published schema', () => {
    const orders = Array.from({ length: 25 }, (_, i) => ({
      source: source(`SO-${i}`),
      data: {
        orderNumber: `SO-${i}`,
        orderedAt: `2026-01-${String(i + 1).padStart(2, '0')}T00:00:00Z`,
        status: 'open' as const,
        currency: 'EUR',
        netAmount: 1,
        lines: [],
      },
    }));

    const response = toCustomer360Response({ ...emptyView, orders }, '2026-03-10');

    expect(response.recentOrders).toHaveLength(20);
    expect(response.recentOrders[0]?.orderNumber).toBe('SO-24');
    expect(Customer360ResponseSchema.safeParse(response).success).toBe(true);
  });

  it('decides overdue and late from the day given', () => {
    const due = {
      invoiceNumber: 'I',
      issuedOn: '2026-01-01',
      dueDate: '2026-03-01',
      amount: 1,
      currency: 'EUR',
    };

    expect(isOverdue({ ...due, status: 'open' }, '2026-03-01')).toBe(false);
    expect(isOverdue({ ...due, status: 'open' }, '2026-03-02')).toBe(true);
    expect(isOverdue({ ...due, status: 'paid' }, '2027-01-01')).toBe(false);
    expect(
      isLate(
        {
          shipmentNumber: 'S',
          status: 'planned',
          promisedDate: '2026-03-10',
          expectedDate: '2026-03-12',
          lines: [],
        },
        '2026-03-01',
      ),
    ).toBe(true);
  });

  it('summarises web activity into sessions, product interest and searches', () => {
    const web = summariseWebActivity([
      {
        messageId: '1',
        type: 'track',
        timestamp: '2026-03-01T10:00:00Z',
        sessionId: 's1',
        interest: { kind: 'productView', partNumber: 'P-1' },
        properties: {},
      },
      {
        messageId: '2',
        type: 'track',
        timestamp: '2026-03-01T10:01:00Z',
        sessionId: 's1',
        interest: { kind: 'cartAdd', partNumber: 'P-2' },
        properties: {},
      },
      {
        messageId: '3',
        type: 'track',
        timestamp: '2026-03-02T09:00:00Z',
        sessionId: 's2',
        interest: { kind: 'search', query: 'pump' },
        properties: {},
      },
    ]);

    expect(web).toMatchObject({
      events: 3,
      sessions: 2,
      firstSeenAt: '2026-03-01T10:00:00Z',
      lastSeenAt: '2026-03-02T09:00:00Z',
    });
    expect(web.productInterest.map((p) => p.partNumber)).toEqual(['P-2', 'P-1']);
    expect(web.recentSearches).toEqual([{ query: 'pump', at: '2026-03-02T09:00:00Z' }]);
  });

  it('lifts the latest status per dimension, scores and the key-customer flag out of the history', () => {
    const change = (dimension: string, value: string, changedAt: string) => ({
      dimension,
      value,
      changedAt,
      reason: 'r',
      evidence: {},
    });

    const insights = summariseInsights([
      change('lifecycleStage', 'firstTime', '2026-01-01T00:00:00Z'),
      change('lifecycleStage', 'longTerm', '2026-03-01T00:00:00Z'),
      change('keyCustomer', 'true', '2026-03-01T00:00:00Z'),
      change('rfmScore', '345', '2026-03-01T00:00:00Z'),
    ]);

    expect(insights).toMatchObject({
      lifecycleStage: { value: 'longTerm' },
      riskStatus: null,
      keyCustomer: true,
      scores: { rfmScore: 345 },
    });
  });
});
