import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildCustomerFacts,
  foldRecordIntoFacts,
  mergeCustomerFacts,
} from '../../../core/insights/customer-facts.ts';
import { CustomerFactsSchema } from '../../../schemas/entities/customer-facts.ts';
import { propertyRuns } from '../../support/property-runs.ts';
import { customer, factsOf, interaction, invoice, order, productView } from './records.ts';

describe('customer facts', () => {
  it('keep an order once however often it is folded in, and ignore an older version after a newer one', () => {
    const v2 = order('SO-1', '2026-01-10T08:00:00Z', 1200, { status: 'delivered' }, '2');
    const v1 = order('SO-1', '2026-01-10T08:00:00Z', 1000, {}, '1');

    const facts = [v2, v2, v1].reduce(foldRecordIntoFacts, factsOf());

    expect(facts.orders).toHaveLength(1);
    expect(facts.orders[0]).toMatchObject({
      orderNumber: 'SO-1',
      netAmount: 1200,
      status: 'delivered',
      version: '2',
    });
  });

  it('resolve what is still owed on an invoice even when the source gives no open amount', () => {
    const facts = factsOf(
      invoice('INV-1', '2026-01-31', 500),
      invoice('INV-2', '2026-01-31', 800, { openAmount: 300, status: 'overdue' }),
      invoice('INV-3', '2026-01-31', 900, { status: 'paid', paidOn: '2026-02-02' }),
    );

    const open = Object.fromEntries(facts.invoices.map((i) => [i.invoiceNumber, i.openAmount]));
    expect(open).toEqual({ 'INV-1': 500, 'INV-2': 300, 'INV-3': 0 });
  });

  it('drop a record the source deleted', () => {
    const deleted = { ...order('SO-1', '2026-01-10T08:00:00Z', 1, {}, '2') };
    const tombstone = { ...deleted, source: { ...deleted.source, deleted: true }, data: undefined };

    const facts = factsOf(order('SO-1', '2026-01-10T08:00:00Z', 1000), tombstone);

    expect(facts.orders).toEqual([]);
  });

  it('keep complaints and outbound contacts but not plain questions', () => {
    const facts = factsOf(
      interaction('T-1', '2026-01-01T10:00:00Z', 'complaint'),
      interaction('T-2', '2026-01-02T10:00:00Z', 'question'),
      interaction('T-3', '2026-01-03T10:00:00Z', 'other', { direction: 'outbound', kind: 'contact' }),
    );

    expect(facts.contacts.map((c) => c.interactionId).sort()).toEqual(['T-1', 'T-3']);
  });

  it('record which profile attributes the customer sources fill', () => {
    const facts = factsOf(
      customer('BP-1', { companyName: 'ACME', email: 'a@acme.example', paymentTermsDays: 30 }),
    );

    expect(facts.profiles[0]).toMatchObject({
      attributes: ['companyName', 'email', 'paymentTermsDays'],
      paymentTermsDays: 30,
    });
  });

  it('are the same whatever order and however often the records arrive (property)', () => {
    const records = [
      order('SO-1', '2025-05-01T08:00:00Z', 1000),
      order('SO-1', '2025-05-01T08:00:00Z', 1100, { status: 'invoiced' }, '2'),
      order('SO-2', '2025-09-01T08:00:00Z', 2000, { costAmount: 1500 }),
      invoice('INV-1', '2025-10-01', 2000),
      invoice('INV-1', '2025-10-01', 2000, { status: 'paid', paidOn: '2025-10-20' }, '2'),
      interaction('T-1', '2025-11-01T10:00:00Z', 'return'),
      productView('m-1', '2026-01-01T10:00:00Z'),
      productView('m-2', '2026-01-02T10:00:00Z'),
      customer('BP-1', { name: 'ACME' }),
    ];
    const expected = buildCustomerFacts('C1', records);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(records, { minLength: 0 }),
        fc.array(fc.nat(records.length - 1)),
        (shuffled, repeats) => {
          const rest = records.filter((r) => !shuffled.includes(r));
          const replayed = [
            ...shuffled,
            ...rest,
            ...repeats.map((i) => records[i] as (typeof records)[number]),
          ];
          expect(buildCustomerFacts('C1', replayed)).toEqual(expected);
        },
      ),
      { numRuns: propertyRuns(200) },
    );
    expect(CustomerFactsSchema.parse(expected)).toEqual(expected);
  });

  it('of two merged customers equal the facts of all their records together', () => {
    const a = [order('SO-1', '2025-05-01T08:00:00Z', 1000), productView('m-1', '2026-01-01T10:00:00Z')];
    const b = [
      order('SO-2', '2025-06-01T08:00:00Z', 500),
      interaction('T-1', '2025-11-01T10:00:00Z', 'complaint'),
    ];

    const merged = mergeCustomerFacts(buildCustomerFacts('C1', a), buildCustomerFacts('C2', b));

    expect(merged).toEqual(buildCustomerFacts('C1', [...b, ...a]));
  });
});
