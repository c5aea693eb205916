import { describe, expect, it } from 'vitest';
import { summarise, timelineInstant } from '../../../core/items/stored-record.ts';
import {
  type CanonicalRecordInput,
  CanonicalRecordSchema,
} from '../../../schemas/entities/canonical-record.ts';

// Direct examples of where each entity sits on the timeline and the one line it shows there. The store
// and identity property tests run this code too, but none reads the summary text or the instant chosen.

const source = { system: 'sap-s4', stream: 'sales-orders', key: 'K1', version: '1' };
const who = [{ type: 'email', value: 'ann@example.com' }] as const;
const parse = (input: CanonicalRecordInput) => CanonicalRecordSchema.parse(input);

describe('timelineInstant', () => {
  it('places an order at its order time, an invoice at its issue date and a purchase at its purchase date', () => {
    const order = parse({
      entity: 'order',
      source,
      identifiers: [...who],
      data: {
        orderNumber: 'SO-1',
        orderedAt: '2026-02-03T10:00:00Z',
        status: 'open',
        currency: 'EUR',
        netAmount: 5,
      },
    });
    const invoice = parse({
      entity: 'invoice',
      source,
      identifiers: [...who],
      data: {
        invoiceNumber: 'INV-1',
        issuedOn: '2026-02-04',
        dueDate: '2026-03-04',
        amount: 5,
        currency: 'EUR',
        status: 'open',
      },
    });
    const installed = parse({
      entity: 'installedProduct',
      source,
      identifiers: [...who],
      data: { partNumber: 'P-1', purchasedOn: '2026-01-05' },
    });

    expect([timelineInstant(order), timelineInstant(invoice), timelineInstant(installed)]).toEqual([
      '2026-02-03T10:00:00Z',
      '2026-02-04',
      '2026-01-05',
    ]);
  });

  it('places a shipment at its delivery, else its shipping time, else its promised date', () => {
    const shipment = (extra: Record<string, string>) =>
      parse({
        entity: 'shipment',
        source,
        identifiers: [...who],
        data: { shipmentNumber: 'SH-1', status: 'planned', promisedDate: '2026-02-10', ...extra },
      });

    const delivered = shipment({ shippedAt: '2026-02-08T08:00:00Z', deliveredAt: '2026-02-09T12:00:00Z' });
    const shipped = shipment({ shippedAt: '2026-02-08T08:00:00Z' });
    const planned = shipment({});

    expect(timelineInstant(delivered)).toBe('2026-02-09T12:00:00Z');
    expect(timelineInstant(shipped)).toBe('2026-02-08T08:00:00Z');
    expect(timelineInstant(planned)).toBe('2026-02-10');
  });

  it('places web activity at its timestamp and an interaction at the time it occurred', () => {
    const web = parse({
      entity: 'webActivity',
      source,
      identifiers: [{ type: 'anonymousId', value: 'a1' }],
      data: { messageId: 'm1', type: 'page', timestamp: '2026-02-11T09:30:00Z' },
    });
    const interaction = parse({
      entity: 'interaction',
      source,
      identifiers: [...who],
      data: { interactionId: 'i1', kind: 'contact', channel: 'phone', occurredAt: '2026-02-12T14:00:00Z' },
    });

    expect(timelineInstant(web)).toBe('2026-02-11T09:30:00Z');
    expect(timelineInstant(interaction)).toBe('2026-02-12T14:00:00Z');
  });

  it('gives no instant to a customer record, a catalogue record or a tombstone', () => {
    const customer = parse({ entity: 'customer', source, identifiers: [...who], data: { name: 'Ann' } });
    const product = parse({
      entity: 'product',
      source,
      data: { partNumber: 'P-1', revision: 'A', name: 'Pump', lifecycleState: 'released' },
    });
    const tombstone = parse({ entity: 'order', source: { ...source, deleted: true }, identifiers: [] });

    expect(timelineInstant(customer)).toBeUndefined();
    expect(timelineInstant(product)).toBeUndefined();
    expect(timelineInstant(tombstone)).toBeUndefined();
  });
});

describe('summarise', () => {
  it('names a deleted record by entity and source key', () => {
    const tombstone = parse({ entity: 'invoice', source: { ...source, deleted: true }, identifiers: [] });

    expect(summarise(tombstone)).toBe('invoice K1 deleted');
  });

  it('tells an order from a quote and gives its number, amount, line count and status', () => {
    const data = {
      orderNumber: 'SO-7',
      orderedAt: '2026-02-03T10:00:00Z',
      currency: 'EUR',
      netAmount: 120.5,
    };
    const lines = [
      { lineNumber: '10', partNumber: 'P-1', quantity: 1 },
      { lineNumber: '20', partNumber: 'P-2', quantity: 3 },
    ];
    const order = parse({
      entity: 'order',
      source,
      identifiers: [...who],
      data: { ...data, status: 'confirmed', lines },
    });
    const quote = parse({
      entity: 'order',
      source,
      identifiers: [...who],
      data: { ...data, status: 'quote' },
    });

    expect(summarise(order)).toBe('Order SO-7: 120.5 EUR, 2 line(s), confirmed');
    expect(summarise(quote)).toBe('Quote SO-7: 120.5 EUR, 0 line(s), quote');
  });

  it('gives an invoice its amount, due date and status, and a shipment its status and promised date', () => {
    const invoice = parse({
      entity: 'invoice',
      source,
      identifiers: [...who],
      data: {
        invoiceNumber: 'INV-3',
        issuedOn: '2026-02-04',
        dueDate: '2026-03-04',
        amount: 99,
        currency: 'USD',
        status: 'overdue',
      },
    });
    const shipment = parse({
      entity: 'shipment',
      source,
      identifiers: [...who],
      data: { shipmentNumber: 'SH-9', status: 'inTransit', promisedDate: '2026-02-10' },
    });

    expect(summarise(invoice)).toBe('Invoice INV-3: 99 USD, due 2026-03-04, overdue');
    expect(summarise(shipment)).toBe('Shipment SH-9: inTransit, promised 2026-02-10');
  });

  it('adds the serial number of a bought part only when there is one', () => {
    const bought = (serialNumber?: string) =>
      parse({
        entity: 'installedProduct',
        source,
        identifiers: [...who],
        data: { partNumber: 'P-4', purchasedOn: '2026-01-05', ...(serialNumber ? { serialNumber } : {}) },
      });

    expect(summarise(bought('SN-1'))).toBe('Bought P-4 (SN-1)');
    expect(summarise(bought())).toBe('Bought P-4');
  });

  it('adds the event name and the part of interest to a web call only when they are there', () => {
    const web = (extra: Record<string, unknown>) =>
      parse({
        entity: 'webActivity',
        source,
        identifiers: [{ type: 'anonymousId', value: 'a1' }],
        data: { messageId: 'm1', type: 'track', timestamp: '2026-02-11T09:30:00Z', ...extra },
      });

    expect(
      summarise(web({ event: 'Product Viewed', interest: { kind: 'productView', partNumber: 'P-5' } })),
    ).toBe('Web track Product Viewed P-5');
    expect(summarise(web({ interest: { kind: 'search', query: 'pump' } }))).toBe('Web track');
    expect(summarise(web({}))).toBe('Web track');
  });

  it('tells a service case from a contact and adds the agent and outcome only when they are there', () => {
    const interaction = (kind: 'contact' | 'serviceCase', extra: Record<string, string>) =>
      parse({
        entity: 'interaction',
        source,
        identifiers: [...who],
        data: { interactionId: 'i1', kind, channel: 'email', occurredAt: '2026-02-12T14:00:00Z', ...extra },
      });

    expect(summarise(interaction('serviceCase', { agent: 'Bo', outcome: 'replaced seal' }))).toBe(
      'Service case via email with Bo: replaced seal',
    );
    expect(summarise(interaction('contact', {}))).toBe('Contact via email');
  });

  it('names a customer record by its source, a part by revision and state, and stock by site and amount', () => {
    const customer = parse({ entity: 'customer', source, identifiers: [...who], data: { name: 'Ann' } });
    const product = parse({
      entity: 'product',
      source: { ...source, system: 'windchill' },
      data: { partNumber: 'P-1', revision: 'B', name: 'Pump', lifecycleState: 'phaseOut' },
    });
    const stock = parse({
      entity: 'inventory',
      source,
      data: { partNumber: 'P-1', site: 'DE01', onHand: 12, leadTimeDays: 3 },
    });

    expect(summarise(customer)).toBe('Customer record sap-s4/K1');
    expect(summarise(product)).toBe('Part P-1 rev B: phaseOut');
    expect(summarise(stock)).toBe('Stock of P-1 at DE01: 12');
  });
});
