import { describe, expect, it } from 'vitest';
import { affectedParts, changedOrdersByPart, historyParts } from '../../../core/demand/affected-parts.ts';
import type { ChangeRecord } from '../../../core/events/change-record.ts';

const COMMITTED = Date.parse('2026-03-02T10:00:00Z') / 1000;

const record = (entity: string, data: unknown, extra: Record<string, unknown> = {}) => ({
  pk: 'CUST#C1',
  sk: `REC#${entity}`,
  kind: 'record',
  entity,
  data,
  cause: 'ingest',
  ...extra,
});

const change = (
  images: { newImage?: Record<string, unknown>; oldImage?: Record<string, unknown> },
  committed: number | null = COMMITTED,
): ChangeRecord => ({
  eventName: images.newImage && images.oldImage ? 'MODIFY' : images.newImage ? 'INSERT' : 'REMOVE',
  sequenceNumber: '1',
  ...(committed === null ? {} : { approximateCreationDateTime: committed }),
  keys: { pk: 'CUST#C1', sk: 'REC#x' },
  ...images,
});

const order = (orderNumber: string, ...parts: string[]) => ({
  orderNumber,
  orderedAt: '2026-03-01T08:00:00Z',
  status: 'open',
  currency: 'EUR',
  netAmount: 100,
  lines: parts.map((partNumber, i) => ({ lineNumber: String(10 * (i + 1)), partNumber, quantity: 1 })),
});

const shipment = (status: string, promisedDate: string, extra: Record<string, unknown> = {}) => ({
  shipmentNumber: 'S1',
  status,
  promisedDate,
  lines: [{ partNumber: 'P-SHIP', quantity: 2 }],
  ...extra,
});

const inventory = { partNumber: 'P-STOCK', site: 'HH1', onHand: 3, leadTimeDays: 5 };
const product = { partNumber: 'P-PDM', revision: 'A', name: 'Pump', lifecycleState: 'released' };
const webActivity = (interest?: Record<string, unknown>) => ({
  messageId: 'm-1',
  type: 'track',
  timestamp: '2026-03-02T09:00:00Z',
  ...(interest ? { interest } : {}),
});

describe('affectedParts', () => {
  it('names the parts of order lines, shipment lines, stock positions, products and web interest', () => {
    const parts = affectedParts([
      change({ newImage: record('order', order('O1', 'P-A', 'P-B')) }),
      change({ newImage: record('shipment', shipment('shipped', '2026-03-01')) }),
      change({ newImage: record('inventory', inventory) }),
      change({ newImage: record('product', product) }),
      change({ newImage: record('webActivity', webActivity({ kind: 'cartAdd', partNumber: 'P-WEB' })) }),
    ]);

    expect(parts).toEqual(['P-A', 'P-B', 'P-SHIP', 'P-STOCK', 'P-PDM', 'P-WEB']);
  });

  it('names each part once, in the order first seen, including parts an order line no longer has', () => {
    const parts = affectedParts([
      change({
        newImage: record('order', order('O1', 'P-NEW', 'P-KEPT')),
        oldImage: record('order', order('O1', 'P-OLD', 'P-KEPT')),
      }),
      change({ newImage: record('order', order('O2', 'P-KEPT', 'P-NEW')) }),
    ]);

    expect(parts).toEqual(['P-NEW', 'P-KEPT', 'P-OLD']);
  });

  it('names the parts of a record deleted at the source, from its old image', () => {
    expect(affectedParts([change({ oldImage: record('order', order('O1', 'P-GONE')) })])).toEqual(['P-GONE']);
  });

  it('names no part for data that does not parse, web activity without a part, or other entities', () => {
    const parts = affectedParts([
      change({ newImage: record('order', { orderNumber: 'O1' }) }),
      change({ newImage: record('shipment', { status: 'shipped' }) }),
      change({ newImage: record('inventory', { site: 'HH1' }) }),
      change({ newImage: record('product', { name: 'no part number' }) }),
      change({ newImage: record('webActivity', { type: 'track' }) }),
      change({ newImage: record('webActivity', webActivity({ kind: 'search', query: 'pump' })) }),
      change({ newImage: record('webActivity', webActivity()) }),
      change({ newImage: record('customer', { partNumber: 'P-NOT-A-PART-RECORD' }) }),
    ]);

    expect(parts).toEqual([]);
  });

  it('recomputes the part of a version written again after its plain copy was taken back: the removal and the repeat are two writes', () => {
    const copy = record('order', order('O3', 'P-C'));
    const parts = affectedParts([
      change({ oldImage: copy }),
      change({ newImage: { ...copy, cause: 'repeat' } }),
    ]);

    expect(parts).toEqual(['P-C']);
    expect(affectedParts([change({ newImage: { ...copy, cause: 'repeat' } })])).toEqual(['P-C']);
  });

  it('ignores items that are not source records, and records only moved between customers', () => {
    const parts = affectedParts([
      change({ newImage: { ...record('order', order('O1', 'P-A')), kind: 'orderLine' } }),
      change({ newImage: record('order', order('O2', 'P-B'), { cause: 'move' }) }),
      change({}),
    ]);

    expect(parts).toEqual([]);
  });

  it('ignores history: records written by an initial load or a full resync', () => {
    const parts = affectedParts([
      change({ newImage: record('order', order('O1', 'P-A'), { backfill: 'initialLoad' }) }),
      change({ newImage: record('inventory', inventory, { backfill: 'fullResync' }) }),
    ]);

    expect(parts).toEqual([]);
  });

  it('counts the deletion of a record a backfill once wrote as news', () => {
    const parts = affectedParts([
      change({ oldImage: record('order', order('O1', 'P-A'), { backfill: 'initialLoad' }) }),
    ]);

    expect(parts).toEqual(['P-A']);
  });

  it('ignores a shipment whose state was reached long before the change was committed', () => {
    const parts = affectedParts([
      // Promised a month before the commit and still not delivered: stale.
      change({ newImage: record('shipment', shipment('inTransit', '2026-02-01')) }),
      // Delivered three weeks before the commit: stale, whatever its promised date.
      change({
        newImage: record(
          'shipment',
          shipment('delivered', '2026-03-01', { deliveredAt: '2026-02-09T12:00:00Z' }),
        ),
      }),
    ]);

    expect(parts).toEqual([]);
  });

  it('takes a shipment that reached its state within the staleness limit as news', () => {
    const parts = affectedParts([
      change({
        newImage: record(
          'shipment',
          shipment('delivered', '2026-01-01', { deliveredAt: '2026-03-01T12:00:00Z' }),
        ),
      }),
    ]);

    expect(parts).toEqual(['P-SHIP']);
  });

  it('cannot call a shipment stale without a commit time to measure against', () => {
    const parts = affectedParts([
      change({ newImage: record('shipment', shipment('inTransit', '2020-01-01')) }, null),
    ]);

    expect(parts).toEqual(['P-SHIP']);
  });
});

describe('changedOrdersByPart', () => {
  const written = (
    customerId: unknown,
    recordKey: unknown,
    data: unknown,
    extra: Record<string, unknown> = {},
  ) => record('order', data, { customerId, recordKey, ...extra });

  it('lists every written order under each part its lines name, once per part', () => {
    const byPart = changedOrdersByPart([
      change({ newImage: written('C1', 'order#erp#so#O1', order('O1', 'P-A', 'P-B', 'P-A')) }),
      change({ newImage: written('C2', 'order#erp#so#O2', order('O2', 'P-A')) }),
      change({ newImage: written('C1', 'order#erp#so#O1', order('O1', 'P-A')) }),
    ]);

    expect(Object.fromEntries(byPart)).toEqual({
      'P-A': [
        { customerId: 'C1', recordKey: 'order#erp#so#O1' },
        { customerId: 'C2', recordKey: 'order#erp#so#O2' },
      ],
      'P-B': [{ customerId: 'C1', recordKey: 'order#erp#so#O1' }],
    });
  });

  it('keeps apart orders of two customers with the same record key', () => {
    const byPart = changedOrdersByPart([
      change({ newImage: written('C1', 'order#erp#so#O1', order('O1', 'P-A')) }),
      change({ newImage: written('C2', 'order#erp#so#O1', order('O1', 'P-A')) }),
    ]);

    expect(byPart.get('P-A')).toHaveLength(2);
  });

  it('takes only written order records that name their customer and key', () => {
    const byPart = changedOrdersByPart([
      change({ oldImage: written('C1', 'order#erp#so#O1', order('O1', 'P-GONE')) }),
      change({
        newImage: record('shipment', shipment('shipped', '2026-03-01'), { customerId: 'C1', recordKey: 's' }),
      }),
      change({ newImage: written('C1', 'order#erp#so#O2', order('O2', 'P-A'), { kind: 'locator' }) }),
      change({ newImage: written(undefined, 'order#erp#so#O3', order('O3', 'P-A')) }),
      change({ newImage: written('C1', 7, order('O4', 'P-A')) }),
      change({ newImage: written('C1', 'order#erp#so#O5', { orderNumber: 'O5' }) }),
      // The entity decides, not the data's shape.
      change({ newImage: written('C1', 'invoice#erp#bd#O6', order('O6', 'P-A'), { entity: 'invoice' }) }),
    ]);

    expect(byPart.size).toBe(0);
  });
});

describe('historyParts', () => {
  it('names the parts of records an initial load or a full resync wrote, once each', () => {
    const parts = historyParts([
      change({ newImage: record('order', order('O1', 'P-A', 'P-B'), { backfill: 'initialLoad' }) }),
      change({ newImage: record('inventory', inventory, { backfill: 'fullResync' }) }),
      change({ newImage: record('order', order('O2', 'P-A'), { backfill: 'initialLoad' }) }),
    ]);

    expect(parts).toEqual(['P-A', 'P-B', 'P-STOCK']);
  });

  it('names nothing for live writes, removals and items that are not records', () => {
    const parts = historyParts([
      change({ newImage: record('order', order('O1', 'P-LIVE')) }),
      change({ oldImage: record('order', order('O2', 'P-GONE'), { backfill: 'initialLoad' }) }),
      change({
        newImage: record('order', order('O3', 'P-LOC'), { backfill: 'initialLoad', kind: 'locator' }),
      }),
      change({ newImage: record('order', order('O4', 'P-ODD'), { backfill: true }) }),
    ]);

    expect(parts).toEqual([]);
  });
});
