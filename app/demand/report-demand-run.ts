import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { addCounts, type ServiceName } from '../../adapters/observability/powertools.ts';
import type { DemandRunResult } from './reevaluate-demand.ts';

/** The Powertools service the demand re-evaluation logs and emits under; its alarms watch this dimension. */
export const DEMAND_RUN_SERVICE = 'demand-reevaluate' satisfies ServiceName;

/** Metric names of the hourly demand re-evaluation (namespace `hub360`, service `demand-reevaluate`); alarmed on failed and overdue. */
export const demandRunMetricNames = {
  /** Watched parts re-decided. */
  reevaluated: 'DemandPartsReevaluated',
  /** Parts that could not be re-decided; the next run tries them again. */
  failed: 'DemandPartsFailed',
  /** Parts due but not started before the Lambda's time ran out; the next hour's run takes them. */
  notReached: 'DemandPartsNotReached',
  /** Watched parts last decided before yesterday: a whole day of runs did not reach them. */
  overdue: 'DemandPartsOverdue',
  /** Watched parts decided today already, left alone. */
  upToDate: 'DemandPartsUpToDate',
  raised: 'DemandSignalsRaised',
  superseded: 'DemandSignalsSuperseded',
  withdrawn: 'DemandSignalsWithdrawn',
  /** Parts whose demand no longer changes with time, taken off the watch list. */
  unwatched: 'DemandPartsUnwatched',
} as const;

/** Most failed parts one run logs by name; the metric says how many there were in all. */
const MAX_LOGGED = 5;

/** Logs what a demand re-evaluation run did and emits its counts as metrics. */
export const reportDemandRun = (result: DemandRunResult, logger: Logger, metrics: Metrics): void => {
  const failed = result.failed.length;
  addCounts(metrics, {
    [demandRunMetricNames.reevaluated]: result.parts - result.notReached - failed,
    [demandRunMetricNames.failed]: failed,
    [demandRunMetricNames.notReached]: result.notReached,
    [demandRunMetricNames.overdue]: result.overdue,
    [demandRunMetricNames.upToDate]: result.upToDate,
    [demandRunMetricNames.raised]: result.raised,
    [demandRunMetricNames.superseded]: result.superseded,
    [demandRunMetricNames.withdrawn]: result.withdrawn,
    [demandRunMetricNames.unwatched]: result.unwatched,
  });
  logger.info('demand re-evaluated', { ...result, failed });
  if (failed > 0) logger.error('parts not re-evaluated', { failed: result.failed.slice(0, MAX_LOGGED) });
  // Not reaching every part in one run is what the hourly runs are for; a part left for a whole day is the error.
  if (result.notReached > 0)
    logger.info('the run ran out of time; the next run takes the parts it did not reach', {
      notReached: result.notReached,
    });
  if (result.overdue > 0)
    logger.error('watched parts not re-decided for more than a day', { overdue: result.overdue });
};
