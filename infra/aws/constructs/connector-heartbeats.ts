import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { schedulePeriodSeconds } from '../../topology/schedule-period.ts';
import { constructId } from './construct-id.ts';
import { connectorMetricNames } from './hub-monitoring.ts';

/** One scheduled connector instance the stage configures. */
export interface ScheduledConnector {
  /** Topology name of the function that syncs it (the metrics' `service` dimension). */
  readonly service: string;
  readonly connector: string;
  /** Its schedule, e.g. `rate(5 minutes)`. */
  readonly expression: string;
}

export interface ConnectorHeartbeatsProps {
  readonly connectors: readonly ScheduledConnector[];
  /** Schedule periods without a successful sync before the alarm fires. */
  readonly periods: number;
  /** Sends each alarm to the stage's alarm destinations. */
  readonly notify: (alarm: Alarm) => void;
  /** @default 'hub360' */
  readonly metricsNamespace?: string;
}

/** CloudWatch evaluates at most one day of periods; a cron schedule of unknown spacing is watched per hour. */
const MAX_WINDOW_SECONDS = 86_400;
const CRON_PERIOD_SECONDS = 3600;

/**
 * A heartbeat per configured connector: the sync function emits `SyncSucceeded` after each run without a failed
 * stream, and the alarm fires when none arrived for N schedule periods. Missing data is breaching, because a
 * connector that stopped running (schedule disabled, function broken before it reports) emits nothing at all.
 */
export class ConnectorHeartbeats extends Construct {
  readonly alarms: ReadonlyMap<string, Alarm>;

  constructor(scope: Construct, id: string, props: ConnectorHeartbeatsProps) {
    super(scope, id);
    const alarms = new Map<string, Alarm>();
    for (const { service, connector, expression } of props.connectors) {
      if (alarms.has(connector)) continue;
      const schedulePeriod = schedulePeriodSeconds(expression) ?? CRON_PERIOD_SECONDS;
      // Periods must be whole minutes, and the evaluated window at most a day.
      const period = Math.min(Math.max(60, Math.ceil(schedulePeriod / 60) * 60), MAX_WINDOW_SECONDS);
      const periods = Math.max(1, Math.min(props.periods, Math.floor(MAX_WINDOW_SECONDS / period)));
      const alarm = new Alarm(this, `${constructId(connector)}Heartbeat`, {
        alarmDescription: `Connector ${connector} has not synced successfully for ${periods} schedule periods (${expression}); runbook: docs/operations.md#connector-heartbeat`,
        metric: new Metric({
          namespace: props.metricsNamespace ?? 'hub360',
          metricName: connectorMetricNames.runSucceeded,
          dimensionsMap: { service, connector },
          statistic: 'Sum',
          period: Duration.seconds(period),
        }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: periods,
        datapointsToAlarm: periods,
        treatMissingData: TreatMissingData.BREACHING,
      });
      props.notify(alarm);
      alarms.set(connector, alarm);
    }
    this.alarms = alarms;
  }
}
