import { describe, expect, it } from 'vitest';
import { foldRecordIntoFacts, mergeCustomerFacts } from '../../../core/insights/customer-facts.ts';
import type { CanonicalRecord, CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { CanonicalRecordSchema } from '../../../schemas/entities/canonical-record.ts';
import { FACT_LIMITS } from '../../../schemas/entities/customer-facts.ts';
import { customer, factsOf, installed, interaction, invoice, order, productView } from './records.ts';

// What the folding tests' names promise but `toEqual` cannot see (it ignores keys holding undefined), and
// the merge's order and cap for contacts and web interest.

describe('optional fields of a summary entry', () => {
  it('are absent, not undefined, when the source leaves them out', () => {
    const facts = factsOf(
      order('SO-1', '2026-01-10T08:00:00Z', 100),
      invoice('INV-1', '2026-01-31', 100),
      interaction('T-1', '2026-01-01T10:00:00Z', undefined, { direction: 'outbound', kind: 'contact' }),
      interaction('T-2', '2026-01-02T10:00:00Z', 'complaint'),
      installed('IP-1', { partNumber: 'P-1' }),
      customer('BP-1', { name: 'ACME' }),
    );

    expect(facts.orders[0]).toStrictEqual({
      recordKey: 'order#erp#orders#SO-1',
      version: '1',
      orderNumber: 'SO-1',
      orderedAt: '2026-01-10T08:00:00Z',
      status: 'confirmed',
      currency: 'EUR',
      netAmount: 100,
    });
    expect(facts.invoices[0]).toStrictEqual({
      recordKey: 'invoice#erp#invoices#INV-1',
      version: '1',
      invoiceNumber: 'INV-1',
      issuedOn: '2025-01-01',
      dueDate: '2026-01-31',
      amount: 100,
      openAmount: 100,
      currency: 'EUR',
      status: 'open',
    });
    expect(facts.contacts).toStrictEqual([
      {
        recordKey: 'interaction#desk#tickets#T-2',
        version: '1',
        interactionId: 'T-2',
        occurredAt: '2026-01-02T10:00:00Z',
        category: 'complaint',
      },
      {
        recordKey: 'interaction#desk#tickets#T-1',
        version: '1',
        interactionId: 'T-1',
        occurredAt: '2026-01-01T10:00:00Z',
        direction: 'outbound',
      },
    ]);
    expect(facts.ownedProducts[0]).toStrictEqual({
      recordKey: 'installedProduct#erp#installed#IP-1',
      version: '1',
      partNumber: 'P-1',
      purchasedOn: '2024-01-01',
    });
    expect(facts.profiles[0]).toStrictEqual({
      recordKey: 'customer#erp#partners#BP-1',
      version: '1',
      attributes: ['name'],
    });
  });

  it('leave web interest without a part number when the event names none', () => {
    const search = CanonicalRecordSchema.parse({
      entity: 'webActivity',
      source: { system: 'web', stream: 'events', key: 'm-1', version: '1' },
      identifiers: [{ type: 'email', value: 'buyer@example.com' }],
      data: {
        messageId: 'm-1',
        type: 'track',
        timestamp: '2026-01-01T10:00:00Z',
        interest: { kind: 'search' },
      },
    } as CanonicalRecordInput);

    expect(factsOf(search).webInterest).toStrictEqual([
      { messageId: 'm-1', at: '2026-01-01T10:00:00Z', kind: 'search' },
    ]);
  });
});

describe('a tombstone that still carries the last data', () => {
  it('drops the entry like a tombstone without data', () => {
    const live = order('SO-1', '2026-01-10T08:00:00Z', 100);
    const tombstone: CanonicalRecord = { ...live, source: { ...live.source, version: '2', deleted: true } };

    const facts = foldRecordIntoFacts(factsOf(live), tombstone);

    expect(facts.orders).toEqual([]);
  });
});

describe('merging two summaries', () => {
  it('orders the united contacts newest first, whatever their record keys', () => {
    const survivor = factsOf(interaction('T-A', '2026-01-01T10:00:00Z', 'complaint'));
    const merged = factsOf(
      interaction('T-B', '2026-03-01T10:00:00Z', 'complaint'),
      interaction('T-C', '2026-02-01T10:00:00Z', 'complaint'),
    );

    const result = mergeCustomerFacts(survivor, merged);

    expect(result.contacts.map((c) => c.interactionId)).toEqual(['T-B', 'T-C', 'T-A']);
  });

  it(`keeps the newest ${FACT_LIMITS.webInterest} web interest entries of both customers together`, () => {
    const views = (prefix: string, day: number) =>
      Array.from({ length: FACT_LIMITS.webInterest }, (_, i) =>
        productView(`${prefix}-${i}`, new Date(Date.UTC(2026, 0, day, 0, i)).toISOString()),
      );
    const survivor = factsOf(...views('old', 1));
    const merged = factsOf(...views('new', 2));

    const result = mergeCustomerFacts(survivor, merged);

    expect(result.webInterest).toHaveLength(FACT_LIMITS.webInterest);
    expect(result.webInterest.every((w) => w.messageId.startsWith('new-'))).toBe(true);
  });
});
