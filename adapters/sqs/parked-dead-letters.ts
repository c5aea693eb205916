import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetterKeeper, KeptDeadLetter } from '../../core/ports/dead-letter-keeper.ts';

/**
 * Keeps a recorded dead letter in the parked queue of the dead-letter queue it came from, with the event as
 * its body and EventBridge's attributes as message attributes, exactly as it arrived: an operator re-sends it
 * from there (docs/operations.md). A dead-letter queue without a parked queue is a wiring mistake and throws,
 * so the message is offered again and, after its receives, parked by the queue's own redrive policy.
 */
export const createParkedDeadLetters = (
  parkedBySource: ReadonlyMap<string, string>,
  client: SQSClient = new SQSClient({}),
): DeadLetterKeeper => ({
  async keep(letter: KeptDeadLetter) {
    const queueUrl = parkedBySource.get(letter.sourceQueueArn);
    if (queueUrl === undefined)
      throw new Error(`no parked queue is configured for dead-letter queue ${letter.sourceQueueArn}`);
    await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: letter.body,
        MessageAttributes: Object.fromEntries(
          Object.entries(letter.attributes).map(([name, value]) => [
            name,
            { DataType: 'String', StringValue: value },
          ]),
        ),
      }),
    );
  },
});
