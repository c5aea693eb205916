import { describe, expect, it, vi } from 'vitest';
import {
  resentQueryOf,
  sendingQueryOf,
} from '../../../adapters/dynamodb/reactions/dynamodb-reaction-ledger.ts';
import { inferDeliveries, isDeliverySweep } from '../../../app/reactions/infer-deliveries.ts';
import { isDeliveryReceipt } from '../../../app/reactions/record-delivery.ts';
import type { LedgerEntryRef, ReactionLedger, ResentEntryRef } from '../../../core/ports/reaction-ledger.ts';
import { inferenceWindow } from '../../../core/reactions/delivery-inference.ts';

const NOW = new Date('2026-03-04T12:00:00.000Z');
const HOUR = 3600;
const sweep = { sweep: 'inferDeliveries', settleAfterSeconds: 3 * HOUR, lookBackSeconds: 48 * HOUR };

describe('the window a delivery sweep infers', () => {
  it('is the reactions sent between look-back and settle time ago', () => {
    expect(inferenceWindow(NOW, { settleAfterSeconds: 3 * HOUR, lookBackSeconds: 48 * HOUR })).toEqual({
      from: '2026-03-02T12:00:00.000Z',
      until: '2026-03-04T09:00:00.000Z',
    });
  });

  it('refuses a look-back that does not reach past the settle time', () => {
    expect(() => inferenceWindow(NOW, { settleAfterSeconds: 3 * HOUR, lookBackSeconds: 3 * HOUR })).toThrow(
      /lookBackSeconds \(10800\) must exceed settleAfterSeconds \(10800\)/,
    );
  });
});

describe('the sending-entries Query', () => {
  const query = sendingQueryOf('hub360-test-customer-360', {
    from: '2026-03-02T12:00:00.000Z',
    until: '2026-03-04T09:00:00.000Z',
  });
  const values = query.ExpressionAttributeValues;
  /** Whether DynamoDB's BETWEEN (inclusive, by UTF-8 bytes, here the same as string order) keeps a sort key. */
  const kept = (sk: string) => sk >= values[':from'] && sk <= values[':until'];

  it('is bounded on both ends of the time-sorted ledger partition', () => {
    expect(query.KeyConditionExpression).toBe('#pk = :pk AND #sk BETWEEN :from AND :until');
    expect(values[':pk']).toBe('REACTIONS');
    expect(kept('2026-03-02T11:59:59.999Z#evt-1.cross-sell-to-sales')).toBe(false);
    expect(kept('2026-03-02T12:00:00.000Z#evt-2.cross-sell-to-sales')).toBe(true);
    expect(kept('2026-03-04T09:00:00.000Z#evt-3.retention-to-call-center')).toBe(true);
    expect(kept('2026-03-04T09:00:00.001Z#evt-4.retention-to-call-center')).toBe(false);
  });

  it('keeps recorded entries nobody reported on, reading only their keys', () => {
    expect(query.FilterExpression).toBe('attribute_exists(#record) AND attribute_not_exists(#delivery)');
    expect(query.ProjectionExpression).toBe('#sk');
  });
});

/** A ledger holding sending entries; `answered` are those a receipt reached between the Query and the update. */
const sendingLedger = (
  refs: readonly LedgerEntryRef[],
  answered: readonly string[] = [],
  resent: readonly ResentEntryRef[] = [],
) => {
  const inferred: { ref: LedgerEntryRef; at: string }[] = [];
  const ledger = {
    sending: vi.fn(async () => refs),
    resent: vi.fn(async () => resent),
    inferResentDelivered: vi.fn(async (ref: ResentEntryRef, at: string) => {
      if (answered.includes(ref.reactionId)) return false;
      inferred.push({ ref, at });
      return true;
    }),
    inferDelivered: vi.fn(async (ref: LedgerEntryRef, at: string) => {
      if (answered.includes(ref.reactionId)) return false;
      inferred.push({ ref, at });
      return true;
    }),
  } as unknown as ReactionLedger;
  return { ledger, inferred };
};

describe('the re-sent-entries Query', () => {
  const query = resentQueryOf('hub360-test-customer-360', '2026-03-04T09:00:00.000Z');
  const until = query.ExpressionAttributeValues[':until'];

  it('reads the re-send pointers up to the window end by their sort key, naming only the entry', () => {
    expect(query.KeyConditionExpression).toBe('#pk = :pk AND #sk <= :until');
    expect(query.ExpressionAttributeValues[':pk']).toBe('REACTIONS#RESENT');
    expect('2026-03-04T09:00:00.000Z#2026-02-20T08:00:00.000Z#evt-9.cross-sell-to-sales' <= until).toBe(true);
    expect('2026-03-04T09:00:00.001Z#2026-02-20T08:00:00.000Z#evt-9.cross-sell-to-sales' <= until).toBe(
      false,
    );
    expect(query.ProjectionExpression).toBe('#entryAt, #reactionId, #resentAt');
    expect(query).not.toHaveProperty('FilterExpression');
  });
});

describe('the delivery sweep', () => {
  it('infers delivered every entry still sending in its window, at the time of the sweep', async () => {
    const refs = [
      { reactionId: 'evt-1.cross-sell-to-sales', at: '2026-03-03T08:00:00.000Z' },
      { reactionId: 'evt-2.retention-to-call-center', at: '2026-03-04T08:59:00.000Z' },
    ];
    const { ledger, inferred } = sendingLedger(refs);

    const result = await inferDeliveries(sweep, { ledger, now: () => NOW });

    expect(ledger.sending).toHaveBeenCalledWith({
      from: '2026-03-02T12:00:00.000Z',
      until: '2026-03-04T09:00:00.000Z',
    });
    expect(inferred).toEqual(refs.map((ref) => ({ ref, at: NOW.toISOString() })));
    expect(result).toMatchObject({ sending: 2, inferred: 2 });
  });

  it('counts only what it changed when a receipt got there first', async () => {
    const { ledger } = sendingLedger(
      [
        { reactionId: 'evt-1.cross-sell-to-sales', at: '2026-03-03T08:00:00.000Z' },
        { reactionId: 'evt-2.cross-sell-to-sales', at: '2026-03-03T08:01:00.000Z' },
      ],
      ['evt-2.cross-sell-to-sales'],
    );

    expect(await inferDeliveries(sweep, { ledger, now: () => NOW })).toMatchObject({
      sending: 2,
      inferred: 1,
    });
  });

  it('infers re-sent entries from the time they were re-sent, found up to the end of its window', async () => {
    const resent = [
      // Sent long before the look-back, re-sent 4 hours ago: judged by the re-send.
      {
        reactionId: 'evt-9.cross-sell-to-sales',
        at: '2026-02-20T08:00:00.000Z',
        resentAt: '2026-03-04T08:00:00.000Z',
      },
      {
        reactionId: 'evt-8.cross-sell-to-sales',
        at: '2026-03-01T08:00:00.000Z',
        resentAt: '2026-03-04T08:30:00.000Z',
      },
    ];
    const { ledger, inferred } = sendingLedger([], ['evt-8.cross-sell-to-sales'], resent);

    const result = await inferDeliveries(sweep, { ledger, now: () => NOW });

    expect(ledger.resent).toHaveBeenCalledWith('2026-03-04T09:00:00.000Z');
    expect(inferred).toEqual([{ ref: resent[0], at: NOW.toISOString() }]);
    expect(result).toMatchObject({ sending: 0, inferred: 0, resent: 2, inferredResent: 1 });
  });

  it('refuses an input that is not a sweep instead of guessing a window', async () => {
    const { ledger } = sendingLedger([]);

    await expect(
      inferDeliveries({ sweep: 'inferDeliveries', settleAfterSeconds: 3 * HOUR }, { ledger, now: () => NOW }),
    ).rejects.toThrow(/lookBackSeconds/);
    expect(ledger.sending).not.toHaveBeenCalled();
  });

  it('is told apart from receipts and ledger inputs', () => {
    expect(isDeliverySweep(sweep)).toBe(true);
    expect(isDeliveryReceipt(sweep)).toBe(false);
    expect(isDeliverySweep({ receipt: {}, event: {} })).toBe(false);
    expect(isDeliverySweep({ rule: 'r', system: 'sales', event: {} })).toBe(false);
  });
});
