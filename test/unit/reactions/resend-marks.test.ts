import { describe, expect, it, vi } from 'vitest';
import { createDeadLetterRequests } from '../../../app/api/dead-letter-requests.ts';
import { recordDeadLetters } from '../../../app/reactions/dead-letter-receipts.ts';
import type { DeadLetterQueue, Redriven } from '../../../core/ports/dead-letter-queue.ts';
import type { LedgerEntryRef, ReactionLedger } from '../../../core/ports/reaction-ledger.ts';

/** The rule's physical name on AWS, as `<aws.events.rule-name>` gives it to the ledger target too. */
const RULE_NAME = 'hub360-prod-EventsCrossSellToSales5B1E2A3F-1QW2E3R4T5Y6';
const RULE_ARN = `arn:aws:events:eu-central-1:123456789012:rule/hub360-prod/${RULE_NAME}`;
const EVENT_ID = 'evt-lead-7f3a';
const OCCURRED_AT = '2026-03-02T10:00:00.000Z';
const REDRIVEN_AT = '2026-03-03T08:00:00.000Z';
const event = {
  version: '0',
  id: '6f8c5e1a-0b9d-4c2e-9a7f-3d2b1c0e9f8a',
  'detail-type': 'CrossSellOpportunityFound',
  source: 'hub360.reactions',
  time: OCCURRED_AT,
  resources: [],
  detail: { schemaVersion: 1, metadata: { eventId: EVENT_ID, occurredAt: OCCURRED_AT }, customerId: 'cus_1' },
};
const attributes = {
  RULE_ARN,
  TARGET_ARN: 'arn:aws:events:eu-central-1:123456789012:api-destination/hub360-prod-SalesLeadDest-AbC/0f4e',
  ERROR_CODE: 'SDK_CLIENT_ERROR',
  EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
  RETRY_ATTEMPTS: '8',
};
const redriven = (extra: Partial<Redriven> = {}): Redriven => ({
  id: '11111111-aaaa-4bbb-8ccc-000000000001',
  origin: 'rule:cross-sell-to-sales/target:sales-cross-sell-lead',
  redrivenAt: REDRIVEN_AT,
  detail: 'event put on bus hub360-prod again',
  ...extra,
});
const queueAnswering = (answer: Redriven): DeadLetterQueue => ({
  list: async () => [],
  redrive: async () => answer,
});
const ledgerWith = (markResent: ReactionLedger['markResent']) =>
  ({
    markResent: vi.fn(markResent),
    recordDelivery: vi.fn(async () => 'recorded'),
  }) as unknown as ReactionLedger;
const log = () => ({ warn: vi.fn() });

describe('a redrive that re-sends a reaction no receipt follows (AWS)', () => {
  it('marks the ledger entry its failed receipt named re-sent, at the time of the redrive', async () => {
    const ledger = ledgerWith(async () => true);
    const requests = createDeadLetterRequests(
      queueAnswering(redriven({ reactionResent: { body: JSON.stringify(event), attributes } })),
      { ledger, log: log() },
    );

    const result = await requests.redrive('11111111-aaaa-4bbb-8ccc-000000000001');

    expect(ledger.markResent).toHaveBeenCalledWith(
      { reactionId: `${EVENT_ID}.${RULE_NAME}`, at: OCCURRED_AT },
      REDRIVEN_AT,
    );
    expect(result).not.toHaveProperty('reactionResent');
    expect(result.detail).toMatch(/ledger entry is sending again \(resentAt\)/);
  });

  it('names the same entry the dead letter was recorded under as failed', async () => {
    const recorded: LedgerEntryRef[] = [];
    const ledger = ledgerWith(async () => true);
    vi.mocked(ledger.recordDelivery).mockImplementation(async (ref) => {
      recorded.push(ref);
      return 'recorded';
    });
    const sqsRecord = {
      messageId: 'm-1',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-central-1:123456789012:hub360-prod-SalesLeadDlq',
      body: JSON.stringify(event),
      messageAttributes: Object.fromEntries(
        Object.entries(attributes).map(([name, stringValue]) => [name, { stringValue }]),
      ),
    };
    await recordDeadLetters({ Records: [sqsRecord] }, { ledger, log: log(), now: () => new Date() });

    await createDeadLetterRequests(
      queueAnswering(redriven({ reactionResent: { body: JSON.stringify(event), attributes } })),
      { ledger, log: log() },
    ).redrive('11111111-aaaa-4bbb-8ccc-000000000001');

    expect(recorded).toHaveLength(1);
    expect(vi.mocked(ledger.markResent).mock.calls[0]?.[0]).toEqual(recorded[0]);
  });

  it('leaves the ledger alone for a dead letter that is not a reaction delivery (and on the local bus)', async () => {
    const ledger = ledgerWith(async () => true);
    const requests = createDeadLetterRequests(queueAnswering(redriven({ origin: 'function:store-check' })), {
      ledger,
      log: log(),
    });

    const result = await requests.redrive('11111111-aaaa-4bbb-8ccc-000000000001');

    expect(ledger.markResent).not.toHaveBeenCalled();
    expect(result.detail).toBe('event put on bus hub360-prod again');
  });

  it('answers the redrive, which happened, when the ledger cannot take the mark, and logs why', async () => {
    const ledger = ledgerWith(async () => {
      throw new Error('ProvisionedThroughputExceededException');
    });
    const warnings = log();
    const requests = createDeadLetterRequests(
      queueAnswering(redriven({ reactionResent: { body: JSON.stringify(event), attributes } })),
      { ledger, log: warnings },
    );

    const result = await requests.redrive('11111111-aaaa-4bbb-8ccc-000000000001');

    expect(result.detail).toMatch(/could not be marked re-sent/);
    expect(warnings.warn).toHaveBeenCalledWith(expect.stringContaining('could not be marked re-sent'), {
      reactionId: `${EVENT_ID}.${RULE_NAME}`,
      problem: 'ProvisionedThroughputExceededException',
    });
  });

  it('marks nothing for a re-sent letter that names no rule, saying what is missing', async () => {
    const ledger = ledgerWith(async () => true);
    const warnings = log();
    const { RULE_ARN: _missing, ...withoutRule } = attributes;

    await createDeadLetterRequests(
      queueAnswering(redriven({ reactionResent: { body: JSON.stringify(event), attributes: withoutRule } })),
      { ledger, log: warnings },
    ).redrive('11111111-aaaa-4bbb-8ccc-000000000001');

    expect(ledger.markResent).not.toHaveBeenCalled();
    expect(warnings.warn).toHaveBeenCalledWith(expect.any(String), {
      problem: expect.stringContaining('messageAttributes.RULE_ARN'),
    });
  });
});
