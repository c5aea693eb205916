import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { addCounts, type ServiceName } from '../../adapters/observability/powertools.ts';
import type { PopulationRunResult } from './reevaluate-population.ts';

/**
 * The Powertools service the daily population run logs and emits under; its alarm watches this dimension.
 * `insights`, shared with the stream recompute's logs, so one log query follows a customer through both.
 */
export const POPULATION_RUN_SERVICE = 'insights' satisfies ServiceName;

/** Metric names of the daily insights population run (namespace `hub360`, service `insights`); alarmed on failed. */
export const populationRunMetricNames = {
  /** Customers re-evaluated with the new day, written or not. */
  reevaluated: 'PopulationCustomersReevaluated',
  /** Customers that could not be re-evaluated; the stream recompute or the next run sets them right. */
  failed: 'PopulationCustomersFailed',
  /** Customers not started before the Lambda's time ran out; tomorrow's run starts at another customer. */
  notReached: 'PopulationCustomersNotReached',
  /** Customers whose insights changed with the day and were written. */
  written: 'PopulationCustomersWritten',
  keyCustomers: 'KeyCustomers',
} as const;

/** Most failed customers one run logs by id; the metric says how many there were in all. */
const MAX_LOGGED = 5;

/** Logs what a population run did and emits its counts as metrics. */
export const reportPopulationRun = (result: PopulationRunResult, logger: Logger, metrics: Metrics): void => {
  const failed = result.failed.length;
  addCounts(metrics, {
    [populationRunMetricNames.reevaluated]: result.customers - result.notReached - failed,
    [populationRunMetricNames.failed]: failed,
    [populationRunMetricNames.notReached]: result.notReached,
    [populationRunMetricNames.written]: result.written,
    [populationRunMetricNames.keyCustomers]: result.keyCustomers,
  });
  logger.info('population re-evaluated', { ...result, failed });
  if (failed > 0) logger.error('customers not re-evaluated', { failed: result.failed.slice(0, MAX_LOGGED) });
  if (result.notReached > 0)
    logger.error('the run ran out of time before reaching every customer', { notReached: result.notReached });
};
