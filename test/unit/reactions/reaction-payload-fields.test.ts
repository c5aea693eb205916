import { describe, expect, it } from 'vitest';
import { findExpiringCoverage } from '../../../core/reactions/coverage-expiry.ts';
import { findCrossSellOpportunities } from '../../../core/reactions/cross-sell.ts';
import { evaluateProductIssues, type PartIssue } from '../../../core/reactions/product-issues.ts';
import { ReactionsConfigSchema } from '../../../schemas/config/reactions-config.ts';
import type { ProductData } from '../../../schemas/entities/product.ts';

// A reaction's payload becomes an event detail and a stored decision item: a field the facts do not have
// must be absent, not present as `undefined` (the store's marshalling refuses undefined values).

const NOW = new Date('2026-03-02T10:00:00Z');
const never = () => false;

describe('coverage notices', () => {
  it('leave out serial and contract numbers the installed product does not have', () => {
    const notices = findExpiringCoverage({
      customerId: 'C1',
      installedProducts: [
        { partNumber: 'P-1', quantity: 1, purchasedOn: '2024-01-01', contractEnd: '2026-03-10' },
      ],
      now: NOW,
      alreadyNotified: never,
    });

    expect(notices).toStrictEqual([
      {
        reactionKey: 'coverage:C1:P-1:-:contract:2026-03-10',
        customerId: 'C1',
        partNumber: 'P-1',
        coverage: 'contract',
        endsOn: '2026-03-10',
        daysLeft: 8,
      },
    ]);
  });
});

describe('cross-sell leads', () => {
  it('leave out the order number when the purchase names none', () => {
    const product: ProductData = {
      partNumber: 'PUMP-1',
      revision: 'A',
      name: 'Pump',
      lifecycleState: 'released',
      accessoryPartNumbers: ['SEAL-1'],
    };

    const leads = findCrossSellOpportunities({
      customerId: 'C1',
      purchasedPartNumbers: ['PUMP-1'],
      ownedPartNumbers: new Set(),
      catalogue: new Map([['PUMP-1', product]]),
      alreadyOffered: never,
    });

    expect(leads).toStrictEqual([
      {
        reactionKey: 'cross-sell:C1:SEAL-1',
        customerId: 'C1',
        purchasedPartNumber: 'PUMP-1',
        offeredPartNumber: 'SEAL-1',
        relation: 'accessory',
      },
    ]);
  });
});

describe('product issue reports', () => {
  const issue = (id: string, occurredAt: string): PartIssue => ({
    customerId: `C-${id}`,
    interaction: {
      interactionId: id,
      kind: 'serviceCase',
      channel: 'phone',
      occurredAt,
      category: 'complaint',
      partNumber: 'PUMP-1',
    },
  });
  const config = () => ReactionsConfigSchema.parse({ complaintThreshold: 2, complaintWindowDays: 30 });

  it('leave out subject and serial number of evidence that has none', () => {
    const report = evaluateProductIssues({
      partNumber: 'PUMP-1',
      issues: [issue('a', '2026-02-25T00:00:00Z'), issue('b', '2026-03-01T00:00:00Z')],
      now: NOW,
      config: config(),
    });

    expect(report?.evidence).toStrictEqual([
      { interactionId: 'a', customerId: 'C-a', category: 'complaint', occurredAt: '2026-02-25T00:00:00Z' },
      { interactionId: 'b', customerId: 'C-b', category: 'complaint', occurredAt: '2026-03-01T00:00:00Z' },
    ]);
  });

  it('count a case of an erased customer towards the threshold but give it as no evidence', () => {
    const { customerId: _erased, ...anonymous } = issue('a', '2026-02-25T00:00:00Z');
    const report = evaluateProductIssues({
      partNumber: 'PUMP-1',
      issues: [anonymous, issue('b', '2026-03-01T00:00:00Z')],
      now: NOW,
      config: config(),
    });

    expect(report?.reactionKey).toBe('product-issue:PUMP-1:b');
    expect(report?.complaints).toBe(2);
    expect(report?.evidence.map((e) => e.interactionId)).toEqual(['b']);
  });

  it('order the issues by when they happened, not by id, and name the later one as crossing the threshold', () => {
    const report = evaluateProductIssues({
      partNumber: 'PUMP-1',
      issues: [issue('a-late', '2026-03-01T00:00:00Z'), issue('z-early', '2026-02-10T00:00:00Z')],
      now: NOW,
      config: config(),
    });

    expect(report?.reactionKey).toBe('product-issue:PUMP-1:a-late');
    expect(report?.evidence.map((e) => e.interactionId)).toEqual(['z-early', 'a-late']);
  });
});
