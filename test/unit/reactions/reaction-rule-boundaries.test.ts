import { describe, expect, it } from 'vitest';
import { findExpiringCoverage } from '../../../core/reactions/coverage-expiry.ts';
import { crossSellKey, findCrossSellOpportunities } from '../../../core/reactions/cross-sell.ts';
import { lateShipmentNoticeKey } from '../../../core/reactions/late-shipment.ts';
import { decidePaymentFollowUp, openAmountOf } from '../../../core/reactions/payment-follow-up.ts';
import { evaluateProductIssues, type PartIssue } from '../../../core/reactions/product-issues.ts';
import { ReactionsConfigSchema } from '../../../schemas/config/reactions-config.ts';
import type { InstalledProductData } from '../../../schemas/entities/installed-product.ts';
import type { InvoiceData } from '../../../schemas/entities/invoice.ts';
import type { ProductData } from '../../../schemas/entities/product.ts';

const NOW = new Date('2026-03-02T10:00:00Z');
const never = () => false;

describe('payment follow-up boundaries', () => {
  const invoice: InvoiceData = {
    invoiceNumber: 'INV-1',
    issuedOn: '2026-01-20',
    dueDate: '2026-03-01',
    amount: 1200,
    currency: 'EUR',
    status: 'open',
  };
  const decide = (overrides: Partial<InvoiceData>, graceDays?: number) =>
    decidePaymentFollowUp({
      customerId: 'C1',
      invoiceSourceKey: 'sap/INV-1',
      invoice: { ...invoice, ...overrides },
      now: NOW,
      alreadyFollowedUp: never,
      ...(graceDays === undefined
        ? {}
        : { config: ReactionsConfigSchema.parse({ paymentGraceDays: graceDays }) }),
    });

  it('takes the whole amount as open when the ERP gives no open amount, and nothing of a paid or cancelled one', () => {
    expect(openAmountOf(invoice)).toBe(1200);
    expect(openAmountOf({ ...invoice, openAmount: 300 })).toBe(300);
    expect(openAmountOf({ ...invoice, status: 'paid', openAmount: 300 })).toBe(0);
    expect(openAmountOf({ ...invoice, status: 'cancelled', openAmount: 300 })).toBe(0);
  });

  it('follows up the day after the due date without grace days, with the whole task', () => {
    expect(decide({})).toEqual({
      reactionKey: 'payment-follow-up:sap/INV-1',
      customerId: 'C1',
      invoice,
      openAmount: 1200,
      daysOverdue: 1,
    });
    expect(decide({ dueDate: '2026-03-02' })).toBeUndefined();
  });

  it('waits out the grace days: due 3 days ago with 3 grace days is not yet, with 2 it is', () => {
    expect(decide({ dueDate: '2026-02-27' }, 3)).toBeUndefined();
    expect(decide({ dueDate: '2026-02-27' }, 2)).toMatchObject({ daysOverdue: 3 });
  });

  it('does not follow up a cancelled invoice', () => {
    expect(decide({ status: 'cancelled', dueDate: '2026-01-01' })).toBeUndefined();
  });
});

describe('cross-sell edges', () => {
  const product = (partNumber: string, extra: Partial<ProductData> = {}): ProductData => ({
    partNumber,
    revision: 'A',
    name: partNumber,
    lifecycleState: 'released',
    accessoryPartNumbers: [],
    ...extra,
  });
  const find = (purchased: string[], catalogue: ProductData[], owned: string[] = []) =>
    findCrossSellOpportunities({
      customerId: 'C1',
      purchasedPartNumbers: purchased,
      ownedPartNumbers: new Set(owned),
      catalogue: new Map(catalogue.map((p) => [p.partNumber, p])),
      alreadyOffered: never,
    });

  it('offers a part the catalogue does not hold yet, and nothing for a purchase it does not know', () => {
    const leads = find(['PUMP-1', 'UNKNOWN'], [product('PUMP-1', { accessoryPartNumbers: ['NEW-1'] })]);

    expect(leads).toEqual([
      {
        reactionKey: 'cross-sell:C1:NEW-1',
        customerId: 'C1',
        purchasedPartNumber: 'PUMP-1',
        offeredPartNumber: 'NEW-1',
        relation: 'accessory',
      },
    ]);
  });

  it('offers nothing still being designed or phased out, and nothing bought in the same purchase', () => {
    const leads = find(
      ['PUMP-1', 'SEAL-1'],
      [
        product('PUMP-1', { successorPartNumber: 'PUMP-2', accessoryPartNumbers: ['SEAL-1', 'HOSE-1'] }),
        product('PUMP-2', { lifecycleState: 'inWork' }),
        product('HOSE-1', { lifecycleState: 'phaseOut' }),
        product('SEAL-1'),
      ],
    );

    expect(leads).toEqual([]);
  });

  it('offers a part two purchases point at once, for the first purchase that names it', () => {
    const leads = find(
      ['PUMP-1', 'PUMP-2'],
      [
        product('PUMP-1', { accessoryPartNumbers: ['SEAL-1'] }),
        product('PUMP-2', { accessoryPartNumbers: ['SEAL-1'] }),
        product('SEAL-1'),
      ],
    );

    expect(leads.map((l) => [l.purchasedPartNumber, l.offeredPartNumber])).toEqual([['PUMP-1', 'SEAL-1']]);
    expect(crossSellKey('C1', 'SEAL-1')).toBe('cross-sell:C1:SEAL-1');
  });
});

describe('product issue boundaries', () => {
  const issue = (
    id: string,
    occurredAt: string,
    extra: Partial<PartIssue['interaction']> = {},
  ): PartIssue => ({
    customerId: `C-${id}`,
    interaction: {
      interactionId: id,
      kind: 'serviceCase',
      channel: 'phone',
      occurredAt,
      category: 'complaint',
      partNumber: 'PUMP-1',
      ...extra,
    },
  });
  const config = ReactionsConfigSchema.parse({ complaintThreshold: 2, complaintWindowDays: 10 });
  const evaluate = (issues: PartIssue[], lastRaisedAt?: string) =>
    evaluateProductIssues({ partNumber: 'PUMP-1', issues, now: NOW, config, lastRaisedAt });

  it('counts an issue exactly at the start of the window and none from the future or about another part', () => {
    const start = '2026-02-20T10:00:00.000Z';

    expect(evaluate([issue('a', start), issue('b', '2026-03-01T00:00:00Z')])).toMatchObject({
      reactionKey: 'product-issue:PUMP-1:b',
      window: { from: start, to: '2026-03-02T10:00:00.000Z' },
    });
    expect(
      evaluate([issue('a', '2026-02-20T09:59:59Z'), issue('b', '2026-03-01T00:00:00Z')]),
    ).toBeUndefined();
    expect(
      evaluate([issue('a', '2026-03-01T00:00:00Z'), issue('b', '2026-03-02T10:00:01Z')]),
    ).toBeUndefined();
    expect(
      evaluate([issue('a', '2026-03-01T00:00:00Z'), issue('b', '2026-03-01T01:00:00Z', { partNumber: 'X' })]),
    ).toBeUndefined();
  });

  it('raises again once the last request has left the window', () => {
    const issues = [issue('a', '2026-02-25T00:00:00Z'), issue('b', '2026-03-01T00:00:00Z')];

    expect(evaluate(issues, '2026-02-20T10:00:00Z')).toBeUndefined();
    expect(evaluate(issues, '2026-02-20T09:59:59Z')).toMatchObject({ reactionKey: 'product-issue:PUMP-1:b' });
  });

  it('orders issues of the same moment by id and names the one that crossed the threshold', () => {
    const at = '2026-03-01T00:00:00Z';

    expect(evaluate([issue('z', at), issue('m', at), issue('a', at)])?.reactionKey).toBe(
      'product-issue:PUMP-1:m',
    );
  });

  it('carries customer, category, subject and serial number of every issue as evidence', () => {
    const report = evaluate([
      issue('a', '2026-02-25T00:00:00Z', { subject: 'Leaks', serialNumber: 'SN-1' }),
      issue('b', '2026-03-01T00:00:00Z', { category: 'return' }),
    ]);

    expect(report).toMatchObject({ complaints: 1, returns: 1, threshold: 2 });
    expect(report?.evidence).toEqual([
      {
        interactionId: 'a',
        customerId: 'C-a',
        category: 'complaint',
        occurredAt: '2026-02-25T00:00:00Z',
        subject: 'Leaks',
        serialNumber: 'SN-1',
      },
      { interactionId: 'b', customerId: 'C-b', category: 'return', occurredAt: '2026-03-01T00:00:00Z' },
    ]);
  });

  it('keeps the newest 100 issues as evidence', () => {
    const issues = Array.from({ length: 105 }, (_, i) =>
      issue(
        `i${String(i).padStart(3, '0')}`,
        new Date(Date.parse('2026-02-25T00:00:00Z') + i * 60_000).toISOString(),
      ),
    );

    const report = evaluate(issues);

    expect(report?.complaints).toBe(105);
    expect(report?.evidence).toHaveLength(100);
    expect(report?.evidence[0]?.interactionId).toBe('i005');
    expect(report?.evidence.at(-1)?.interactionId).toBe('i104');
  });

  it('uses the default threshold of 3 in 30 days without a config', () => {
    const issues = [
      issue('a', '2026-02-01T00:00:00Z'),
      issue('b', '2026-02-10T00:00:00Z'),
      issue('c', '2026-03-01T00:00:00Z'),
    ];

    expect(
      evaluateProductIssues({ partNumber: 'PUMP-1', issues: issues.slice(0, 2), now: NOW }),
    ).toBeUndefined();
    expect(evaluateProductIssues({ partNumber: 'PUMP-1', issues, now: NOW })).toMatchObject({ threshold: 3 });
  });
});

describe('coverage expiry boundaries', () => {
  const installed = (extra: Partial<InstalledProductData>): InstalledProductData => ({
    partNumber: 'PUMP-1',
    quantity: 1,
    purchasedOn: '2024-01-01',
    ...extra,
  });
  const find = (products: InstalledProductData[], alreadyNotified: (key: string) => boolean = never) =>
    findExpiringCoverage({ customerId: 'C1', installedProducts: products, now: NOW, alreadyNotified });

  it('notices coverage ending today and on the last day of the default 30-day period, not the day after', () => {
    const notices = find([
      installed({ serialNumber: 'A', warrantyEnd: '2026-03-02' }),
      installed({ serialNumber: 'B', warrantyEnd: '2026-04-01' }),
      installed({ serialNumber: 'C', warrantyEnd: '2026-04-02' }),
      installed({ serialNumber: 'D', warrantyEnd: '2026-03-01' }),
    ]);

    expect(notices.map((n) => [n.serialNumber, n.daysLeft])).toEqual([
      ['A', 0],
      ['B', 30],
    ]);
  });

  it('names the contract of a contract notice, keys a product without serial number by "-"', () => {
    const notices = find([
      installed({ contractNumber: 'K-7', contractEnd: '2026-03-10', warrantyEnd: '2026-03-05' }),
    ]);

    expect(notices).toEqual([
      {
        reactionKey: 'coverage:C1:PUMP-1:-:warranty:2026-03-05',
        customerId: 'C1',
        partNumber: 'PUMP-1',
        coverage: 'warranty',
        endsOn: '2026-03-05',
        daysLeft: 3,
      },
      {
        reactionKey: 'coverage:C1:PUMP-1:-:contract:2026-03-10',
        customerId: 'C1',
        partNumber: 'PUMP-1',
        coverage: 'contract',
        contractNumber: 'K-7',
        endsOn: '2026-03-10',
        daysLeft: 8,
      },
    ]);
  });

  it('gives no second notice for coverage already noticed', () => {
    const product = installed({ serialNumber: 'A', warrantyEnd: '2026-03-05' });

    expect(find([product], (key) => key === 'coverage:C1:PUMP-1:A:warranty:2026-03-05')).toEqual([]);
  });
});

describe('late shipment notice', () => {
  it('is not due for a cancelled shipment, or one running early', () => {
    expect(lateShipmentNoticeKey({ shipmentNumber: 'S1', status: 'cancelled' }, 3, true)).toBeUndefined();
    expect(lateShipmentNoticeKey({ shipmentNumber: 'S1', status: 'delayed' }, -2, true)).toBeUndefined();
    expect(lateShipmentNoticeKey({ shipmentNumber: 'S1', status: 'delayed' }, 1, true)).toBe(
      'late-shipment:S1',
    );
  });
});
