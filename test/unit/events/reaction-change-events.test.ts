import { describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import { correlationIdFor } from '../../../core/events/event-ids.ts';
import { mapChangeToEvents } from '../../../core/events/map-change-to-events.ts';
import {
  mapReactionDecisionToEvents,
  UnpublishableDecisionError,
} from '../../../core/events/map-reaction-to-events.ts';
import {
  type ReactionDecision,
  reactionAnnouncementItem,
  reactionDecisionItem,
} from '../../../core/reactions/reaction-decision.ts';

// A reaction decision item becomes its hub360.reactions event once, on insert, with an id derived from
// the reaction key so every copy (retry, replay) is the receiving system's idempotency key.

const warranty: ReactionDecision = {
  detailType: 'WarrantyExpiring',
  payload: {
    reactionKey: 'coverage:C1:P-100',
    customerId: 'C1',
    partNumber: 'P-100',
    coverage: 'warranty',
    endsOn: '2026-03-20',
    daysLeft: 5,
  },
};
const DECIDED_AT = '2026-03-15T10:00:00Z';
const announcementOf = (backfill?: string, decision: ReactionDecision = warranty) =>
  reactionAnnouncementItem(decision, { decidedAt: DECIDED_AT, backfill, writtenAt: new Date(DECIDED_AT) });

const insertOf = (image: Record<string, unknown>, over: Partial<ChangeRecord> = {}): ChangeRecord => ({
  eventName: 'INSERT',
  sequenceNumber: '42',
  approximateCreationDateTime: 1_772_000_000,
  keys: { pk: String(image.pk), sk: String(image.sk) },
  newImage: image,
  ...over,
});

const only = (events: ReturnType<typeof mapReactionDecisionToEvents>) => {
  expect(events).toHaveLength(1);
  const [event] = events;
  if (!event) throw new Error('no event');
  return event;
};

describe('mapReactionDecisionToEvents', () => {
  it('announces an inserted decision as its reaction event with the payload and decision time', () => {
    const event = only(mapReactionDecisionToEvents(insertOf(announcementOf())));
    expect(event.source).toBe('hub360.reactions');
    expect(event.detailType).toBe('WarrantyExpiring');
    expect(event.detail).toMatchObject({ schemaVersion: 1, ...warranty.payload });
    expect(event.detail.metadata).toEqual({
      eventId: correlationIdFor('reaction', 'coverage:C1:P-100', 'WarrantyExpiring'),
      correlationId: correlationIdFor('coverage:C1:P-100'),
      occurredAt: DECIDED_AT,
      producer: 'reaction-decisions',
    });
  });

  it('gives every copy of a decision the same event id, whatever stream record carries it', () => {
    const item = announcementOf();
    const first = only(mapReactionDecisionToEvents(insertOf(item)));
    const replayed = only(mapReactionDecisionToEvents(insertOf(item, { sequenceNumber: '99' })));
    expect(replayed.detail.metadata.eventId).toBe(first.detail.metadata.eventId);
  });

  it('carries the backfill mark of the triggering change, and none for a live one', () => {
    const history = only(mapReactionDecisionToEvents(insertOf(announcementOf('replay'))));
    expect(history.detail.metadata.backfill).toBe('replay');
    const live = only(mapReactionDecisionToEvents(insertOf(announcementOf())));
    expect('backfill' in live.detail.metadata).toBe(false);
  });

  it("announces nothing for a decision's marker (the announcement beside it does)", () => {
    expect(mapChangeToEvents(insertOf(reactionDecisionItem(warranty, DECIDED_AT)))).toEqual([]);
  });

  it('announces nothing for a rewritten or removed decision', () => {
    const item = announcementOf();
    expect(mapReactionDecisionToEvents(insertOf(item, { eventName: 'MODIFY', oldImage: item }))).toEqual([]);
    expect(mapReactionDecisionToEvents(insertOf(item, { eventName: 'REMOVE', oldImage: item }))).toEqual([]);
    expect(mapReactionDecisionToEvents(insertOf(item, { newImage: undefined }))).toEqual([]);
  });

  it('refuses a decision naming an event it does not know, naming the item', () => {
    const item = { ...announcementOf(), detailType: 'FreeLunch' };
    const act = () => mapReactionDecisionToEvents(insertOf(item));
    expect(act).toThrow(UnpublishableDecisionError);
    expect(act).toThrow('decision REACTION#coverage:C1:P-100 names unknown event "FreeLunch"');
  });

  it('refuses a payload its event rejects, naming event, reaction key and every field at fault', () => {
    const broken: ReactionDecision = {
      ...warranty,
      payload: { ...warranty.payload, endsOn: 'soon', daysLeft: -1 },
    };
    let error: unknown;
    try {
      mapReactionDecisionToEvents(insertOf(announcementOf(undefined, broken)));
    } catch (err: unknown) {
      error = err;
    }
    expect(error).toBeInstanceOf(UnpublishableDecisionError);
    expect((error as Error).name).toBe('UnpublishableDecisionError');
    expect((error as Error).message).toMatch(
      /^WarrantyExpiring for coverage:C1:P-100: endsOn: .+; daysLeft: .+/,
    );
  });

  it('names a field inside a nested payload object by its dotted path', () => {
    const followUp: ReactionDecision = {
      detailType: 'PaymentFollowUpDue',
      payload: {
        reactionKey: 'payment:C1:INV-1',
        customerId: 'C1',
        invoice: {
          invoiceNumber: 'INV-1',
          issuedOn: '2026-03-01',
          dueDate: '2026-03-31',
          amount: 10,
          currency: 'EUR',
          status: 'late',
        },
        openAmount: 10,
        daysOverdue: 3,
      },
    };
    expect(() => mapReactionDecisionToEvents(insertOf(announcementOf(undefined, followUp)))).toThrow(
      /^PaymentFollowUpDue for payment:C1:INV-1: invoice\.status: /,
    );
  });

  it('is what the change feed publishes for a reaction item', () => {
    const item = announcementOf();
    expect(mapChangeToEvents(insertOf(item))).toEqual(mapReactionDecisionToEvents(insertOf(item)));
    expect(mapChangeToEvents(insertOf(item))).toHaveLength(1);
  });
});
