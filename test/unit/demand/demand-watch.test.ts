import { describe, expect, it } from 'vitest';
import { decidePartSignal } from '../../../core/demand/decide-part-signal.ts';
import {
  buildDemandWatchItem,
  changesWithTime,
  DemandWatchItemSchema,
} from '../../../core/demand/demand-watch.ts';
import type { DemandSignalDecision } from '../../../core/demand/evaluate-demand-signal.ts';
import type { PartDemandSnapshot } from '../../../core/ports/demand-store.ts';
import { DEFAULT_DEMAND_CONFIG } from '../../../schemas/config/demand-config.ts';
import type { DemandSignalState } from '../../../schemas/entities/demand-signal.ts';

const NOW = new Date('2026-03-02T10:00:00Z');
const PART = 'P-100';

const snapshot = (extra: Partial<PartDemandSnapshot> = {}): PartDemandSnapshot => ({
  partNumber: PART,
  known: true,
  inputs: { orders: [], shipments: [], webInterest: [] },
  inventory: [{ partNumber: PART, site: 'MUC', onHand: 100, inbound: 0, allocated: 0, leadTimeDays: 14 }],
  ...extra,
});

const order = (status: 'open' | 'delivered', requestedDeliveryDate: string) => ({
  customerId: 'C1',
  order: {
    orderNumber: 'SO-1',
    orderedAt: '2026-02-01T08:00:00Z',
    status,
    currency: 'EUR',
    netAmount: 100,
    lines: [{ lineNumber: '10', partNumber: PART, quantity: 5, requestedDeliveryDate }],
  },
});

const signal = (status: DemandSignalState['status']): DemandSignalState => ({
  signalKey: 'P-100.1000.2026-03-02',
  partNumber: PART,
  plant: '1000',
  status,
  revision: 1,
  quantityShort: 3,
  needBy: '2026-03-05',
  period: { start: '2026-03-02', end: '2026-03-08' },
  decidedAt: '2026-03-02T08:00:00Z',
});

const judge = (s: PartDemandSnapshot, decision?: DemandSignalDecision) =>
  changesWithTime(s, decision ?? decidePartSignal(s, DEFAULT_DEMAND_CONFIG, NOW), DEFAULT_DEMAND_CONFIG, NOW);

describe('changesWithTime', () => {
  it('is true for demand beyond the lead time, which time brings within it', () => {
    expect(
      judge(snapshot({ inputs: { orders: [order('open', '2026-06-01')], shipments: [], webInterest: [] } })),
    ).toBe(true);
  });

  it('is true for web interest inside its window, which time takes out of it', () => {
    const webInterest = [
      { eventId: 'w-1', kind: 'cartAdd' as const, partNumber: PART, observedAt: '2026-03-01T10:00:00Z' },
    ];
    expect(judge(snapshot({ inputs: { orders: [], shipments: [], webInterest } }))).toBe(true);
  });

  it('is true for an open signal with no demand left to see (time may withdraw it)', () => {
    const none: DemandSignalDecision = {
      action: 'none',
      reason: 'within the minimum change',
      basis: {} as Extract<DemandSignalDecision, { action: 'none' }>['basis'],
    };
    expect(judge(snapshot({ signal: signal('open') }), none)).toBe(true);
  });

  it('is false with no demand and no open signal: closed orders, interest outside its window, a withdrawn signal', () => {
    const webInterest = [
      { eventId: 'w-1', kind: 'cartAdd' as const, partNumber: PART, observedAt: '2026-02-01T10:00:00Z' },
    ];
    const quiet = snapshot({
      inputs: { orders: [order('delivered', '2026-03-10')], shipments: [], webInterest },
      signal: signal('withdrawn'),
    });
    expect(judge(quiet)).toBe(false);
  });

  it("takes the signal as the decision leaves it: a withdrawal ends an open signal's watch, a raise starts one", () => {
    const decision = decidePartSignal(snapshot({ signal: signal('open') }), DEFAULT_DEMAND_CONFIG, NOW);
    expect(decision.action).toBe('withdraw');
    expect(judge(snapshot({ signal: signal('open') }), decision)).toBe(false);

    const short = snapshot({
      inventory: [],
      inputs: { orders: [order('open', '2026-03-03')], shipments: [], webInterest: [] },
    });
    const raise = decidePartSignal(short, DEFAULT_DEMAND_CONFIG, NOW);
    expect(raise.action).toBe('raise');
    expect(judge({ ...short, inputs: { orders: [], shipments: [], webInterest: [] } }, raise)).toBe(true);
  });
});

describe('the watch item', () => {
  it("sits beside the part's signal and lists the part in the watch partition of gsi1", () => {
    const item = buildDemandWatchItem(PART, '2026-03-02');

    expect(item).toEqual({
      pk: 'PRODUCT#P-100',
      sk: 'DEMAND-WATCH',
      kind: 'demandWatch',
      partNumber: PART,
      seenOn: '2026-03-02',
      gsi1pk: 'DEMAND-WATCH',
      gsi1sk: PART,
    });
    expect(DemandWatchItemSchema.parse(item)).toMatchObject({ partNumber: PART, seenOn: '2026-03-02' });
  });

  it('refuses a watch item without a day', () => {
    expect(
      DemandWatchItemSchema.safeParse({ kind: 'demandWatch', partNumber: PART, seenOn: 'soon' }).success,
    ).toBe(false);
  });
});
