import { describe, expect, it } from 'vitest';
import { recordFromItem } from '../../../core/identity/cluster.ts';
import { explainFromItems } from '../../../core/identity/explain-identity.ts';
import type { Item } from '../../../core/items/record-items.ts';

// The "why is this one customer" read: built from a partition's items alone. Each test writes the
// partition by hand, with items the reader must skip (other kinds, unreadable entries).

const evidence = { entity: 'order', system: 'sap-s4', stream: 'sales-orders', key: 'O1', version: '1' };
const mergeEntry = (entryId: string, at: string) => ({
  entryId,
  kind: 'merge',
  at,
  survivorId: 'c1',
  mergedId: 'c2',
  evidence: { identifier: { type: 'email', value: 'a@b.de' }, record: evidence },
});

describe('explainFromItems', () => {
  it('lists each mirrored identifier with the records linked by it, and no records for an identifier none links by', () => {
    const items: Item[] = [
      {
        pk: 'CUST#c1',
        sk: 'ID#email:a@b.de',
        kind: 'identifierMirror',
        identifier: { type: 'email', value: 'a@b.de' },
      },
      {
        pk: 'CUST#c1',
        sk: 'ID#erp:sap-s4:1',
        kind: 'identifierMirror',
        identifier: { type: 'erp', value: 'sap-s4:1' },
      },
      { pk: 'CUST#c1', sk: 'REC#r1', kind: 'record', recordKey: 'r1', linkIds: ['email:a@b.de'] },
      {
        pk: 'CUST#c1',
        sk: 'REC#r2',
        kind: 'record',
        recordKey: 'r2',
        linkIds: ['email:a@b.de', 'phone:+491'],
      },
      { pk: 'CUST#c1', sk: 'REC#r3', kind: 'record', recordKey: 'r3' },
      // An order line carries linkIds of its own shape in no version; it must not count as a record.
      { pk: 'CUST#c1', sk: 'LINE#r1#10', kind: 'orderLine', recordKey: 'r9', linkIds: ['email:a@b.de'] },
    ];

    const explanation = explainFromItems('c1', items);

    expect(explanation.customerId).toBe('c1');
    expect(explanation.identifiers).toEqual([
      { identifier: { type: 'email', value: 'a@b.de' }, records: ['r1', 'r2'] },
      { identifier: { type: 'erp', value: 'sap-s4:1' }, records: [] },
    ]);
  });

  it('skips a mirror whose identifier is unreadable', () => {
    const items: Item[] = [
      { pk: 'CUST#c1', sk: 'ID#x', kind: 'identifierMirror', identifier: { type: 'fax', value: '1' } },
      { pk: 'CUST#c1', sk: 'ID#y', kind: 'record', identifier: { type: 'email', value: 'a@b.de' } },
    ];

    expect(explainFromItems('c1', items).identifiers).toEqual([]);
  });

  it('gives the ledger oldest first, skipping unreadable entries and items of other kinds', () => {
    const items: Item[] = [
      { pk: 'CUST#c1', sk: 'LEDGER#b', kind: 'ledger', entry: mergeEntry('e2', '2026-03-02T00:00:00Z') },
      { pk: 'CUST#c1', sk: 'LEDGER#a', kind: 'ledger', entry: mergeEntry('e1', '2026-03-01T00:00:00Z') },
      { pk: 'CUST#c1', sk: 'LEDGER#c', kind: 'ledger', entry: mergeEntry('e3', '2026-03-03T00:00:00Z') },
      { pk: 'CUST#c1', sk: 'LEDGER#d', kind: 'ledger', entry: { entryId: 'broken' } },
      { pk: 'CUST#c1', sk: 'STATUS#x', kind: 'status', entry: mergeEntry('e9', '2026-03-01T00:00:00Z') },
    ];

    const ledger = explainFromItems('c1', items).ledger;

    expect(ledger.map((e) => e.entryId)).toEqual(['e1', 'e2', 'e3']);
  });

  it('keeps two ledger entries of the same instant in the order read', () => {
    const items: Item[] = [
      {
        pk: 'CUST#c1',
        sk: 'LEDGER#1',
        kind: 'ledger',
        entry: mergeEntry('later-read', '2026-03-02T00:00:00Z'),
      },
      { pk: 'CUST#c1', sk: 'LEDGER#2', kind: 'ledger', entry: mergeEntry('first', '2026-03-01T00:00:00Z') },
      { pk: 'CUST#c1', sk: 'LEDGER#3', kind: 'ledger', entry: mergeEntry('same-b', '2026-03-02T00:00:00Z') },
    ];

    expect(explainFromItems('c1', items).ledger.map((e) => e.entryId)).toEqual([
      'first',
      'later-read',
      'same-b',
    ]);
  });

  it('gives each readable conflict with the time it was detected, skipping unreadable ones', () => {
    const conflict = {
      conflictId: 'x1',
      kind: 'uniqueIdentifierClash',
      identifier: { type: 'email', value: 'a@b.de' },
      customerIds: ['c1', 'c2'],
      scope: 'erp:sap-s4',
      clashingValues: ['1', '2'],
      evidence,
    };
    const items: Item[] = [
      { pk: 'CUST#c1', sk: 'CONFLICT#x1', kind: 'conflict', conflict, detectedAt: '2026-03-01T00:00:00Z' },
      { pk: 'CUST#c1', sk: 'CONFLICT#x2', kind: 'conflict', conflict, detectedAt: 'not a date' },
      // A readable conflict on an item of another kind is not a conflict of the customer.
      {
        pk: 'CUST#c1',
        sk: 'LEDGER#x',
        kind: 'ledger',
        conflict: { ...conflict, conflictId: 'x3' },
        detectedAt: '2026-03-01T00:00:00Z',
      },
    ];

    const conflicts = explainFromItems('c1', items).conflicts;

    expect(conflicts).toEqual([{ ...conflict, detectedAt: '2026-03-01T00:00:00Z' }]);
  });
});

describe('recordFromItem', () => {
  it('reads a record item back with its identifiers and link ids, empty when the item has none', () => {
    const item: Item = {
      pk: 'CUST#c1',
      sk: 'REC#r1',
      kind: 'record',
      entity: 'customer',
      source: { system: 'sap-s4', stream: 'bp', key: '1', version: '1' },
      data: { name: 'Ann' },
      recordKey: 'r1',
    };

    const record = recordFromItem(item);

    expect(record).toEqual({
      entity: 'customer',
      source: { system: 'sap-s4', stream: 'bp', key: '1', version: '1' },
      identifiers: [],
      data: { name: 'Ann' },
      recordKey: 'r1',
      linkIds: [],
    });
    expect(
      recordFromItem({
        ...item,
        identifiers: [{ type: 'email', value: 'a@b.de' }],
        linkIds: ['email:a@b.de'],
      }),
    ).toMatchObject({
      identifiers: [{ type: 'email', value: 'a@b.de' }],
      linkIds: ['email:a@b.de'],
    });
  });
});
