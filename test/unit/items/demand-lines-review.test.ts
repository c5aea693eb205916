import { describe, expect, it } from 'vitest';
import { indexedOrderLine } from '../../../core/items/demand-lines.ts';
import { buildRecordItems, type Item } from '../../../core/items/record-items.ts';
import { storedRecord } from './stored-items.ts';

// Survivor of the core/items mutation run (issue 17): indexedOrderLine reads an order line only from an order's
// record item or a LINE# item, not from another kind of item that happens to carry an order's entity and data.

describe('indexedOrderLine: item kinds', () => {
  it('reads no order line from an item of another kind that carries an order’s entity and data', () => {
    // prepare: an order's record item, and the same attributes under another kind (as a ledger entry quoting it)
    const { main } = buildRecordItems(
      storedRecord({
        entity: 'order',
        source: { system: 'sap-s4', stream: 'sales-orders', key: 'O7', version: '1' },
        identifiers: [{ type: 'email', value: 'ann@example.com' }],
        data: {
          orderNumber: 'SO-7',
          orderedAt: '2026-02-03T10:00:00Z',
          status: 'open',
          currency: 'EUR',
          netAmount: 10,
          lines: [{ lineNumber: '10', partNumber: 'P-1', quantity: 2 }],
        },
      }),
      'c1',
      'ingest',
    );
    const quoted: Item = { ...main, kind: 'ledger' };

    // act
    const fromRecord = indexedOrderLine(main);
    const fromOther = indexedOrderLine(quoted);

    // assert
    expect(fromRecord).toMatchObject({ partNumber: 'P-1', quantity: 2, orderNumber: 'SO-7' });
    expect(fromOther).toBeUndefined();
  });
});
