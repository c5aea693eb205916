import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { storeCheckMetricNames } from '../../../app/store-check/report-store-check.ts';

export interface StoreCheckAlarmProps {
  /** The Powertools service (the function's topology name) the check's metrics carry. @default 'store-check' */
  readonly service?: string;
  /** @default 'hub360' */
  readonly metricsNamespace?: string;
  /** Hands the alarm to the stage's alarm destinations. */
  readonly notify: (alarm: Alarm) => void;
}

/**
 * Alarms when the daily store check finds any invariant violation, repaired or not: a record stranded under a
 * merged customer means a write path has a race worth finding, even after the check re-homed the record.
 */
export class StoreCheckAlarm extends Construct {
  readonly alarm: Alarm;

  constructor(scope: Construct, id: string, props: StoreCheckAlarmProps) {
    super(scope, id);
    const violations = new Metric({
      namespace: props.metricsNamespace ?? 'hub360',
      metricName: storeCheckMetricNames.violations,
      dimensionsMap: { service: props.service ?? 'store-check' },
      statistic: 'Maximum',
      period: Duration.days(1),
    });
    this.alarm = new Alarm(this, 'Violations', {
      metric: violations,
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      // A run that did not happen shows in the function's error alarm, not here.
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription:
        'The store check found records, locators or identifiers breaking the store invariants (see its log; `npx hub360 store check` locally)',
    });
    props.notify(this.alarm);
  }
}
