import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbReactionLedger } from '../../../adapters/dynamodb/reactions/dynamodb-reaction-ledger.ts';
import { inferDeliveries } from '../../../app/reactions/infer-deliveries.ts';
import { recordDelivery } from '../../../app/reactions/record-delivery.ts';
import { recordReaction } from '../../../app/reactions/record-reaction.ts';
import { keys } from '../../../core/items/keys.ts';
import type { ReactionLedger } from '../../../core/ports/reaction-ledger.ts';
import { ERASED_CUSTOMER_SUMMARY } from '../../../core/reactions/forget-customer.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';

const RULE = 'coverage-expiry-to-service';

const event = (eventId: string, occurredAt: string) => ({
  'detail-type': 'WarrantyExpiring',
  detail: {
    metadata: { eventId, occurredAt },
    customerId: 'cus_1',
    partNumber: 'P-100',
    coverage: 'warranty',
    endsOn: '2026-03-12',
    daysLeft: 10,
  },
});
const ledgerInput = (eventId: string, occurredAt: string) => ({
  rule: RULE,
  system: 'service',
  event: event(eventId, occurredAt),
});
const receipt = (eventId: string, occurredAt: string, status: 'delivered' | 'failed', attempts = 1) => ({
  receipt: {
    rule: RULE,
    target: 'service-coverage-notice',
    status,
    at: '2026-03-02T10:05:00.000Z',
    attempts,
    ...(status === 'failed' ? { reason: 'retries exhausted after 9 attempts: HTTP 503' } : {}),
  },
  event: event(eventId, occurredAt),
});

let table: TestTable;
let ledger: ReactionLedger;
const deliveryOf = async (eventId: string) =>
  (await ledger.list({ rule: RULE, limit: 50 })).entries.find((e) => e.record.eventId === eventId)?.record
    .delivery;

beforeAll(async () => {
  table = await createTestTable('reaction-ledger');
  ledger = createDynamoDbReactionLedger(table.documentClient, table.tableName);
});
afterAll(async () => {
  await table?.drop();
});

describe('reaction ledger in DynamoDB: delivered is told from failed', () => {
  it('records a reaction as sending until its delivery is reported', async () => {
    await recordReaction(ledgerInput('e-1', '2026-03-02T10:00:00.000Z'), ledger);

    expect(await deliveryOf('e-1')).toEqual({ status: 'sending' });
  });

  it('marks a dead-lettered delivery failed, and delivered once a redrive got through', async () => {
    await recordReaction(ledgerInput('e-2', '2026-03-02T10:00:01.000Z'), ledger);

    await recordDelivery(receipt('e-2', '2026-03-02T10:00:01.000Z', 'failed', 9), ledger);
    const failed = await deliveryOf('e-2');
    await recordDelivery(receipt('e-2', '2026-03-02T10:00:01.000Z', 'delivered'), ledger);

    expect(failed).toEqual({
      status: 'failed',
      at: '2026-03-02T10:05:00.000Z',
      attempts: 9,
      reason: 'retries exhausted after 9 attempts: HTTP 503',
    });
    expect(await deliveryOf('e-2')).toEqual({
      status: 'delivered',
      at: '2026-03-02T10:05:00.000Z',
      attempts: 1,
    });
  });

  it('keeps a delivered reaction delivered when a repeated delivery fails later', async () => {
    await recordReaction(ledgerInput('e-3', '2026-03-02T10:00:02.000Z'), ledger);
    await recordDelivery(receipt('e-3', '2026-03-02T10:00:02.000Z', 'delivered'), ledger);

    const late = await recordDelivery(receipt('e-3', '2026-03-02T10:00:02.000Z', 'failed'), ledger);

    expect(late.result).toBe('alreadyDelivered');
    expect((await deliveryOf('e-3'))?.status).toBe('delivered');
  });

  it('keeps a receipt that arrived before its entry, and lists the entry only once it is recorded', async () => {
    await recordDelivery(receipt('e-4', '2026-03-02T10:00:03.000Z', 'delivered'), ledger);
    const before = await ledger.list({ limit: 50 });

    await recordReaction(ledgerInput('e-4', '2026-03-02T10:00:03.000Z'), ledger);
    await recordReaction(ledgerInput('e-4', '2026-03-02T10:00:03.000Z'), ledger);

    expect(before.entries.map((e) => e.record.eventId)).not.toContain('e-4');
    expect((await ledger.list({ limit: 50 })).entries.filter((e) => e.record.eventId === 'e-4')).toHaveLength(
      1,
    );
    expect((await deliveryOf('e-4'))?.status).toBe('delivered');
  });
});

describe('reaction ledger in DynamoDB: an erased customer is taken out', () => {
  const RETENTION = 'retention-to-call-center';
  const retention = (eventId: string, customerId: string, occurredAt: string) => ({
    rule: RETENTION,
    system: 'call-center',
    event: {
      'detail-type': 'RetentionTaskDue',
      detail: { metadata: { eventId, occurredAt }, customerId, reason: 'churnRisk' },
    },
  });
  const entriesOf = async (rule: string) =>
    (await ledger.list({ rule, limit: 50 })).entries.map((e) => e.record);
  const range = { from: '2026-03-01T00:00:00.000Z', until: '2026-03-31T00:00:00.000Z' };

  it('keeps the entries for the per-rule figures, without the customer, and drops what waited for its movement', async () => {
    await recordReaction(retention('r-1', 'cus_erased', '2026-03-03T10:00:00.000Z'), ledger);
    await recordReaction(retention('r-2', 'cus_merged', '2026-03-03T10:00:01.000Z'), ledger);
    await recordReaction(retention('r-3', 'cus_kept', '2026-03-03T10:00:02.000Z'), ledger);
    await recordDelivery(
      {
        receipt: {
          rule: RETENTION,
          target: 'call-center-retention-task',
          status: 'delivered',
          at: '2026-03-03T10:01:00.000Z',
          attempts: 1,
        },
        event: retention('r-1', 'cus_erased', '2026-03-03T10:00:00.000Z').event,
      },
      ledger,
    );
    const talliesBefore = await ledger.tallies('2026-03-01T00');

    const changed = await ledger.forget(['cus_erased', 'cus_merged']);

    expect(changed).toBe(2);
    const entries = await entriesOf(RETENTION);
    const byEvent = (eventId: string) => entries.find((e) => e.eventId === eventId);
    for (const eventId of ['r-1', 'r-2']) {
      expect(byEvent(eventId)).not.toHaveProperty('customerId');
      expect(byEvent(eventId)?.summary).toBe(ERASED_CUSTOMER_SUMMARY);
    }
    expect(byEvent('r-1')?.delivery.status).toBe('delivered');
    expect(byEvent('r-3')).toMatchObject({
      customerId: 'cus_kept',
      summary: 'Call to retain the customer (churnRisk)',
    });
    expect(await ledger.tallies('2026-03-01T00')).toEqual(talliesBefore);
    expect(await ledger.awaiting({ customerId: 'cus_erased' }, range)).toEqual([]);
    expect(await ledger.awaiting({ customerId: 'cus_merged' }, range)).toEqual([]);
    expect(await ledger.awaiting({ customerId: 'cus_kept' }, range)).toHaveLength(1);
  });

  it('changes nothing when it forgets again, or forgets a customer it holds nothing about', async () => {
    expect(await ledger.forget(['cus_erased', 'cus_merged'])).toBe(0);
    expect(await ledger.forget(['cus_never_seen'])).toBe(0);
    expect((await entriesOf(RETENTION)).filter((e) => e.customerId === 'cus_kept')).toHaveLength(1);
  });

  it('records a reaction that arrives after its customer was erased without the customer', async () => {
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          pk: keys.customer('cus_late'),
          sk: keys.profile,
          kind: 'profile',
          customerId: 'cus_late',
          status: 'erased',
        },
      }),
    );

    await recordReaction(retention('r-4', 'cus_late', '2026-03-03T10:00:03.000Z'), ledger);

    const late = (await entriesOf(RETENTION)).find((e) => e.eventId === 'r-4');
    expect(late).toMatchObject({ rule: RETENTION, kind: 'retentionTask', summary: ERASED_CUSTOMER_SUMMARY });
    expect(late).not.toHaveProperty('customerId');
    expect(await ledger.awaiting({ customerId: 'cus_late' }, range)).toEqual([]);
  });
});

describe('reaction ledger in DynamoDB: deliveries nobody reports are inferred (AWS)', () => {
  const SWEPT = 'cross-sell-to-sales';
  const NOW = new Date('2026-04-10T12:00:00.000Z');
  const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString();
  const sweep = { sweep: 'inferDeliveries', settleAfterSeconds: 3 * 3600, lookBackSeconds: 48 * 3600 };
  const lead = (eventId: string, occurredAt: string) => ({
    rule: SWEPT,
    system: 'sales',
    event: {
      'detail-type': 'CrossSellOpportunityFound',
      detail: {
        metadata: { eventId, occurredAt },
        customerId: 'cus_9',
        purchasedPartNumber: 'P-100',
        offeredPartNumber: 'P-200',
        relation: 'successor',
      },
    },
  });
  const leadReceipt = (eventId: string, occurredAt: string, status: 'delivered' | 'failed') => ({
    receipt: {
      rule: SWEPT,
      target: 'sales-cross-sell-lead',
      status,
      at: NOW.toISOString(),
      attempts: status === 'failed' ? 9 : 1,
      ...(status === 'failed' ? { reason: 'SDK_CLIENT_ERROR (MaximumRetryAttempts): Received a 503' } : {}),
    },
    event: lead(eventId, occurredAt).event,
  });
  const leadDelivery = async (eventId: string) =>
    (await ledger.list({ rule: SWEPT, limit: 50 })).entries.find((e) => e.record.eventId === eventId)?.record
      .delivery;
  const tallyOf = async () => {
    const tally = (await ledger.tallies(hoursAgo(72).slice(0, 13))).find((t) => t.rule === SWEPT);
    return {
      ...tally?.counts,
      open: (tally?.openByHour ?? []).reduce((sum, bucket) => sum + bucket.count, 0),
    };
  };

  beforeAll(async () => {
    await recordReaction(lead('s-settled', hoursAgo(4)), ledger);
    await recordReaction(lead('s-young', hoursAgo(2)), ledger);
    await recordReaction(lead('s-old', hoursAgo(60)), ledger);
    await recordReaction(lead('s-failed', hoursAgo(5)), ledger);
    await recordDelivery(leadReceipt('s-failed', hoursAgo(5), 'failed'), ledger);
    await recordReaction(lead('s-confirmed', hoursAgo(6)), ledger);
    await recordDelivery(leadReceipt('s-confirmed', hoursAgo(6), 'delivered'), ledger);
  });

  it('marks delivered, inferred, only what is still sending once its retry window and margin passed', async () => {
    const before = await tallyOf();

    const result = await inferDeliveries(sweep, { ledger, now: () => NOW });

    expect(result).toMatchObject({ sending: 1, inferred: 1 });
    expect(await leadDelivery('s-settled')).toEqual({
      status: 'delivered',
      at: NOW.toISOString(),
      inferred: true,
    });
    expect((await leadDelivery('s-young'))?.status).toBe('sending');
    // Older than the look-back: a sweep that missed two days leaves it sending.
    expect((await leadDelivery('s-old'))?.status).toBe('sending');
    expect((await leadDelivery('s-failed'))?.status).toBe('failed');
    expect(await leadDelivery('s-confirmed')).not.toHaveProperty('inferred');
    expect(await tallyOf()).toEqual({
      ...before,
      sending: (before.sending ?? 0) - 1,
      delivered: (before.delivered ?? 0) + 1,
      open: before.open + 1,
    });
  });

  it('changes nothing when the sweep runs again', async () => {
    const before = await tallyOf();

    const again = await inferDeliveries(sweep, { ledger, now: () => NOW });

    expect(again).toMatchObject({ sending: 0, inferred: 0 });
    expect(await tallyOf()).toEqual(before);
  });

  it('turns an inferred delivery failed when its dead letter comes late, and the tallies with it', async () => {
    const before = await tallyOf();

    const late = await recordDelivery(leadReceipt('s-settled', hoursAgo(4), 'failed'), ledger);

    expect(late.result).toBe('recorded');
    expect(await leadDelivery('s-settled')).toMatchObject({ status: 'failed', attempts: 9 });
    expect(await tallyOf()).toEqual({
      ...before,
      delivered: (before.delivered ?? 0) - 1,
      failed: (before.failed ?? 0) + 1,
      open: before.open - 1,
    });
  });

  it('keeps a receipt-confirmed delivery delivered when a dead letter of a repeated delivery comes', async () => {
    const late = await recordDelivery(leadReceipt('s-confirmed', hoursAgo(6), 'failed'), ledger);

    expect(late.result).toBe('alreadyDelivered');
    expect((await leadDelivery('s-confirmed'))?.status).toBe('delivered');
  });
});

describe('reaction ledger in DynamoDB: a reaction re-sent on AWS (no receipt follows a redrive)', () => {
  const RESENT = 'pdm-change-request-resent';
  const NOW = new Date('2026-05-10T12:00:00.000Z');
  const hoursFrom = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000).toISOString();
  const sweepAt = (hours: number) =>
    inferDeliveries(
      { sweep: 'inferDeliveries', settleAfterSeconds: 3 * 3600, lookBackSeconds: 48 * 3600 },
      { ledger, now: () => new Date(hoursFrom(hours)) },
    );
  const changeRequest = (eventId: string, occurredAt: string) => ({
    rule: RESENT,
    system: 'pdm',
    event: {
      'detail-type': 'ProductChangeRequested',
      detail: { metadata: { eventId, occurredAt }, customerId: 'cus_r', partNumber: 'P-300' },
    },
  });
  const deadLetter = (eventId: string, occurredAt: string, at: string, reason: string) => ({
    receipt: {
      rule: RESENT,
      target: 'pdm-change-request',
      status: 'failed' as const,
      at,
      attempts: 9,
      reason,
    },
    event: changeRequest(eventId, occurredAt).event,
  });
  const refOf = (eventId: string, at: string) => ({ reactionId: `${eventId}.${RESENT}`, at });
  const deliveryOf = async (eventId: string) =>
    (await ledger.list({ rule: RESENT, limit: 50 })).entries.find((e) => e.record.eventId === eventId)?.record
      .delivery;
  const tallyOf = async () => {
    const tally = (await ledger.tallies('2026-01-01T00')).find((t) => t.rule === RESENT);
    return {
      ...tally?.counts,
      open: (tally?.openByHour ?? []).reduce((sum, bucket) => sum + bucket.count, 0),
    };
  };
  // Sent four days ago, beyond the sweep's look-back: only its re-send brings it back into view.
  const SENT = hoursFrom(-96);

  beforeAll(async () => {
    await recordReaction(changeRequest('r-1', SENT), ledger);
    await recordDelivery(deadLetter('r-1', SENT, hoursFrom(-95), 'SDK_CLIENT_ERROR: 503'), ledger);
    await recordReaction(changeRequest('r-2', SENT), ledger);
    await recordDelivery(deadLetter('r-2', SENT, hoursFrom(-95), 'SDK_CLIENT_ERROR: 503'), ledger);
  });

  it('turns a failed entry sending again, with when it was re-sent, and moves the tallies from failed to sending', async () => {
    const before = await tallyOf();

    const changed = await ledger.markResent(refOf('r-1', SENT), hoursFrom(-1));

    expect(changed).toBe(true);
    expect(await deliveryOf('r-1')).toEqual({ status: 'sending', resentAt: hoursFrom(-1) });
    expect(await tallyOf()).toEqual({
      ...before,
      failed: (before.failed ?? 0) - 1,
      sending: (before.sending ?? 0) + 1,
    });
    expect(await ledger.resent(hoursFrom(0))).toEqual([{ ...refOf('r-1', SENT), resentAt: hoursFrom(-1) }]);
  });

  it('does not infer it before its retry window since the re-send passed', async () => {
    const before = await tallyOf();

    const result = await sweepAt(0);

    expect(result).toMatchObject({ resent: 0, inferredResent: 0 });
    expect((await deliveryOf('r-1'))?.status).toBe('sending');
    expect(await tallyOf()).toEqual(before);
  });

  it('infers it delivered once the window passed without a new dead letter, and settles its pointer', async () => {
    const before = await tallyOf();

    const result = await sweepAt(2);

    expect(result).toMatchObject({ resent: 1, inferredResent: 1 });
    expect(await deliveryOf('r-1')).toEqual({
      status: 'delivered',
      at: hoursFrom(2),
      inferred: true,
      resentAt: hoursFrom(-1),
    });
    // Measured kinds wait for their movement once delivered; a change request is not measured.
    expect(await tallyOf()).toEqual({
      ...before,
      sending: (before.sending ?? 0) - 1,
      delivered: (before.delivered ?? 0) + 1,
      unmeasured: (before.unmeasured ?? 0) + 1,
    });
    expect(await ledger.resent(hoursFrom(100))).toEqual([]);
    expect(await sweepAt(3)).toMatchObject({ resent: 0, inferredResent: 0 });
  });

  it('turns it failed again, with the new reason, when the re-sent delivery is dead-lettered too', async () => {
    await ledger.markResent(refOf('r-2', SENT), hoursFrom(-1));
    const before = await tallyOf();

    await recordDelivery(deadLetter('r-2', SENT, hoursFrom(0), 'SDK_CLIENT_ERROR: 400 Bad Request'), ledger);

    expect(await deliveryOf('r-2')).toEqual({
      status: 'failed',
      at: hoursFrom(0),
      attempts: 9,
      reason: 'SDK_CLIENT_ERROR: 400 Bad Request',
    });
    expect(await tallyOf()).toEqual({
      ...before,
      sending: (before.sending ?? 0) - 1,
      failed: (before.failed ?? 0) + 1,
    });
    expect(await sweepAt(5)).toMatchObject({ resent: 0, inferredResent: 0 });
    expect((await deliveryOf('r-2'))?.status).toBe('failed');
  });

  it('files a second re-send in place of the first, so the sweep judges the latest', async () => {
    await ledger.markResent(refOf('r-2', SENT), hoursFrom(1));

    await ledger.markResent(refOf('r-2', SENT), hoursFrom(2));

    expect(await ledger.resent(hoursFrom(100))).toEqual([{ ...refOf('r-2', SENT), resentAt: hoursFrom(2) }]);
    expect(await sweepAt(4.5)).toMatchObject({ resent: 0 });
    expect(await sweepAt(5)).toMatchObject({ resent: 1, inferredResent: 1 });
  });

  it('leaves a receipt-confirmed delivery, and a reaction it never recorded, as they are', async () => {
    await recordReaction(changeRequest('r-3', SENT), ledger);
    await ledger.recordDelivery(refOf('r-3', SENT), { status: 'delivered', at: hoursFrom(-95), attempts: 1 });
    const before = await tallyOf();

    expect(await ledger.markResent(refOf('r-3', SENT), hoursFrom(0))).toBe(false);
    expect(await ledger.markResent(refOf('r-unknown', SENT), hoursFrom(0))).toBe(false);

    expect((await deliveryOf('r-3'))?.status).toBe('delivered');
    expect(await tallyOf()).toEqual(before);
    expect(await ledger.resent(hoursFrom(100))).toEqual([]);
  });
});
