import { describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import { mapChangeToEvents, UnpublishableChangeError } from '../../../core/events/map-change-to-events.ts';
import { storeEvents } from '../../../schemas/events/catalogue.ts';

const recordImage = (entity: string, data: unknown, extra: Record<string, unknown> = {}) => ({
  pk: 'CUST#c1',
  sk: `REC#${entity}#sap-s4#s#1`,
  kind: 'record',
  entity,
  recordKey: `${entity}#sap-s4#s#1`,
  customerId: 'c1',
  source: { system: 'sap-s4', stream: 's', key: '1', version: '2026-03-01T00:00:00Z' },
  identifiers: [{ type: 'erp', value: 'sap-s4:1' }],
  data,
  cause: 'ingest',
  ...extra,
});

const change = (over: Partial<ChangeRecord>): ChangeRecord => ({
  eventName: 'INSERT',
  sequenceNumber: '100',
  approximateCreationDateTime: 1_772_000_000,
  keys: { pk: 'CUST#c1', sk: 'REC#x' },
  ...over,
});

const invoice = (status: string) => ({
  invoiceNumber: 'INV-1',
  issuedOn: '2026-03-01',
  dueDate: '2026-03-31',
  amount: 10,
  currency: 'EUR',
  status,
});

describe('mapChangeToEvents', () => {
  it('announces a new order as OrderRecorded with a valid detail', () => {
    const order = {
      orderNumber: 'SO-1',
      orderedAt: '2026-03-01T00:00:00Z',
      status: 'open',
      currency: 'EUR',
      netAmount: 5,
      lines: [],
    };
    const [event, ...rest] = mapChangeToEvents(change({ newImage: recordImage('order', order) }));
    expect(rest).toEqual([]);
    expect(event?.detailType).toBe('OrderRecorded');
    expect(event?.source).toBe('hub360.commerce');
    expect(storeEvents.OrderRecorded.detail.parse(event?.detail)).toMatchObject({
      customerId: 'c1',
      change: 'created',
      schemaVersion: 1,
    });
  });

  it("derives a record event's id from the record and version, so a redelivery or the same version written again yields the same id and a new version a new one", () => {
    const image = recordImage('invoice', invoice('overdue'));
    const first = mapChangeToEvents(change({ newImage: image }));
    const again = mapChangeToEvents(change({ newImage: image }));
    const writtenAgain = mapChangeToEvents(change({ newImage: image, sequenceNumber: '200' }));
    const next = mapChangeToEvents(
      change({
        newImage: { ...image, source: { ...(image.source as object), version: '2026-03-05T00:00:00Z' } },
        sequenceNumber: '300',
      }),
    );
    expect(first[0]?.detail.metadata.eventId).toBe(again[0]?.detail.metadata.eventId);
    expect(writtenAgain[0]?.detail.metadata.eventId).toBe(first[0]?.detail.metadata.eventId);
    expect(next[0]?.detail.metadata.eventId).not.toBe(first[0]?.detail.metadata.eventId);
    expect(writtenAgain[0]?.detail.metadata.correlationId).toBe(first[0]?.detail.metadata.correlationId);
  });

  it('fires InvoiceOverdue only on the transition into overdue', () => {
    const open = recordImage('invoice', invoice('open'));
    const overdue = recordImage('invoice', invoice('overdue'), {
      source: { system: 'sap-s4', stream: 's', key: '1', version: '2026-03-02T00:00:00Z' },
    });
    expect(
      mapChangeToEvents(change({ eventName: 'MODIFY', newImage: overdue, oldImage: open })),
    ).toHaveLength(1);
    expect(mapChangeToEvents(change({ eventName: 'MODIFY', newImage: open }))).toHaveLength(0);
    const stillOverdue = { ...overdue, source: { ...overdue.source, version: '2026-03-03T00:00:00Z' } };
    expect(
      mapChangeToEvents(change({ eventName: 'MODIFY', newImage: stillOverdue, oldImage: overdue })),
    ).toHaveLength(0);
  });

  it('stays silent for records moved by a merge, removals and bookkeeping items', () => {
    const order = {
      orderNumber: 'SO-1',
      orderedAt: '2026-03-01T00:00:00Z',
      status: 'open',
      currency: 'EUR',
      netAmount: 5,
      lines: [],
    };
    expect(mapChangeToEvents(change({ newImage: recordImage('order', order, { cause: 'move' }) }))).toEqual(
      [],
    );
    expect(mapChangeToEvents(change({ eventName: 'REMOVE', oldImage: recordImage('order', order) }))).toEqual(
      [],
    );
    expect(mapChangeToEvents(change({ newImage: { kind: 'locator', recordKey: 'x' } }))).toEqual([]);
  });

  it('announces merges, conflicts, creation and erasure', () => {
    const entry = {
      entryId: 'e1',
      kind: 'merge',
      at: '2026-03-01T00:00:00Z',
      survivorId: 'c1',
      mergedId: 'c2',
      evidence: {
        identifier: { type: 'email', value: 'a@b.de' },
        record: { entity: 'customer', system: 's', stream: 't', key: 'k', version: '1' },
      },
    };
    const conflict = {
      conflictId: 'k1',
      kind: 'uniqueIdentifierClash',
      identifier: { type: 'email', value: 'a@b.de' },
      customerIds: ['c1', 'c2'],
      scope: 'erp:sap-s4',
      clashingValues: ['sap-s4:1', 'sap-s4:2'],
      evidence: entry.evidence.record,
    };
    const types = [
      { kind: 'ledger', entry, cause: 'ingest' },
      { kind: 'conflict', primary: true, detectedAt: '2026-03-01T00:00:00Z', conflict },
      { kind: 'conflict', primary: false, detectedAt: '2026-03-01T00:00:00Z', conflict },
      { kind: 'profile', status: 'active', customerId: 'c9', seedRecord: 'customer#a#b#c' },
      {
        kind: 'erasure',
        customerId: 'c9',
        erasedAt: '2026-03-01T00:00:00Z',
        requestedBy: 'dpo',
        identifiersSuppressed: 2,
      },
    ].flatMap((image) => mapChangeToEvents(change({ newImage: image })).map((e) => e.detailType));
    expect(types).toEqual([
      'CustomersMerged',
      'IdentityConflictDetected',
      'CustomerCreated',
      'CustomerErased',
    ]);
  });

  it('names the customers merged into an erased one, and none for a marker written before they were kept', () => {
    const marker = {
      kind: 'erasure',
      customerId: 'c9',
      erasedAt: '2026-03-01T00:00:00Z',
      requestedBy: 'dpo',
      identifiersSuppressed: 2,
    };
    const erased = (image: Record<string, unknown>) =>
      mapChangeToEvents(change({ newImage: image })).map((e) => e.detail);

    expect(erased({ ...marker, mergedCustomerIds: ['c2', 'c3'] })).toEqual([
      expect.objectContaining({ customerId: 'c9', mergedCustomerIds: ['c2', 'c3'] }),
    ]);
    expect(erased(marker)).toEqual([expect.objectContaining({ customerId: 'c9', mergedCustomerIds: [] })]);
  });

  it('refuses a record whose data does not match its entity instead of publishing garbage', () => {
    expect(() => mapChangeToEvents(change({ newImage: recordImage('order', { orderNumber: 1 }) }))).toThrow(
      UnpublishableChangeError,
    );
  });
});
