import { describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import { correlationIdFor, recordEventIdFor } from '../../../core/events/event-ids.ts';
import {
  mapChangeToEvents,
  PRODUCER,
  UnpublishableChangeError,
} from '../../../core/events/map-change-to-events.ts';

// What one committed record write announces, per entity: detail fields, metadata, and the writes that
// announce nothing. Records are built as the ingest stores them (kind 'record' beside its source ref).

const KEYS = { pk: 'CUST#c1', sk: 'REC#x' };
const V1 = '2026-03-01T00:00:00Z';
const V2 = '2026-03-02T00:00:00Z';

const recordImage = (entity: string, data: unknown, extra: Record<string, unknown> = {}) => ({
  kind: 'record',
  entity,
  recordKey: `${entity}#sap-s4#s#1`,
  customerId: 'c1',
  source: { system: 'sap-s4', stream: 's', key: '1', version: V1 },
  identifiers: [{ type: 'erp', value: 'sap-s4:1' }],
  data,
  cause: 'ingest',
  ...extra,
});
const atVersion = (version: string) => ({ source: { system: 'sap-s4', stream: 's', key: '1', version } });

const change = (over: Partial<ChangeRecord>): ChangeRecord => ({
  eventName: 'INSERT',
  sequenceNumber: '100',
  approximateCreationDateTime: 1_772_000_000,
  keys: KEYS,
  ...over,
});
const modify = (newImage: Record<string, unknown>, oldImage: Record<string, unknown>) =>
  change({ eventName: 'MODIFY', newImage, oldImage });

const only = (events: ReturnType<typeof mapChangeToEvents>) => {
  expect(events).toHaveLength(1);
  const [event] = events;
  if (!event) throw new Error('no event');
  return event;
};
const detailOf = (events: ReturnType<typeof mapChangeToEvents>) =>
  only(events).detail as unknown as Record<string, unknown>;

const order = (status: string) => ({
  orderNumber: 'SO-1',
  orderedAt: '2026-03-01T00:00:00Z',
  status,
  currency: 'EUR',
  netAmount: 5,
  lines: [],
});
const shipment = (extra: Record<string, unknown> = {}) => ({
  shipmentNumber: 'SH-1',
  status: 'shipped',
  promisedDate: '2026-03-10',
  ...extra,
});
const product = (extra: Record<string, unknown> = {}) => ({
  partNumber: 'P-100',
  revision: 'A',
  name: 'Pump',
  lifecycleState: 'released',
  ...extra,
});
const inventory = (extra: Record<string, unknown> = {}) => ({
  partNumber: 'P-100',
  site: 'MUC',
  onHand: 10,
  inbound: 4,
  allocated: 3,
  leadTimeDays: 14,
  ...extra,
});
const webActivity = (extra: Record<string, unknown> = {}) => ({
  messageId: 'm1',
  type: 'track',
  event: 'Product Viewed',
  timestamp: '2026-03-01T09:00:00Z',
  ...extra,
});

describe('record events: metadata every event carries', () => {
  it('sets producer, commit time, an event id and a correlation id from record and version', () => {
    const event = only(mapChangeToEvents(change({ newImage: recordImage('order', order('open')) })));
    expect(event.detail.metadata).toEqual({
      eventId: recordEventIdFor('order#sap-s4#s#1', V1, 'OrderRecorded'),
      correlationId: correlationIdFor('order#sap-s4#s#1', V1),
      occurredAt: new Date(1_772_000_000_000).toISOString(),
      producer: PRODUCER,
    });
    expect(PRODUCER).toBe('stream-publisher');
  });

  it('gives one version of a record the same event id wherever and whenever it is written, so consumers drop a repeat', () => {
    const first = only(mapChangeToEvents(change({ newImage: recordImage('order', order('open')) })));
    const elsewhere = only(
      mapChangeToEvents(
        change({
          keys: { pk: 'CUST#c2', sk: 'REC#x' },
          sequenceNumber: '900',
          newImage: recordImage('order', order('open'), { customerId: 'c2' }),
        }),
      ),
    );
    const next = only(
      mapChangeToEvents(change({ newImage: recordImage('order', order('open'), atVersion(V2)) })),
    );

    expect(elsewhere.detail.metadata.eventId).toBe(first.detail.metadata.eventId);
    expect(next.detail.metadata.eventId).not.toBe(first.detail.metadata.eventId);
  });

  it('dates a change without a commit time at the epoch instead of failing', () => {
    const event = only(
      mapChangeToEvents(
        change({ approximateCreationDateTime: undefined, newImage: recordImage('order', order('open')) }),
      ),
    );
    expect(event.detail.metadata.occurredAt).toBe('1970-01-01T00:00:00.000Z');
  });

  it('marks a record written by an initial load, full resync or replay as backfill', () => {
    for (const backfill of ['initialLoad', 'fullResync', 'replay'] as const) {
      const event = only(
        mapChangeToEvents(change({ newImage: recordImage('order', order('open'), { backfill }) })),
      );
      expect(event.detail.metadata.backfill).toBe(backfill);
    }
  });

  it('leaves the backfill mark out for live writes and for an unknown backfill value', () => {
    const live = only(mapChangeToEvents(change({ newImage: recordImage('order', order('open')) })));
    const odd = only(
      mapChangeToEvents(change({ newImage: recordImage('order', order('open'), { backfill: 'nightly' }) })),
    );
    expect('backfill' in live.detail.metadata).toBe(false);
    expect('backfill' in odd.detail.metadata).toBe(false);
  });
});

describe('record events: what announces nothing', () => {
  it('ignores a removal, a write without a new image, a move, a repeat and an unknown entity', () => {
    const image = recordImage('order', order('open'));
    expect(mapChangeToEvents(change({ eventName: 'REMOVE', newImage: image, oldImage: image }))).toEqual([]);
    // A removal announces nothing even if the stream record were to carry a new image.
    expect(mapChangeToEvents(change({ eventName: 'REMOVE', newImage: image }))).toEqual([]);
    expect(mapChangeToEvents(change({ eventName: 'MODIFY', oldImage: image }))).toEqual([]);
    expect(
      mapChangeToEvents(change({ newImage: recordImage('order', order('open'), { cause: 'move' }) })),
    ).toEqual([]);
    // A version written again after its announced plain copy was taken back (core/ingest/write-plain.ts).
    expect(
      mapChangeToEvents(change({ newImage: recordImage('order', order('open'), { cause: 'repeat' }) })),
    ).toEqual([]);
    expect(mapChangeToEvents(change({ newImage: recordImage('contract', { any: 1 }) }))).toEqual([]);
  });

  it('ignores the same version with the same data written again', () => {
    const image = recordImage('order', order('open'));
    expect(mapChangeToEvents(modify(image, image))).toEqual([]);
  });

  it('announces the same version with changed data, and a new version with the same data', () => {
    const before = recordImage('order', order('open'));
    const sameVersionNewData = recordImage('order', order('confirmed'));
    const newVersionSameData = recordImage('order', order('open'), atVersion(V2));
    expect(mapChangeToEvents(modify(sameVersionNewData, before))).toHaveLength(1);
    expect(mapChangeToEvents(modify(newVersionSameData, before))).toHaveLength(1);
  });

  it('treats an unreadable old image as no previous record', () => {
    const detail = detailOf(
      mapChangeToEvents(modify(recordImage('order', order('open')), { kind: 'record', broken: true })),
    );
    expect(detail.change).toBe('created');
    expect('previousStatus' in detail).toBe(false);
  });
});

describe('record events: refusals that name what is wrong', () => {
  it('refuses a record item that is not a record image, naming its key', () => {
    expect(() => mapChangeToEvents(change({ newImage: { kind: 'record', entity: 'order' } }))).toThrow(
      new UnpublishableChangeError('record item CUST#c1/REC#x is malformed'),
    );
  });

  it('refuses entity data that does not parse, naming record and entity', () => {
    expect(() =>
      mapChangeToEvents(change({ newImage: recordImage('shipment', { status: 'lost' }) })),
    ).toThrow('record shipment#sap-s4#s#1 holds invalid shipment data');
  });

  it('refuses a customer-bound record without a customer', () => {
    for (const [entity, data] of [
      ['order', order('open')],
      ['shipment', shipment()],
    ] as const) {
      const image = recordImage(entity, data);
      delete (image as { customerId?: string }).customerId;
      expect(() => mapChangeToEvents(change({ newImage: image }))).toThrow(
        new UnpublishableChangeError(`record ${entity}#sap-s4#s#1 has no customer`),
      );
    }
  });
});

describe('record events per entity', () => {
  it('customer: lists the changed attributes in order, including removed ones, and carries the data', () => {
    const before = recordImage('customer', { name: 'Acme', email: 'a@acme.de', phone: '1' });
    const after = recordImage('customer', { name: 'Acme GmbH', phone: '1', vatId: 'DE1' }, atVersion(V2));
    const event = only(mapChangeToEvents(modify(after, before)));
    expect(event.detailType).toBe('CustomerUpdated');
    expect(event.detail).toMatchObject({
      customerId: 'c1',
      source: { version: V2 },
      changedAttributes: ['email', 'name', 'vatId'],
      data: { name: 'Acme GmbH', phone: '1', vatId: 'DE1' },
    });
  });

  it('customer: a first write lists every attribute it holds as changed', () => {
    const detail = detailOf(
      mapChangeToEvents(change({ newImage: recordImage('customer', { name: 'Acme', email: 'a@acme.de' }) })),
    );
    expect(detail.changedAttributes).toEqual(['email', 'name']);
  });

  it('order: a first write is created, a later one updated with the previous status', () => {
    const created = detailOf(mapChangeToEvents(change({ newImage: recordImage('order', order('open')) })));
    expect(created).toMatchObject({ customerId: 'c1', change: 'created', order: { status: 'open' } });
    expect('previousStatus' in created).toBe(false);
    const updated = detailOf(
      mapChangeToEvents(
        modify(recordImage('order', order('confirmed'), atVersion(V2)), recordImage('order', order('open'))),
      ),
    );
    expect(updated).toMatchObject({
      change: 'updated',
      previousStatus: 'open',
      order: { status: 'confirmed' },
    });
    expect(updated.source).toMatchObject({ version: V2 });
  });

  it('invoice: an invoice inserted already overdue is announced with customer and invoice', () => {
    const invoice = {
      invoiceNumber: 'INV-1',
      issuedOn: '2026-03-01',
      dueDate: '2026-03-31',
      amount: 10,
      currency: 'EUR',
      status: 'overdue',
    };
    const event = only(mapChangeToEvents(change({ newImage: recordImage('invoice', invoice) })));
    expect(event.detailType).toBe('InvoiceOverdue');
    expect(event.detail).toMatchObject({
      customerId: 'c1',
      source: { version: V1 },
      invoice: { invoiceNumber: 'INV-1' },
    });
  });

  it('shipment: delay counts days from the promise to the delivery, else the expected date, else none', () => {
    const delayOf = (data: Record<string, unknown>) =>
      detailOf(mapChangeToEvents(change({ newImage: recordImage('shipment', shipment(data)) }))).delayDays;
    expect(delayOf({ deliveredAt: '2026-03-13T23:30:00Z', expectedDate: '2026-03-20' })).toBe(3);
    expect(delayOf({ expectedDate: '2026-03-15' })).toBe(5);
    expect(delayOf({})).toBe(0);
    // Early delivery is no delay, not a negative one.
    expect(delayOf({ deliveredAt: '2026-03-08T10:00:00Z' })).toBe(0);
  });

  it('shipment: carries the previous status on an update and none on a first write', () => {
    const first = detailOf(mapChangeToEvents(change({ newImage: recordImage('shipment', shipment()) })));
    expect(first).toMatchObject({ customerId: 'c1', shipment: { shipmentNumber: 'SH-1' } });
    expect('previousStatus' in first).toBe(false);
    const update = detailOf(
      mapChangeToEvents(
        modify(
          recordImage('shipment', shipment({ status: 'delivered' }), atVersion(V2)),
          recordImage('shipment', shipment({ status: 'shipped' })),
        ),
      ),
    );
    expect(update.previousStatus).toBe('shipped');
    expect(
      only(mapChangeToEvents(change({ newImage: recordImage('shipment', shipment()) }))).detailType,
    ).toBe('ShipmentUpdated');
  });

  it('installed product: announced with customer and the parsed data, defaults filled', () => {
    const event = only(
      mapChangeToEvents(
        change({
          newImage: recordImage('installedProduct', { partNumber: 'P-100', purchasedOn: '2025-01-01' }),
        }),
      ),
    );
    expect(event.detailType).toBe('InstalledProductRecorded');
    expect(event.detail).toMatchObject({
      customerId: 'c1',
      source: { system: 'sap-s4' },
      installedProduct: { partNumber: 'P-100', quantity: 1 },
    });
  });

  it('installed product and interaction: refused without a customer', () => {
    const installed = recordImage('installedProduct', { partNumber: 'P-100', purchasedOn: '2025-01-01' });
    delete (installed as { customerId?: string }).customerId;
    expect(() => mapChangeToEvents(change({ newImage: installed }))).toThrow('has no customer');
  });

  it('interaction: announced with customer and the interaction', () => {
    const interaction = {
      interactionId: 'i1',
      kind: 'contact',
      channel: 'phone',
      occurredAt: '2026-03-05T08:00:00Z',
    };
    const event = only(mapChangeToEvents(change({ newImage: recordImage('interaction', interaction) })));
    expect(event.detailType).toBe('InteractionRecorded');
    expect(event.detail).toMatchObject({
      customerId: 'c1',
      source: { key: '1' },
      interaction: { interactionId: 'i1' },
    });
    const anonymous = recordImage('interaction', interaction);
    delete (anonymous as { customerId?: string }).customerId;
    expect(() => mapChangeToEvents(change({ newImage: anonymous }))).toThrow('has no customer');
  });

  it('web activity: announces an interest with when it was observed, and nothing without an interest', () => {
    const interest = { kind: 'productView', partNumber: 'P-100' };
    const event = only(
      mapChangeToEvents(change({ newImage: recordImage('webActivity', webActivity({ interest })) })),
    );
    expect(event.detailType).toBe('WebInterestObserved');
    expect(event.detail).toMatchObject({
      customerId: 'c1',
      anonymous: false,
      interest,
      observedAt: '2026-03-01T09:00:00Z',
      source: { system: 'sap-s4' },
    });
    expect(mapChangeToEvents(change({ newImage: recordImage('webActivity', webActivity()) }))).toEqual([]);
  });

  it('web activity: anonymous only when every identifier is an anonymous id', () => {
    const interest = { kind: 'cartAdd', partNumber: 'P-100' };
    const anonymousOf = (identifiers: { type: string; value: string }[]) =>
      detailOf(
        mapChangeToEvents(
          change({ newImage: recordImage('webActivity', webActivity({ interest }), { identifiers }) }),
        ),
      ).anonymous;
    expect(anonymousOf([{ type: 'anonymousId', value: 'a1' }])).toBe(true);
    expect(
      anonymousOf([
        { type: 'anonymousId', value: 'a1' },
        { type: 'webUser', value: 'u1' },
      ]),
    ).toBe(false);
    expect(anonymousOf([])).toBe(true);
    const noIdentifiers = recordImage('webActivity', webActivity({ interest }));
    delete (noIdentifiers as { identifiers?: unknown }).identifiers;
    expect(detailOf(mapChangeToEvents(change({ newImage: noIdentifiers }))).anonymous).toBe(true);
    const noCustomer = recordImage('webActivity', webActivity({ interest }));
    delete (noCustomer as { customerId?: string }).customerId;
    expect(() => mapChangeToEvents(change({ newImage: noCustomer }))).toThrow('has no customer');
  });

  it('product: lists changed fields and the previous lifecycle state, needs no customer', () => {
    const before = recordImage('product', product());
    const after = recordImage(
      'product',
      product({ lifecycleState: 'obsolete', successorPartNumber: 'P-200' }),
      {
        ...atVersion(V2),
        customerId: undefined,
      },
    );
    const event = only(mapChangeToEvents(modify(after, before)));
    expect(event.detailType).toBe('ProductChanged');
    expect(event.detail).toMatchObject({
      changedFields: ['lifecycleState', 'successorPartNumber'],
      previousLifecycleState: 'released',
      product: { partNumber: 'P-100', lifecycleState: 'obsolete' },
      source: { version: V2 },
    });
  });

  it('product: a first write lists all its fields and no previous state', () => {
    const detail = detailOf(mapChangeToEvents(change({ newImage: recordImage('product', product()) })));
    expect(detail.changedFields).toEqual([
      'accessoryPartNumbers',
      'lifecycleState',
      'name',
      'partNumber',
      'revision',
    ]);
    expect('previousLifecycleState' in detail).toBe(false);
  });

  it('inventory: announces available stock and the previous position', () => {
    const before = recordImage('inventory', inventory());
    const after = recordImage(
      'inventory',
      inventory({ onHand: 2, inbound: 1, allocated: 5, leadTimeDays: 21 }),
      atVersion(V2),
    );
    const event = only(mapChangeToEvents(modify(after, before)));
    expect(event.detailType).toBe('InventoryChanged');
    expect(event.detail).toMatchObject({
      previous: { onHand: 10, inbound: 4, allocated: 3, leadTimeDays: 14 },
      inventory: { onHand: 2 },
      available: -2,
      source: { version: V2 },
    });
  });

  it('inventory: a first write has no previous position', () => {
    const detail = detailOf(mapChangeToEvents(change({ newImage: recordImage('inventory', inventory()) })));
    expect(detail.available).toBe(11);
    expect('previous' in detail).toBe(false);
  });
});
