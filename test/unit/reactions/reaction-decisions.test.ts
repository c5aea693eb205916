import { describe, expect, it } from 'vitest';
import { findExpiringCoverage } from '../../../core/reactions/coverage-expiry.ts';
import { findCrossSellOpportunities } from '../../../core/reactions/cross-sell.ts';
import { judgeNewsworthiness } from '../../../core/reactions/history-not-news.ts';
import { lateShipmentNoticeKey } from '../../../core/reactions/late-shipment.ts';
import { decidePaymentFollowUp } from '../../../core/reactions/payment-follow-up.ts';
import { evaluateProductIssues, type PartIssue } from '../../../core/reactions/product-issues.ts';
import { shipmentStateReachedAt } from '../../../core/reactions/state-reached-at.ts';
import { ReactionsConfigSchema } from '../../../schemas/config/reactions-config.ts';
import type { InvoiceData } from '../../../schemas/entities/invoice.ts';
import type { ProductData } from '../../../schemas/entities/product.ts';

const NOW = new Date('2026-03-02T10:00:00Z');
const never = () => false;

describe('history is not news', () => {
  const live = { occurredAt: NOW.toISOString() };

  it('ignores events a backfill produced unless the rule opts in', () => {
    const metadata = { ...live, backfill: 'initialLoad' as const };

    expect(judgeNewsworthiness({ metadata })).toMatchObject({ live: false, reason: 'backfill' });
    expect(judgeNewsworthiness({ metadata, acceptBackfill: true })).toEqual({ live: true });
  });

  it('calls a state stale when it was reached long before the hub saw it (an order shipped months ago)', () => {
    const delivered = shipmentStateReachedAt({
      status: 'delivered',
      promisedDate: '2025-10-01',
      deliveredAt: '2025-10-03T12:00:00Z',
    });

    expect(judgeNewsworthiness({ metadata: live, stateReachedAt: delivered })).toMatchObject({
      live: false,
      reason: 'stale',
    });
    expect(judgeNewsworthiness({ metadata: live, stateReachedAt: '2026-02-28' })).toEqual({ live: true });
  });

  it('treats a live change with nothing dated as news', () => {
    expect(judgeNewsworthiness({ metadata: live })).toEqual({ live: true });
  });
});

describe('payment follow-up', () => {
  const invoice: InvoiceData = {
    invoiceNumber: '90000001',
    issuedOn: '2026-01-20',
    dueDate: '2026-02-19',
    amount: 1200,
    openAmount: 700,
    currency: 'EUR',
    status: 'open',
  };
  const decide = (overrides: Partial<InvoiceData>, alreadyFollowedUp = never) =>
    decidePaymentFollowUp({
      customerId: 'C1',
      invoiceSourceKey: 'sap-s4#billing-documents#90000001',
      invoice: { ...invoice, ...overrides },
      now: NOW,
      alreadyFollowedUp,
    });

  it('asks for a follow-up from the due date, even when the ERP still says open', () => {
    expect(decide({})).toMatchObject({
      reactionKey: 'payment-follow-up:sap-s4#billing-documents#90000001',
      openAmount: 700,
      daysOverdue: 11,
    });
  });

  it('stays quiet for paid, not yet due and already followed-up invoices', () => {
    expect(decide({ status: 'paid', paidOn: '2026-02-25' })).toBeUndefined();
    expect(decide({ dueDate: '2026-03-02' })).toBeUndefined();
    expect(decide({ openAmount: 0 })).toBeUndefined();
    expect(decide({}, () => true)).toBeUndefined();
  });
});

describe('cross-sell', () => {
  const product = (partNumber: string, extra: Partial<ProductData> = {}): ProductData => ({
    partNumber,
    revision: 'A',
    name: partNumber,
    lifecycleState: 'released',
    accessoryPartNumbers: [],
    ...extra,
  });
  const catalogue = new Map([
    [
      'PUMP-1',
      product('PUMP-1', { successorPartNumber: 'PUMP-2', accessoryPartNumbers: ['SEAL-1', 'OLD-1'] }),
    ],
    ['PUMP-2', product('PUMP-2')],
    ['SEAL-1', product('SEAL-1')],
    ['OLD-1', product('OLD-1', { lifecycleState: 'obsolete' })],
  ]);

  it('offers each successor or sellable accessory the customer does not own, once per customer and part', () => {
    const leads = findCrossSellOpportunities({
      customerId: 'C1',
      purchasedPartNumbers: ['PUMP-1', 'PUMP-1'],
      orderNumber: 'O1',
      ownedPartNumbers: new Set(['SEAL-1']),
      catalogue,
      alreadyOffered: never,
    });

    expect(leads).toEqual([
      {
        reactionKey: 'cross-sell:C1:PUMP-2',
        customerId: 'C1',
        purchasedPartNumber: 'PUMP-1',
        offeredPartNumber: 'PUMP-2',
        relation: 'successor',
        orderNumber: 'O1',
      },
    ]);
  });

  it('offers nothing that was offered before', () => {
    const leads = findCrossSellOpportunities({
      customerId: 'C1',
      purchasedPartNumbers: ['PUMP-1'],
      ownedPartNumbers: new Set(),
      catalogue,
      alreadyOffered: (key) => key === 'cross-sell:C1:PUMP-2',
    });

    expect(leads.map((lead) => lead.offeredPartNumber)).toEqual(['SEAL-1']);
  });
});

describe('complaints and returns per part', () => {
  const config = ReactionsConfigSchema.parse({ complaintThreshold: 3, complaintWindowDays: 30 });
  const issue = (
    id: string,
    occurredAt: string,
    category: 'complaint' | 'return' | 'question' = 'complaint',
  ): PartIssue => ({
    customerId: `C-${id}`,
    interaction: {
      interactionId: id,
      kind: 'serviceCase',
      channel: 'phone',
      occurredAt,
      category,
      partNumber: 'PUMP-1',
    },
  });

  it('raises one change request when the threshold is reached inside the window, with the evidence', () => {
    const issues = [
      issue('i0', '2026-01-10T00:00:00Z'), // outside the window
      issue('i1', '2026-02-10T00:00:00Z'),
      issue('i2', '2026-02-20T00:00:00Z', 'return'),
      issue('i2', '2026-02-20T00:00:00Z', 'return'), // the same case delivered twice
      issue('q1', '2026-02-21T00:00:00Z', 'question'),
      issue('i3', '2026-03-01T00:00:00Z'),
    ];

    const report = evaluateProductIssues({ partNumber: 'PUMP-1', issues, now: NOW, config });

    expect(report).toMatchObject({
      reactionKey: 'product-issue:PUMP-1:i3',
      complaints: 2,
      returns: 1,
      threshold: 3,
    });
    expect(report?.evidence.map((e) => e.interactionId)).toEqual(['i1', 'i2', 'i3']);
  });

  it('raises nothing below the threshold or while a request raised in the window is open', () => {
    const two = [issue('i1', '2026-02-10T00:00:00Z'), issue('i2', '2026-02-20T00:00:00Z')];
    const three = [...two, issue('i3', '2026-03-01T00:00:00Z')];

    expect(evaluateProductIssues({ partNumber: 'PUMP-1', issues: two, now: NOW, config })).toBeUndefined();
    expect(
      evaluateProductIssues({
        partNumber: 'PUMP-1',
        issues: three,
        now: NOW,
        config,
        lastRaisedAt: '2026-02-25T00:00:00Z',
      }),
    ).toBeUndefined();
  });
});

describe('warranty and contract expiry', () => {
  it('notices coverage ending within the notice period, one per coverage and end date', () => {
    const notices = findExpiringCoverage({
      customerId: 'C1',
      installedProducts: [
        {
          partNumber: 'PUMP-1',
          serialNumber: 'SN1',
          quantity: 1,
          purchasedOn: '2024-03-20',
          warrantyEnd: '2026-03-20',
          contractNumber: 'K1',
          contractEnd: '2026-06-30',
        },
        { partNumber: 'PUMP-2', quantity: 1, purchasedOn: '2023-01-01', warrantyEnd: '2026-02-01' },
      ],
      now: NOW,
      alreadyNotified: never,
      config: ReactionsConfigSchema.parse({ expiryNoticeDays: 30 }),
    });

    expect(notices).toEqual([
      {
        reactionKey: 'coverage:C1:PUMP-1:SN1:warranty:2026-03-20',
        customerId: 'C1',
        partNumber: 'PUMP-1',
        serialNumber: 'SN1',
        coverage: 'warranty',
        endsOn: '2026-03-20',
        daysLeft: 18,
      },
    ]);
  });
});

describe('late shipments', () => {
  it('notifies service once per late shipment of a key customer still on its way', () => {
    expect(lateShipmentNoticeKey({ shipmentNumber: 'S1', status: 'inTransit' }, 3, true)).toBe(
      'late-shipment:S1',
    );
    expect(lateShipmentNoticeKey({ shipmentNumber: 'S1', status: 'inTransit' }, 3, false)).toBeUndefined();
    expect(lateShipmentNoticeKey({ shipmentNumber: 'S1', status: 'delivered' }, 3, true)).toBeUndefined();
    expect(lateShipmentNoticeKey({ shipmentNumber: 'S1', status: 'inTransit' }, 0, true)).toBeUndefined();
  });
});
