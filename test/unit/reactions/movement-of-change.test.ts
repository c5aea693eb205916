import { describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import { movementOfChange, reactionsSentRange } from '../../../core/reactions/movement-of-change.ts';
import type { LedgerEntry } from '../../../core/reactions/reaction-record.ts';
import { conversionWithin } from '../../../core/reactions/rule-outcomes.ts';

const change = (
  image: Record<string, unknown>,
  eventName: ChangeRecord['eventName'] = 'INSERT',
): ChangeRecord => ({
  eventName,
  sequenceNumber: '1',
  keys: { pk: String(image.pk ?? 'CUST#cus_1'), sk: 'REC#x' },
  newImage: { kind: 'record', ...image },
});
const order = (data: Record<string, unknown>) =>
  change({ entity: 'order', customerId: 'cus_1', recordKey: 'erp#order#1', data });
const lead = (at: string, partNumber = 'P-2'): LedgerEntry => ({
  record: {
    reactionId: 'e.lead',
    rule: 'cross-sell-to-sales',
    system: 'sales',
    kind: 'crossSellLead',
    at,
    eventId: 'e',
    detailType: 'CrossSellOpportunityFound',
    customerId: 'cus_1',
    partNumber,
    summary: 's',
    delivery: { status: 'sending' },
  },
  subject: {},
});

describe('movement a change reports', () => {
  it('reads an order with its parts as a movement of its customer', () => {
    const movement = movementOfChange(
      order({
        orderNumber: 'SO-1',
        orderedAt: '2026-03-05T09:00:00Z',
        status: 'open',
        lines: [{ partNumber: 'P-2' }],
      }),
    );

    expect(movement?.subject).toEqual({ customerId: 'cus_1' });
    expect(movement?.at).toBe(Date.parse('2026-03-05T09:00:00Z'));
    expect(movement?.facts.orders).toEqual([
      { orderNumber: 'SO-1', orderedAt: '2026-03-05T09:00:00Z', parts: ['P-2'] },
    ]);
  });

  it('ignores quotes, cancelled orders, removals, records moved by a merge and versions written again', () => {
    const quote = order({ orderNumber: 'Q', orderedAt: '2026-03-05', status: 'quote', lines: [] });
    const cancelled = order({ orderNumber: 'C', orderedAt: '2026-03-05', status: 'cancelled', lines: [] });
    const moved = change({
      entity: 'order',
      customerId: 'cus_1',
      cause: 'move',
      data: { orderedAt: '2026-03-05' },
    });
    const removed = change(
      { entity: 'order', customerId: 'cus_1', data: { orderedAt: '2026-03-05' } },
      'REMOVE',
    );
    const repeated = change({
      entity: 'order',
      customerId: 'cus_1',
      cause: 'repeat',
      data: { orderedAt: '2026-03-05' },
    });

    expect([quote, cancelled, moved, removed, repeated].map(movementOfChange)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('reads a paid invoice by its record key, at the end of the day it was paid', () => {
    const movement = movementOfChange(
      change({
        entity: 'invoice',
        customerId: 'cus_1',
        recordKey: 'erp#inv#7',
        data: { status: 'paid', paidOn: '2026-03-05' },
      }),
    );

    expect(movement?.at).toBe(Date.parse('2026-03-05T23:59:59Z'));
    expect([...(movement?.facts.paidInvoices ?? [])]).toEqual([['erp#inv#7', '2026-03-05']]);
  });

  it('reads stock on hand as an arrival of the part, and an empty site as none', () => {
    const stock = (onHand: number) =>
      change({
        entity: 'inventory',
        pk: 'PRODUCT#P-1',
        source: { version: '2026-03-06T08:00:00Z' },
        data: { partNumber: 'P-1', site: 'S1', onHand },
      });

    expect(movementOfChange(stock(12))?.subject).toEqual({ partNumber: 'P-1' });
    expect(movementOfChange(stock(12))?.facts.stockArrivals).toEqual([
      { at: '2026-03-06T08:00:00Z', quantity: 12 },
    ]);
    expect(movementOfChange(stock(0))).toBeUndefined();
  });

  it('looks for reactions sent within the window before the movement', () => {
    expect(reactionsSentRange(Date.parse('2026-03-31T00:00:00Z'), 30)).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      until: '2026-03-31T00:00:00.000Z',
    });
  });
});

describe('conversion of a reaction by one movement, over its whole window', () => {
  const movement = (orderedAt: string, parts: string[]) =>
    movementOfChange(
      order({
        orderNumber: 'SO-9',
        orderedAt,
        status: 'open',
        lines: parts.map((partNumber) => ({ partNumber })),
      }),
    );

  it('converts a lead when the offered part is ordered within the window', () => {
    const facts = movement('2026-03-20T00:00:00Z', ['P-2'])?.facts;

    expect(facts && conversionWithin(lead('2026-03-01T00:00:00Z'), facts, 30)).toEqual({
      at: '2026-03-20T00:00:00.000Z',
      evidence: 'order SO-9',
    });
  });

  it('does not convert on another part, an order after the window or one before the lead', () => {
    const other = movement('2026-03-20T00:00:00Z', ['P-9'])?.facts;
    const late = movement('2026-04-02T00:00:00Z', ['P-2'])?.facts;
    const early = movement('2026-02-27T00:00:00Z', ['P-2'])?.facts;

    expect(
      [other, late, early].map((facts) => facts && conversionWithin(lead('2026-03-01T00:00:00Z'), facts, 30)),
    ).toEqual([undefined, undefined, undefined]);
  });
});
