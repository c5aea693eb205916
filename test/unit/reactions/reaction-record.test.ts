import { describe, expect, it } from 'vitest';
import {
  type DeliveredEvent,
  reactionEntryFor,
  reactionIdOf,
} from '../../../core/reactions/reaction-record.ts';

const metadata = { eventId: 'evt-1', occurredAt: '2026-03-02T10:00:00Z' };
const delivered = (detailType: string, detail: Record<string, unknown>): DeliveredEvent => ({
  'detail-type': detailType,
  detail: { metadata, ...detail },
});

describe('reactionEntryFor', () => {
  it('records who, when and which event, still sending, under an id joining event and rule', () => {
    const entry = reactionEntryFor(
      'retention-to-call-center',
      'call-center',
      delivered('RetentionTaskDue', { customerId: 'C1', reason: 'churnRisk' }),
    );

    expect(entry).toEqual({
      record: {
        reactionId: 'evt-1.retention-to-call-center',
        rule: 'retention-to-call-center',
        system: 'call-center',
        at: '2026-03-02T10:00:00Z',
        eventId: 'evt-1',
        detailType: 'RetentionTaskDue',
        customerId: 'C1',
        kind: 'retentionTask',
        summary: 'Call to retain the customer (churnRisk)',
        delivery: { status: 'sending' },
      },
      subject: {},
    });
    expect(reactionIdOf('evt-1', 'retention-to-call-center')).toBe(entry.record.reactionId);
  });

  it('describes a payment follow-up and keeps the invoice record key its outcome is checked against', () => {
    const entry = reactionEntryFor(
      'payment-follow-up',
      'call-center',
      delivered('PaymentFollowUpDue', {
        reactionKey: 'payment-follow-up:sap-s4/invoices/INV-7',
        customerId: 'C1',
        invoice: { invoiceNumber: 'INV-7', currency: 'EUR' },
        openAmount: 120.5,
        daysOverdue: 12,
      }),
    );

    expect(entry.record).toMatchObject({
      kind: 'paymentFollowUp',
      customerId: 'C1',
      summary: 'Follow up invoice INV-7: 120.5 EUR open, 12 days overdue',
    });
    expect(entry.subject).toEqual({ invoiceRecordKey: 'sap-s4/invoices/INV-7' });
  });

  it('keeps a payment follow-up without a reaction key or invoice readable', () => {
    const entry = reactionEntryFor('payment-follow-up', 'call-center', delivered('PaymentFollowUpDue', {}));

    expect(entry.record.summary).toBe(
      'Follow up invoice undefined: undefined undefined open, undefined days overdue',
    );
    expect(entry.record).not.toHaveProperty('customerId');
    expect(entry.subject).toEqual({ invoiceRecordKey: '' });
  });

  it('describes a cross-sell lead by the offered part and why it is offered', () => {
    const entry = reactionEntryFor(
      'cross-sell-to-sales',
      'sales',
      delivered('CrossSellOpportunityFound', {
        customerId: 'C1',
        offeredPartNumber: 'P-200',
        relation: 'accessory',
        purchasedPartNumber: 'P-100',
      }),
    );

    expect(entry.record).toMatchObject({
      kind: 'crossSellLead',
      customerId: 'C1',
      partNumber: 'P-200',
      summary: 'Offer P-200 (accessory of P-100)',
    });
    expect(entry.subject).toEqual({});
  });

  it('describes a change request by part and counts, with no customer', () => {
    const entry = reactionEntryFor(
      'product-issues-to-pdm',
      'pdm',
      delivered('ProductIssueThresholdReached', {
        customerId: 'C1',
        partNumber: 'P-100',
        complaints: 2,
        returns: 1,
      }),
    );

    expect(entry.record).toMatchObject({
      kind: 'changeRequest',
      partNumber: 'P-100',
      summary: 'Change request for P-100: 2 complaints, 1 returns',
    });
    expect(entry.record).not.toHaveProperty('customerId');
  });

  it.each([
    ['contract', 'Contract for P-100 ends 2026-04-01 (30 days)'],
    ['warranty', 'Warranty for P-100 ends 2026-04-01 (30 days)'],
  ])('describes a %s ending', (coverage, summary) => {
    const entry = reactionEntryFor(
      'coverage-expiry-to-service',
      'service',
      delivered('WarrantyExpiring', {
        customerId: 'C1',
        partNumber: 'P-100',
        coverage,
        endsOn: '2026-04-01',
        daysLeft: 30,
      }),
    );

    expect(entry.record).toMatchObject({
      kind: 'coverageNotice',
      customerId: 'C1',
      partNumber: 'P-100',
      summary,
    });
  });

  it('describes a late shipment by number, delay and promise', () => {
    const entry = reactionEntryFor(
      'late-shipment-to-service',
      'service',
      delivered('LateShipmentNoticeDue', {
        customerId: 'C1',
        shipment: { shipmentNumber: 'S-9', promisedDate: '2026-02-25' },
        delayDays: 5,
      }),
    );

    expect(entry.record).toMatchObject({
      kind: 'lateShipmentNotice',
      customerId: 'C1',
      summary: 'Shipment S-9 5 days late (promised 2026-02-25)',
    });
  });

  it('keeps a late shipment notice without its shipment readable', () => {
    const entry = reactionEntryFor('late', 'service', delivered('LateShipmentNoticeDue', { delayDays: 5 }));

    expect(entry.record.summary).toBe('Shipment undefined 5 days late (promised undefined)');
  });

  it.each(['DemandSignalRaised', 'DemandSignalSuperseded'])(
    'describes %s as the planned order it puts into ERP, with no customer',
    (detailType) => {
      const entry = reactionEntryFor(
        'demand-to-erp',
        'erp',
        delivered(detailType, {
          customerId: 'C1',
          partNumber: 'P-100',
          quantityShort: 8,
          needBy: '2026-03-05',
        }),
      );

      expect(entry.record).toMatchObject({
        kind: 'demandSignal',
        partNumber: 'P-100',
        summary: 'Planned order 8 × P-100 by 2026-03-05',
      });
      expect(entry.record).not.toHaveProperty('customerId');
    },
  );

  it('describes a withdrawn demand signal', () => {
    const entry = reactionEntryFor(
      'demand-to-erp',
      'erp',
      delivered('DemandSignalWithdrawn', { customerId: 'C1', partNumber: 'P-100' }),
    );

    expect(entry.record).toMatchObject({
      kind: 'demandWithdrawal',
      partNumber: 'P-100',
      summary: 'Planned order for P-100 withdrawn',
    });
    expect(entry.record).not.toHaveProperty('customerId');
  });

  it('names an event it has no description for by its detail type', () => {
    const entry = reactionEntryFor('audit', 'sales', delivered('SomethingNew', { customerId: 'C1' }));

    expect(entry.record).toMatchObject({ kind: 'SomethingNew', summary: 'SomethingNew', customerId: 'C1' });
    expect(entry.subject).toEqual({});
  });

  it('leaves the customer out when the event names none or names it with something other than text', () => {
    const entry = reactionEntryFor('audit', 'sales', delivered('RetentionTaskDue', { customerId: 42 }));

    expect(entry.record).not.toHaveProperty('customerId');
    expect(entry.record.summary).toBe('Call to retain the customer (undefined)');
  });
});
