import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { constructId } from './construct-id.ts';

export interface StreamAlarmsProps {
  /** Stream consumers by topology name. */
  readonly consumers: ReadonlyMap<string, IFunction>;
  /** Age (s) of the oldest unprocessed change that means the feed is falling behind. */
  readonly iteratorAgeSeconds: number;
  readonly notify: (alarm: Alarm) => void;
}

/**
 * The change feed falling behind: Lambda's `IteratorAge` (age of the last record of each batch when it was
 * read) grows when the consumer fails or is too slow. Caught early it is repaired well inside the stream's
 * 24 h retention and the consumer's maximum record age.
 */
export class StreamAlarms extends Construct {
  constructor(scope: Construct, id: string, props: StreamAlarmsProps) {
    super(scope, id);
    for (const [name, fn] of props.consumers) {
      const alarm = new Alarm(this, `${constructId(name)}IteratorAge`, {
        alarmDescription: `${name} is more than ${props.iteratorAgeSeconds}s behind the table stream; runbook: docs/operations.md#stream-iterator-age`,
        metric: fn.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(5) }),
        threshold: props.iteratorAgeSeconds * 1000,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        // No batches means nothing changed, not that the feed is stuck (the Errors alarm covers failures).
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      props.notify(alarm);
    }
  }
}
