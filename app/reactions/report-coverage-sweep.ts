import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { addCounts, type ServiceName } from '../../adapters/observability/powertools.ts';
import type { CoverageSweepResult } from './sweep-coverage.ts';

/** The Powertools service the daily coverage sweep logs and emits under; its alarms watch this dimension. */
export const COVERAGE_SWEEP_SERVICE = 'coverage-sweep' satisfies ServiceName;

/** Metric names of the daily coverage sweep (namespace `hub360`, service `coverage-sweep`); alarmed on failed and not reached. */
export const coverageSweepMetricNames = {
  /** Due warranty and contract ends read from the day partitions inside the notice window. */
  due: 'CoverageDue',
  /** Service notices decided by this run (the stream path had not given them). */
  noticed: 'CoverageNoticed',
  /** Due ends that could not be decided; they stay due and the next run tries again. */
  failed: 'CoverageFailed',
  /** Due ends not started before the Lambda's time ran out; the next run takes them. */
  notReached: 'CoverageNotReached',
  /**
   * Units still being moved between customers after a few reads: left due for the next run. Expected now and then
   * (a merge or unmerge under way); the same count day after day points at a restructuring that stopped half-way
   * (the store check's `locatorMismatch` names its records).
   */
  moving: 'CoverageMoving',
} as const;

/** Most failed units one run logs by record key; the metric says how many there were in all. */
const MAX_LOGGED = 5;

/** Logs what a coverage sweep did and emits its counts as metrics. */
export const reportCoverageSweep = (result: CoverageSweepResult, logger: Logger, metrics: Metrics): void => {
  const failed = result.failed.length;
  addCounts(metrics, {
    [coverageSweepMetricNames.due]: result.due,
    [coverageSweepMetricNames.noticed]: result.noticed,
    [coverageSweepMetricNames.failed]: failed,
    [coverageSweepMetricNames.notReached]: result.notReached,
    [coverageSweepMetricNames.moving]: result.moving,
  });
  logger.info('coverage swept', { ...result, failed });
  if (result.storedUnits?.status === 'unfinished')
    logger.error('filing the stored units ran out of time; the next run starts over', {
      ...result.storedUnits,
    });
  if (failed > 0) logger.error('due coverage not decided', { failed: result.failed.slice(0, MAX_LOGGED) });
  // Expected now and then (a merge or unmerge under way); the same unit left day after day is one that never moved on.
  if (result.moving > 0)
    logger.warn('units being moved to another customer left due for the next run', { moving: result.moving });
  if (result.notReached > 0)
    logger.error('the run ran out of time before reaching every due unit', { notReached: result.notReached });
};
