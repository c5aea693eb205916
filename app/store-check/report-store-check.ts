import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { addCounts, type ServiceName } from '../../adapters/observability/powertools.ts';
import { describeViolation, type StoreCheckReport } from './run-store-check.ts';

/** The Powertools service the store check logs and emits under; its alarm watches this dimension. */
export const STORE_CHECK_SERVICE = 'store-check' satisfies ServiceName;

/** Metric names of the scheduled store check (namespace `hub360`, service `store-check`); alarmed on violations. */
export const storeCheckMetricNames = {
  /** Invariant violations the run found, repaired or not: any is a bug in the write paths worth a look. */
  violations: 'StoreInvariantViolations',
  repaired: 'StoreInvariantRepairs',
  /** Violations still in the store after the run (not repairable, or the repair lost a race). */
  remaining: 'StoreInvariantViolationsLeft',
} as const;

/** The run's outcome in numbers, as the function returns it. */
export interface StoreCheckSummary {
  readonly counts: StoreCheckReport['counts'];
  readonly violations: number;
  readonly repaired: number;
  readonly remaining: number;
}

/** Most violation lines one run logs; the counts say how many there were in all. */
const MAX_LOGGED = 50;

/** Logs what a store check found and repaired and emits its counts as metrics. */
export const reportStoreCheck = (
  report: StoreCheckReport,
  logger: Logger,
  metrics: Metrics,
): StoreCheckSummary => {
  const summary: StoreCheckSummary = {
    counts: report.counts,
    violations: report.violations.length,
    repaired: report.repaired.length,
    remaining: report.violations.length - report.repaired.length,
  };
  addCounts(metrics, {
    [storeCheckMetricNames.violations]: summary.violations,
    [storeCheckMetricNames.repaired]: summary.repaired,
    [storeCheckMetricNames.remaining]: summary.remaining,
  });
  for (const violation of report.violations.slice(0, MAX_LOGGED)) {
    const repaired = report.repaired.includes(violation);
    logger.error(repaired ? 'store invariant violated, repaired' : 'store invariant violated', {
      kind: violation.kind,
      problem: describeViolation(violation),
    });
  }
  logger.info('store check finished', { ...summary });
  return summary;
};
