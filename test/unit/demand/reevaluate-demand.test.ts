import { describe, expect, it } from 'vitest';
import { reevaluateDemand } from '../../../app/demand/reevaluate-demand.ts';
import type { DemandStore, DemandWatchList, PartDemandSnapshot } from '../../../core/ports/demand-store.ts';
import { DEFAULT_DEMAND_CONFIG } from '../../../schemas/config/demand-config.ts';
import type { OrderData } from '../../../schemas/entities/order.ts';

const NOW = new Date('2026-03-20T00:15:00Z');

const order = (partNumber: string): OrderData => ({
  orderNumber: `SO-${partNumber}`,
  orderedAt: '2026-03-01T08:00:00Z',
  status: 'open',
  currency: 'EUR',
  netAmount: 100,
  lines: [{ lineNumber: '10', partNumber, quantity: 5, requestedDeliveryDate: '2026-03-25' }],
});

/**
 * Watched parts: `short` ones have an order and no stock, `quiet` ones nothing, `broken` ones fail to read.
 * `listedOn` is the day the watch list showed (default `watchedOn`, what the part's own read finds).
 */
const watchedStore = (
  parts: Record<string, { kind: 'short' | 'quiet' | 'broken'; watchedOn: string; listedOn?: string }>,
) => {
  const reads: string[] = [];
  const watched: string[] = [];
  const removed: string[] = [];
  const store: DemandStore & DemandWatchList = {
    async watchedParts() {
      return Object.entries(parts).map(([partNumber, part]) => ({
        partNumber,
        seenOn: part.listedOn ?? part.watchedOn,
      }));
    },
    async readPart(partNumber): Promise<PartDemandSnapshot> {
      reads.push(partNumber);
      const part = parts[partNumber];
      if (!part || part.kind === 'broken') throw new Error(`part ${partNumber} unreadable`);
      return {
        partNumber,
        known: true,
        inputs: {
          orders: part.kind === 'short' ? [{ customerId: 'C1', order: order(partNumber) }] : [],
          shipments: [],
          webInterest: [],
        },
        inventory: [],
        watchedOn: part.watchedOn,
      };
    },
    async saveSignal() {
      return 'saved';
    },
    async watch(partNumber, day) {
      watched.push(`${partNumber} ${day}`);
    },
    async watchUnwatched() {
      throw new Error('the daily run reads no history');
    },
    async unwatch(partNumber, seenOn) {
      removed.push(`${partNumber} ${seenOn}`);
      return 'removed';
    },
  };
  return { store, watched, removed, reads };
};

describe('reevaluateDemand', () => {
  it('re-decides every watched part, moves the watch of those still time-dependent on to today and ends the others', async () => {
    const fake = watchedStore({
      'P-SHORT': { kind: 'short', watchedOn: '2026-03-19' },
      'P-QUIET': { kind: 'quiet', watchedOn: '2026-03-19' },
    });

    const result = await reevaluateDemand({
      store: fake.store,
      config: DEFAULT_DEMAND_CONFIG,
      now: () => NOW,
    });

    expect(result).toEqual({
      parts: 2,
      raised: 1,
      superseded: 0,
      withdrawn: 0,
      unchanged: 1,
      unwatched: 1,
      notReached: 0,
      upToDate: 0,
      overdue: 0,
      failed: [],
    });
    expect(fake.watched).toEqual(['P-SHORT 2026-03-20']);
    expect(fake.removed).toEqual(['P-QUIET 2026-03-19']);
  });

  it('takes only the parts not decided today, and counts those decided today and those a whole day behind', async () => {
    const fake = watchedStore({
      'P-TODAY': { kind: 'short', watchedOn: '2026-03-20' },
      'P-YESTERDAY': { kind: 'short', watchedOn: '2026-03-19' },
      'P-BEHIND': { kind: 'short', watchedOn: '2026-03-18' },
      'P-LONG-BEHIND': { kind: 'quiet', watchedOn: '2026-01-02' },
    });

    const result = await reevaluateDemand({
      store: fake.store,
      config: DEFAULT_DEMAND_CONFIG,
      now: () => NOW,
    });

    expect(fake.reads.sort()).toEqual(['P-BEHIND', 'P-LONG-BEHIND', 'P-YESTERDAY']);
    expect({ parts: result.parts, upToDate: result.upToDate, overdue: result.overdue }).toEqual({
      parts: 3,
      upToDate: 1,
      overdue: 2,
    });
  });

  it('keeps a watch seen today: a recompute may have seen new demand after the list was read', async () => {
    const fake = watchedStore({
      'P-QUIET': { kind: 'quiet', watchedOn: '2026-03-20', listedOn: '2026-03-19' },
    });

    const result = await reevaluateDemand({
      store: fake.store,
      config: DEFAULT_DEMAND_CONFIG,
      now: () => NOW,
    });

    expect(result.unwatched).toBe(0);
    expect(fake.removed).toEqual([]);
  });

  it('reports a part it could not re-decide and goes on with the others', async () => {
    const fake = watchedStore({
      'P-BROKEN': { kind: 'broken', watchedOn: '2026-03-19' },
      'P-SHORT': { kind: 'short', watchedOn: '2026-03-19' },
    });

    const result = await reevaluateDemand({
      store: fake.store,
      config: DEFAULT_DEMAND_CONFIG,
      now: () => NOW,
      partsAtOnce: 1,
    });

    expect(result.failed).toEqual([{ partNumber: 'P-BROKEN', error: 'Error: part P-BROKEN unreadable' }]);
    expect(result.raised).toBe(1);
  });

  it('counts an unwatch that lost to a recompute as no unwatch', async () => {
    const fake = watchedStore({ 'P-QUIET': { kind: 'quiet', watchedOn: '2026-03-19' } });
    fake.store.unwatch = async () => 'kept';

    const result = await reevaluateDemand({
      store: fake.store,
      config: DEFAULT_DEMAND_CONFIG,
      now: () => NOW,
    });

    expect(result.unwatched).toBe(0);
  });

  it('starts no part with less than a minute left, and says how many it did not reach', async () => {
    const fake = watchedStore({
      'P-1': { kind: 'short', watchedOn: '2026-03-19' },
      'P-2': { kind: 'short', watchedOn: '2026-03-19' },
      'P-3': { kind: 'short', watchedOn: '2026-03-19' },
    });
    let remaining = 120_000;
    fake.store.saveSignal = async () => {
      remaining -= 60_000;
      return 'saved';
    };

    const result = await reevaluateDemand({
      store: fake.store,
      config: DEFAULT_DEMAND_CONFIG,
      now: () => NOW,
      partsAtOnce: 1,
      remainingMs: () => remaining,
    });

    expect([result.raised, result.notReached]).toEqual([2, 1]);
  });
});
