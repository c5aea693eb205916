import { describe, expect, it } from 'vitest';
import { PartNotFoundError } from '../../../app/api/errors.ts';
import { createProductDemandReads } from '../../../app/demand/product-demand-reads.ts';
import type { PartDemandSnapshot } from '../../../core/ports/demand-store.ts';
import { DemandPictureSchema } from '../../../schemas/api/demand.ts';
import { DemandConfigSchema } from '../../../schemas/config/demand-config.ts';
import type { DemandSignalState } from '../../../schemas/entities/demand-signal.ts';
import type { OrderData } from '../../../schemas/entities/order.ts';

const NOW = new Date('2026-03-02T10:00:00Z');
const PART = 'P-100';
const config = DemandConfigSchema.parse({ quoteWinRate: 0.3, safetyStockByPart: { [PART]: 2 } });

const order = (orderNumber: string, status: OrderData['status'], quantity: number, requested: string) => ({
  customerId: 'C1',
  order: {
    orderNumber,
    orderedAt: '2026-02-01T08:00:00Z',
    status,
    currency: 'EUR',
    netAmount: 1000,
    lines: [{ lineNumber: '10', partNumber: PART, quantity, requestedDeliveryDate: requested }],
  } satisfies OrderData,
});

const signalAt = (
  revision: number,
  status: 'open' | 'withdrawn',
  quantityShort: number,
): DemandSignalState => ({
  signalKey: 'P-100.1000.2026-03-02',
  partNumber: PART,
  plant: '1000',
  status,
  revision,
  quantityShort,
  needBy: '2026-03-05',
  period: { start: '2026-03-02', end: '2026-03-08' },
  decidedAt: `2026-03-0${revision}T08:00:00Z`,
});

/**
 * Hand-worked: an open order of 6 due 03-05 and a quote of 20 due 03-10 (× 0.3 = 6) against 3 on hand +
 * 2 inbound − 1 allocated = 4 available over two sites, safety stock 2 (per part), lead time the longest
 * site's (21 days).
 */
const snapshot = (signal?: DemandSignalState): PartDemandSnapshot => ({
  partNumber: PART,
  known: true,
  inputs: {
    orders: [order('O1', 'confirmed', 6, '2026-03-05'), order('Q1', 'quote', 20, '2026-03-10')],
    shipments: [],
    webInterest: [],
  },
  inventory: [
    { partNumber: PART, site: 'HH1', onHand: 3, inbound: 0, allocated: 1, leadTimeDays: 14 },
    { partNumber: PART, site: 'CHI', onHand: 0, inbound: 2, allocated: 0, leadTimeDays: 21 },
  ],
  ...(signal ? { signal } : {}),
});

const storeWith = (part: PartDemandSnapshot, history: DemandSignalState[] = []) => {
  const asked: Array<{ partNumber: string; limit: number }> = [];
  return {
    asked,
    store: {
      readPart: async () => part,
      signalHistory: async (partNumber: string, limit: number) => {
        asked.push({ partNumber, limit });
        return history;
      },
    },
  };
};

describe('reading the demand picture of a part', () => {
  it('answers demand by source and day, stock over all sites, safety stock and lead time', async () => {
    const { store } = storeWith(snapshot());
    const reads = createProductDemandReads({ store, config, now: () => NOW });

    const picture = await reads.picture(PART);

    expect(DemandPictureSchema.parse(picture)).toEqual(picture);
    expect(picture.days).toEqual([
      { day: '2026-03-05', order: 6, quote: 0, web: 0, total: 6 },
      { day: '2026-03-10', order: 0, quote: 6, web: 0, total: 6 },
    ]);
    expect(picture.totals).toEqual({ order: 6, quote: 6, web: 0, total: 12 });
    // The 1 allocated is matched to the 6 ordered within the lead time (counted as demand), so not subtracted again.
    expect(picture.stock).toEqual({
      onHand: 3,
      inbound: 2,
      allocated: 1,
      allocatedToCountedOrders: 1,
      available: 5,
      sites: 2,
    });
    expect(picture).toMatchObject({ safetyStock: 2, leadTimeDays: 21, asOf: NOW.toISOString() });
    expect(picture.signal).toBeUndefined();
    expect(picture.signalHistory).toEqual([]);
  });

  it('carries the current signal and its revisions oldest first, asking the store for a bounded history', async () => {
    const raised = signalAt(1, 'open', 8);
    const superseded = signalAt(2, 'open', 10);
    const { store, asked } = storeWith(snapshot(superseded), [raised, superseded]);
    const reads = createProductDemandReads({ store, config, now: () => NOW });

    const picture = await reads.picture(PART);

    expect(picture.signal).toEqual(superseded);
    expect(picture.signalHistory.map((s) => [s.revision, s.quantityShort])).toEqual([
      [1, 8],
      [2, 10],
    ]);
    expect(asked).toEqual([{ partNumber: PART, limit: 50 }]);
  });

  it('ends the history with the current state when the store kept none for it (signal decided before history)', async () => {
    const withdrawn = signalAt(3, 'withdrawn', 0);
    const { store } = storeWith(snapshot(withdrawn), [signalAt(1, 'open', 8)]);
    const reads = createProductDemandReads({ store, config, now: () => NOW });

    const picture = await reads.picture(PART);

    expect(picture.signalHistory.map((s) => [s.revision, s.status])).toEqual([
      [1, 'open'],
      [3, 'withdrawn'],
    ]);
  });

  it('refuses a part the store knows nothing about with an error naming the part', async () => {
    const { store } = storeWith({ ...snapshot(), known: false, inventory: [] });
    const reads = createProductDemandReads({ store, config, now: () => NOW });

    const read = reads.picture('NOPE-1');

    await expect(read).rejects.toBeInstanceOf(PartNotFoundError);
    await expect(read).rejects.toThrow(/no part NOPE-1/);
  });
});
