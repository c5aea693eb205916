import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import {
  DeadLetterRecordSchema,
  isDeadLetterBatch,
  receiptOfDeadLetter,
  recordDeadLetters,
} from '../../../app/reactions/dead-letter-receipts.ts';
import type { KeptDeadLetter } from '../../../core/ports/dead-letter-keeper.ts';
import type { LedgerEntryRef, ReactionLedger } from '../../../core/ports/reaction-ledger.ts';
import type { ReactionDelivery } from '../../../schemas/api/reactions.ts';

/** The rule's physical name on AWS, as `<aws.events.rule-name>` gives it to the ledger target too. */
const RULE_NAME = 'hub360-prod-EventsRetentionToCallCenter5B1E2A3F-1QW2E3R4T5Y6';
const EVENT_ID = 'evt-retention-7f3a';
const OCCURRED_AT = '2026-03-02T10:00:00.000Z';

/** A retention task event as the rule matched it (the dead letter's body is this, not the transformed input). */
const event = {
  version: '0',
  id: '6f8c5e1a-0b9d-4c2e-9a7f-3d2b1c0e9f8a',
  'detail-type': 'RetentionTaskDue',
  source: 'hub360.reactions',
  account: '123456789012',
  time: OCCURRED_AT,
  region: 'eu-central-1',
  resources: [],
  detail: {
    schemaVersion: 1,
    metadata: { eventId: EVENT_ID, occurredAt: OCCURRED_AT, correlationId: 'c-1' },
    reactionKey: 'retention:cus_1:2026-03-02',
    customerId: 'cus_1',
    reason: 'churnRisk',
  },
};

const stringAttribute = (stringValue: string) => ({
  stringValue,
  stringListValues: [],
  binaryListValues: [],
  dataType: 'String',
});

/** One EventBridge dead letter as the SQS event source delivers it to Lambda. */
const deadLetter = (overrides: { body?: string; attributes?: Record<string, unknown> } = {}) => ({
  messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
  receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
  body: overrides.body ?? JSON.stringify(event),
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: String(Date.parse('2026-03-02T11:00:04.000Z')),
    SenderId: 'AIDAIENQZJOLO23YVJ4VO',
    ApproximateFirstReceiveTimestamp: String(Date.parse('2026-03-02T11:00:05.000Z')),
  },
  messageAttributes: {
    RULE_ARN: stringAttribute(`arn:aws:events:eu-central-1:123456789012:rule/hub360-prod/${RULE_NAME}`),
    TARGET_ARN: stringAttribute(
      'arn:aws:events:eu-central-1:123456789012:api-destination/hub360-prod-CallCenterRetentionTaskDest-AbC123/0f4e8d2c-7b6a-4d3e-9c1b-2a5f6e7d8c9b',
    ),
    ERROR_CODE: stringAttribute('SDK_CLIENT_ERROR'),
    ERROR_MESSAGE: stringAttribute('Received a 503 (Service Unavailable) response from the API destination.'),
    EXHAUSTED_RETRY_CONDITION: stringAttribute('MaximumRetryAttempts'),
    RETRY_ATTEMPTS: { stringValue: '8', stringListValues: [], binaryListValues: [], dataType: 'Number' },
    ...overrides.attributes,
  },
  md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
  eventSource: 'aws:sqs',
  eventSourceARN:
    'arn:aws:sqs:eu-central-1:123456789012:hub360-prod-EventsRetentionToCallCenterCallCenterRetentionTaskDlq',
  awsRegion: 'eu-central-1',
});

const NOW = new Date('2026-03-02T11:00:06.000Z');

/** A ledger that keeps the deliveries it was told, and fails for the reactions listed in `failFor`. */
const fakeLedger = (failFor: readonly string[] = []) => {
  const deliveries: { ref: LedgerEntryRef; delivery: ReactionDelivery }[] = [];
  const ledger = {
    recordDelivery: vi.fn(async (ref: LedgerEntryRef, delivery: ReactionDelivery) => {
      if (failFor.includes(ref.reactionId)) throw new Error('ProvisionedThroughputExceededException');
      deliveries.push({ ref, delivery });
      return 'recorded' as const;
    }),
  } as unknown as ReactionLedger;
  return { ledger, deliveries };
};

describe('an EventBridge dead letter as a delivery receipt', () => {
  it('is a failed receipt for the rule and reaction it was recorded under, with attempts and the error', () => {
    const receipt = receiptOfDeadLetter(DeadLetterRecordSchema.parse(deadLetter()), NOW);

    expect(receipt.receipt).toEqual({
      rule: RULE_NAME,
      target: 'hub360-prod-CallCenterRetentionTaskDest-AbC123',
      status: 'failed',
      at: '2026-03-02T11:00:04.000Z',
      attempts: 9,
      reason:
        'SDK_CLIENT_ERROR (MaximumRetryAttempts): Received a 503 (Service Unavailable) response from the API destination.',
    });
    expect(receipt.event.detail.metadata).toMatchObject({ eventId: EVENT_ID, occurredAt: OCCURRED_AT });
  });

  it('takes the rule name from a default-bus rule ARN too, and counts one attempt for a refusal not retried', () => {
    const refused = deadLetter({
      attributes: {
        RULE_ARN: stringAttribute(`arn:aws:events:eu-central-1:123456789012:rule/${RULE_NAME}`),
        ERROR_MESSAGE: stringAttribute('Received a 400 (Bad Request) response from the API destination.'),
        EXHAUSTED_RETRY_CONDITION: undefined,
        RETRY_ATTEMPTS: undefined,
      },
    });

    const { receipt } = receiptOfDeadLetter(DeadLetterRecordSchema.parse(refused), NOW);

    expect(receipt.rule).toBe(RULE_NAME);
    expect(receipt.attempts).toBe(1);
    expect(receipt.reason).toBe(
      'SDK_CLIENT_ERROR: Received a 400 (Bad Request) response from the API destination.',
    );
  });

  it('keeps the reason to the error EventBridge names, cut at 300 characters', () => {
    const long = deadLetter({ attributes: { ERROR_MESSAGE: stringAttribute('x'.repeat(2000)) } });

    const { receipt } = receiptOfDeadLetter(DeadLetterRecordSchema.parse(long), NOW);

    expect(receipt.reason).toHaveLength(300);
    expect(receipt.reason?.endsWith('…')).toBe(true);
  });
});

describe('recording a batch of dead letters', () => {
  it('records each one as a failed delivery of its ledger entry', async () => {
    const { ledger, deliveries } = fakeLedger();

    const result = await recordDeadLetters(
      { Records: [deadLetter()] },
      { ledger, log: { warn: vi.fn() }, now: () => NOW },
    );

    expect(result).toEqual({ recorded: 1, batchItemFailures: [] });
    expect(deliveries).toEqual([
      {
        ref: { reactionId: `${EVENT_ID}.${RULE_NAME}`, at: OCCURRED_AT },
        delivery: {
          status: 'failed',
          at: '2026-03-02T11:00:04.000Z',
          attempts: 9,
          reason: expect.stringContaining('503'),
        },
      },
    ]);
  });

  it('answers unreadable messages and unrecorded receipts as batch item failures, never the whole batch', async () => {
    const { ledger, deliveries } = fakeLedger([`other-event.${RULE_NAME}`]);
    const warn = vi.fn();
    const notJson = { ...deadLetter({ body: 'not json, cus_1 jane@example.com' }), messageId: 'm-not-json' };
    const noRule = { ...deadLetter({ attributes: { RULE_ARN: undefined } }), messageId: 'm-no-rule' };
    const notAnEvent = { ...deadLetter({ body: '{"hello":"world"}' }), messageId: 'm-not-event' };
    const ledgerDown = {
      ...deadLetter({
        body: JSON.stringify({
          ...event,
          detail: { ...event.detail, metadata: { ...event.detail.metadata, eventId: 'other-event' } },
        }),
      }),
      messageId: 'm-ledger-down',
    };

    const result = await recordDeadLetters(
      { Records: [notJson, deadLetter(), noRule, notAnEvent, ledgerDown] },
      { ledger, log: { warn }, now: () => NOW },
    );

    expect(result.recorded).toBe(1);
    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: 'm-not-json' },
      { itemIdentifier: 'm-no-rule' },
      { itemIdentifier: 'm-not-event' },
      { itemIdentifier: 'm-ledger-down' },
    ]);
    expect(deliveries).toHaveLength(1);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('not a reaction delivery'),
      expect.objectContaining({ messageId: 'm-no-rule', problem: expect.stringContaining('RULE_ARN') }),
    );
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('could not be recorded'),
      expect.objectContaining({ messageId: 'm-ledger-down', eventId: 'other-event' }),
    );
    // What is logged names the problem, never the message's content.
    expect(JSON.stringify(warn.mock.calls)).not.toMatch(/jane@example\.com|cus_1/);
  });

  it('keeps each recorded dead letter as it came, and offers one again when it could not be kept', async () => {
    const { ledger, deliveries } = fakeLedger([`unrecorded.${RULE_NAME}`]);
    const kept: KeptDeadLetter[] = [];
    let keeperDown = false;
    const keeper = {
      keep: vi.fn(async (letter: KeptDeadLetter) => {
        if (keeperDown) throw new Error('AccessDenied');
        kept.push(letter);
      }),
    };
    const unrecorded = {
      ...deadLetter({
        body: JSON.stringify({
          ...event,
          detail: { ...event.detail, metadata: { ...event.detail.metadata, eventId: 'unrecorded' } },
        }),
      }),
      messageId: 'm-unrecorded',
    };
    const deps = { ledger, log: { warn: vi.fn() }, now: () => NOW, keeper };

    const first = await recordDeadLetters({ Records: [deadLetter(), unrecorded] }, deps);
    keeperDown = true;
    const again = await recordDeadLetters({ Records: [{ ...deadLetter(), messageId: 'm-again' }] }, deps);

    expect(first).toEqual({ recorded: 1, batchItemFailures: [{ itemIdentifier: 'm-unrecorded' }] });
    // Kept only once recorded: what the ledger has not taken is parked by the queue's redrive instead.
    expect(kept).toEqual([
      {
        sourceQueueArn: deadLetter().eventSourceARN,
        body: JSON.stringify(event),
        attributes: {
          RULE_ARN: `arn:aws:events:eu-central-1:123456789012:rule/hub360-prod/${RULE_NAME}`,
          TARGET_ARN: expect.stringContaining('api-destination/'),
          ERROR_CODE: 'SDK_CLIENT_ERROR',
          ERROR_MESSAGE: expect.stringContaining('503'),
          EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
          RETRY_ATTEMPTS: '8',
        },
      },
    ]);
    // Recorded again on the next offer (no change in the ledger), not lost when keeping failed.
    expect(again).toEqual({ recorded: 0, batchItemFailures: [{ itemIdentifier: 'm-again' }] });
    expect(deliveries).toHaveLength(2);
  });

  it('tells an SQS batch from the other inputs of the ledger function', () => {
    expect(isDeadLetterBatch({ Records: [deadLetter()] })).toBe(true);
    expect(isDeadLetterBatch({ receipt: {}, event })).toBe(false);
    expect(isDeadLetterBatch({ rule: 'r', system: 'sales', event })).toBe(false);
    expect(isDeadLetterBatch({ Records: [{ eventSource: 'aws:dynamodb', eventID: '1' }] })).toBe(false);
  });
});

describe('the reaction-ledger function given dead letters', () => {
  it('writes the failed delivery, keeps it in its parked queue and answers the unreadable message as a batch item failure', async () => {
    const parkedUrl =
      'https://sqs.eu-central-1.amazonaws.com/123456789012/hub360-prod-RetentionTaskReceiptsParked';
    vi.stubEnv(
      'HUB_REACTION_PARKED_QUEUES',
      JSON.stringify([{ source: deadLetter().eventSourceARN, parked: parkedUrl }]),
    );
    const { SQSClient, SendMessageCommand } = await import('@aws-sdk/client-sqs');
    const { mockClient: mockSqs } = await import('aws-sdk-client-mock');
    const sqs = mockSqs(SQSClient);
    sqs.on(SendMessageCommand).resolves({ MessageId: 'kept-1' });
    vi.stubEnv('HUB_STAGE', 'test');
    vi.stubEnv('HUB_TABLE_NAME', 'hub360-test-customer-360');
    vi.stubEnv('HUB_EVENT_BUS_NAME', 'hub360-test');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
    const { mockClient } = await import('aws-sdk-client-mock');
    const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
    const dynamo = mockClient(DynamoDBDocumentClient);
    dynamo.on(GetCommand).resolves({});
    dynamo.on(TransactWriteCommand).resolves({});
    const { handler } = (await import('../../../functions/reaction-ledger.ts')) as {
      handler: (event: unknown, context: Context) => Promise<unknown>;
    };
    const context = { functionName: 'reaction-ledger', awsRequestId: 'req-1' } as unknown as Context;

    const response = await handler(
      { Records: [deadLetter(), { ...deadLetter({ body: '<html>' }), messageId: 'm-bad' }] },
      context,
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-bad' }] });
    const [write] = dynamo.commandCalls(TransactWriteCommand);
    expect(write?.args[0].input.TransactItems?.[0]?.Put).toMatchObject({
      TableName: 'hub360-test-customer-360',
      Item: { sk: `${OCCURRED_AT}#${EVENT_ID}.${RULE_NAME}`, delivery: { status: 'failed', attempts: 9 } },
    });
    const sends = sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
    expect(sends).toEqual([
      expect.objectContaining({
        QueueUrl: parkedUrl,
        MessageBody: JSON.stringify(event),
        MessageAttributes: expect.objectContaining({
          ERROR_CODE: { DataType: 'String', StringValue: 'SDK_CLIENT_ERROR' },
          RETRY_ATTEMPTS: { DataType: 'String', StringValue: '8' },
        }),
      }),
    ]);
    sqs.restore();
    dynamo.restore();
    vi.unstubAllEnvs();
  });
});
