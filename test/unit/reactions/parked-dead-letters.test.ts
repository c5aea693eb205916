import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { createParkedDeadLetters } from '../../../adapters/sqs/parked-dead-letters.ts';
import { ConfigError } from '../../../schemas/config/parse-config.ts';
import { parkedQueuesFromEnv } from '../../../schemas/config/reaction-ledger-env.ts';

const SOURCE = 'arn:aws:sqs:eu-central-1:123456789012:hub360-prod-RetentionTaskDlq';
const PARKED = 'https://sqs.eu-central-1.amazonaws.com/123456789012/hub360-prod-RetentionTaskReceiptsParked';

describe('keeping recorded dead letters in their parked queue', () => {
  it('sends the event with the attributes EventBridge wrote to the parked queue of its dead-letter queue', async () => {
    const sqs = mockClient(SQSClient);
    sqs.on(SendMessageCommand).resolves({});
    const parked = createParkedDeadLetters(new Map([[SOURCE, PARKED]]), new SQSClient({}));

    await parked.keep({
      sourceQueueArn: SOURCE,
      body: '{"detail":{}}',
      attributes: { ERROR_CODE: 'THROTTLING' },
    });

    expect(sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input)).toEqual([
      {
        QueueUrl: PARKED,
        MessageBody: '{"detail":{}}',
        MessageAttributes: { ERROR_CODE: { DataType: 'String', StringValue: 'THROTTLING' } },
      },
    ]);
    sqs.restore();
  });

  it('refuses a dead-letter queue it has no parked queue for, so the message is offered again', async () => {
    const parked = createParkedDeadLetters(new Map([[SOURCE, PARKED]]), new SQSClient({}));

    await expect(
      parked.keep({ sourceQueueArn: `${SOURCE}-other`, body: '{}', attributes: {} }),
    ).rejects.toThrow(/no parked queue is configured for dead-letter queue .*-other/);
  });
});

describe('HUB_REACTION_PARKED_QUEUES', () => {
  it('maps each consumed dead-letter queue to its parked queue, and is absent where nothing is consumed', () => {
    const env = { HUB_REACTION_PARKED_QUEUES: JSON.stringify([{ source: SOURCE, parked: PARKED }]) };

    expect(parkedQueuesFromEnv(env)).toEqual(new Map([[SOURCE, PARKED]]));
    expect(parkedQueuesFromEnv({})).toBeUndefined();
  });

  it('fails at start naming what is wrong', () => {
    expect(() =>
      parkedQueuesFromEnv({ HUB_REACTION_PARKED_QUEUES: '[{"source":"q","parked":"http://x"}]' }),
    ).toThrow(ConfigError);
    expect(() => parkedQueuesFromEnv({ HUB_REACTION_PARKED_QUEUES: '[{"source":"q"' })).toThrow(/JSON list/);
  });
});
