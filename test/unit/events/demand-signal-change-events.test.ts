import { describe, expect, it } from 'vitest';
import { evaluateDemandSignal } from '../../../core/demand/evaluate-demand-signal.ts';
import { buildDemandSignalItem } from '../../../core/demand/signal-item.ts';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import { correlationIdFor, eventIdFor } from '../../../core/events/event-ids.ts';
import { mapChangeToEvents, UnpublishableChangeError } from '../../../core/events/map-change-to-events.ts';
import { demandSignalEvents } from '../../../core/events/map-demand-signal-change.ts';
import type { SignalChange } from '../../../core/ports/demand-store.ts';
import type { DemandSignalState } from '../../../schemas/entities/demand-signal.ts';

// A part's demand-signal item announces the decision it stores (raise, supersede, withdraw) once per
// revision. Items are built by the production decision code, so the test sees what the store writes.

const PART = 'P-1';
const NOW = new Date('2026-03-04T10:00:00Z');
const demand = {
  partNumber: PART,
  days: [{ day: '2026-03-05', order: 10, quote: 0, web: 0, total: 10 }],
  evidence: [
    {
      source: 'order' as const,
      reference: 'SO-1/10',
      customerId: 'C1',
      day: '2026-03-05',
      rawQuantity: 10,
      weight: 1,
      quantity: 10,
    },
  ],
};
const decide = (available: number, previousSignal?: DemandSignalState): SignalChange => {
  const decision = evaluateDemandSignal({
    partNumber: PART,
    demand,
    stock: { onHand: available, inbound: 0, allocated: 0, available, sites: 1 },
    leadTimeDays: 7,
    safetyStock: 0,
    now: NOW,
    previousSignal,
  });
  if (decision.action === 'none') throw new Error('expected a signal change');
  return decision;
};
const raise = decide(0);
const supersede = decide(5, raise.next);
const withdraw = decide(50, raise.next);

const KEYS = { pk: 'PRODUCT#P-1', sk: 'DEMAND-SIGNAL' };
const changeOf = (
  next: SignalChange,
  previous?: SignalChange,
  over: Partial<ChangeRecord> = {},
): ChangeRecord => ({
  eventName: previous ? 'MODIFY' : 'INSERT',
  sequenceNumber: '5',
  approximateCreationDateTime: 1_772_600_000,
  keys: KEYS,
  newImage: buildDemandSignalItem(PART, next),
  ...(previous ? { oldImage: buildDemandSignalItem(PART, previous) } : {}),
  ...over,
});
const fail = (message: string) => new UnpublishableChangeError(message);
const eventsOf = (change: ChangeRecord) => demandSignalEvents(change, 'stream-publisher', fail);

describe('demandSignalEvents', () => {
  it('announces each decision as its event with the decision detail and idempotency key', () => {
    expect(supersede.action).toBe('supersede');
    expect(withdraw.action).toBe('withdraw');
    const cases = [
      [raise, undefined, 'DemandSignalRaised'],
      [supersede, raise, 'DemandSignalSuperseded'],
      [withdraw, raise, 'DemandSignalWithdrawn'],
    ] as const;
    for (const [next, previous, detailType] of cases) {
      const events = eventsOf(changeOf(next, previous));
      expect(events).toHaveLength(1);
      expect(events[0]?.source).toBe('hub360.demand');
      expect(events[0]?.detailType).toBe(detailType);
      expect(events[0]?.detail).toMatchObject({
        schemaVersion: 1,
        signalKey: next.detail.signalKey,
        revision: next.next.revision,
        idempotencyKey: next.detail.idempotencyKey,
      });
    }
  });

  it('stamps producer, commit time, an id from the change and a correlation id from the signal key', () => {
    const change = changeOf(raise);
    const [event] = eventsOf(change);
    expect(event?.detail.metadata).toEqual({
      eventId: eventIdFor(change, 'DemandSignalRaised'),
      correlationId: correlationIdFor('demand-signal', raise.detail.signalKey),
      occurredAt: new Date(1_772_600_000_000).toISOString(),
      producer: 'stream-publisher',
    });
  });

  it('dates a change without a commit time at the epoch', () => {
    const [event] = eventsOf(changeOf(raise, undefined, { approximateCreationDateTime: undefined }));
    expect(event?.detail.metadata.occurredAt).toBe('1970-01-01T00:00:00.000Z');
  });

  it('announces nothing when the same revision is written again', () => {
    const item = buildDemandSignalItem(PART, raise);
    expect(eventsOf(changeOf(raise, undefined, { eventName: 'MODIFY', oldImage: item }))).toEqual([]);
  });

  it('announces a new revision even when the old image is unreadable', () => {
    expect(
      eventsOf(changeOf(supersede, undefined, { eventName: 'MODIFY', oldImage: { kind: 'demandSignal' } })),
    ).toHaveLength(1);
  });

  it('announces nothing for a removed item or a change without a new image', () => {
    const item = buildDemandSignalItem(PART, raise);
    expect(eventsOf(changeOf(raise, undefined, { eventName: 'REMOVE', oldImage: item }))).toEqual([]);
    expect(eventsOf(changeOf(raise, undefined, { eventName: 'REMOVE' }))).toEqual([]);
    expect(eventsOf(changeOf(raise, undefined, { newImage: undefined }))).toEqual([]);
  });

  it('refuses a malformed item through the caller-given error, naming the part item', () => {
    const act = () =>
      eventsOf(changeOf(raise, undefined, { newImage: { kind: 'demandSignal', revision: 0 } }));
    expect(act).toThrow(UnpublishableChangeError);
    expect(act).toThrow('demand-signal item PRODUCT#P-1 is malformed');
  });

  it('refuses a decision detail its event rejects, naming event, item and nested field', () => {
    const item = buildDemandSignalItem(PART, raise);
    const broken = {
      ...item,
      decision: { action: 'raise', detail: { ...raise.detail, quantityShort: -1, period: { start: 'x' } } },
    };
    let error: unknown;
    try {
      eventsOf(changeOf(raise, undefined, { newImage: broken }));
    } catch (err: unknown) {
      error = err;
    }
    expect(error).toBeInstanceOf(UnpublishableChangeError);
    expect((error as Error).message).toMatch(/^DemandSignalRaised for PRODUCT#P-1: .*period\.start: .+; .+/);
  });

  it('is what the change feed publishes for a demand-signal item', () => {
    const change = changeOf(supersede, raise);
    expect(mapChangeToEvents(change)).toEqual(eventsOf(change));
    expect(() =>
      mapChangeToEvents(changeOf(raise, undefined, { newImage: { kind: 'demandSignal' } })),
    ).toThrow(UnpublishableChangeError);
  });
});
