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
