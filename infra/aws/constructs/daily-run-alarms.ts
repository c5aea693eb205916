import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type Dashboard,
  GraphWidget,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../../adapters/observability/powertools.ts';
import { DEMAND_RUN_SERVICE, demandRunMetricNames } from '../../../app/demand/report-demand-run.ts';
import {
  POPULATION_RUN_SERVICE,
  populationRunMetricNames,
} from '../../../app/insights/report-population-run.ts';
import {
  COVERAGE_SWEEP_SERVICE,
  coverageSweepMetricNames,
} from '../../../app/reactions/report-coverage-sweep.ts';
import { STORE_CHECK_SERVICE, storeCheckMetricNames } from '../../../app/store-check/report-store-check.ts';

/** One count a daily run emits that should stay at zero. */
export interface DailyRunWatch {
  /** The alarm's construct id, under the run's. */
  readonly id: string;
  readonly metricName: string;
  /** What the alarm means and where to look first (the notification shows it). */
  readonly description: string;
}

export interface DailyRunAlarmsProps {
  /** The Powertools service the run's metrics carry: the same constant its function creates its Metrics with. */
  readonly service: string;
  /** The run's name on the dashboard. */
  readonly title: string;
  readonly watches: readonly DailyRunWatch[];
  /** Metrics charted beside the watched ones (what the run did), on the dashboard only. */
  readonly alongside?: readonly string[];
  /** Gets a chart of the run's last 14 days, a point per day, when set. */
  readonly dashboard?: Dashboard;
  /** @default METRICS_NAMESPACE, the namespace the functions' Metrics emit into ('hub360') */
  readonly metricsNamespace?: string;
  /** Hands each alarm to the stage's alarm destinations. */
  readonly notify: (alarm: Alarm) => void;
}

/**
 * Alarms on the counts of a once-a-day run that should be zero (the largest value of the day above zero), so
 * an operator hears of a run that finished but left work undone. A run that did not happen or threw shows in
 * the function's error alarm instead: missing data is not breaching here.
 */
export class DailyRunAlarms extends Construct {
  readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: DailyRunAlarmsProps) {
    super(scope, id);
    const metric = (metricName: string) =>
      new Metric({
        namespace: props.metricsNamespace ?? METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: props.service },
        statistic: 'Maximum',
        period: Duration.days(1),
      });
    this.alarms = props.watches.map((watch) => {
      const alarm = new Alarm(this, watch.id, {
        metric: metric(watch.metricName),
        threshold: 0,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: watch.description,
      });
      props.notify(alarm);
      return alarm;
    });
    props.dashboard?.addWidgets(
      new GraphWidget({
        title: `${props.title}, per day`,
        start: '-P14D',
        left: [...props.watches.map((w) => w.metricName), ...(props.alongside ?? [])].map(metric),
        width: 12,
      }),
    );
  }
}

/** A daily run's alarms, for the stack to create when the topology deploys the run's function. */
export interface DailyRun extends Omit<DailyRunAlarmsProps, 'notify' | 'dashboard' | 'metricsNamespace'> {
  /** The construct id of the run's alarms (part of their logical ids: renaming it replaces the alarms). */
  readonly id: string;
}

/** The daily runs that are alarmed, by the topology name of their function. */
export const dailyRuns: Readonly<Record<string, DailyRun>> = {
  'store-check': {
    id: 'StoreCheckAlarm',
    title: 'Store check',
    service: STORE_CHECK_SERVICE,
    watches: [
      {
        // Any violation, repaired or not: a record stranded under a merged customer means a write path has a
        // race worth finding, even after the check re-homed the record.
        id: 'Violations',
        metricName: storeCheckMetricNames.violations,
        description:
          'The store check found records, locators or identifiers breaking the store invariants (see its log; `npx hub360 store check` locally)',
      },
    ],
    alongside: [storeCheckMetricNames.remaining],
  },
  'demand-reevaluate': {
    id: 'DemandRunAlarms',
    title: 'Demand re-evaluation',
    service: DEMAND_RUN_SERVICE,
    watches: [
      {
        id: 'PartsFailed',
        metricName: demandRunMetricNames.failed,
        description:
          'The demand re-evaluation could not re-decide some watched parts (its log line "parts not re-evaluated" names them); the next run tries them again',
      },
      {
        id: 'PartsOverdue',
        metricName: demandRunMetricNames.overdue,
        description:
          'Watched parts went a whole day without a demand re-evaluation: the hourly runs together did not reach them (see "the run ran out of time" in its log); give the function more memory, or look for slow part reads',
      },
    ],
    alongside: [demandRunMetricNames.reevaluated, demandRunMetricNames.notReached],
  },
  'coverage-sweep': {
    id: 'CoverageSweepAlarms',
    title: 'Coverage sweep',
    service: COVERAGE_SWEEP_SERVICE,
    watches: [
      {
        id: 'Failed',
        metricName: coverageSweepMetricNames.failed,
        description:
          'The daily coverage sweep could not decide some due warranty or contract ends (its log line "due coverage not decided" names them); they stay due and the next run tries again',
      },
      {
        id: 'NotReached',
        metricName: coverageSweepMetricNames.notReached,
        description:
          'The daily coverage sweep ran out of Lambda time before reaching every due unit; the next run takes them, a notice may come a day late',
      },
    ],
    alongside: [
      coverageSweepMetricNames.due,
      coverageSweepMetricNames.noticed,
      coverageSweepMetricNames.moving,
    ],
  },
  'insights-reevaluate': {
    id: 'PopulationRunAlarms',
    title: 'Insights population run',
    service: POPULATION_RUN_SERVICE,
    watches: [
      {
        id: 'CustomersFailed',
        metricName: populationRunMetricNames.failed,
        description:
          'The daily insights population run could not re-evaluate some customers (its log line "customers not re-evaluated" names them)',
      },
      {
        id: 'CustomersNotReached',
        metricName: populationRunMetricNames.notReached,
        description:
          'The daily insights population run ran out of Lambda time before re-evaluating every customer; tomorrow it starts at another customer',
      },
    ],
    alongside: [populationRunMetricNames.reevaluated, populationRunMetricNames.written],
  },
};
