import { describe, expect, it } from 'vitest';
import { indexedOrderLine } from '../../../core/items/demand-lines.ts';
import { buildRecordItems, type Item } from '../../../core/items/record-items.ts';
import { storedRecord } from './stored-items.ts';

// Every reader of the part index (product demand, the demand signal) sees an order's lines through this one
// function, so an order's first line (its order item) and its later lines (LINE# items) read alike.

const KEY = 'order#sap-s4#sales-orders#O5';

const order = storedRecord({
  entity: 'order',
  source: { system: 'sap-s4', stream: 'sales-orders', key: 'O5', version: '3' },
  identifiers: [{ type: 'email', value: 'ann@example.com' }],
  data: {
    orderNumber: 'SO-5',
    orderedAt: '2026-02-03T10:00:00Z',
    status: 'quote',
    currency: 'EUR',
    netAmount: 10,
    lines: [
      { lineNumber: '10', partNumber: 'P-1', quantity: 3, description: 'valve' },
      { lineNumber: '20', partNumber: 'P-2', quantity: 4 },
    ],
  },
});

describe('indexedOrderLine', () => {
  it('reads an order item as its first line, with the order’s number and status', () => {
    const { main } = buildRecordItems(order, 'c1', 'ingest');

    expect(indexedOrderLine(main)).toEqual({
      customerId: 'c1',
      recordKey: KEY,
      lineNumber: '10',
      partNumber: 'P-1',
      quantity: 3,
      orderNumber: 'SO-5',
      orderStatus: 'quote',
    });
  });

  it('reads a LINE# item as the line it holds', () => {
    const { aux } = buildRecordItems(order, 'c1', 'ingest');

    expect(aux.map(indexedOrderLine)).toEqual([
      {
        customerId: 'c1',
        recordKey: KEY,
        lineNumber: '20',
        partNumber: 'P-2',
        quantity: 4,
        orderNumber: 'SO-5',
        orderStatus: 'quote',
      },
    ]);
  });

  it('reads a line number that itself holds a # whole, from after the record key', () => {
    const line: Item = {
      pk: 'CUST#c1',
      sk: `LINE#${KEY}#20#b`,
      kind: 'orderLine',
      recordKey: KEY,
      customerId: 'c1',
      partNumber: 'P-2',
      quantity: 1,
      orderNumber: 'SO-5',
      orderStatus: 'open',
    };

    expect(indexedOrderLine(line)?.lineNumber).toBe('20#b');
  });

  it('reads an order whose stored data has a field the schema does not know, rather than hiding its demand', () => {
    const { main } = buildRecordItems(order, 'c1', 'ingest');
    const data = main.data as Record<string, unknown>;

    const line = indexedOrderLine({ ...main, data: { ...data, channel: 'edi' } });

    expect(line).toMatchObject({ partNumber: 'P-1', quantity: 3 });
  });

  it('reads no line from an order without lines, without a customer, or with unreadable data', () => {
    const { main } = buildRecordItems(order, 'c1', 'ingest');
    const data = main.data as Record<string, unknown>;
    const { customerId: _dropped, ...withoutCustomer } = main;

    expect(indexedOrderLine({ ...main, data: { ...data, lines: [] } })).toBeUndefined();
    expect(indexedOrderLine(withoutCustomer as Item)).toBeUndefined();
    expect(indexedOrderLine({ ...main, data: { ...data, lines: [{ partNumber: 'P-1' }] } })).toBeUndefined();
    expect(indexedOrderLine({ ...main, data: undefined })).toBeUndefined();
  });

  it('reads no order line from the other items of a part’s index', () => {
    const web = buildRecordItems(
      storedRecord({
        entity: 'webActivity',
        source: { system: 'segment', stream: 'track', key: 'W1', version: '1' },
        identifiers: [{ type: 'email', value: 'ann@example.com' }],
        data: {
          messageId: 'W1',
          type: 'track',
          event: 'Product Viewed',
          timestamp: '2026-02-03T10:00:00Z',
          interest: { kind: 'productView', partNumber: 'P-1' },
        },
      }),
      'c1',
      'ingest',
    ).main;
    const invoiceLike: Item = { ...buildRecordItems(order, 'c1', 'ingest').main, entity: 'invoice' };

    expect(web.gsi1pk).toBe('PART#P-1');
    expect(indexedOrderLine(web)).toBeUndefined();
    expect(indexedOrderLine(invoiceLike)).toBeUndefined();
  });
});
