import { describe, expect, it } from 'vitest';
import { versionOrder } from '../../../core/identity/version-order.ts';
import { buildRecordItems } from '../../../core/items/record-items.ts';
import { storedRecord } from './stored-items.ts';

// An order's first line lives on the order item (its part-index entry); only lines 2…n get items of their own.
// These pin the items and index keys per order size, since the demand readers and the store's write cost
// both depend on exactly this layout.

const KEY = 'order#sap-s4#sales-orders#O9';
const ORDERED_AT = '2026-02-03T10:00:00Z';

const orderOf = (lines: { lineNumber: string; partNumber: string; quantity: number }[], version = '7') =>
  storedRecord({
    entity: 'order',
    source: { system: 'sap-s4', stream: 'sales-orders', key: 'O9', version },
    identifiers: [{ type: 'email', value: 'ann@example.com' }],
    data: {
      orderNumber: 'SO-9',
      orderedAt: ORDERED_AT,
      status: 'open',
      currency: 'EUR',
      netAmount: 10,
      lines,
    },
  });

const demandSk = (lineNumber: string) => `${ORDERED_AT}#DEMAND#c1#${KEY}#${lineNumber}`;

const indexKeysOf = (item: Record<string, unknown>) => ({ gsi1pk: item.gsi1pk, gsi1sk: item.gsi1sk });

describe('buildRecordItems for orders of different sizes', () => {
  it('stores an order of one line as the order item alone, indexed under the line’s part', () => {
    const { main, aux } = buildRecordItems(
      orderOf([{ lineNumber: '10', partNumber: 'P-1', quantity: 3 }]),
      'c1',
      'ingest',
    );

    expect(aux).toEqual([]);
    expect(indexKeysOf(main)).toEqual({ gsi1pk: 'PART#P-1', gsi1sk: demandSk('10') });
  });

  it('stores an order of two lines as the order item (line 10) and one LINE# item (line 20)', () => {
    const { main, aux } = buildRecordItems(
      orderOf([
        { lineNumber: '10', partNumber: 'P-1', quantity: 3 },
        { lineNumber: '20', partNumber: 'P-2', quantity: 4 },
      ]),
      'c1',
      'ingest',
    );

    expect(indexKeysOf(main)).toEqual({ gsi1pk: 'PART#P-1', gsi1sk: demandSk('10') });
    expect(aux.map((item) => [item.sk, item.partNumber, item.quantity, indexKeysOf(item)])).toEqual([
      [`LINE#${KEY}#20`, 'P-2', 4, { gsi1pk: 'PART#P-2', gsi1sk: demandSk('20') }],
    ]);
  });

  it('stores an order of three lines as the order item and LINE# items for the second and third', () => {
    const { main, aux } = buildRecordItems(
      orderOf([
        { lineNumber: '10', partNumber: 'P-1', quantity: 3 },
        { lineNumber: '20', partNumber: 'P-2', quantity: 4 },
        { lineNumber: '30', partNumber: 'P-1', quantity: 5 },
      ]),
      'c1',
      'ingest',
    );

    expect(indexKeysOf(main)).toEqual({ gsi1pk: 'PART#P-1', gsi1sk: demandSk('10') });
    expect(aux.map((item) => [item.sk, item.partNumber, item.quantity, indexKeysOf(item)])).toEqual([
      [`LINE#${KEY}#20`, 'P-2', 4, { gsi1pk: 'PART#P-2', gsi1sk: demandSk('20') }],
      [`LINE#${KEY}#30`, 'P-1', 5, { gsi1pk: 'PART#P-1', gsi1sk: demandSk('30') }],
    ]);
  });

  it('gives every line item the order’s version order, the same the order item carries', () => {
    const { main, aux } = buildRecordItems(
      orderOf(
        [
          { lineNumber: '10', partNumber: 'P-1', quantity: 3 },
          { lineNumber: '20', partNumber: 'P-2', quantity: 4 },
          { lineNumber: '30', partNumber: 'P-3', quantity: 5 },
        ],
        '2026-05-01T08:00:00Z',
      ),
      'c1',
      'ingest',
    );

    expect(main.versionOrd).toBe(versionOrder('2026-05-01T08:00:00Z'));
    expect(aux.map((item) => item.versionOrd)).toEqual([
      versionOrder('2026-05-01T08:00:00Z'),
      versionOrder('2026-05-01T08:00:00Z'),
    ]);
  });

  it('keeps an order without lines out of the part index and writes no line items for it', () => {
    const { main, aux } = buildRecordItems(orderOf([]), 'c1', 'ingest');

    expect(aux).toEqual([]);
    expect(main).not.toHaveProperty('gsi1pk');
    expect(main).not.toHaveProperty('gsi1sk');
  });

  it('gives a moved order the same layout under its new customer', () => {
    const { main, aux } = buildRecordItems(
      orderOf([
        { lineNumber: '10', partNumber: 'P-1', quantity: 3 },
        { lineNumber: '20', partNumber: 'P-2', quantity: 4 },
      ]),
      'c2',
      'move',
    );

    expect(main).toMatchObject({ pk: 'CUST#c2', gsi1sk: `${ORDERED_AT}#DEMAND#c2#${KEY}#10`, cause: 'move' });
    expect(aux).toEqual([
      expect.objectContaining({ pk: 'CUST#c2', customerId: 'c2', cause: 'move', sk: `LINE#${KEY}#20` }),
    ]);
  });
});
