import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ServiceName } from '../../adapters/observability/powertools.ts';
import type { DemandRunResult } from './reevaluate-demand.ts';

/** The Powertools service the daily demand run logs and emits under; its alarms watch this dimension. */
export const DEMAND_RUN_SERVICE = 'demand-reevaluate' satisfies ServiceName;

/** Metric names of the daily demand run (namespace `hub360`, service `demand-reevaluate`); alarmed on failed and not reached. */
export const demandRunMetricNames = {
  /** Watched parts re-decided. */
  reevaluated: 'DemandPartsReevaluated',
  /** Parts that could not be re-decided; the next run tries them again. */
  failed: 'DemandPartsFailed',
  /** Watched parts not started before the Lambda's time ran out; the next run starts at another part. */
  notReached: 'DemandPartsNotReached',
  raised: 'DemandSignalsRaised',
  superseded: 'DemandSignalsSuperseded',
  withdrawn: 'DemandSignalsWithdrawn',
  /** Parts whose demand no longer changes with time, taken off the watch list. */
  unwatched: 'DemandPartsUnwatched',
} as const;

/** Most failed parts one run logs by name; the metric says how many there were in all. */
const MAX_LOGGED = 5;

/** Logs what a daily demand run did and emits its counts as metrics. */
export const reportDemandRun = (result: DemandRunResult, logger: Logger, metrics: Metrics): void => {
  const failed = result.failed.length;
  const count = (name: string, value: number) => metrics.addMetric(name, MetricUnit.Count, value);
  count(demandRunMetricNames.reevaluated, result.parts - result.notReached - failed);
  count(demandRunMetricNames.failed, failed);
  count(demandRunMetricNames.notReached, result.notReached);
  count(demandRunMetricNames.raised, result.raised);
  count(demandRunMetricNames.superseded, result.superseded);
  count(demandRunMetricNames.withdrawn, result.withdrawn);
  count(demandRunMetricNames.unwatched, result.unwatched);
  logger.info('demand re-evaluated', { ...result, failed });
  if (failed > 0) logger.error('parts not re-evaluated', { failed: result.failed.slice(0, MAX_LOGGED) });
  if (result.notReached > 0)
    logger.error('the run ran out of time before reaching every watched part', {
      notReached: result.notReached,
    });
};
