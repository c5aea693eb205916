import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqsDeadLetters } from '../../../adapters/sqs/sqs-dead-letters.ts';
import { DeadLetterNotRedrivableError } from '../../../core/ports/dead-letter-queue.ts';
import { DEAD_LETTER_TAGS, deadLetterQueuesFromEnv } from '../../../schemas/config/dead-letter-queues-env.ts';
import { ConfigError } from '../../../schemas/config/parse-config.ts';

const BASE = 'https://sqs.eu-central-1.amazonaws.com/123456789012/hub360-prod-';
const QUEUES = {
  target: `${BASE}EventsRetentionDlq-1`,
  parked: `${BASE}EventsCrossSellParked-2`,
  consumed: `${BASE}EventsCrossSellDlq-3`,
  invocation: `${BASE}StoreCheckAsyncFailures-4`,
  stream: `${BASE}StreamPublisherStreamFailures-5`,
  schedule: `${BASE}SchedulesDlq-6`,
};
const STORE_CHECK_ARN = 'arn:aws:lambda:eu-central-1:123456789012:function:hub360-prod-StoreCheck-abc';
const TAGS: Record<string, Record<string, string>> = {
  [QUEUES.target]: {
    [DEAD_LETTER_TAGS.kind]: 'event',
    [DEAD_LETTER_TAGS.origin]: 'rule:retention-decision/target:retention-decisions',
  },
  [QUEUES.parked]: {
    [DEAD_LETTER_TAGS.kind]: 'event',
    [DEAD_LETTER_TAGS.origin]: 'rule:cross-sell-to-sales/target:sales-cross-sell-lead',
    [DEAD_LETTER_TAGS.recordedBy]: 'reaction-ledger',
  },
  [QUEUES.consumed]: {},
  [QUEUES.invocation]: {
    [DEAD_LETTER_TAGS.kind]: 'invocation',
    [DEAD_LETTER_TAGS.origin]: 'function:store-check',
  },
  [QUEUES.stream]: {
    [DEAD_LETTER_TAGS.kind]: 'stream-pointer',
    [DEAD_LETTER_TAGS.origin]: 'stream:stream-publisher',
  },
  [QUEUES.schedule]: {
    [DEAD_LETTER_TAGS.kind]: 'schedule',
    [`${DEAD_LETTER_TAGS.targetPrefix}store-check`]: STORE_CHECK_ARN,
  },
};

const SENT = Date.parse('2025-03-01T10:00:00.000Z');
const event = {
  version: '0',
  id: 'ev-1',
  source: 'hub360.reactions',
  'detail-type': 'CrossSellLeadRaised',
  time: '2025-03-01T09:59:58Z',
  resources: [],
  detail: { schemaVersion: 1, reactionKey: 'k-1' },
};
const attribute = (value: string) => ({ DataType: 'String', StringValue: value });
const message = (id: string, body: string, extra: Partial<Message> = {}): Message => ({
  MessageId: id,
  ReceiptHandle: `handle-${id}`,
  Body: body,
  Attributes: { SentTimestamp: String(SENT), ApproximateReceiveCount: '1' },
  ...extra,
});
const MESSAGES: Record<string, Message[]> = {
  [QUEUES.target]: [],
  [QUEUES.parked]: [
    message('11111111-aaaa-4bbb-8ccc-000000000001', JSON.stringify(event), {
      MessageAttributes: {
        ERROR_CODE: attribute('SDK_CLIENT_ERROR'),
        ERROR_MESSAGE: attribute('Connection refused'),
        EXHAUSTED_RETRY_CONDITION: attribute('MaximumRetryAttempts'),
        RETRY_ATTEMPTS: { DataType: 'Number', StringValue: '8' },
      },
    }),
  ],
  [QUEUES.invocation]: [
    message(
      '11111111-aaaa-4bbb-8ccc-000000000002',
      JSON.stringify({
        version: '1.0',
        timestamp: '2025-03-01T09:00:00.000Z',
        requestContext: {
          requestId: 'r-1',
          functionArn: `${STORE_CHECK_ARN}:$LATEST`,
          condition: 'RetriesExhausted',
          approximateInvokeCount: 3,
        },
        requestPayload: { check: 'daily' },
        responseContext: { statusCode: 200, functionError: 'Unhandled' },
        responsePayload: { errorType: 'TimeoutError', errorMessage: 'Task timed out' },
      }),
    ),
  ],
  [QUEUES.stream]: [
    message(
      '11111111-aaaa-4bbb-8ccc-000000000003',
      JSON.stringify({
        requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 11 },
        responseContext: { functionError: 'Unhandled' },
        timestamp: '2025-03-01T08:00:00.000Z',
        DDBStreamBatchInfo: { shardId: 'shard-1', startSequenceNumber: '1', batchSize: 2 },
      }),
    ),
    message('11111111-aaaa-4bbb-8ccc-000000000004', 'not json at all'),
  ],
  [QUEUES.schedule]: [
    message('11111111-aaaa-4bbb-8ccc-000000000005', JSON.stringify({ check: 'daily' }), {
      MessageAttributes: {
        ERROR_CODE: attribute('AWS.Lambda.TooManyRequestsException'),
        TARGET_ARN: attribute(STORE_CHECK_ARN),
        RETRY_ATTEMPTS: { DataType: 'Number', StringValue: '2' },
      },
    }),
  ],
};

const sqs = mockClient(SQSClient);
const events = mockClient(EventBridgeClient);
const lambda = mockClient(LambdaClient);
const prepare = () => {
  sqs.on(ListQueuesCommand).resolves({ QueueUrls: Object.values(QUEUES) });
  sqs.on(ChangeMessageVisibilityCommand).resolves({});
  sqs.on(DeleteMessageCommand).resolves({});
  for (const [url, Tags] of Object.entries(TAGS))
    sqs.on(ListQueueTagsCommand, { QueueUrl: url }).resolves({ Tags });
  for (const [url, Messages] of Object.entries(MESSAGES))
    sqs.on(ReceiveMessageCommand, { QueueUrl: url }).resolves({ Messages });
  return createSqsDeadLetters({
    queueNamePrefix: 'hub360-prod-',
    busName: 'hub360-prod',
    sqs: new SQSClient({}),
    events: new EventBridgeClient({}),
    lambda: new LambdaClient({}),
    now: () => new Date('2025-03-02T00:00:00.000Z'),
  });
};
afterEach(() => {
  sqs.reset();
  events.reset();
  lambda.reset();
});

describe('dead letters in the SQS dead-letter queues', () => {
  it('lists every kind from the tagged queues, peeking without taking anything out', async () => {
    const letters = await prepare().list({});

    expect(letters).toEqual(
      expect.arrayContaining([
        {
          id: '11111111-aaaa-4bbb-8ccc-000000000001',
          time: '2025-03-01T10:00:00.000Z',
          origin: 'rule:cross-sell-to-sales/target:sales-cross-sell-lead',
          reason: 'SDK_CLIENT_ERROR (MaximumRetryAttempts): Connection refused',
          attempts: 9,
          payload: event,
        },
        {
          id: '11111111-aaaa-4bbb-8ccc-000000000002',
          time: '2025-03-01T09:00:00.000Z',
          origin: 'function:store-check',
          reason: 'TimeoutError: Task timed out (RetriesExhausted)',
          attempts: 3,
          payload: { check: 'daily' },
        },
        {
          id: '11111111-aaaa-4bbb-8ccc-000000000003',
          time: '2025-03-01T08:00:00.000Z',
          origin: 'stream:stream-publisher',
          reason: 'Unhandled (RetryAttemptsExhausted)',
          attempts: 11,
          payload: { shardId: 'shard-1', startSequenceNumber: '1', batchSize: 2 },
        },
        {
          id: '11111111-aaaa-4bbb-8ccc-000000000005',
          time: '2025-03-01T10:00:00.000Z',
          origin: 'function:store-check',
          reason: 'AWS.Lambda.TooManyRequestsException',
          attempts: 3,
          payload: { check: 'daily' },
        },
      ]),
    );
    expect(letters).toHaveLength(5);
    const receives = sqs.commandCalls(ReceiveMessageCommand).map((call) => call.args[0].input);
    expect(receives.every((input) => input.VisibilityTimeout === 0 && input.WaitTimeSeconds === 1)).toBe(
      true,
    );
    expect(receives.map((input) => input.QueueUrl)).not.toContain(QUEUES.consumed);
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
  });

  it('lists a message it cannot read with what is known and a reason that says so', async () => {
    const letters = await prepare().list({ origin: 'stream:stream-publisher' });

    expect(letters.find((letter) => letter.id === '11111111-aaaa-4bbb-8ccc-000000000004')).toEqual({
      id: '11111111-aaaa-4bbb-8ccc-000000000004',
      time: '2025-03-01T10:00:00.000Z',
      origin: 'stream:stream-publisher',
      reason: 'unreadable stream-pointer dead letter (the body is not JSON); DEAD_LETTERED',
      attempts: 1,
      payload: 'not json at all',
    });
  });

  it('filters by an exact origin and reads only the queues that can hold it', async () => {
    const letters = await prepare().list({ origin: 'function:store-check' });

    expect(letters.map((letter) => letter.id).sort()).toEqual([
      '11111111-aaaa-4bbb-8ccc-000000000002',
      '11111111-aaaa-4bbb-8ccc-000000000005',
    ]);
    const read = new Set(sqs.commandCalls(ReceiveMessageCommand).map((call) => call.args[0].input.QueueUrl));
    expect(read).toEqual(new Set([QUEUES.invocation, QUEUES.schedule]));
  });

  it('filters by an origin prefix ending in *', async () => {
    const letters = await prepare().list({ origin: 'rule:*' });

    expect(letters.map((letter) => letter.origin)).toEqual([
      'rule:cross-sell-to-sales/target:sales-cross-sell-lead',
    ]);
  });

  it('stops peeking a queue at a receive that brings nothing new, and at 10 receives', async () => {
    const deadLetters = prepare();
    let n = 0;
    sqs.on(ReceiveMessageCommand, { QueueUrl: QUEUES.target }).callsFake(() => {
      n += 1;
      return { Messages: [message(`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, '{}')] };
    });

    await deadLetters.list({ origin: 'rule:retention-decision/target:retention-decisions' });

    expect(n).toBe(10);
  });

  it('redrives a rule target dead letter by putting the event on the hub bus again, then deletes it', async () => {
    const deadLetters = prepare();
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'new' }] });

    const result = await deadLetters.redrive('11111111-aaaa-4bbb-8ccc-000000000001');

    expect(result).toMatchObject({
      id: '11111111-aaaa-4bbb-8ccc-000000000001',
      origin: 'rule:cross-sell-to-sales/target:sales-cross-sell-lead',
      redrivenAt: '2025-03-02T00:00:00.000Z',
      detail: expect.stringContaining('every rule matching it sees it again'),
    });
    expect(events.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries).toEqual([
      {
        EventBusName: 'hub360-prod',
        Source: 'hub360.reactions',
        DetailType: 'CrossSellLeadRaised',
        Detail: JSON.stringify(event.detail),
        Time: new Date(event.time),
      },
    ]);
    expect(sqs.commandCalls(DeleteMessageCommand).map((call) => call.args[0].input)).toEqual([
      { QueueUrl: QUEUES.parked, ReceiptHandle: 'handle-11111111-aaaa-4bbb-8ccc-000000000001' },
    ]);
    // Every other message looked at while searching is shown again at once.
    const released = sqs.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input);
    expect(released).toContainEqual({
      QueueUrl: QUEUES.invocation,
      ReceiptHandle: 'handle-11111111-aaaa-4bbb-8ccc-000000000002',
      VisibilityTimeout: 0,
    });
  });

  it("answers a reaction's failed delivery with the event and attributes it re-sent, since no receipt follows", async () => {
    const deadLetters = prepare();
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'new' }] });

    const result = await deadLetters.redrive('11111111-aaaa-4bbb-8ccc-000000000001');

    expect(result?.reactionResent).toEqual({
      body: JSON.stringify(event),
      attributes: {
        ERROR_CODE: 'SDK_CLIENT_ERROR',
        ERROR_MESSAGE: 'Connection refused',
        EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
        RETRY_ATTEMPTS: '8',
      },
    });
  });

  it('answers a dead letter of another rule target without a re-sent reaction', async () => {
    const deadLetters = prepare();
    const id = '11111111-aaaa-4bbb-8ccc-000000000009';
    sqs.on(ReceiveMessageCommand, { QueueUrl: QUEUES.target }).resolves({
      Messages: [
        message(id, JSON.stringify(event), {
          MessageAttributes: {
            RULE_ARN: attribute(
              'arn:aws:events:eu-central-1:123456789012:rule/hub360-prod/retention-decision',
            ),
          },
        }),
      ],
    });
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'new' }] });

    const result = await deadLetters.redrive(id);

    expect(result).toMatchObject({ id, origin: 'rule:retention-decision/target:retention-decisions' });
    expect(result).not.toHaveProperty('reactionResent');
  });

  it('does not delete a dead letter the bus refused', async () => {
    const deadLetters = prepare();
    events
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] });

    await expect(deadLetters.redrive('11111111-aaaa-4bbb-8ccc-000000000001')).rejects.toThrow(
      /InternalFailure/,
    );
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
  });

  it.each([
    ['a failed async invocation', '11111111-aaaa-4bbb-8ccc-000000000002', QUEUES.invocation],
    ['a Scheduler dead letter', '11111111-aaaa-4bbb-8ccc-000000000005', QUEUES.schedule],
  ])(
    'redrives %s by invoking its function again with the payload it had, then deletes it',
    async (_kind, id, queue) => {
      const deadLetters = prepare();
      lambda.on(InvokeCommand).resolves({ StatusCode: 202 });

      const result = await deadLetters.redrive(id);

      expect(result).toMatchObject({
        id,
        origin: 'function:store-check',
        detail: expect.stringContaining(
          `invoked again asynchronously with the payload it had (${STORE_CHECK_ARN})`,
        ),
      });
      const invoked = lambda.commandCalls(InvokeCommand).map((call) => call.args[0].input);
      expect(invoked.map(({ FunctionName, InvocationType }) => ({ FunctionName, InvocationType }))).toEqual([
        // the record's `$LATEST` qualifier dropped: the function as the grant names it
        { FunctionName: STORE_CHECK_ARN, InvocationType: 'Event' },
      ]);
      expect(JSON.parse(new TextDecoder().decode(invoked[0]?.Payload as Uint8Array))).toEqual({
        check: 'daily',
      });
      expect(sqs.commandCalls(DeleteMessageCommand).map((call) => call.args[0].input)).toEqual([
        { QueueUrl: queue, ReceiptHandle: `handle-${id}` },
      ]);
      expect(events.commandCalls(PutEventsCommand)).toHaveLength(0);
    },
  );

  it('does not delete an invocation Lambda did not accept', async () => {
    const deadLetters = prepare();
    lambda.on(InvokeCommand).resolves({ StatusCode: 500 });

    await expect(deadLetters.redrive('11111111-aaaa-4bbb-8ccc-000000000002')).rejects.toThrow(
      `Lambda did not accept the invocation of ${STORE_CHECK_ARN} (status 500)`,
    );
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
  });

  it('refuses a Scheduler dead letter that names no target, leaving it listed', async () => {
    const deadLetters = prepare();
    sqs.on(ReceiveMessageCommand, { QueueUrl: QUEUES.schedule }).resolves({
      Messages: [message('11111111-aaaa-4bbb-8ccc-000000000006', '{}')],
    });

    const attempt = deadLetters.redrive('11111111-aaaa-4bbb-8ccc-000000000006');

    await expect(attempt).rejects.toBeInstanceOf(DeadLetterNotRedrivableError);
    await expect(attempt).rejects.toThrow(/no TARGET_ARN attribute/);
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });

  it('refuses to redrive a stream pointer, leaving it listed', async () => {
    const deadLetters = prepare();

    const attempt = deadLetters.redrive('11111111-aaaa-4bbb-8ccc-000000000003');

    await expect(attempt).rejects.toBeInstanceOf(DeadLetterNotRedrivableError);
    await expect(attempt).rejects.toThrow(/pointer/);
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(0);
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });

  it('answers undefined for an id no queue holds', async () => {
    expect(await prepare().redrive('99999999-aaaa-4bbb-8ccc-000000000000')).toBeUndefined();
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
  });

  it('fails naming the queue and tag when a queue is mistagged', async () => {
    const deadLetters = prepare();
    sqs.on(ListQueueTagsCommand, { QueueUrl: QUEUES.target }).resolves({
      Tags: { [DEAD_LETTER_TAGS.kind]: 'event' },
    });

    await expect(deadLetters.list({})).rejects.toThrow(
      `queue ${QUEUES.target} is tagged as a dead-letter queue, but ${DEAD_LETTER_TAGS.origin}: is required`,
    );
  });

  it('fails naming the tag when a queue that is not of events says its letters are reaction deliveries', async () => {
    const deadLetters = prepare();
    sqs.on(ListQueueTagsCommand, { QueueUrl: QUEUES.invocation }).resolves({
      Tags: { ...TAGS[QUEUES.invocation], [DEAD_LETTER_TAGS.recordedBy]: 'reaction-ledger' },
    });

    await expect(deadLetters.list({})).rejects.toThrow(
      `${DEAD_LETTER_TAGS.recordedBy}: is only for event queues`,
    );
  });
});

describe('the dead-letter queues variable', () => {
  it('is optional and read as JSON', () => {
    expect(deadLetterQueuesFromEnv({})).toBeUndefined();
    expect(deadLetterQueuesFromEnv({ HUB_DEAD_LETTER_QUEUES: '{"queueNamePrefix":"hub360-prod-"}' })).toEqual(
      { queueNamePrefix: 'hub360-prod-' },
    );
  });

  it('fails naming the variable when malformed', () => {
    expect(() => deadLetterQueuesFromEnv({ HUB_DEAD_LETTER_QUEUES: '{' })).toThrow(ConfigError);
    expect(() => deadLetterQueuesFromEnv({ HUB_DEAD_LETTER_QUEUES: '{"queueNamePrefix":"a b"}' })).toThrow(
      /HUB_DEAD_LETTER_QUEUES\.queueNamePrefix/,
    );
  });
});
