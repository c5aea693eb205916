import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IEventBus, IRule } from 'aws-cdk-lib/aws-events';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/stage-config.ts';
import { constructId } from './construct-id.ts';
import type { DeadLetterQueue } from './dead-letter-queues.ts';

/**
 * Custom metrics the connectors publish with Powertools Metrics (`app/connector-sync/report-run.ts`): namespace
 * `hub360`, dimensions `service` (the function's topology name), `connector` and `stream`.
 */
export const connectorMetricNames = {
  /** Seconds between now and a stream's committed watermark, per run (alarmed on the maximum). */
  lag: 'LagSeconds',
  /** 1 for a stream run that failed, 0 otherwise (alarmed on the sum). */
  runFailed: 'SyncFailed',
  /** 1 per run of a connector whose every stream succeeded (the heartbeat: no datapoint means no success). */
  runSucceeded: 'SyncSucceeded',
  /** 1 per run that did nothing because another run of the same connector held the lease. */
  runSkipped: 'SyncSkipped',
  /** Source records that failed validation and went to quarantine (alarmed on the sum per hour). */
  quarantined: 'RecordsQuarantined',
} as const;

/**
 * What hands failures to a dead-letter queue or an on-failure destination. When that hand-over fails, the event or
 * invocation is in no queue at all; the service only counts it.
 */
export interface DeadLetterSenders {
  /** The bus of the rules (a custom bus's rule metrics carry its name). */
  readonly bus: IEventBus;
  /** Rules by topology name; every target of each has a dead-letter queue. */
  readonly rules: ReadonlyMap<string, IRule>;
  /** Functions by topology name with an on-failure destination, for async invocations or a stream mapping. */
  readonly functions: ReadonlyMap<string, IFunction>;
  /** The group of the schedules, whose every target has a dead-letter queue. @default no schedules */
  readonly scheduleGroup?: IScheduleGroup;
}

export interface HubMonitoringProps {
  readonly stage: string;
  readonly functions: ReadonlyMap<string, IFunction>;
  /** Topology names of the functions that run connectors (those started by schedules). */
  readonly connectorFunctions: readonly string[];
  readonly deadLetterQueues: readonly DeadLetterQueue[];
  /** Alarmed when they fail to put a dead letter into its queue. @default none */
  readonly deadLetterSenders?: DeadLetterSenders;
  readonly api: HttpApi;
  readonly thresholds: StageConfig['alarms'];
  /** Subscribed to the alarm topic when set. */
  readonly alarmEmail?: string;
  /** An existing topic (pager, chat) notified of every alarm as well. */
  readonly alarmTopicArn?: string;
  /** @default 'hub360' */
  readonly metricsNamespace?: string;
}

/**
 * One dashboard and the alarms that mean someone should look: anything in a dead-letter queue (or arriving in
 * one a function consumes), a dead letter that could not be put into its queue, a connector
 * falling behind or failing, quarantine growing, API 5xx and latency, Lambda errors and throttles.
 */
export class HubMonitoring extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];
  private readonly actions: SnsAction[] = [];

  constructor(
    scope: Construct,
    id: string,
    private readonly props: HubMonitoringProps,
  ) {
    super(scope, id);
    const key = new Key(this, 'TopicKey', { description: 'hub360 alarm topic', enableKeyRotation: true });
    // CloudWatch publishes alarm notifications into the encrypted topic.
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'AlarmTopic', {
      masterKey: key,
      enforceSSL: true,
      displayName: `hub360 ${props.stage} alarms`,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.actions.push(new SnsAction(this.topic));
    if (props.alarmTopicArn) {
      this.actions.push(new SnsAction(Topic.fromTopicArn(this, 'ExternalAlarmTopic', props.alarmTopicArn)));
    }
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `hub360-${props.stage}` });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# hub360 ${props.stage}\nAlarms notify the alarm topic; metric names: see docs/deploy.md.`,
        width: 24,
        height: 2,
      }),
    );

    this.watchDeadLetterQueues();
    this.watchDeadLetterSenders();
    this.watchConnectors();
    this.watchApi();
    this.watchFunctions();
  }

  private alarm(id: string, metric: IMetric, threshold: number, description: string): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    this.notify(alarm);
    return alarm;
  }

  /** Sends an alarm (made here or by another construct) to every alarm destination of the stage. */
  notify(alarm: Alarm): void {
    alarm.addAlarmAction(...this.actions);
    this.alarms.push(alarm);
  }

  private watchDeadLetterQueues(): void {
    const waiting = this.props.deadLetterQueues.map(({ queue, receives, consumedBy }, index) => {
      if (consumedBy !== undefined) {
        // A consumed queue is empty within seconds: its consumer records each dead letter and keeps it in the
        // parked queue (or the queue's redrive puts it there), whose depth is alarmed below. Charted only.
        const arrived = queue.metricNumberOfMessagesSent({ period: Duration.minutes(5), statistic: 'Sum' });
        return arrived.with({ label: `${receives}: arrived (${consumedBy} records each one)` });
      }
      // Alarms take the plain metric: a label would turn the alarm into a metric-math alarm.
      const depth = queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      });
      this.alarm(`DlqDepth${index}`, depth, 1, `Messages waiting in the dead-letter queue for ${receives}`);
      return depth.with({ label: receives });
    });
    if (waiting.length > 0)
      this.dashboard.addWidgets(
        new GraphWidget({
          title: 'Dead-letter queues: depth, or arrivals where consumed',
          left: waiting,
          width: 24,
        }),
      );
  }

  /**
   * A failure that could not be put into its dead-letter queue or on-failure destination (a queue policy or role
   * that no longer allows it, a deleted queue, a message too large for SQS) is lost: no queue shows it, only the
   * sender's count does. EventBridge counts per rule, Lambda per function (async invocations and stream
   * mappings alike), Scheduler per schedule group.
   */
  private watchDeadLetterSenders(): void {
    const senders = this.props.deadLetterSenders;
    if (!senders) return;
    const period = Duration.minutes(5);
    const runbook = 'runbook: docs/operations.md#dead-letters-lost-deadletterslost';
    const lost: IMetric[] = [];
    for (const [name, rule] of senders.rules) {
      const failed = new Metric({
        namespace: 'AWS/Events',
        metricName: 'InvocationsFailedToBeSentToDlq',
        dimensionsMap: { EventBusName: senders.bus.eventBusName, RuleName: rule.ruleName },
        statistic: 'Sum',
        period,
      });
      this.alarm(
        `${constructId(name)}RuleDeadLettersLost`,
        failed,
        1,
        `Rule ${name}: events its targets failed to take could not be put into their dead-letter queue and are lost (the bus archive still has them); ${runbook}`,
      );
      lost.push(failed.with({ label: `rule ${name}` }));
    }
    for (const [name, fn] of senders.functions) {
      const failed = fn.metric('DestinationDeliveryFailures', { statistic: 'Sum', period });
      this.alarm(
        `${constructId(name)}FunctionDeadLettersLost`,
        failed,
        1,
        `${name}: the record of a failed invocation or stream batch could not be put into its on-failure queue and is lost; ${runbook}`,
      );
      lost.push(failed.with({ label: name }));
    }
    if (senders.scheduleGroup) {
      const failed = senders.scheduleGroup.metricFailedToBeSentToDLQ(undefined, { statistic: 'Sum', period });
      this.alarm(
        'SchedulesDeadLettersLost',
        failed,
        1,
        `Schedules of group ${senders.scheduleGroup.scheduleGroupName}: invocations Scheduler gave up on could not be put into their dead-letter queue and are lost; ${runbook}`,
      );
      lost.push(failed.with({ label: 'schedules' }));
    }
    if (lost.length > 0)
      this.dashboard.addWidgets(
        new GraphWidget({ title: 'Dead letters lost: not put into their queue', left: lost, width: 24 }),
      );
  }

  /**
   * A Metrics Insights query over every connector and stream of one function. Alarms on plain metrics
   * need the exact dimension set, and streams are connector configuration the stack cannot enumerate;
   * a query aggregates whatever `connector`/`stream` values appear.
   */
  private connectorQuery(
    metricName: string,
    aggregate: 'MAX' | 'SUM',
    service: string,
    period: Duration,
    groupBy?: 'connector',
  ): MathExpression {
    const namespace = this.props.metricsNamespace ?? 'hub360';
    return new MathExpression({
      expression: `SELECT ${aggregate}(${metricName}) FROM "${namespace}" WHERE service = '${service}'${groupBy ? ` GROUP BY ${groupBy}` : ''}`,
      usingMetrics: {},
      period,
      label: groupBy ? undefined : service,
    });
  }

  private watchConnectors(): void {
    const { thresholds, connectorFunctions } = this.props;
    const watches = [
      {
        suffix: 'Lag',
        metric: connectorMetricNames.lag,
        aggregate: 'MAX',
        period: Duration.minutes(15),
        threshold: thresholds.connectorLagSeconds,
        what: `more than ${thresholds.connectorLagSeconds}s behind its source`,
        title: 'Connector lag (s), worst stream',
      },
      {
        suffix: 'SyncFailed',
        metric: connectorMetricNames.runFailed,
        aggregate: 'SUM',
        period: Duration.minutes(15),
        threshold: 1,
        what: 'failing to sync',
        title: 'Failed stream syncs',
      },
      {
        suffix: 'Quarantine',
        metric: connectorMetricNames.quarantined,
        aggregate: 'SUM',
        period: Duration.hours(1),
        threshold: thresholds.quarantinedRecordsPerHour,
        what: 'quarantining many records an hour (mapping or source data problem)',
        title: 'Records quarantined per hour',
      },
    ] as const;
    for (const service of connectorFunctions) {
      for (const watch of watches) {
        this.alarm(
          `${constructId(service)}${watch.suffix}`,
          this.connectorQuery(watch.metric, watch.aggregate, service, watch.period),
          watch.threshold,
          `${service} is ${watch.what}`,
        );
      }
      this.dashboard.addWidgets(
        ...watches.map(
          (watch) =>
            new GraphWidget({
              title: `${service}: ${watch.title}, by connector`,
              left: [this.connectorQuery(watch.metric, watch.aggregate, service, watch.period, 'connector')],
              width: 8,
            }),
        ),
      );
    }
  }

  private watchApi(): void {
    const { api, thresholds } = this.props;
    const serverErrors = api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' });
    const latency = api.metricLatency({ period: Duration.minutes(5), statistic: 'p99' });
    this.alarm('Api5xx', serverErrors, thresholds.api5xxPerFiveMinutes, 'Query API answers with 5xx');
    this.alarm('ApiLatencyP99', latency, thresholds.apiLatencyP99Ms, 'Query API p99 latency is high');
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'API requests and errors',
        left: [
          api.metricCount({ period: Duration.minutes(5) }),
          api.metricClientError({ period: Duration.minutes(5) }),
          serverErrors,
        ],
        width: 12,
      }),
      new GraphWidget({ title: 'API latency p99 (ms)', left: [latency], width: 12 }),
    );
  }

  private watchFunctions(): void {
    const errors: IMetric[] = [];
    const throttles: IMetric[] = [];
    for (const [name, fn] of this.props.functions) {
      const id = constructId(name);
      const fnErrors = fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' });
      const fnThrottles = fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' });
      this.alarm(`${id}Errors`, fnErrors, 1, `${name} is throwing errors`);
      this.alarm(`${id}Throttles`, fnThrottles, 1, `${name} is being throttled`);
      errors.push(fnErrors.with({ label: name }));
      throttles.push(fnThrottles.with({ label: name }));
    }
    if (errors.length === 0) return;
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Lambda errors', left: errors, width: 12 }),
      new GraphWidget({ title: 'Lambda throttles', left: throttles, width: 12 }),
    );
  }
}
