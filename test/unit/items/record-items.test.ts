import { describe, expect, it } from 'vitest';
import { versionOrder } from '../../../core/identity/version-order.ts';
import { buildRecordItems, recordPartition } from '../../../core/items/record-items.ts';
import type { WebInterest } from '../../../schemas/entities/web-activity.ts';
import { storedRecord } from './stored-items.ts';

// The items one source record becomes: its partition, the timeline and part/segment index keys, the
// order-line demand items. The store property tests write these but compare whole stores, so an index key
// spelled wrongly for one entity would only show much later in a query.

const source = (key: string, version = '2026-03-01T00:00:00Z') => ({
  system: 'sap-s4',
  stream: 'sales-orders',
  key,
  version,
});
const ann = [{ type: 'email' as const, value: 'ann@example.com' }];

describe('recordPartition', () => {
  it('puts customer records in their customer partition and catalogue records in their part partition', () => {
    const order = storedRecord({
      entity: 'order',
      source: source('O1'),
      identifiers: ann,
      data: {
        orderNumber: 'SO-1',
        orderedAt: '2026-02-03T10:00:00Z',
        status: 'open',
        currency: 'EUR',
        netAmount: 5,
      },
    });
    const stock = storedRecord({
      entity: 'inventory',
      source: source('S1'),
      data: { partNumber: 'P-9', site: 'DE01', onHand: 1, leadTimeDays: 2 },
    });
    const product = storedRecord({
      entity: 'product',
      source: source('PR1'),
      data: { partNumber: 'P-8', revision: 'A', name: 'Pump', lifecycleState: 'released' },
    });

    expect(recordPartition(order, 'c1')).toBe('CUST#c1');
    expect(recordPartition(stock, 'c1')).toBe('PRODUCT#P-9');
    expect(recordPartition(product, undefined)).toBe('PRODUCT#P-8');
  });

  it('refuses a catalogue tombstone and a customer record without a customer, naming the record', () => {
    const goneProduct = storedRecord({ entity: 'product', source: { ...source('PR2'), deleted: true } });
    const order = storedRecord({
      entity: 'order',
      source: source('O2'),
      identifiers: ann,
      data: {
        orderNumber: 'SO-2',
        orderedAt: '2026-02-03T10:00:00Z',
        status: 'open',
        currency: 'EUR',
        netAmount: 5,
      },
    });

    expect(() => recordPartition(goneProduct, undefined)).toThrow(
      'catalogue record product#sap-s4#sales-orders#PR2 without data has no partition',
    );
    expect(() => recordPartition(order, undefined)).toThrow(
      'customer record order#sap-s4#sales-orders#O2 needs a customer',
    );
  });
});

describe('buildRecordItems', () => {
  it('writes an order on the timeline as its first line’s part-index entry, and one demand item per later line', () => {
    const order = storedRecord({
      entity: 'order',
      source: source('O3'),
      identifiers: ann,
      data: {
        orderNumber: 'SO-3',
        orderedAt: '2026-02-03T10:00:00Z',
        status: 'confirmed',
        currency: 'EUR',
        netAmount: 50,
        lines: [
          { lineNumber: '10', partNumber: 'P-1', quantity: 2 },
          { lineNumber: '20', partNumber: 'P-2', quantity: 5 },
        ],
      },
    });

    const { main, aux } = buildRecordItems(order, 'c1', 'ingest');

    expect(main).toMatchObject({
      pk: 'CUST#c1',
      sk: 'REC#order#sap-s4#sales-orders#O3',
      kind: 'record',
      customerId: 'c1',
      cause: 'ingest',
      gsi2pk: 'TL#c1',
      gsi2sk: '2026-02-03T10:00:00Z#order#sap-s4#sales-orders#O3',
      summary: 'Order SO-3: 50 EUR, 2 line(s), confirmed',
    });
    expect(main).toMatchObject({
      gsi1pk: 'PART#P-1',
      gsi1sk: '2026-02-03T10:00:00Z#DEMAND#c1#order#sap-s4#sales-orders#O3#10',
    });
    expect(main).not.toHaveProperty('backfill');
    expect(aux).toEqual([
      {
        pk: 'CUST#c1',
        sk: 'LINE#order#sap-s4#sales-orders#O3#20',
        kind: 'orderLine',
        recordKey: 'order#sap-s4#sales-orders#O3',
        customerId: 'c1',
        partNumber: 'P-2',
        quantity: 5,
        orderNumber: 'SO-3',
        orderStatus: 'confirmed',
        versionOrd: versionOrder('2026-03-01T00:00:00Z'),
        cause: 'ingest',
        gsi1pk: 'PART#P-2',
        gsi1sk: '2026-02-03T10:00:00Z#DEMAND#c1#order#sap-s4#sales-orders#O3#20',
      },
    ]);
  });

  it('stores the source version as its sortable order and keeps the backfill kind and the cause given', () => {
    const order = storedRecord({
      entity: 'order',
      source: source('O4', '42'),
      identifiers: ann,
      backfill: 'initialLoad',
      data: {
        orderNumber: 'SO-4',
        orderedAt: '2026-02-03T10:00:00Z',
        status: 'open',
        currency: 'EUR',
        netAmount: 1,
      },
    });

    const { main } = buildRecordItems(order, 'c2', 'move');

    expect(main.versionOrd).toBe(`N${'42'.padStart(30, '0')}`);
    expect(main.backfill).toBe('initialLoad');
    expect(main.cause).toBe('move');
    expect(main.linkIds).toEqual(['email:ann@example.com']);
  });

  it('puts a customer record with a segment into that segment, and one without a segment into none', () => {
    const customer = (segment?: string) =>
      storedRecord({
        entity: 'customer',
        source: source('C1'),
        identifiers: ann,
        data: { name: 'Ann', ...(segment ? { segment } : {}) },
      });

    const inSegment = buildRecordItems(customer('A-customers'), 'c1', 'ingest').main;
    const noSegment = buildRecordItems(customer(), 'c1', 'ingest').main;

    expect(inSegment).toMatchObject({
      gsi1pk: 'SEGMENT#A-customers',
      gsi1sk: 'CUST#c1#customer#sap-s4#sales-orders#C1',
    });
    expect(inSegment).not.toHaveProperty('gsi2pk');
    expect(noSegment).not.toHaveProperty('gsi1pk');
    expect(noSegment).not.toHaveProperty('gsi1sk');
  });

  it('indexes a bought part under the part by purchase date', () => {
    const installed = storedRecord({
      entity: 'installedProduct',
      source: source('IP1'),
      identifiers: ann,
      data: { partNumber: 'P-7', purchasedOn: '2026-01-05' },
    });

    const { main, aux } = buildRecordItems(installed, 'c3', 'ingest');

    expect(main).toMatchObject({
      gsi1pk: 'PART#P-7',
      gsi1sk: '2026-01-05#INSTALLED#c3#installedProduct#sap-s4#sales-orders#IP1',
      gsi2pk: 'TL#c3',
      gsi2sk: '2026-01-05#installedProduct#sap-s4#sales-orders#IP1',
    });
    expect(aux).toEqual([]);
  });

  it('indexes web interest in a part under that part, and web activity without a part in no part index', () => {
    const web = (interest?: WebInterest) =>
      storedRecord({
        entity: 'webActivity',
        source: source('W1'),
        identifiers: [{ type: 'webUser', value: 'u1' }],
        data: {
          messageId: 'm1',
          type: 'track',
          timestamp: '2026-02-11T09:30:00Z',
          ...(interest ? { interest } : {}),
        },
      });

    const viewed = buildRecordItems(web({ kind: 'productView', partNumber: 'P-5' }), 'c4', 'ingest').main;
    const searched = buildRecordItems(web({ kind: 'search', query: 'pump' }), 'c4', 'ingest').main;
    const plain = buildRecordItems(web(), 'c4', 'ingest').main;

    expect(viewed).toMatchObject({
      gsi1pk: 'PART#P-5',
      gsi1sk: '2026-02-11T09:30:00Z#INTEREST#c4#webActivity#sap-s4#sales-orders#W1',
    });
    expect(searched).not.toHaveProperty('gsi1pk');
    expect(plain).not.toHaveProperty('gsi1pk');
    expect(plain.gsi2pk).toBe('TL#c4');
  });

  it('gives a catalogue record no customer, no timeline and no index keys', () => {
    const stock = storedRecord({
      entity: 'inventory',
      source: source('S2'),
      data: { partNumber: 'P-9', site: 'DE01', onHand: 1, leadTimeDays: 2 },
    });

    const { main, aux } = buildRecordItems(stock, undefined, 'ingest');

    expect(main.pk).toBe('PRODUCT#P-9');
    for (const attribute of ['customerId', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'])
      expect(main).not.toHaveProperty(attribute);
    expect(aux).toEqual([]);
  });

  it('gives a deleted customer record and a deleted purchase no segment or part index keys', () => {
    const goneCustomer = storedRecord({
      entity: 'customer',
      source: { ...source('C9'), deleted: true },
      identifiers: ann,
    });
    const gonePurchase = storedRecord({
      entity: 'installedProduct',
      source: { ...source('IP9'), deleted: true },
      identifiers: ann,
    });

    const customerMain = buildRecordItems(goneCustomer, 'c1', 'ingest').main;
    const purchaseMain = buildRecordItems(gonePurchase, 'c1', 'ingest').main;

    for (const main of [customerMain, purchaseMain]) {
      expect(main).toMatchObject({ pk: 'CUST#c1', customerId: 'c1' });
      expect(main).not.toHaveProperty('gsi1pk');
      expect(main).not.toHaveProperty('gsi2pk');
    }
  });

  it('keeps a customer tombstone on no timeline and writes no order lines for it', () => {
    const tombstone = storedRecord({
      entity: 'order',
      source: { ...source('O5'), deleted: true },
      identifiers: ann,
    });

    const { main, aux } = buildRecordItems(tombstone, 'c1', 'ingest');

    expect(main).toMatchObject({ pk: 'CUST#c1', customerId: 'c1', summary: 'order O5 deleted' });
    expect(main).not.toHaveProperty('gsi2pk');
    expect(aux).toEqual([]);
  });
});
