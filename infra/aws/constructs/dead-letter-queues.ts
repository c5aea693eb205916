import { Aws, Duration, Tags, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { type IGrantable, type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Queue, QueueEncryption, type DeadLetterQueue as RedriveTarget } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RESEND_LEADING_KEYS } from '../../../adapters/dynamodb/reactions/dynamodb-reaction-ledger.ts';
import {
  DEAD_LETTER_QUEUES_VARIABLE,
  DEAD_LETTER_TAGS,
  type DeadLetterKind,
} from '../../../schemas/config/dead-letter-queues-env.ts';

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
  /** What its letters are, when the API reads them (a consumed queue's letters are read in its parked queue). */
  readonly letters?: DeadLetterSource;
}

/** What the API needs to know to read and redrive a queue's letters; tagged on the queue ({@link DEAD_LETTER_TAGS}). */
export interface DeadLetterSource {
  readonly kind: DeadLetterKind;
  /** `rule:<rule>/target:<id>`, `function:<name>` or `stream:<function>`; none for the Scheduler's queue. */
  readonly origin?: string;
  /** For `schedule`: the ARN of each function the schedules invoke, by topology name. */
  readonly targets?: Readonly<Record<string, string>>;
  /** For reactions' failed deliveries: the function that recorded them in the reaction ledger. */
  readonly recordedBy?: string;
}

/** A function that reads and redrives dead letters (its environment and role are completed by the stack). */
export interface DeadLetterReader extends IGrantable {
  addEnvironment(key: string, value: string): unknown;
  /** Where cdk-nag findings of its grants are acknowledged. */
  readonly role?: IRole | undefined;
}

/** What makes a dead-letter queue other than the default one. */
export interface DeadLetterQueueOptions {
  /** Consumed by this function: see {@link DeadLetterQueue.consumedBy}. */
  readonly consumedBy?: string;
  /** Where messages its consumer could not handle go. @default none */
  readonly redrive?: RedriveTarget;
  /** How long a received message stays hidden from other consumers. @default 30 seconds */
  readonly visibilityTimeout?: Duration;
  /** What its letters are, so the API can list them. @default not listed by the API */
  readonly letters?: DeadLetterSource;
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
    if (options.letters) {
      // Tags, not the reader's environment: thirty-odd queue URLs with origins exceed Lambda's 4 KB of variables.
      Tags.of(queue).add(DEAD_LETTER_TAGS.kind, options.letters.kind);
      if (options.letters.origin) Tags.of(queue).add(DEAD_LETTER_TAGS.origin, options.letters.origin);
      for (const [name, arn] of Object.entries(options.letters.targets ?? {}))
        Tags.of(queue).add(`${DEAD_LETTER_TAGS.targetPrefix}${name}`, arn);
      if (options.letters.recordedBy)
        Tags.of(queue).add(DEAD_LETTER_TAGS.recordedBy, options.letters.recordedBy);
    }
    this.queues.push({
      queue,
      receives,
      ...(options.consumedBy === undefined ? {} : { consumedBy: options.consumedBy }),
      ...(options.letters === undefined ? {} : { letters: options.letters }),
    });
    return queue;
  }

  /**
   * Lets `reader` find the queues (ListQueues by the stack's name prefix, ListQueueTags on each), peek and delete the
   * letters of the queues the API reads, put a dead-lettered event on `bus` again (hub events only), and invoke
   * again the functions whose async invocations or schedules failed (`functionArnOf` names them), and, when a
   * queue holds reactions' failed deliveries, mark a re-sent reaction in the ledger in `table` (its partitions
   * only). Call it once every queue exists.
   */
  grantRedrive(
    reader: DeadLetterReader,
    bus: IEventBus,
    queueNamePrefix: string,
    functionArnOf: (name: string) => string,
    table: ITable,
  ): void {
    reader.addEnvironment(DEAD_LETTER_QUEUES_VARIABLE, JSON.stringify({ queueNamePrefix }));
    reader.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:ListQueues'], resources: ['*'] }),
    );
    reader.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['sqs:ListQueueTags'],
        resources: this.queues.map(({ queue }) => queue.queueArn),
      }),
    );
    const readable = this.queues.filter(({ letters }) => letters !== undefined);
    if (readable.length > 0)
      reader.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({
          actions: [
            'sqs:ReceiveMessage',
            'sqs:DeleteMessage',
            'sqs:ChangeMessageVisibility',
            'sqs:GetQueueAttributes',
          ],
          resources: readable.map(({ queue }) => queue.queueArn),
        }),
      );
    // A failed async invocation or a Scheduler dead letter is redriven by invoking its function again.
    const invoked = new Set(
      readable.flatMap(({ letters }) =>
        letters?.kind === 'invocation' && letters.origin?.startsWith('function:')
          ? [functionArnOf(letters.origin.slice('function:'.length))]
          : letters?.kind === 'schedule'
            ? Object.values(letters.targets ?? {})
            : [],
      ),
    );
    if (invoked.size > 0)
      reader.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [...invoked] }),
      );
    if (readable.some(({ letters }) => letters?.kind === 'event'))
      reader.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['events:PutEvents'],
          resources: [bus.eventBusArn],
          // A redriven event keeps its source; only the hub's own sources, never an impersonated system's.
          conditions: { StringLike: { 'events:source': ['hub360.*'] } },
        }),
      );
    if (readable.some(({ letters }) => letters?.recordedBy !== undefined)) grantResendMarks(reader, table);
  }
}

/**
 * No receipt follows a redrive on AWS, so the reader marks a re-sent reaction in the ledger itself: a consistent
 * read of the entry and one transaction (the entry, its rule's tally and open hours, the re-send pointer and
 * the one it replaces). Only in the ledger's partitions: the reader never reads or writes a customer.
 */
const grantResendMarks = (reader: DeadLetterReader, table: ITable): void => {
  reader.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...RESEND_LEADING_KEYS] } },
    }),
  );
  if (!table.encryptionKey) return;
  // What the stack's other table writers get on the key (CDK's grantReadWriteData), and only for DynamoDB's use on
  // the reader's behalf: the reader itself encrypts and decrypts nothing, so the key serves it through the table
  // (where the leading-keys condition above holds) and nowhere else.
  reader.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
      resources: [table.encryptionKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Aws.REGION}.amazonaws.com` } },
    }),
  );
  if (reader.role)
    for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*'])
      Validations.of(reader.role).acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: 'Marking re-sent reactions in the KMS-encrypted table; the grant is on its key only.',
      });
};
