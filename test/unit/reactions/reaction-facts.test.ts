import { describe, expect, it } from 'vitest';
import { isKeyCustomer, latestStatus, recordFacts } from '../../../core/reactions/customer-facts.ts';
import { judgeNewsworthiness } from '../../../core/reactions/history-not-news.ts';
import {
  REACTION_DETAIL_TYPES,
  reactionAnnouncementItem,
  reactionAnnouncementKey,
  reactionDecisionItem,
  reactionDecisionKey,
} from '../../../core/reactions/reaction-decision.ts';
import {
  invoiceStateReachedAt,
  orderStateReachedAt,
  shipmentStateReachedAt,
} from '../../../core/reactions/state-reached-at.ts';
import { ReactionsConfigSchema } from '../../../schemas/config/reactions-config.ts';

const item = (sk: string, fields: Record<string, unknown>) => ({ pk: 'CUST#C1', sk, ...fields });
const status = (dimension: string, value: string, changedAt: string) =>
  item(`STATUS#${dimension}#${changedAt}`, { kind: 'status', change: { dimension, value, changedAt } });

describe('recordFacts', () => {
  it('keeps the live source records of a partition with entity, key and data', () => {
    const facts = recordFacts([
      item('REC#1', {
        kind: 'record',
        entity: 'order',
        recordKey: 'sap/orders/1',
        data: { orderNumber: '1' },
      }),
      item('REC#2', { kind: 'record', entity: 'order', recordKey: 'sap/orders/2' }),
      item('REC#3', { kind: 'record', entity: 'order', recordKey: 'sap/orders/3', data: null }),
      item('REC#4', { kind: 'record', entity: 'order', recordKey: 'sap/orders/4', data: 'text' }),
      item('PROFILE', { kind: 'profile', entity: 'customer', recordKey: 'x', data: { name: 'A' } }),
    ]);

    expect(facts).toEqual([{ entity: 'order', recordKey: 'sap/orders/1', data: { orderNumber: '1' } }]);
  });
});

describe('latestStatus', () => {
  it('answers the value of the most recent change of the dimension, whatever the item order', () => {
    const items = [
      status('lifecycleStage', 'shortTerm', '2026-02-01T00:00:00Z'),
      status('lifecycleStage', 'dormant', '2026-03-01T00:00:00Z'),
      status('lifecycleStage', 'firstTime', '2026-01-01T00:00:00Z'),
      status('keyCustomer', 'true', '2026-04-01T00:00:00Z'),
    ];

    expect(latestStatus(items, 'lifecycleStage')).toBe('dormant');
    expect(latestStatus([...items].reverse(), 'lifecycleStage')).toBe('dormant');
  });

  it('skips status items without a value or a time, and other kinds of item', () => {
    const items = [
      status('lifecycleStage', 'firstTime', '2026-01-01T00:00:00Z'),
      item('S1', {
        kind: 'status',
        change: { dimension: 'lifecycleStage', changedAt: '2026-05-01T00:00:00Z' },
      }),
      item('S2', { kind: 'status', change: { dimension: 'lifecycleStage', value: 'churned' } }),
      item('S3', { kind: 'status' }),
      item('REC', {
        kind: 'record',
        change: { dimension: 'lifecycleStage', value: 'churned', changedAt: '2026-06-01T00:00:00Z' },
      }),
    ];

    expect(latestStatus(items, 'lifecycleStage')).toBe('firstTime');
    expect(latestStatus(items, 'keyCustomer')).toBeUndefined();
  });

  it('calls a customer key only while its latest keyCustomer status is true', () => {
    const flagged = status('keyCustomer', 'true', '2026-01-01T00:00:00Z');
    const unflagged = status('keyCustomer', 'false', '2026-02-01T00:00:00Z');

    expect(isKeyCustomer([flagged])).toBe(true);
    expect(isKeyCustomer([flagged, unflagged])).toBe(false);
    expect(isKeyCustomer([])).toBe(false);
  });
});

describe('reaction decision items', () => {
  it('marks a decision without its payload, and announces it with the payload for a day', () => {
    const decision = {
      detailType: 'WarrantyExpiring' as const,
      payload: { reactionKey: 'coverage:C1:P', customerId: 'C1', daysLeft: 3 },
    };
    const writtenAt = new Date('2026-03-05T08:00:00Z');

    expect(reactionDecisionItem(decision, '2026-03-02T10:00:00Z')).toEqual({
      pk: 'REACTION#coverage:C1:P',
      sk: 'DECISION',
      kind: 'reactionDecided',
      detailType: 'WarrantyExpiring',
      reactionKey: 'coverage:C1:P',
      decidedAt: '2026-03-02T10:00:00Z',
    });
    expect(
      reactionAnnouncementItem(decision, {
        decidedAt: '2026-03-02T10:00:00Z',
        backfill: 'initialLoad',
        writtenAt,
      }),
    ).toEqual({
      pk: 'REACTION#coverage:C1:P',
      sk: 'ANNOUNCEMENT',
      kind: 'reaction',
      detailType: 'WarrantyExpiring',
      reactionKey: 'coverage:C1:P',
      decidedAt: '2026-03-02T10:00:00Z',
      payload: decision.payload,
      backfill: 'initialLoad',
      // A day after it was written, not after the (backfilled) change it is about.
      expiresAt: Date.parse('2026-03-06T08:00:00Z') / 1000,
    });
    expect(
      reactionAnnouncementItem(decision, { decidedAt: '2026-03-02T10:00:00Z', writtenAt }),
    ).not.toHaveProperty('backfill');
    expect(reactionDecisionKey('coverage:C1:P')).toEqual({ pk: 'REACTION#coverage:C1:P', sk: 'DECISION' });
    expect(reactionAnnouncementKey('coverage:C1:P')).toEqual({
      pk: 'REACTION#coverage:C1:P',
      sk: 'ANNOUNCEMENT',
    });
  });

  it('lists the six reaction events a decision can announce', () => {
    expect(REACTION_DETAIL_TYPES).toEqual([
      'PaymentFollowUpDue',
      'CrossSellOpportunityFound',
      'ProductIssueThresholdReached',
      'WarrantyExpiring',
      'LateShipmentNoticeDue',
      'RetentionTaskDue',
    ]);
  });
});

describe('when a state was reached', () => {
  it('dates an order by when it was placed', () => {
    expect(orderStateReachedAt({ orderedAt: '2026-01-05T08:00:00Z' })).toBe('2026-01-05T08:00:00Z');
  });

  it('dates a delivered shipment by its delivery, any other by its promise', () => {
    const shipment = { promisedDate: '2026-02-01', deliveredAt: '2026-02-03T10:00:00Z' };

    expect(shipmentStateReachedAt({ ...shipment, status: 'delivered' })).toBe('2026-02-03T10:00:00Z');
    expect(shipmentStateReachedAt({ ...shipment, status: 'inTransit' })).toBe('2026-02-01');
    expect(shipmentStateReachedAt({ promisedDate: '2026-02-01', status: 'delivered' })).toBe('2026-02-01');
  });

  it('dates a paid invoice by its payment, any other by its due date', () => {
    const invoice = { dueDate: '2026-02-01', paidOn: '2026-02-10' };

    expect(invoiceStateReachedAt({ ...invoice, status: 'paid' })).toBe('2026-02-10');
    expect(invoiceStateReachedAt({ ...invoice, status: 'open' })).toBe('2026-02-01');
    expect(invoiceStateReachedAt({ dueDate: '2026-02-01', status: 'paid' })).toBe('2026-02-01');
  });
});

describe('judgeNewsworthiness', () => {
  const seen = { occurredAt: '2026-03-10T00:00:00Z' };

  it('explains a backfill by what produced it', () => {
    expect(judgeNewsworthiness({ metadata: { ...seen, backfill: 'fullResync' } })).toEqual({
      live: false,
      reason: 'backfill',
      explanation: 'produced by fullResync, not by a change happening now',
    });
    expect(
      judgeNewsworthiness({ metadata: { ...seen, backfill: 'replay' }, acceptBackfill: false }),
    ).toMatchObject({
      live: false,
    });
  });

  it('calls a state stale only past the limit in whole days, reading a date as its UTC midnight', () => {
    // Default limit 7 days: reached exactly 7 days before is still news, 7 days and a second is not.
    expect(judgeNewsworthiness({ metadata: seen, stateReachedAt: '2026-03-03' })).toEqual({ live: true });
    expect(judgeNewsworthiness({ metadata: seen, stateReachedAt: '2026-03-02T23:59:59Z' })).toEqual({
      live: false,
      reason: 'stale',
      explanation: 'the state was reached 7 days before the hub saw it (limit 7)',
    });
  });

  it('measures staleness against the configured limit', () => {
    const config = ReactionsConfigSchema.parse({ staleAfterDays: 30 });

    expect(judgeNewsworthiness({ metadata: seen, stateReachedAt: '2026-02-10', config })).toEqual({
      live: true,
    });
    expect(judgeNewsworthiness({ metadata: seen, stateReachedAt: '2026-01-01', config })).toMatchObject({
      live: false,
      explanation: 'the state was reached 68 days before the hub saw it (limit 30)',
    });
  });

  it('cannot judge staleness from a time that does not parse, and then lets the change through', () => {
    expect(judgeNewsworthiness({ metadata: seen, stateReachedAt: 'someday' })).toEqual({ live: true });
    expect(
      judgeNewsworthiness({ metadata: { occurredAt: 'not a time' }, stateReachedAt: '2020-01-01' }),
    ).toEqual({ live: true });
  });
});
