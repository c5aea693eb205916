import { describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import { movementOfChange } from '../../../core/reactions/movement-of-change.ts';

// What a change of a source record does and does not report as a movement, beyond the main examples
// (issue 17's mutation review of the outcome part).

const change = (
  image: Record<string, unknown> | undefined,
  eventName: ChangeRecord['eventName'] = 'MODIFY',
): ChangeRecord => ({
  eventName,
  sequenceNumber: '1',
  keys: { pk: 'CUST#cus_1', sk: 'REC#x' },
  ...(image ? { newImage: image } : {}),
});
const order = (data: Record<string, unknown> | undefined, over: Record<string, unknown> = {}) =>
  change({ kind: 'record', entity: 'order', customerId: 'cus_1', recordKey: 'erp#order#1', data, ...over });
const invoice = (data: Record<string, unknown>, over: Record<string, unknown> = {}) =>
  change({ kind: 'record', entity: 'invoice', customerId: 'cus_1', recordKey: 'erp#inv#7', data, ...over });
const stock = (data: Record<string, unknown>, version: unknown = '2026-03-06T08:00:00Z') =>
  change({
    kind: 'record',
    entity: 'inventory',
    ...(version === null ? {} : { source: { version } }),
    data,
  });
const placed = { orderNumber: 'SO-1', orderedAt: '2026-03-05T09:00:00Z', status: 'open' };

describe('movement of a change: what is not one', () => {
  it('reports nothing for a change without a new image', () => {
    expect(movementOfChange(change(undefined))).toBeUndefined();
  });

  it('reports nothing for an image that is not a source record, even shaped like an order', () => {
    expect(movementOfChange(order(placed, { kind: 'mirror' }))).toBeUndefined();
  });

  it('reports nothing for an order without data, customer or order time', () => {
    const withoutTime = { orderNumber: 'SO-1', status: 'open' };

    expect(movementOfChange(order(undefined))).toBeUndefined();
    expect(movementOfChange(order(placed, { customerId: undefined }))).toBeUndefined();
    expect(movementOfChange(order(placed, { customerId: 42 }))).toBeUndefined();
    expect(movementOfChange(order(withoutTime))).toBeUndefined();
    expect(movementOfChange(order({ ...placed, orderedAt: 20260305 }))).toBeUndefined();
  });

  it('reports nothing for an invoice without customer, record key, paid status or payment day', () => {
    const paid = { status: 'paid', paidOn: '2026-03-05' };

    expect(movementOfChange(invoice(paid))?.subject).toEqual({ customerId: 'cus_1' });
    expect(movementOfChange(invoice(paid, { customerId: undefined }))).toBeUndefined();
    expect(movementOfChange(invoice(paid, { recordKey: undefined }))).toBeUndefined();
    expect(movementOfChange(invoice({ ...paid, status: 'open' }))).toBeUndefined();
    expect(movementOfChange(invoice({ status: 'paid' }))).toBeUndefined();
  });

  it('reports nothing for stock without part, without a readable version, or without a quantity', () => {
    const onHand = { partNumber: 'P-1', onHand: 3 };

    expect(movementOfChange(stock(onHand))?.at).toBe(Date.parse('2026-03-06T08:00:00Z'));
    expect(movementOfChange(stock({ onHand: 3 }))).toBeUndefined();
    expect(movementOfChange(stock(onHand, null))).toBeUndefined();
    expect(movementOfChange(stock(onHand, 'yesterday'))).toBeUndefined();
    expect(movementOfChange(stock({ partNumber: 'P-1' }))).toBeUndefined();
    expect(movementOfChange(stock({ partNumber: 'P-1', onHand: -2 }))).toBeUndefined();
  });

  it('reports nothing for other entities such as a customer or a shipment', () => {
    const customer = change({ kind: 'record', entity: 'customer', customerId: 'cus_1', data: placed });
    const shipment = change({ kind: 'record', entity: 'shipment', customerId: 'cus_1', data: placed });

    expect([customer, shipment].map(movementOfChange)).toEqual([undefined, undefined]);
  });
});

describe('movement of a change: what one carries', () => {
  it('reads an order as an order fact only, with no payments or stock', () => {
    const movement = movementOfChange(
      order({ ...placed, lines: [{ partNumber: 'P-2' }, { partNumber: 'P-3' }] }),
    );

    expect(movement?.facts.orders).toEqual([
      { orderNumber: 'SO-1', orderedAt: '2026-03-05T09:00:00Z', parts: ['P-2', 'P-3'] },
    ]);
    expect(movement?.facts.paidInvoices.size).toBe(0);
    expect(movement?.facts.stockArrivals).toEqual([]);
  });

  it('reads an order without lines as an order of no parts', () => {
    const movement = movementOfChange(order(placed));

    expect(movement?.facts.orders).toEqual([
      { orderNumber: 'SO-1', orderedAt: '2026-03-05T09:00:00Z', parts: [] },
    ]);
  });

  it('reads an order placed on a date alone at the last second of that day', () => {
    const movement = movementOfChange(order({ ...placed, orderedAt: '2026-03-05' }));

    expect(movement?.at).toBe(Date.parse('2026-03-05T23:59:59Z'));
  });

  it('reads a payment as a paid invoice only, with no orders or stock', () => {
    const movement = movementOfChange(invoice({ status: 'paid', paidOn: '2026-03-05T14:00:00Z' }));

    expect(movement?.at).toBe(Date.parse('2026-03-05T14:00:00Z'));
    expect(movement?.facts.orders).toEqual([]);
    expect(movement?.facts.stockArrivals).toEqual([]);
  });

  it('reads stock on hand as an arrival only, with no orders or payments', () => {
    const movement = movementOfChange(stock({ partNumber: 'P-1', onHand: '5' }));

    expect(movement?.facts.stockArrivals).toEqual([{ at: '2026-03-06T08:00:00Z', quantity: 5 }]);
    expect(movement?.facts.orders).toEqual([]);
    expect(movement?.facts.paidInvoices.size).toBe(0);
  });

  it('reads a new record the same way as a changed one', () => {
    const inserted = change(
      { kind: 'record', entity: 'order', customerId: 'cus_1', recordKey: 'erp#order#1', data: placed },
      'INSERT',
    );

    expect(movementOfChange(inserted)?.subject).toEqual({ customerId: 'cus_1' });
  });
});
