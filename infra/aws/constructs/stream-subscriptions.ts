import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import type { StreamSubscription } from '../../topology/schema.ts';
import { constructId } from './construct-id.ts';
import type { DeadLetterQueues } from './dead-letter-queues.ts';

export interface StreamSubscriptionsProps {
  readonly table: ITable;
  readonly subscriptions: readonly StreamSubscription[];
  readonly functionNamed: (name: string) => IFunction;
  readonly deadLetterQueues: DeadLetterQueues;
}

/**
 * The table's change feed wired to its consumers: partial batch responses, bisect on error, the
 * topology's retry budget, and an on-failure queue that keeps a pointer to every record given up on.
 */
export class StreamSubscriptions extends Construct {
  constructor(scope: Construct, id: string, props: StreamSubscriptionsProps) {
    super(scope, id);
    for (const subscription of props.subscriptions) {
      const fn = props.functionNamed(subscription.function);
      const onFailure = props.deadLetterQueues.create(
        this,
        `${constructId(subscription.function)}StreamFailures`,
        `stream records ${subscription.function} gave up on`,
        { letters: { kind: 'stream-pointer', origin: `stream:${subscription.function}` } },
      );
      fn.addEventSource(
        new DynamoEventSource(props.table, {
          startingPosition: StartingPosition[subscription.startingPosition],
          batchSize: subscription.batchSize,
          maxBatchingWindow:
            subscription.maxBatchingWindowSeconds > 0
              ? Duration.seconds(subscription.maxBatchingWindowSeconds)
              : undefined,
          retryAttempts: subscription.maxRetries,
          bisectBatchOnError: subscription.bisectOnError,
          maxRecordAge: Duration.seconds(subscription.maxRecordAgeSeconds),
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(onFailure),
        }),
      );
    }
  }
}
