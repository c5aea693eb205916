import { describe, expect, it } from 'vitest';
import { evaluateDemandSignal } from '../../../core/demand/evaluate-demand-signal.ts';
import {
  buildDemandSignalRevisionItem,
  DemandSignalRevisionItemSchema,
} from '../../../core/demand/signal-item.ts';

describe('signal history items', () => {
  it('reads back a history item of every action a signal change can take: raise, supersede, withdraw', () => {
    // prepare: a raise, then the same history item as each of the other actions would store it
    const decision = evaluateDemandSignal({
      partNumber: 'P-1',
      demand: {
        partNumber: 'P-1',
        days: [{ day: '2026-03-05', order: 5, quote: 0, web: 0, total: 5 }],
        evidence: [],
      },
      stock: { onHand: 0, inbound: 0, allocated: 0, available: 0, sites: 1 },
      leadTimeDays: 7,
      safetyStock: 0,
      now: new Date('2026-03-04T10:00:00Z'),
    });
    if (decision.action !== 'raise') throw new Error(`expected a raise, got ${decision.action}`);
    const stored = buildDemandSignalRevisionItem('P-1', decision);

    // act
    const actions = (['raise', 'supersede', 'withdraw'] as const).map(
      (action) => DemandSignalRevisionItemSchema.parse({ ...stored, action }).action,
    );

    // assert
    expect(actions).toEqual(['raise', 'supersede', 'withdraw']);
    expect(DemandSignalRevisionItemSchema.safeParse({ ...stored, action: 'none' }).success).toBe(false);
  });
});
