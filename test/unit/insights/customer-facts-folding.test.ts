import { describe, expect, it } from 'vitest';
import {
  emptyCustomerFacts,
  foldRecordIntoFacts,
  mergeCustomerFacts,
  resolveOpenAmount,
} from '../../../core/insights/customer-facts.ts';
import {
  type CanonicalRecord,
  type CanonicalRecordInput,
  CanonicalRecordSchema,
} from '../../../schemas/entities/canonical-record.ts';
import { FACT_LIMITS } from '../../../schemas/entities/customer-facts.ts';
import { customer, factsOf, installed, interaction, invoice, order, productView } from './records.ts';

// How each kind of record folds into a customer's summary: which fields it keeps, what it drops, the
// order and the caps of each list, tombstones, and the merge of two summaries.
const ids = [{ type: 'email' as const, value: 'buyer@example.com' }];
const parse = (input: CanonicalRecordInput): CanonicalRecord => CanonicalRecordSchema.parse(input);
const web = (messageId: string, timestamp: string, interest?: { kind: string; partNumber?: string }) =>
  parse({
    entity: 'webActivity',
    source: { system: 'web', stream: 'events', key: messageId, version: '1' },
    identifiers: ids,
    data: { messageId, type: 'track', timestamp, ...(interest ? { interest } : {}) },
  } as CanonicalRecordInput);
const tombstoneOf = (record: CanonicalRecord, version: string): CanonicalRecord => ({
  ...record,
  source: { ...record.source, version, deleted: true },
  data: undefined,
});
const recategorised = (interactionId: string, category: 'question' | 'complaint', version: string) =>
  parse({
    entity: 'interaction',
    source: { system: 'desk', stream: 'tickets', key: interactionId, version },
    identifiers: ids,
    data: {
      interactionId,
      kind: 'serviceCase',
      channel: 'phone',
      occurredAt: '2026-01-01T10:00:00Z',
      category,
    },
  });

describe('folding records into customer facts', () => {
  it('keeps the fields of an order, its cost only when the source gives one', () => {
    const facts = factsOf(
      order('SO-1', '2026-01-10T08:00:00Z', 1000, { costAmount: 700 }),
      order('SO-2', '2026-01-11T08:00:00Z', 500),
    );

    expect(facts.orders).toEqual([
      {
        recordKey: 'order#erp#orders#SO-2',
        version: '1',
        orderNumber: 'SO-2',
        orderedAt: '2026-01-11T08:00:00Z',
        status: 'confirmed',
        currency: 'EUR',
        netAmount: 500,
      },
      {
        recordKey: 'order#erp#orders#SO-1',
        version: '1',
        orderNumber: 'SO-1',
        orderedAt: '2026-01-10T08:00:00Z',
        status: 'confirmed',
        currency: 'EUR',
        netAmount: 1000,
        costAmount: 700,
      },
    ]);
  });

  it('orders by instant, not by how the time is written, and breaks ties by record key', () => {
    // 10:00 at +02:00 is 08:00 UTC: earlier than 09:00 UTC.
    const facts = factsOf(
      order('SO-A', '2026-01-10T10:00:00+02:00', 1),
      order('SO-C', '2026-01-10T09:00:00Z', 1),
      order('SO-B', '2026-01-10T09:00:00Z', 1),
    );

    expect(facts.orders.map((o) => o.orderNumber)).toEqual(['SO-B', 'SO-C', 'SO-A']);
  });

  it(`keeps the newest ${FACT_LIMITS.orders} orders`, () => {
    const records = Array.from({ length: FACT_LIMITS.orders + 1 }, (_, i) =>
      order(`SO-${String(i).padStart(3, '0')}`, new Date(Date.UTC(2020, 0, 1 + i)).toISOString(), 1),
    );

    const facts = factsOf(...records);

    expect(facts.orders).toHaveLength(FACT_LIMITS.orders);
    expect(facts.orders.at(-1)?.orderNumber).toBe('SO-001');
    expect(facts.orders[0]?.orderNumber).toBe(`SO-${FACT_LIMITS.orders}`);
  });

  it('keeps the fields of an invoice, the payment day only when paid', () => {
    const facts = factsOf(
      invoice('INV-1', '2026-01-31', 900, { status: 'paid', paidOn: '2026-02-02', issuedOn: '2026-01-02' }),
      invoice('INV-2', '2026-01-31', 800, { issuedOn: '2026-01-01' }),
    );

    expect(facts.invoices).toEqual([
      {
        recordKey: 'invoice#erp#invoices#INV-2',
        version: '1',
        invoiceNumber: 'INV-2',
        issuedOn: '2026-01-01',
        dueDate: '2026-01-31',
        amount: 800,
        openAmount: 800,
        currency: 'EUR',
        status: 'open',
      },
      {
        recordKey: 'invoice#erp#invoices#INV-1',
        version: '1',
        invoiceNumber: 'INV-1',
        issuedOn: '2026-01-02',
        dueDate: '2026-01-31',
        amount: 900,
        openAmount: 0,
        currency: 'EUR',
        status: 'paid',
        paidOn: '2026-02-02',
      },
    ]);
  });

  it('keeps unpaid invoices before paid ones, then the newest issued first, ties by record key', () => {
    const facts = factsOf(
      invoice('INV-OLD-UNPAID', '2025-01-31', 100, { issuedOn: '2025-01-01' }),
      invoice('INV-NEW-PAID', '2026-01-31', 100, {
        issuedOn: '2026-01-01',
        status: 'paid',
        paidOn: '2026-01-02',
      }),
      invoice('INV-B', '2025-06-30', 100, { issuedOn: '2025-06-01' }),
      invoice('INV-A', '2025-06-30', 100, { issuedOn: '2025-06-01' }),
    );

    expect(facts.invoices.map((i) => i.invoiceNumber)).toEqual([
      'INV-A',
      'INV-B',
      'INV-OLD-UNPAID',
      'INV-NEW-PAID',
    ]);
  });

  it('owes nothing on a cancelled or paid invoice, the open amount when given, else the whole amount', () => {
    const base = {
      invoiceNumber: 'I',
      issuedOn: '2026-01-01',
      dueDate: '2026-01-31',
      amount: 900,
      currency: 'EUR',
    };

    expect(resolveOpenAmount({ ...base, status: 'cancelled', openAmount: 900 })).toBe(0);
    expect(resolveOpenAmount({ ...base, status: 'paid', openAmount: 900 })).toBe(0);
    expect(resolveOpenAmount({ ...base, status: 'open', openAmount: 0 })).toBe(0);
    expect(resolveOpenAmount({ ...base, status: 'overdue' })).toBe(900);
  });

  it('keeps the fields of a contact, each optional one only when given', () => {
    const facts = factsOf(
      interaction('T-1', '2026-01-01T10:00:00Z', 'complaint', { direction: 'inbound', partNumber: 'P-9' }),
      interaction('T-2', '2026-01-02T10:00:00Z', undefined, { direction: 'outbound', kind: 'contact' }),
    );

    expect(facts.contacts).toEqual([
      {
        recordKey: 'interaction#desk#tickets#T-2',
        version: '1',
        interactionId: 'T-2',
        occurredAt: '2026-01-02T10:00:00Z',
        direction: 'outbound',
      },
      {
        recordKey: 'interaction#desk#tickets#T-1',
        version: '1',
        interactionId: 'T-1',
        occurredAt: '2026-01-01T10:00:00Z',
        direction: 'inbound',
        category: 'complaint',
        partNumber: 'P-9',
      },
    ]);
  });

  it('drops a kept contact that a newer version re-categorises as a plain question', () => {
    const facts = factsOf(recategorised('T-1', 'complaint', '1'), recategorised('T-1', 'question', '2'));

    expect(facts.contacts).toEqual([]);
  });

  it('keeps each list within its cap: the newest contacts, interest and products, the first profiles by key', () => {
    const contacts = Array.from({ length: FACT_LIMITS.contacts + 1 }, (_, i) =>
      interaction(
        `T-${String(i).padStart(3, '0')}`,
        new Date(Date.UTC(2020, 0, 1 + i)).toISOString(),
        'complaint',
      ),
    );
    const views = Array.from({ length: FACT_LIMITS.webInterest + 1 }, (_, i) =>
      productView(`m-${String(i).padStart(3, '0')}`, new Date(Date.UTC(2020, 0, 1 + i)).toISOString()),
    );
    const owned = Array.from({ length: FACT_LIMITS.ownedProducts + 1 }, (_, i) =>
      installed(`IP-${String(i).padStart(3, '0')}`, {
        partNumber: 'P-1',
        purchasedOn: new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10),
      }),
    );
    const profiles = Array.from({ length: FACT_LIMITS.profiles + 1 }, (_, i) =>
      customer(`BP-${String(i).padStart(3, '0')}`, { name: 'ACME' }),
    );

    const facts = factsOf(...contacts, ...views, ...owned, ...profiles);

    expect(facts.contacts.map((c) => c.interactionId).at(-1)).toBe('T-001');
    expect(facts.webInterest.map((w) => w.messageId).at(-1)).toBe('m-001');
    expect(facts.ownedProducts.map((p) => p.recordKey).at(-1)).toBe('installedProduct#erp#installed#IP-001');
    expect(facts.profiles.map((p) => p.recordKey).at(-1)).toBe(
      `customer#erp#partners#BP-0${FACT_LIMITS.profiles - 1}`,
    );
    expect(
      [facts.contacts, facts.webInterest, facts.ownedProducts, facts.profiles].map((l) => l.length),
    ).toEqual([
      FACT_LIMITS.contacts,
      FACT_LIMITS.webInterest,
      FACT_LIMITS.ownedProducts,
      FACT_LIMITS.profiles,
    ]);
  });

  it('keeps product interest from the web once per message, newest first, and notes when the customer was last seen', () => {
    const facts = factsOf(
      web('m-2', '2026-01-02T10:00:00Z', { kind: 'cartAdd', partNumber: 'P-2' }),
      web('m-1', '2026-01-02T10:00:00Z', { kind: 'search' }),
      web('m-3', '2026-01-03T10:00:00Z', { kind: 'checkout' }),
      web('m-2', '2026-01-02T10:00:00Z', { kind: 'cartAdd', partNumber: 'P-2' }),
      web('m-page', '2026-01-05T10:00:00Z', { kind: 'pageView' }),
      web('m-out', '2026-01-04T10:00:00Z', { kind: 'cartRemove' }),
      web('m-bare', '2025-12-31T10:00:00Z'),
    );

    expect(facts.webInterest).toEqual([
      { messageId: 'm-3', at: '2026-01-03T10:00:00Z', kind: 'checkout' },
      { messageId: 'm-1', at: '2026-01-02T10:00:00Z', kind: 'search' },
      { messageId: 'm-2', at: '2026-01-02T10:00:00Z', kind: 'cartAdd', partNumber: 'P-2' },
    ]);
    expect(facts.webLastSeenAt).toBe('2026-01-05T10:00:00Z');
  });

  it('keeps the latest sighting however late an older web event arrives', () => {
    const facts = factsOf(web('m-1', '2026-01-05T10:00:00Z'), web('m-0', '2026-01-01T10:00:00Z'));

    expect(facts.webLastSeenAt).toBe('2026-01-05T10:00:00Z');
    expect(factsOf(web('m-0', '2026-01-01T10:00:00Z')).webLastSeenAt).toBe('2026-01-01T10:00:00Z');
  });

  it('keeps the fields of an installed product, newest purchase first, each optional one only when given', () => {
    const facts = factsOf(
      installed('IP-1', {
        partNumber: 'P-1',
        purchasedOn: '2024-01-01',
        serialNumber: 'S-1',
        warrantyEnd: '2026-01-01',
      }),
      installed('IP-2', { partNumber: 'P-2', purchasedOn: '2025-01-01', contractEnd: '2027-01-01' }),
    );

    expect(facts.ownedProducts).toEqual([
      {
        recordKey: 'installedProduct#erp#installed#IP-2',
        version: '1',
        partNumber: 'P-2',
        purchasedOn: '2025-01-01',
        contractEnd: '2027-01-01',
      },
      {
        recordKey: 'installedProduct#erp#installed#IP-1',
        version: '1',
        partNumber: 'P-1',
        purchasedOn: '2024-01-01',
        serialNumber: 'S-1',
        warrantyEnd: '2026-01-01',
      },
    ]);
  });

  it('lists the filled profile attributes, blank ones left out, and the credit terms when given', () => {
    const facts = factsOf(
      customer('BP-2', { name: 'ACME', email: '', creditLimit: 5000, paymentTermsDays: 30 }),
      customer('BP-1', { companyName: 'ACME GmbH' }),
    );

    expect(facts.profiles).toEqual([
      { recordKey: 'customer#erp#partners#BP-1', version: '1', attributes: ['companyName'] },
      {
        recordKey: 'customer#erp#partners#BP-2',
        version: '1',
        attributes: ['name', 'creditLimit', 'paymentTermsDays'],
        creditLimit: 5000,
        paymentTermsDays: 30,
      },
    ]);
  });

  it('leaves the summary as it is for a record of the catalogue', () => {
    const facts = factsOf(order('SO-1', '2026-01-10T08:00:00Z', 1));
    const product = parse({
      entity: 'product',
      source: { system: 'plm', stream: 'parts', key: 'P-1', version: '1' },
      identifiers: [],
      data: { partNumber: 'P-1', revision: 'A', name: 'Pump', lifecycleState: 'released' },
    } as CanonicalRecordInput);

    expect(foldRecordIntoFacts(facts, product)).toBe(facts);
  });
});

describe('tombstones', () => {
  it('drop the entry of every list the record may sit in, when no older than the entry', () => {
    const records = [
      invoice('INV-1', '2026-01-31', 100),
      interaction('T-1', '2026-01-01T10:00:00Z', 'complaint'),
      installed('IP-1', { partNumber: 'P-1' }),
      customer('BP-1', { name: 'ACME' }),
    ];

    const facts = records.reduce((f, r) => foldRecordIntoFacts(f, tombstoneOf(r, '1')), factsOf(...records));

    expect(facts).toEqual(emptyCustomerFacts('C1'));
  });

  it('leave an entry newer than the tombstone in place', () => {
    const v2 = order('SO-1', '2026-01-10T08:00:00Z', 1000, {}, '2');

    const facts = foldRecordIntoFacts(factsOf(v2), tombstoneOf(v2, '1'));

    expect(facts.orders.map((o) => o.version)).toEqual(['2']);
  });
});

describe('merging two summaries', () => {
  it('unites every list, keeps each web message once and the later last sighting', () => {
    const survivor = factsOf(
      invoice('INV-1', '2026-01-31', 100),
      installed('IP-1', { partNumber: 'P-1' }),
      customer('BP-1', { name: 'ACME' }),
      web('m-1', '2026-01-01T10:00:00Z', { kind: 'search' }),
    );
    const merged = {
      ...factsOf(
        invoice('INV-2', '2026-02-28', 100),
        installed('IP-2', { partNumber: 'P-2', purchasedOn: '2025-01-01' }),
        customer('BP-2', { companyName: 'ACME GmbH' }),
        web('m-1', '2026-01-01T10:00:00Z', { kind: 'search' }),
        web('m-2', '2026-01-09T10:00:00Z', { kind: 'search' }),
      ),
      customerId: 'C2',
    };

    const result = mergeCustomerFacts(survivor, merged);

    expect(result.customerId).toBe('C1');
    expect(result.invoices.map((i) => i.invoiceNumber)).toEqual(['INV-1', 'INV-2']);
    expect(result.ownedProducts.map((p) => p.partNumber)).toEqual(['P-2', 'P-1']);
    expect(result.profiles.map((p) => p.recordKey)).toEqual([
      'customer#erp#partners#BP-1',
      'customer#erp#partners#BP-2',
    ]);
    expect(result.webInterest.map((w) => w.messageId)).toEqual(['m-2', 'm-1']);
    expect(result.webLastSeenAt).toBe('2026-01-09T10:00:00Z');
    expect(mergeCustomerFacts(merged, survivor).webLastSeenAt).toBe('2026-01-09T10:00:00Z');
  });

  it('has no last sighting when neither customer was seen on the web', () => {
    const result = mergeCustomerFacts(factsOf(), factsOf(order('SO-1', '2026-01-10T08:00:00Z', 1)));

    expect(result).not.toHaveProperty('webLastSeenAt');
    expect(result.orders).toHaveLength(1);
  });

  it("keeps the survivor's sighting when only the survivor was seen", () => {
    const result = mergeCustomerFacts(factsOf(web('m-1', '2026-01-01T10:00:00Z')), factsOf());

    expect(result.webLastSeenAt).toBe('2026-01-01T10:00:00Z');
  });
});
