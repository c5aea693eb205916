import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbReactionLedger } from '../../../adapters/dynamodb/reactions/dynamodb-reaction-ledger.ts';
import type { CursorCodec } from '../../../app/api/http/cursor.ts';
import { createReactionFeed } from '../../../app/reactions/reaction-feed.ts';
import { recordDelivery } from '../../../app/reactions/record-delivery.ts';
import { recordReaction } from '../../../app/reactions/record-reaction.ts';
import { stampOutcomes } from '../../../app/reactions/stamp-outcomes.ts';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';

/**
 * The closed-loop report reads running tallies, not the history: with many reactions recorded, delivered and
 * converted, it costs one request for the tallies and one per rule, and the same after as many again.
 */
const NOW = new Date('2026-03-31T12:00:00.000Z');
const RULES = [
  { rule: 'retention-to-call-center', system: 'call-center', detailType: 'RetentionTaskDue' },
  { rule: 'late-shipment-to-service', system: 'service', detailType: 'LateShipmentNoticeDue' },
  { rule: 'product-issues-to-pdm', system: 'pdm', detailType: 'ProductIssueThresholdReached' },
] as const;
const PER_RULE = 8;

let table: TestTable;
let requests: string[] = [];

const at = (day: number, n: number) => new Date(Date.UTC(2026, 2, day, 8, 0, n)).toISOString();
const eventOf = (detailType: string, eventId: string, occurredAt: string, customerId: string) => ({
  'detail-type': detailType,
  detail: { metadata: { eventId, occurredAt }, customerId, partNumber: 'P-300', reason: 'churnRisk' },
});

/**
 * Records and delivers PER_RULE reactions per rule, sent on `day`, each to its own customer; the rules at once,
 * so their entries and tallies are written concurrently as the ledger function's invocations write them.
 */
const sendReactions = async (
  ledger: ReturnType<typeof createDynamoDbReactionLedger>,
  batch: string,
  day: number,
) => {
  await Promise.all(
    RULES.map(async ({ rule, system, detailType }) => {
      for (let n = 0; n < PER_RULE; n += 1) {
        const event = eventOf(detailType, `${batch}-${rule}-${n}`, at(day, n), `cus_${batch}${n}`);
        await recordReaction({ rule, system, event }, ledger);
        await recordDelivery(
          { receipt: { rule, target: 't', status: 'delivered', at: at(day, n), attempts: 1 }, event },
          ledger,
        );
      }
    }),
  );
};
const orderBy = (customerId: string, orderedAt: string): ChangeRecord => ({
  eventName: 'INSERT',
  sequenceNumber: `${customerId}-${orderedAt}`,
  keys: { pk: `CUST#${customerId}`, sk: 'REC#order' },
  newImage: {
    kind: 'record',
    entity: 'order',
    customerId,
    recordKey: `erp#order#${customerId}`,
    data: { orderNumber: `SO-${customerId}`, orderedAt, status: 'open', lines: [{ partNumber: 'P-1' }] },
  },
});
const noCursors = async () => ({}) as CursorCodec;

beforeAll(async () => {
  table = await createTestTable('outcome-report');
  table.documentClient.middlewareStack.add(
    (next, context) => async (args) => {
      requests.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
});
afterAll(async () => {
  await table?.drop();
});

describe('closed-loop report on DynamoDB: cost bounded by the number of rules', () => {
  it('costs one request for the tallies and one per rule, however many reactions there are', {
    timeout: 180_000,
  }, async () => {
    const ledger = createDynamoDbReactionLedger(table.documentClient, table.tableName);
    const feed = createReactionFeed({ ledger, cursors: noCursors, now: () => NOW, windowDays: 30 });
    // Sent on 2026-02-10 (window closed by now) and 2026-03-20 (window open); a quarter of each converted.
    await sendReactions(ledger, 'a', 10 - 28);
    await stampOutcomes(
      Array.from({ length: PER_RULE / 4 }, (_, n) => orderBy(`cus_a${n}`, at(10 - 28 + 5, 0))),
      { ledger, windowDays: 30 },
    );
    requests = [];
    const first = await feed.outcomes();
    const firstCost = requests.length;
    await sendReactions(ledger, 'b', 20);
    await stampOutcomes(
      Array.from({ length: PER_RULE / 4 }, (_, n) => orderBy(`cus_b${n}`, at(25, 0))),
      { ledger, windowDays: 30 },
    );

    requests = [];
    const second = await feed.outcomes();

    expect(firstCost).toBe(1 + RULES.length);
    expect(requests).toHaveLength(1 + RULES.length);
    expect(requests.every((name) => name === 'QueryCommand')).toBe(true);
    expect(first.rules.find((r) => r.rule === 'retention-to-call-center')).toMatchObject({
      reactions: 8,
      delivered: 8,
      converted: 2,
      noResponse: 6,
      pending: 0,
      conversionRate: 0.25,
    });
    expect(second.rules.find((r) => r.rule === 'late-shipment-to-service')).toMatchObject({
      reactions: 16,
      delivered: 16,
      sending: 0,
      converted: 4,
      noResponse: 6,
      pending: 6,
    });
    // Change requests are not measured: every delivered one stays pending.
    expect(second.rules.find((r) => r.rule === 'product-issues-to-pdm')).toMatchObject({
      reactions: 16,
      converted: 0,
      noResponse: 0,
      pending: 16,
    });
  });

  it('shows the stamped movement as the converted outcome in the feed', async () => {
    const ledger = createDynamoDbReactionLedger(table.documentClient, table.tableName);
    const feed = createReactionFeed({ ledger, cursors: noCursors, now: () => NOW, windowDays: 30 });

    const page = await feed.page({ rule: 'retention-to-call-center', limit: PER_RULE * 2 + 1 });

    const converted = page.items.filter((r) => r.outcome?.result === 'converted');
    expect(converted.map((r) => r.customerId).sort()).toEqual(
      [
        ...Array.from({ length: PER_RULE / 4 }, (_, n) => `cus_a${n}`),
        ...Array.from({ length: PER_RULE / 4 }, (_, n) => `cus_b${n}`),
      ].sort(),
    );
    expect(converted.find((r) => r.customerId === 'cus_b0')?.outcome).toEqual({
      result: 'converted',
      evidence: 'order SO-cus_b0',
      at: at(25, 0),
    });
  });

  it('stamps a movement once: the same order seen again converts nothing more', async () => {
    const ledger = createDynamoDbReactionLedger(table.documentClient, table.tableName);

    // cus_b1 got a retention task and a late-shipment notice; both were converted by its first order.
    const again = await stampOutcomes([orderBy('cus_b1', at(26, 0))], { ledger, windowDays: 30 });

    expect(again.converted).toBe(0);
  });
});
