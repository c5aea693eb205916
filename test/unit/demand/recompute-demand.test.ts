import { describe, expect, it } from 'vitest';
import { DemandRecomputeConflictError, recomputeDemand } from '../../../app/demand/recompute-demand.ts';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import type { DemandStore, OrderRef, PartDemandSnapshot } from '../../../core/ports/demand-store.ts';
import { DEFAULT_DEMAND_CONFIG } from '../../../schemas/config/demand-config.ts';
import type { OrderData } from '../../../schemas/entities/order.ts';

const NOW = new Date('2026-03-02T10:00:00Z');
const COMMITTED = NOW.getTime() / 1000;

const orderData = (orderNumber: string, parts: readonly string[], quantity = 5): OrderData => ({
  orderNumber,
  orderedAt: '2026-03-01T08:00:00Z',
  status: 'open',
  currency: 'EUR',
  netAmount: 100,
  lines: parts.map((partNumber, i) => ({ lineNumber: String(10 * (i + 1)), partNumber, quantity })),
});

/** An order written by the ingest, as the stream delivers it. */
const orderWritten = (customerId: string, orderNumber: string, ...parts: string[]): ChangeRecord => ({
  eventName: 'INSERT',
  sequenceNumber: '1',
  approximateCreationDateTime: COMMITTED,
  keys: { pk: `CUST#${customerId}`, sk: `REC#order#erp#so#${orderNumber}` },
  newImage: {
    pk: `CUST#${customerId}`,
    sk: `REC#order#erp#so#${orderNumber}`,
    kind: 'record',
    entity: 'order',
    cause: 'ingest',
    customerId,
    recordKey: `order#erp#so#${orderNumber}`,
    data: orderData(orderNumber, parts),
  },
});

/** A part with 5 units ordered and none in stock: short, so its signal is raised. */
const shortSnapshot = (partNumber: string): PartDemandSnapshot => ({
  partNumber,
  known: true,
  inputs: {
    orders: [{ customerId: 'C1', order: orderData('SO-1', [partNumber]) }],
    shipments: [],
    webInterest: [],
  },
  inventory: [],
});

/** A part with no demand at all: nothing to decide, nothing time can change. */
const quietSnapshot = (partNumber: string): PartDemandSnapshot => ({
  partNumber,
  known: true,
  inputs: { orders: [], shipments: [], webInterest: [] },
  inventory: [],
});

/** A store whose reads and saves are recorded; `save` answers each save, `pause` delays each read. */
const fakeStore = (
  options: { save?: (part: string) => 'saved' | 'conflict' | Error; pause?: number } = {},
) => {
  const reads: { part: string; changedOrders: readonly OrderRef[] }[] = [];
  const saves: string[] = [];
  const watches: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const store: DemandStore = {
    async readPart(partNumber, changedOrders = []) {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      reads.push({ part: partNumber, changedOrders });
      await new Promise((resolve) => setTimeout(resolve, options.pause ?? 0));
      inFlight -= 1;
      return shortSnapshot(partNumber);
    },
    async saveSignal(partNumber) {
      saves.push(partNumber);
      const answer = options.save?.(partNumber) ?? 'saved';
      if (answer instanceof Error) throw answer;
      return answer;
    },
    async watch(partNumber, day) {
      watches.push(`${partNumber} ${day}`);
    },
    async watchUnwatched(partNumbers, day) {
      for (const part of partNumbers) watches.push(`${part} ${day} (history)`);
      return partNumbers.length;
    },
    async unwatch() {
      throw new Error('a stream recompute never ends a watch');
    },
  };
  return { store, reads, saves, watches, maxInFlight: () => maxInFlight };
};

const deps = (store: DemandStore, extra: { partsAtOnce?: number; maxAttempts?: number } = {}) => ({
  store,
  config: DEFAULT_DEMAND_CONFIG,
  now: () => NOW,
  ...extra,
});

describe('recomputeDemand', () => {
  it("reads each part with the orders the batch wrote for it, so a part index that trails the table can't hide them", async () => {
    const fake = fakeStore();

    const result = await recomputeDemand(
      [orderWritten('C1', 'SO-1', 'P-A', 'P-B'), orderWritten('C2', 'SO-2', 'P-A')],
      deps(fake.store),
    );

    expect(Object.fromEntries(fake.reads.map((read) => [read.part, read.changedOrders]))).toEqual({
      'P-A': [
        { customerId: 'C1', recordKey: 'order#erp#so#SO-1' },
        { customerId: 'C2', recordKey: 'order#erp#so#SO-2' },
      ],
      'P-B': [{ customerId: 'C1', recordKey: 'order#erp#so#SO-1' }],
    });
    expect(result).toEqual({
      parts: 2,
      raised: 2,
      superseded: 0,
      withdrawn: 0,
      unchanged: 0,
      watchedFromHistory: 0,
    });
  });

  it('re-decides several parts at once, never more than asked', async () => {
    const fake = fakeStore({ pause: 5 });
    const parts = ['P-1', 'P-2', 'P-3', 'P-4', 'P-5'];

    const result = await recomputeDemand(
      [orderWritten('C1', 'SO-1', ...parts)],
      deps(fake.store, { partsAtOnce: 2 }),
    );

    expect(fake.maxInFlight()).toBe(2);
    expect([...fake.saves].sort()).toEqual(parts);
    expect(result.parts).toBe(5);
  });

  it('reads again and re-decides a part whose signal changed under it', async () => {
    let conflicts = 1;
    const fake = fakeStore({ save: () => (conflicts-- > 0 ? 'conflict' : 'saved') });

    const result = await recomputeDemand([orderWritten('C1', 'SO-1', 'P-A')], deps(fake.store));

    expect(fake.reads.map((read) => read.part)).toEqual(['P-A', 'P-A']);
    expect(result).toEqual({
      parts: 1,
      raised: 1,
      superseded: 0,
      withdrawn: 0,
      unchanged: 0,
      watchedFromHistory: 0,
    });
  });

  it('gives up on a part that keeps conflicting, so the stream delivers the batch again', async () => {
    const fake = fakeStore({ save: () => 'conflict' });

    await expect(
      recomputeDemand([orderWritten('C1', 'SO-1', 'P-A')], deps(fake.store, { maxAttempts: 3 })),
    ).rejects.toBeInstanceOf(DemandRecomputeConflictError);
    expect(fake.reads).toHaveLength(3);
  });

  it('starts no further part after one failed, and fails the batch', async () => {
    const fake = fakeStore({ save: (part) => (part === 'P-1' ? new Error('store unavailable') : 'saved') });

    await expect(
      recomputeDemand(
        [orderWritten('C1', 'SO-1', 'P-1', 'P-2', 'P-3')],
        deps(fake.store, { partsAtOnce: 1 }),
      ),
    ).rejects.toThrow('store unavailable');
    expect(fake.reads.map((read) => read.part)).toEqual(['P-1']);
  });

  it('counts a part whose demand needs no change as unchanged', async () => {
    const fake = fakeStore();
    fake.store.readPart = async (partNumber) => quietSnapshot(partNumber);

    const result = await recomputeDemand([orderWritten('C1', 'SO-1', 'P-A')], deps(fake.store));

    expect(result).toEqual({
      parts: 1,
      raised: 0,
      superseded: 0,
      withdrawn: 0,
      unchanged: 1,
      watchedFromHistory: 0,
    });
    expect(fake.saves).toEqual([]);
  });

  it('marks a part whose demand changes with time watched, once a day', async () => {
    const fake = fakeStore();
    const watchedToday = fakeStore();
    const read = watchedToday.store.readPart.bind(watchedToday.store);
    watchedToday.store.readPart = async (part, orders) => ({
      ...(await read(part, orders)),
      watchedOn: '2026-03-02',
    });

    await recomputeDemand([orderWritten('C1', 'SO-1', 'P-A')], deps(fake.store));
    await recomputeDemand([orderWritten('C1', 'SO-1', 'P-A')], deps(watchedToday.store));

    expect(fake.watches).toEqual(['P-A 2026-03-02']);
    expect(watchedToday.watches).toEqual([]);
  });

  it('marks a part without demand or an open signal not watched, and leaves an existing watch alone', async () => {
    const fake = fakeStore();
    fake.store.readPart = async (partNumber) => ({ ...quietSnapshot(partNumber), watchedOn: '2026-02-20' });

    await recomputeDemand([orderWritten('C1', 'SO-1', 'P-A')], deps(fake.store));

    expect(fake.watches).toEqual([]);
  });

  it('watches the parts only history names, without deciding them, so the next run decides them', async () => {
    const fake = fakeStore();
    const loaded = (orderNumber: string, ...parts: string[]): ChangeRecord => {
      const change = orderWritten('C1', orderNumber, ...parts);
      return { ...change, newImage: { ...change.newImage, backfill: 'initialLoad' } };
    };

    const result = await recomputeDemand(
      [loaded('SO-OLD', 'P-HIST', 'P-LIVE'), orderWritten('C1', 'SO-NEW', 'P-LIVE')],
      deps(fake.store),
    );

    expect(fake.reads.map((read) => read.part)).toEqual(['P-LIVE']);
    // A history part's watch is dated the day before: not decided today, so the next hourly run takes it.
    expect(fake.watches).toEqual(['P-LIVE 2026-03-02', 'P-HIST 2026-03-01 (history)']);
    expect(result).toMatchObject({ parts: 1, raised: 1, watchedFromHistory: 1 });
  });
});
