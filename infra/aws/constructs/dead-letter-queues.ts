import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption, type DeadLetterQueue as RedriveTarget } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** A dead-letter queue and what ends up in it, for alarms and the dashboard. */
export interface DeadLetterQueue {
  readonly queue: Queue;
  /** Human description, e.g. `rule churn-risk target call-center`. */
  readonly receives: string;
  /**
   * The function that consumes the queue (an SQS event source), if any: messages do not wait there for an
   * operator, so what is alarmed is their arrival, not the queue's depth.
   */
  readonly consumedBy?: string;
}

/** What makes a dead-letter queue other than the default one. */
export interface DeadLetterQueueOptions {
  /** Consumed by this function: see {@link DeadLetterQueue.consumedBy}. */
  readonly consumedBy?: string;
  /** Where messages its consumer could not handle go. @default none */
  readonly redrive?: RedriveTarget;
  /** How long a received message stays hidden from other consumers. @default 30 seconds */
  readonly visibilityTimeout?: Duration;
}

/**
 * The one place dead-letter queues are made: encrypted, TLS-only, 14 days to investigate and redrive.
 * Every queue made here is listed in {@link DeadLetterQueues.all} so monitoring alarms on each of them.
 */
export class DeadLetterQueues extends Construct {
  private readonly queues: DeadLetterQueue[] = [];

  /** Every dead-letter queue created so far. */
  get all(): readonly DeadLetterQueue[] {
    return this.queues;
  }

  /** Creates a dead-letter queue inside `scope` (so it sits next to what feeds it in the tree). */
  create(scope: Construct, id: string, receives: string, options: DeadLetterQueueOptions = {}): Queue {
    // SSE-SQS rather than a customer key: EventBridge, Scheduler and Lambda can all write to it without key
    // policies, and the messages are copies of events already encrypted at rest elsewhere.
    const queue = new Queue(scope, id, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      ...(options.redrive ? { deadLetterQueue: options.redrive } : {}),
      ...(options.visibilityTimeout ? { visibilityTimeout: options.visibilityTimeout } : {}),
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue (Lambda, EventBridge or Scheduler failures); it needs none.',
    });
    this.queues.push({
      queue,
      receives,
      ...(options.consumedBy === undefined ? {} : { consumedBy: options.consumedBy }),
    });
    return queue;
  }
}
